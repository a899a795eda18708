/**
 * `reproduce` end to end on a tiny grid: the run files exist and parse with the report's own readers, and the
 * page holds the three figures of Figure 1 (as SVG) and the Table 1 rows of every condition.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reproduce } from 'rethink/experiment';
import type { ReproduceEvent } from 'rethink/experiment';
import { readRun } from 'rethink/report';

const work = mkdtempSync(join(tmpdir(), 'rethink-reproduce-'));

describe('reproduce on a tiny grid', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes config, metrics, summary and a report with Figure 1a–c and Table 1', async () => {
    const out = join(work, 'run');
    const events: ReproduceEvent[] = [];
    const result = await reproduce({
      samples: 60,
      testSamples: 50,
      conditions: ['true', 'random', 'gaussian', 'corrupt'],
      corruption: [0.5],
      epochs: 2,
      backend: 'wasm',
      out,
      onEvent: (e) => events.push(e),
    });
    expect(result.aborted).toBe(false);
    const ids = ['true-labels', 'random-labels', 'gaussian-pixels', 'corrupt-labels@0.5'];

    const run = await readRun(out);
    expect(run.config.conditions).toStrictEqual(ids);
    expect(run.config.dataset.classes).toBe(10);
    expect(run.summaryDerived).toBe(false);
    expect(run.summary.conditions.map((c) => c.condition)).toStrictEqual(ids);
    // Two epochs per condition, one metrics line each, in order.
    expect(run.metrics.records.map((r) => `${r.condition}:${r.epoch}`)).toStrictEqual(
      ids.flatMap((id) => [`${id}:1`, `${id}:2`]),
    );
    expect(run.metrics.truncated).toBeNull();
    // The Theorem 1 panel memorizes the same 60 images: 2n + d parameters.
    const theorem = run.summary.theorem;
    if (!theorem || theorem.skipped === true)
      throw new Error(`expected a Theorem 1 panel, got ${JSON.stringify(theorem)}`);
    expect(theorem.n).toBe(60);
    expect(theorem.parameters).toBe(2 * 60 + 784);
    expect(theorem.maxAbsError).toBeLessThanOrEqual(1e-6);
    // Randomization records for every condition but true labels' identity.
    expect(Object.keys(run.summary.randomization).sort()).toStrictEqual([...ids].sort());

    const html = readFileSync(result.report!, 'utf8');
    for (const figure of ['figure-1a', 'figure-1b', 'figure-1c']) {
      const start = html.indexOf(`id="${figure}"`);
      expect(start, figure).toBeGreaterThan(0);
      expect(html.slice(start, html.indexOf('</figure>', start))).toContain('<svg');
    }
    const table = html.slice(html.indexOf('id="table-1"'));
    for (const id of ids) expect(table).toContain(id);

    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(8);
    expect(events.at(-1)).toMatchObject({ type: 'done', aborted: false });
  }, 300_000);
});
