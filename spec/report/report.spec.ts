/**
 * The report page: the fixture run renders with the three figures and the Table 1 rows; any metric set
 * renders without throwing, lists every condition, and never lets a condition name inject markup; the
 * page is self-contained; buildReport writes it atomically and names what is missing.
 */
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import type { TheoremPanel } from 'rethink/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KERAS_REPLICATION,
  PAPER_TABLE_1,
  RunDirError,
  RunFileError,
  buildReport,
  readRun,
  renderReport,
  type RunFiles,
} from 'rethink/report';
import { RUN_FILES } from 'rethink/core';
import { HOSTILE_NAMES, runFilesArb } from '../arbitraries/index.ts';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/report/sample-run');
const scratch = mkdtempSync(join(tmpdir(), 'rethink-report-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
function copyFixture(): string {
  const dir = join(scratch, `run-${counter++}`);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** An independent oracle for HTML text escaping. */
function escaped(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Escaping of SVG text content as vega writes it (quotes left as they are). */
function escapedText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The `<figure id=…>` element's content. */
function figure(page: string, id: string): string {
  const start =
    page.indexOf(`<figure id="${id}"`) >= 0 ? page.indexOf(`<figure id="${id}"`) : page.indexOf(`id="${id}"`);
  expect(start, `figure ${id}`).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('</figure>', start));
}

/** The rows of the run's results table: the text of each row header. */
function tableRows(page: string): string[] {
  const start = page.indexOf('<table class="results">');
  const table = page.slice(start, page.indexOf('</table>', start));
  return [...table.matchAll(/<tr data-condition="[^"]*"[^>]*><th scope="row">([^<]*)<\/th>/g)].map(
    (m) => m[1] as string,
  );
}

function assertSelfContained(page: string): void {
  expect(page).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
  // No fetched sources and no event handlers in any tag (attribute values blanked first: text in them is escaped).
  expect(page.replace(/="[^"]*"/g, '=""')).not.toMatch(/<[^>]*\s(src|on[a-z]+)=/i);
  expect(page).not.toMatch(/@import|url\(\s*['"]?https?:/i);
  // The only absolute URLs are SVG namespace names (identifiers, never fetched).
  const urls = [...page.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
  expect(urls.filter((u) => !/^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)$/.test(u))).toStrictEqual([]);
}

describe('renderReport on the fixture run', () => {
  let run: RunFiles;
  let page: string;
  beforeAll(async () => {
    run = await readRun(FIXTURE);
    page = (await renderReport(run)).html;
  });

  it('draws the three panels of Figure 1 as inline SVG', () => {
    expect((page.match(/<svg /g) ?? []).length).toBe(3);
    for (const id of ['figure-1a', 'figure-1b', 'figure-1c'])
      expect(figure(page, id)).toMatch(/<svg [^>]*class="marks"/);
    // 1a has one line per condition and its legend names every condition.
    const a = figure(page, 'figure-1a');
    for (const c of run.config.conditions) expect(a).toContain(`>${escapedText(c)}</text>`);
    expect((a.match(/aria-roledescription="line mark"/g) ?? []).length).toBe(run.config.conditions.length);
    // 1b marks the unfitted condition; 1c has the chance line for k = 10.
    expect(figure(page, 'figure-1b')).toContain('not fitted (lower bound)');
    expect(figure(page, 'figure-1c')).toContain('chance (1 − 1/10)');
  });

  it('has the Table 1 rows in run order, with the unfitted condition marked', () => {
    expect(tableRows(page)).toStrictEqual(run.summary.conditions.map((c) => escaped(c.condition)));
    expect(page).toMatch(/<tr data-condition="corrupt-labels@0.8" class="unfitted">/);
    expect(page).toContain('not fitted (40 epochs)');
  });

  it('shows the paper’s Table 1, the matching row beside the run’s true and random labels', () => {
    for (const row of PAPER_TABLE_1) expect(page).toContain(`<th scope="row">${escaped(row.model)}</th>`);
    expect(page).toContain('<tr class="match"><th scope="row">MLP 1x512</th>');
    expect(page).toContain('Paper, MLP 1x512 (no/no), train / test %');
    expect(page).toContain('<td>100.00 / 50.51</td>'); // true labels, no/no
    expect(page).toContain('<td>99.34 / 10.61</td>'); // random labels
  });

  it('has the Theorem 1 panel, the configuration and the randomization records', () => {
    const theorem = run.summary.theorem;
    if (!theorem || theorem.skipped === true)
      throw new Error(`expected a Theorem 1 panel, got ${JSON.stringify(theorem)}`);
    expect(page).toContain(`${theorem.parameters.toLocaleString('en-US')} = 2n + d`);
    expect(page).toContain('exact (rational)');
    const configSection = page.slice(page.indexOf('id="configuration"'), page.indexOf('id="randomization"'));
    for (const key of Object.keys(run.config)) expect(configSection).toContain(`<th scope="row">${key}</th>`);
    expect(configSection).toContain(run.config.dataset.checksum);
    for (const c of Object.keys(run.summary.randomization))
      expect(page).toContain(`<tr class="record"><th scope="row">${escaped(c)}</th>`);
  });

  it('is self-contained: no scripts, stylesheets, images or fetched URLs', () => {
    assertSelfContained(page);
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('@media print');
  });

  it('is a function of the run files (same files, same page)', async () => {
    expect((await renderReport(run)).html).toBe(page);
  });
});

describe('renderReport on arbitrary runs', () => {
  it('renders any metric set without throwing, with every condition in the table and no injected markup', async () => {
    await fc.assert(
      fc.asyncProperty(runFilesArb(), async (run) => {
        const { html: page, warnings } = await renderReport(run, { maxRecordChars: 200 });
        expect(tableRows(page)).toStrictEqual(run.summary.conditions.map((c) => escaped(c.condition)));
        expect(new Set(tableRows(page))).toStrictEqual(new Set(run.config.conditions.map(escaped)));
        expect((page.match(/<svg /g) ?? []).length).toBe(3);
        assertSelfContained(page);
        expect(warnings.some((w) => w.includes('summary.json is missing'))).toBe(run.summaryDerived);
      }),
      // Each run renders three charts (~0.1 s): 40% of the global run count (FC_RUNS, default 100).
      { numRuns: Math.max(1, Math.round((fc.readConfigureGlobal().numRuns ?? 100) * 0.4)) },
    );
  });

  it('escapes hostile condition names in the table, the figures and the records', async () => {
    const [run] = fc.sample(runFilesArb(), { seed: 1, numRuns: 1 }) as [RunFiles];
    const names = [...HOSTILE_NAMES];
    const records = names.map((name, i) => ({
      ...run.metrics.records[0]!,
      condition: name,
      kind: 'gaussian-pixels' as const,
      p: null,
      epoch: 1,
      step: i,
    }));
    const hostile: RunFiles = {
      ...run,
      config: { ...run.config, conditions: names, model: '<b>model</b>' },
      metrics: { ...run.metrics, records },
      summary: {
        ...run.summary,
        conditions: [],
        randomization: Object.fromEntries(names.map((n) => [n, { note: n }])),
      },
    };
    const page = (await renderReport(hostile)).html;
    assertSelfContained(page);
    expect(page).not.toContain('<b>model</b>');
    for (const name of names) {
      expect(page).not.toContain(name);
      // The legend shows the name escaped (vega may shorten a long label with an ellipsis).
      expect(figure(page, 'figure-1a')).toContain(`>${escapedText(name.slice(0, 12))}`);
    }
  });

  it('falls back to absolute steps in Figure 1b when true labels did not fit, and notes conditions not run', async () => {
    const run = await readRun(FIXTURE);
    const conditions = run.summary.conditions.map((c) =>
      c.kind === 'true-labels' ? { ...c, fitted: false, epochsToFit: null, stepsToFit: null, secondsToFit: null } : c,
    );
    const { html: page, warnings } = await renderReport({
      ...run,
      config: { ...run.config, conditions: [...run.config.conditions, 'later'], model: 'replication-cnn' },
      summary: {
        ...run.summary,
        conditions,
        theorem: {
          ...(run.summary.theorem as TheoremPanel),
          maxAbsError: 3e-7,
          exact: false,
          errorBound: 1e-6,
          parameters: 5,
        },
      },
    });
    expect(figure(page, 'figure-1b')).toContain('steps to fit</text>');
    expect(page).toContain('true labels did not fit or were not run');
    expect(warnings).toContain('Not run (yet): later.');
    expect(page).toContain('Keras replication, train / test %');
    expect(page).toContain(`(epoch ${KERAS_REPLICATION['random-labels'].epochsToFit})`);
    expect(page).toContain('floating point');
    expect(page).toContain('proven bound 1.00e-6');
    expect(page).toContain('(2n + d = ');
  });
});

describe('buildReport', () => {
  it('writes index.html into the run folder, atomically, and returns its path', async () => {
    const dir = copyFixture();
    const result = await buildReport(dir);
    expect(result).toStrictEqual({ file: join(dir, RUN_FILES.report), warnings: [], conditions: 10 });
    const page = readFileSync(result.file, 'utf8');
    expect(page).toBe((await renderReport(await readRun(dir))).html);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toStrictEqual([]);
  });

  it('writes where --out says, creating the folder', async () => {
    const out = join(scratch, 'elsewhere', 'deep', 'page.html');
    expect((await buildReport(FIXTURE, { out })).file).toBe(out);
    expect(existsSync(out)).toBe(true);
    expect(existsSync(join(FIXTURE, RUN_FILES.report))).toBe(false);
  });

  it('reports a killed run: truncated last line skipped, summary derived from metrics', async () => {
    const dir = copyFixture();
    rmSync(join(dir, RUN_FILES.summary));
    appendFileSync(join(dir, RUN_FILES.metrics), '{"condition":"corrupt-labels@0.8","kind":"corr');
    const { warnings, conditions } = await buildReport(dir);
    expect(conditions).toBe(10);
    expect(warnings.join('\n')).toMatch(/last line \(243\) was cut off/);
    expect(warnings.join('\n')).toMatch(/summary\.json is missing/);
    expect(readFileSync(join(dir, RUN_FILES.report), 'utf8')).toContain('was cut off');
  });

  it('names the missing folder or the bad file and writes nothing', async () => {
    await expect(buildReport(join(scratch, 'missing'))).rejects.toThrow(RunDirError);
    const dir = copyFixture();
    appendFileSync(join(dir, RUN_FILES.metrics), 'garbage\n');
    const error = await buildReport(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFileError);
    expect((error as RunFileError).file).toBe(join(dir, RUN_FILES.metrics));
    expect((error as RunFileError).line).toBe(243);
    expect(existsSync(join(dir, RUN_FILES.report))).toBe(false);
  });
});
