/**
 * The comparative report (`buildComparativeReport`, `renderComparativeReport`) of the generated fixture
 * `fixtures/report/plan-run` (4 models × 8 conditions, regularizers, 2 seeds, one unfinished and one failed cell):
 * every figure (standalone SVG) and both tables (CSV) have the right rows, columns and series; the page has every
 * section; properties over generated runs; the format-1 fixture still renders.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PAPER_TABLE_1,
  PAPER_TABLE_1_COLUMNS,
  buildComparativeReport,
  planRunFromRun,
  readRun,
  renderComparativeReport,
  type BuildComparativeReportResult,
  type PlanRun,
} from 'rethink/report';
import { HOSTILE_NAMES } from '../arbitraries/index.ts';
import { makeCell, planRunArb } from '../arbitraries/plan.ts';
import { csvObjects, parseCsv, xmlProblems } from './_parse.ts';

const root = resolve(import.meta.dirname, '../..');
const FIXTURE = join(root, 'fixtures/report/plan-run');
const SAMPLE_RUN = join(root, 'fixtures/report/sample-run');
const scratch = mkdtempSync(join(tmpdir(), 'rethink-comparative-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const MODELS = ['Inception', 'Inception w/o BN', 'Alexnet', 'MLP 1x512'];
const CONDITIONS = [
  'true-labels',
  'corrupt-labels@0.2',
  'corrupt-labels@0.4',
  'corrupt-labels@0.6',
  'corrupt-labels@0.8',
  'random-labels',
  'shuffled-pixels',
  'gaussian-pixels',
];
/** "train / test" with a (min–max) range after each number when the seeds differ, and * when provisional. */
const CELL =
  /^\d{1,3}\.\d\d( \(\d{1,3}\.\d\d–\d{1,3}\.\d\d\))? \/ \d{1,3}\.\d\d( \(\d{1,3}\.\d\d–\d{1,3}\.\d\d\))?( \*)?$/;

let result: BuildComparativeReportResult;
let page: string;
const read = (file: string): string => readFileSync(file, 'utf8');
const figure = (name: string): string => read(join(scratch, 'fixture', 'figures', `${name}.svg`));
const table = (name: string): string => read(join(scratch, 'fixture', 'tables', `${name}.csv`));

beforeAll(async () => {
  result = await buildComparativeReport([FIXTURE], { out: join(scratch, 'fixture', 'index.html') });
  page = read(result.file);
});

describe('buildComparativeReport on the plan fixture', () => {
  it('writes index.html, five figures and three tables beside it, and reports the unfinished and failed cells', () => {
    expect(result.file).toBe(join(scratch, 'fixture', 'index.html'));
    expect(result.figures.map((f) => f.slice(scratch.length))).toStrictEqual(
      ['figure-1a', 'figure-1b', 'figure-1c', 'figure-2', 'regularization'].map((n) => `/fixture/figures/${n}.svg`),
    );
    expect(result.tables.map((f) => f.slice(scratch.length))).toStrictEqual(
      ['table-1', 'regularization', 'cells'].map((n) => `/fixture/tables/${n}.csv`),
    );
    for (const file of [...result.figures, ...result.tables]) expect(existsSync(file)).toBe(true);
    expect(result.cells).toBe(92);
    expect(result.warnings).toHaveLength(3);
    expect(result.warnings[0]).toMatch(/^Not finished \(no result\.json yet\): inception\/corrupt-labels@0\.6\//);
    expect(result.warnings[1]).toMatch(/metrics\.jsonl: the last line \(8\) was cut off/);
    expect(result.warnings[2]).toMatch(/^Failed: inception-nobn\/gaussian-pixels\//);
  });

  it('Table 1: rows = models, columns = crop/weight decay and random labels, train / test % beside the paper', () => {
    const rows = parseCsv(table('table-1'));
    expect(rows[0]).toStrictEqual([
      'model',
      'parameters',
      ...PAPER_TABLE_1_COLUMNS,
      'seeds',
      'paper model',
      'paper parameters',
      ...PAPER_TABLE_1_COLUMNS.map((c) => `paper ${c}`),
    ]);
    const objects = csvObjects(table('table-1'));
    expect(objects.map((r) => r.model)).toStrictEqual(MODELS);
    for (const row of objects) {
      expect(row.seeds).toBe('2');
      const paper = PAPER_TABLE_1.find((p) => p.model === row['paper model']);
      expect(paper, row.model).toBeDefined();
      for (const column of PAPER_TABLE_1_COLUMNS) {
        const mlpCrop = row.model === 'MLP 1x512' && column.startsWith('yes/');
        if (mlpCrop) expect(row[column]).toBe('');
        else expect(row[column]).toMatch(CELL);
        const reference = paper?.cells[column] ?? null;
        expect(row[`paper ${column}`]).toBe(
          reference === null ? '' : `${reference[0].toFixed(2)} / ${reference[1].toFixed(2)}`,
        );
      }
    }
    // Alexnet's second seed stopped at the epoch cap on random labels: the range shows it.
    expect(objects[2]?.['random labels']).toMatch(/^99\.\d\d \(99\.\d\d–100\.00\) \//);
  });

  it('the regularization table: test accuracy per regularizer and random labels with weight decay', () => {
    const rows = parseCsv(table('regularization'));
    expect(rows[0]).toStrictEqual([
      'model',
      'test accuracy % (none)',
      'test accuracy % (weight decay)',
      'test accuracy % (random crop)',
      'test accuracy % (both)',
      'random labels with weight decay: fitted',
      'random labels with weight decay: train accuracy %',
    ]);
    const objects = csvObjects(table('regularization'));
    expect(objects.map((r) => r.model)).toStrictEqual(MODELS);
    expect(objects.map((r) => r['random labels with weight decay: fitted'])).toStrictEqual([
      '2/2',
      '2/2',
      '0/2',
      '2/2',
    ]);
    expect(objects[3]?.['test accuracy % (random crop)']).toBe('');
    expect(objects[0]?.['test accuracy % (both)']).toMatch(/^\d\d\.\d\d \(/);
  });

  it('the cells table: one row per cell with its status', () => {
    const objects = csvObjects(table('cells'));
    expect(objects).toHaveLength(92);
    const statuses = objects.map((r) => r.status);
    expect(statuses.filter((s) => s === 'finished')).toHaveLength(90);
    expect(objects.filter((r) => r.status === 'unfinished').map((r) => r.name)).toStrictEqual([
      'inception/corrupt-labels@0.6/wd=0/crop=off/seed=1',
    ]);
    expect(objects.filter((r) => r.status === 'failed').map((r) => r.name)).toStrictEqual([
      'inception-nobn/gaussian-pixels/wd=0/crop=off/seed=1',
    ]);
    expect(new Set(objects.map((r) => r.id)).size).toBe(92);
  });

  it('every figure is a well-formed standalone SVG with a title', () => {
    for (const file of result.figures) {
      const svg = read(file);
      expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg '), file).toBe(true);
      expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
      expect(svg).toMatch(/<svg[^>]*><title>[^<]+<\/title>/);
      expect(xmlProblems(svg), file).toStrictEqual([]);
    }
  });

  it('Figure 1a: one panel per model, one series per condition', () => {
    const svg = figure('figure-1a');
    for (const model of MODELS) expect(svg).toContain(`>${model}</text>`);
    for (const condition of CONDITIONS) expect(svg).toContain(`>${condition}</text>`);
    expect((svg.match(/aria-roledescription="line mark"/g) ?? []).length).toBe(MODELS.length * CONDITIONS.length);
  });

  it('Figures 1b and 1c: one line and one band per model, lower bounds marked', () => {
    for (const name of ['figure-1b', 'figure-1c']) {
      const svg = figure(name);
      for (const model of MODELS) expect(svg, name).toContain(`>${model}</text>`);
      expect((svg.match(/aria-roledescription="line mark"/g) ?? []).length, name).toBe(MODELS.length);
      expect((svg.match(/aria-roledescription="area mark"/g) ?? []).length, name).toBe(MODELS.length);
      expect(svg).toContain('>not fitted (lower bound)</text>');
    }
    // Alexnet at p = 1: seed 1 hit the epoch cap: a lower bound; the unfinished Inception cell at p = 0.6 too.
    const b = figure('figure-1b');
    expect(b).toMatch(
      /aria-label="label corruption level p: 1; [^"]*model: Alexnet; status: not fitted \(lower bound\)"/,
    );
    expect(b).toMatch(
      /aria-label="label corruption level p: 0\.6; [^"]*model: Inception; status: not fitted \(lower bound\)"/,
    );
    expect(b).toMatch(/aria-label="label corruption level p: 0\.2; [^"]*model: MLP 1x512; status: fitted"/);
    expect(figure('figure-1c')).toContain('chance (1 − 1/10)');
  });

  it('Figure 2: train, test and best-so-far test accuracy per model, the gap shaded', () => {
    const svg = figure('figure-2');
    for (const model of MODELS) expect(svg).toContain(`>${model}</text>`);
    for (const series of ['train accuracy', 'test accuracy', 'best test accuracy so far']) {
      expect(svg).toContain(`>${series}</text>`);
    }
    expect((svg.match(/aria-roledescription="line mark"/g) ?? []).length).toBe(MODELS.length * 3);
    expect((svg.match(/aria-roledescription="area mark"/g) ?? []).length).toBe(MODELS.length);
  });

  it('the regularization figure: a bar per model and setting that the run has', () => {
    const svg = figure('regularization');
    for (const model of MODELS) expect(svg).toContain(`>${model}</text>`);
    for (const setting of ['none', 'weight decay', 'random crop', 'both']) expect(svg).toContain(`>${setting}</text>`);
    expect((svg.match(/aria-roledescription="bar"/g) ?? []).length).toBe(3 * 4 + 2);
  });

  it('the page has every section, the figures inline, the overrides beside them and the failed cell', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const id of [
      'table-1',
      'figure-1',
      'figure-1a',
      'figure-1b',
      'figure-1c',
      'figure-2',
      'regularization',
      'theorem-1',
      'kernel',
      'failed-cells',
      'configuration',
    ]) {
      expect(page, id).toContain(`id="${id}"`);
    }
    expect((page.match(/<svg /g) ?? []).length).toBe(5);
    expect(page).not.toMatch(/<script|<link /);
    // --test-samples affects what is measured on the test set only, not Figures 1a and 1b.
    for (const section of ['table-1', 'figure-1a', 'figure-1b', 'figure-1c', 'figure-2', 'regularization']) {
      const overrides =
        section === 'figure-1a' || section === 'figure-1b'
          ? 'samples = 1000, epochs = 20'
          : 'samples = 1000, testSamples = 500, epochs = 20';
      expect(page).toContain(
        `<p class="overrides" data-section="${section}">Overrides that affect this: ${overrides} (set`,
      );
    }
    expect(page).toContain('<tr><th scope="row">random labels</th><td>89.80%</td><td>97.3</td>');
    expect(page).toContain('E_DIVERGED');
    expect(page).toContain('training loss became NaN at epoch 4');
    expect(page).toContain('A two-layer ReLU network with 4,352 weights reproduces all 1,000 random labels exactly.');
    expect(page).toContain('Inception and Inception w/o BatchNorm side by side');
    expect(page).not.toContain('Not CIFAR-10');
    for (const row of MODELS) expect(page).toContain(`<th scope="row">${row}</th>`);
  });

  it('is deterministic: the same files give the same bytes', async () => {
    const again = await buildComparativeReport([FIXTURE], { out: join(scratch, 'again', 'index.html') });
    expect(read(again.file)).toBe(page);
    for (const [i, file] of again.figures.entries()) expect(read(file)).toBe(read(result.figures[i] as string));
    for (const [i, file] of again.tables.entries()) expect(read(file)).toBe(read(result.tables[i] as string));
  });

  it('says when the data set is not CIFAR-10 and the models run at its own shape', async () => {
    const dir = join(scratch, 'mnist');
    cpSync(FIXTURE, dir, { recursive: true });
    const planFile = join(dir, 'plan.json');
    const plan = JSON.parse(read(planFile)) as { plan: { dataset: string } };
    plan.plan.dataset = 'mnist';
    writeFileSync(planFile, JSON.stringify(plan));
    const { file } = await buildComparativeReport([dir]);
    expect(file).toBe(join(dir, 'index.html'));
    expect(read(file)).toMatch(
      /Not CIFAR-10\.<\/strong>.*this run is on <code>mnist<\/code>, and each model runs at that data set’s own shape \(the paper’s preprocessing crops 32 × 32 images only/,
    );
    expect(existsSync(join(dir, 'figures', 'figure-2.svg'))).toBe(true);
  });
});

describe('the comparative report of a format-1 run', () => {
  it('renders the sample run as one model, one seed, each condition a cell', async () => {
    const out = join(scratch, 'format-1', 'index.html');
    const built = await buildComparativeReport([SAMPLE_RUN], { out });
    expect(built.cells).toBe(10);
    const rows = csvObjects(read(built.tables[0] as string));
    expect(rows.map((r) => r.model)).toStrictEqual(['mlp-1x512']);
    expect(rows[0]?.['paper model']).toBe('MLP 1x512');
    expect(rows[0]?.['no/no']).toMatch(CELL);
    expect(rows[0]?.['random labels']).toMatch(CELL);
    expect(rows[0]?.['yes/yes']).toBe('');
    expect(read(built.figures[1] as string)).toContain('>mlp-1x512</text>');
    expect(read(out)).toContain('Not CIFAR-10');
  });

  it('keeps provisional conditions of a run without summary.json, marked *', async () => {
    const dir = join(scratch, 'format-1-unfinished');
    cpSync(SAMPLE_RUN, dir, { recursive: true });
    rmSync(join(dir, 'summary.json'));
    const run = planRunFromRun(await readRun(dir));
    expect(run.cells.every((c) => c.outcome?.provisional === true)).toBe(true);
    const rendered = await renderComparativeReport(run);
    const row = csvObjects(rendered.tables[0]?.csv ?? '')[0];
    expect(row?.['no/no']).toMatch(/ \*$/);
    expect(rendered.warnings.join('\n')).toMatch(/^Not finished: true-labels, /);
  });
});

describe('renderComparativeReport on generated runs', () => {
  it('escapes hostile model names in the page, the figures and the tables', async () => {
    const draw = { fitted: true, epochs: 2, train: 1000, test: 500 };
    const cells = HOSTILE_NAMES.flatMap((model) => [
      makeCell({ model, kind: 'true-labels', p: null, weightDecay: 0, crop: false, seed: 0 }, draw),
      makeCell({ model, kind: 'random-labels', p: null, weightDecay: 0, crop: false, seed: 0 }, draw),
    ]);
    const run = fc.sample(planRunArb, { seed: 1, numRuns: 1 })[0]?.run as PlanRun;
    const rendered = await renderComparativeReport({ ...run, cells, data: { ...run.data, dataset: '<i>set</i>' } });
    expect(rendered.html).not.toMatch(/<script|<img|<b>|<i>set/);
    expect(rendered.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    for (const f of rendered.figures) {
      expect(f.svg, f.name).not.toMatch(/<script|<img|<b>/);
      expect(xmlProblems(f.svg), f.name).toStrictEqual([]);
    }
    const models = csvObjects(rendered.tables[0]?.csv ?? '').map((r) => r.model);
    expect(models).toStrictEqual([...HOSTILE_NAMES].sort((a, b) => a.localeCompare(b)));
  });

  it('Table 1 has a row per model and fills a column exactly when the run has its cells; figures name every model', async () => {
    await fc.assert(
      fc.asyncProperty(planRunArb, async ({ layout, run }) => {
        const rendered = await renderComparativeReport(run);
        const rows = csvObjects(rendered.tables[0]?.csv ?? '');
        expect(rows).toHaveLength(layout.models.length);
        const has: Record<string, boolean> = {
          'yes/yes': layout.regularized.some(([wd, crop]) => wd > 0 && crop),
          'yes/no': layout.regularized.some(([wd, crop]) => wd === 0 && crop),
          'no/yes': layout.regularized.some(([wd, crop]) => wd > 0 && !crop),
          'no/no': true,
          'random labels': layout.conditions.some(([kind]) => kind === 'random-labels'),
        };
        for (const row of rows) {
          expect(row.seeds).toBe(String(layout.seeds.length));
          for (const column of PAPER_TABLE_1_COLUMNS) {
            if (has[column]) expect(row[column]).toMatch(CELL);
            else expect(row[column]).toBe('');
          }
        }
        const cells = csvObjects(rendered.tables[2]?.csv ?? '');
        expect(cells).toHaveLength(run.cells.length);
        for (const f of rendered.figures) expect(xmlProblems(f.svg), f.name).toStrictEqual([]);
        const [fig1a, , fig1c] = rendered.figures;
        for (const label of rows.map((r) => r.model as string)) {
          expect(fig1a?.svg).toContain(`>${label}</text>`);
          expect(fig1c?.svg).toContain(`>${label}</text>`);
        }
      }),
      { numRuns: 6 },
    );
  });
});
