/**
 * `reproduce` end to end on a tiny plan: the run folder holds the resolved plan, one folder per cell with its
 * configuration, metrics and result (all readable through the core schemas), the Theorem 1 panel, and the
 * comparative report with its figures and tables.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cellResultSchema,
  cellSchema,
  metricRecordSchema,
  PLAN_FILES,
  resolvedPlanSchema,
  theoremFileSchema,
} from 'rethink/core';
import { reproduce } from 'rethink/experiment';
import type { ReproduceEvent } from 'rethink/experiment';

const work = mkdtempSync(join(tmpdir(), 'rethink-reproduce-'));
const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('reproduce on a tiny plan', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes the plan, every cell (config, metrics, result), the Theorem 1 panel and the report', async () => {
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
    const plan = resolvedPlanSchema.parse(json(join(out, PLAN_FILES.plan)));
    expect(plan.plan.samples).toBe(60);
    expect(result.cells.map(({ cell }) => cell.condition.id)).toStrictEqual(ids);
    expect(readdirSync(join(out, PLAN_FILES.cells)).sort()).toStrictEqual(
      result.cells.map(({ cell }) => cell.id).sort(),
    );
    for (const { cell, result: cellResult } of result.cells) {
      const dir = join(out, PLAN_FILES.cells, cell.id);
      expect(cellSchema.parse(json(join(dir, PLAN_FILES.cell)))).toStrictEqual(cell);
      const finished = cellResultSchema.parse(json(join(dir, PLAN_FILES.result)));
      expect(finished).toStrictEqual(cellResult);
      expect(finished.epochs).toBe(2);
      const lines = readFileSync(join(dir, PLAN_FILES.metrics), 'utf8').trim().split('\n');
      // Two epochs, one metrics line each, in order, with the backend that trained them.
      expect(
        lines.map((l) => metricRecordSchema.parse(JSON.parse(l))).map((r) => [r.condition, r.epoch, r.backend]),
      ).toStrictEqual([
        [cell.condition.id, 1, 'wasm'],
        [cell.condition.id, 2, 'wasm'],
      ]);
      expect(existsSync(join(dir, PLAN_FILES.checkpoint))).toBe(false);
    }
    // The Theorem 1 panel memorizes the same 60 images: 2n + d parameters.
    const theorem = theoremFileSchema.parse(json(join(out, PLAN_FILES.theorem)));
    if (theorem.skipped === true) throw new Error(`expected a Theorem 1 panel, got ${JSON.stringify(theorem)}`);
    expect([theorem.n, theorem.parameters]).toStrictEqual([60, 2 * 60 + 784]);
    expect(theorem.maxAbsError).toBeLessThanOrEqual(1e-6);
    expect(result.report).toBe(join(out, PLAN_FILES.report));
    expect(readFileSync(result.report as string, 'utf8')).toContain('<svg');
    expect(readdirSync(join(out, PLAN_FILES.figures)).some((f) => f.endsWith('.svg'))).toBe(true);
    expect(readdirSync(join(out, PLAN_FILES.tables)).some((f) => f.endsWith('.csv'))).toBe(true);
    expect(events.filter((e) => e.type === 'cell-done')).toHaveLength(4);
    expect(existsSync(join(out, PLAN_FILES.lock))).toBe(false);
  }, 300_000);
});
