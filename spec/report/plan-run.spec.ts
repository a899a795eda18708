/**
 * Reading a plan's run folder (`readPlanRun`), adapting a format-1 run (`planRunFromRun`) and merging runs
 * (`mergeRuns`): unfinished and failed cells, a truncated last metrics line, errors that name the file and the
 * field, and merges that refuse a mix naming the field that differs.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  RunDirError,
  RunFileError,
  RunMixError,
  mergeRuns,
  planRunFromRun,
  readPlanRun,
  readRun,
  type PlanRun,
} from 'rethink/report';
import { DATA_FIELDS, planRunArb } from '../arbitraries/plan.ts';

const root = resolve(import.meta.dirname, '../..');
const FIXTURE = join(root, 'fixtures/report/plan-run');
const SAMPLE_RUN = join(root, 'fixtures/report/sample-run');
const scratch = mkdtempSync(join(tmpdir(), 'rethink-plan-run-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
function copyFixture(): string {
  const dir = join(scratch, `run-${counter++}`);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}
/** A copy of the fixture with only the named cells (fast to copy and read), or all of them. */
function smallCopy(...names: string[]): string {
  const dir = join(scratch, `small-${counter++}`);
  cpSync(join(FIXTURE, 'plan.json'), join(dir, 'plan.json'));
  cpSync(join(FIXTURE, 'theorem.json'), join(dir, 'theorem.json'));
  cpSync(join(FIXTURE, 'kernel.json'), join(dir, 'kernel.json'));
  fixtureIds ??= new Map(readdirSync(join(FIXTURE, 'cells')).map((id) => [cellName(join(FIXTURE, 'cells', id)), id]));
  for (const name of names) {
    const id = fixtureIds.get(name) as string;
    cpSync(join(FIXTURE, 'cells', id), join(dir, 'cells', id), { recursive: true });
  }
  return dir;
}
const ALEXNET = 'alexnet/true-labels/wd=0/crop=off/seed=0';
const UNFINISHED = 'inception/corrupt-labels@0.6/wd=0/crop=off/seed=1';
const FAILED = 'inception-nobn/gaussian-pixels/wd=0/crop=off/seed=1';

function cellName(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'cell.json'), 'utf8')) as { name: string }).name;
}

/** The folder of the cell named `name` in a copy of the fixture. */
function cellDir(dir: string, name: string): string {
  for (const id of readdirSync(join(dir, 'cells')))
    if (cellName(join(dir, 'cells', id)) === name) return join(dir, 'cells', id);
  throw new Error(`no cell ${name}`);
}
let fixtureIds: Map<string, string> | undefined;

function editJson(file: string, edit: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(value);
  writeFileSync(file, JSON.stringify(value));
}

async function readError(dir: string): Promise<RunFileError> {
  const error = await readPlanRun(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RunFileError);
  return error as RunFileError;
}

describe('readPlanRun', () => {
  it('reads every cell of the fixture: finished, unfinished (provisional) and failed', async () => {
    const run = await readPlanRun(FIXTURE);
    expect(run.sources).toStrictEqual([expect.objectContaining({ dir: FIXTURE, format: 2 })]);
    expect(run.data).toStrictEqual({
      dataset: 'cifar10',
      samples: 1000,
      testSamples: 500,
      dataSeed: 0,
      preprocessing: 'paper',
      checksum: null,
      classes: 10,
    });
    expect(run.cells).toHaveLength(92);
    expect(new Set(run.cells.map((c) => c.model))).toStrictEqual(
      new Set(['inception', 'inception-nobn', 'alexnet', 'mlp1x512']),
    );
    expect(run.theorem).toMatchObject({ n: 1000, d: 2352, maxAbsError: 0 });
    expect(run.kernel).toMatchObject({ n: 1000, m: 500, trueLabels: { testError: 0.612 } });

    const unfinished = run.cells.find((c) => c.name === UNFINISHED);
    expect(unfinished?.result).toBeNull();
    expect(unfinished?.outcome).toMatchObject({
      provisional: true,
      fitted: false,
      epochs: 7,
      steps: 56,
      stoppedBy: null,
    });
    expect(unfinished?.truncated?.line).toBe(8);
    expect(unfinished?.outcome?.bestTestAccuracy).toBe(
      Math.max(...(unfinished?.records ?? []).map((r) => r.testAccuracy)),
    );

    const failed = run.cells.find((c) => c.name === FAILED);
    expect(failed?.error).toMatchObject({ code: 'E_DIVERGED' });
    expect(failed?.result).toBeNull();

    for (const c of run.cells) {
      if (c.result === null) continue;
      expect(c.outcome?.provisional).toBe(false);
      expect(c.outcome?.bestTestAccuracy).toBe(c.result.bestTestAccuracy);
      expect(c.records.every((r) => r.condition === c.condition.id)).toBe(true);
    }
  });

  it('fails with a RunDirError for a missing folder', async () => {
    await expect(readPlanRun(join(scratch, 'nope'))).rejects.toThrow(RunDirError);
  });

  it('names a missing plan.json', async () => {
    const dir = smallCopy(ALEXNET);
    rmSync(join(dir, 'plan.json'));
    const e = await readError(dir);
    expect(e.file).toBe(join(dir, 'plan.json'));
    expect(e.message).toBe(`readPlanRun: ${join(dir, 'plan.json')}: missing`);
  });

  it('names the file and field of a schema violation in plan.json, cell.json, result.json, error.json, theorem.json and kernel.json', async () => {
    const cases: [string, (dir: string) => string, (v: Record<string, unknown>) => void, string][] = [
      [
        'plan.json',
        (d) => join(d, 'plan.json'),
        (v) => ((v.plan as Record<string, unknown>).models = ['resnet']),
        'plan.models[0]',
      ],
      ['plan.json', (d) => join(d, 'plan.json'), (v) => (v.formatVersion = 1), 'formatVersion'],
      [
        'cell.json',
        (d) => join(cellDir(d, ALEXNET), 'cell.json'),
        (v) => ((v.optimizer as Record<string, unknown>).lr = -1),
        'optimizer.lr',
      ],
      [
        'result.json',
        (d) => join(cellDir(d, ALEXNET), 'result.json'),
        (v) => (v.finalTestAccuracy = 1.5),
        'finalTestAccuracy',
      ],
      ['error.json', (d) => join(cellDir(d, FAILED), 'error.json'), (v) => delete v.message, 'message'],
      ['theorem.json', (d) => join(d, 'theorem.json'), (v) => (v.n = 0), 'n'],
      ['kernel.json', (d) => join(d, 'kernel.json'), (v) => delete v.gamma, 'gamma'],
    ];
    for (const [name, fileOf, edit, field] of cases) {
      const dir = smallCopy(ALEXNET, FAILED);
      const file = fileOf(dir);
      editJson(file, edit);
      const e = await readError(dir);
      expect(e.file, name).toBe(file);
      expect(e.field, name).toBe(field);
      expect(e.message, name).toMatch(new RegExp(`^readPlanRun: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    }
  });

  it('names the line of a bad metrics line that is not the last, and skips a truncated last line', async () => {
    const dir = smallCopy('mlp1x512/true-labels/wd=0/crop=off/seed=0');
    const file = join(cellDir(dir, 'mlp1x512/true-labels/wd=0/crop=off/seed=0'), 'metrics.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1]?.replace('"trainAccuracy":', '"trainAccuracy":"x","was":') ?? '';
    writeFileSync(file, lines.join('\n'));
    const e = await readError(dir);
    expect(e.file).toBe(file);
    expect(e.line).toBe(2);
    expect(e.field).toBe('trainAccuracy');
  });

  it('refuses a cell in the wrong folder and metrics of another condition', async () => {
    let dir = smallCopy(ALEXNET);
    const cell = cellDir(dir, ALEXNET);
    editJson(join(cell, 'cell.json'), (v) => (v.id = '0123456789ab'));
    let e = await readError(dir);
    expect(e.field).toBe('id');
    expect(e.file).toBe(join(cell, 'cell.json'));

    dir = smallCopy(ALEXNET);
    const other = cellDir(dir, ALEXNET);
    const file = join(other, 'metrics.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('"condition":"true-labels"', '"condition":"x"'));
    e = await readError(dir);
    expect(e).toMatchObject({ file, line: 1, field: 'condition' });

    dir = smallCopy(ALEXNET);
    const third = cellDir(dir, ALEXNET);
    editJson(join(third, 'result.json'), (v) => (v.cellId = 'ffffffffffff'));
    e = await readError(dir);
    expect(e).toMatchObject({ file: join(third, 'result.json'), field: 'cellId' });
  });

  it('reads a folder whose cells have not started, and one without theorem.json, with notes', async () => {
    const dir = smallCopy();
    rmSync(join(dir, 'theorem.json'));
    const run = await readPlanRun(dir);
    expect(run.cells).toStrictEqual([]);
    expect(run.theorem).toBeNull();
    expect(run.warnings).toStrictEqual([
      'theorem.json is missing (not built yet): no Theorem 1 panel.',
      'No cell has started yet.',
    ]);
  });
});

describe('planRunFromRun', () => {
  it('adapts a format-1 run: one model, one seed, no regularizer, each condition a cell', async () => {
    const run = planRunFromRun(await readRun(SAMPLE_RUN));
    expect(run.sources).toStrictEqual([expect.objectContaining({ dir: SAMPLE_RUN, format: 1, plan: null })]);
    expect(run.data).toMatchObject({ dataset: 'mnist', samples: 512, testSamples: 256, classes: 10, dataSeed: null });
    expect(run.cells).toHaveLength(10);
    expect(new Set(run.cells.map((c) => `${c.model} ${c.seed} ${c.weightDecay} ${c.crop}`))).toStrictEqual(
      new Set(['mlp-1x512 7 0 false']),
    );
    expect(run.cells.map((c) => c.condition.id)).toContain('corrupt-labels@0.8');
    const unfitted = run.cells.find((c) => c.condition.id === 'corrupt-labels@0.8');
    expect(unfitted?.outcome).toMatchObject({ fitted: false, provisional: false, steps: 320 });
    expect(run.theorem).toMatchObject({ n: 512 });
  });
});

describe('mergeRuns', () => {
  it('merges runs of the same data: a fixture split by model gives back every cell', async () => {
    const whole = await readPlanRun(FIXTURE);
    const a = copyFixture();
    const b = copyFixture();
    for (const c of whole.cells)
      rmSync(join(c.model.startsWith('inception') ? b : a, 'cells', c.id), { recursive: true });
    const merged = mergeRuns([await readPlanRun(a), await readPlanRun(b)]);
    expect(merged.sources.map((s) => s.dir)).toStrictEqual([a, b]);
    expect(merged.cells.map((c) => c.id).sort()).toStrictEqual(whole.cells.map((c) => c.id).sort());
    expect(merged.data).toStrictEqual(whole.data);
  });

  it('keeps a cell present in two runs once, preferring the finished copy, with a note', async () => {
    const a = smallCopy(UNFINISHED, ALEXNET);
    const id = cellDir(a, UNFINISHED).split('/').pop() as string;
    const b = smallCopy(UNFINISHED);
    const finishedFrom = cellDir(FIXTURE, 'inception/corrupt-labels@0.6/wd=0/crop=off/seed=0');
    // Give b's copy of the unfinished cell a result.json (borrowed from its sibling, with its own id).
    const result = JSON.parse(readFileSync(join(finishedFrom, 'result.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(b, 'cells', id, 'result.json'), JSON.stringify({ ...result, cellId: id }));
    const merged = mergeRuns([await readPlanRun(a), await readPlanRun(b)]);
    expect(merged.cells).toHaveLength(2);
    const kept = merged.cells.find((c) => c.id === id);
    expect(kept?.source).toBe(b);
    expect(kept?.outcome?.provisional).toBe(false);
    expect(merged.warnings).toContain(`Cell ${UNFINISHED} is in ${a} and ${b}: kept the copy in ${b}.`);
  });

  it('refuses a plan run and a format-1 run of another data set, naming dataset and both values', async () => {
    const a = await readPlanRun(FIXTURE);
    const b = planRunFromRun(await readRun(SAMPLE_RUN));
    expect(() => mergeRuns([a, b])).toThrow(
      new RunMixError(`mergeRuns: dataset differs: "cifar10" in ${FIXTURE}, "mnist" in ${SAMPLE_RUN}`, {
        field: 'dataset',
        values: ['cifar10', 'mnist'],
        dirs: [FIXTURE, SAMPLE_RUN],
      }),
    );
  });

  it('refuses plan runs with different samples in plan.json', async () => {
    const dir = smallCopy(ALEXNET);
    editJson(join(dir, 'plan.json'), (v) => ((v.plan as Record<string, unknown>).samples = 2000));
    try {
      mergeRuns([await readPlanRun(FIXTURE), await readPlanRun(dir)]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RunMixError);
      expect((e as RunMixError).field).toBe('samples');
      expect((e as RunMixError).values).toStrictEqual([1000, 2000]);
      expect((e as RunMixError).message).toBe(`mergeRuns: samples differs: 1000 in ${FIXTURE}, 2000 in ${dir}`);
    }
  });

  it('property: a run merged with one whose data differs in one field is refused naming that field and both values', () => {
    fc.assert(
      fc.property(planRunArb, fc.constantFrom(...DATA_FIELDS), ({ run }, [field, x, y]) => {
        const one: PlanRun = { ...run, data: { ...run.data, [field]: x }, sources: [{ ...run.sources[0]!, dir: 'a' }] };
        const two: PlanRun = { ...run, data: { ...run.data, [field]: y }, sources: [{ ...run.sources[0]!, dir: 'b' }] };
        let error: unknown = null;
        try {
          mergeRuns([one, two]);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(RunMixError);
        expect(error).toMatchObject({ field, values: [x, y], dirs: ['a', 'b'] });
        // The same data merges, and a field one run does not record (null) is not compared.
        expect(mergeRuns([one, { ...one, sources: [{ ...one.sources[0]!, dir: 'c' }] }]).cells).toHaveLength(
          run.cells.length,
        );
        expect(mergeRuns([one, { ...two, data: { ...two.data, [field]: null } }]).data[field]).toBe(x);
      }),
      { numRuns: 30 },
    );
  });

  it('property: a run split in two by model and merged has every cell once', () => {
    fc.assert(
      fc.property(planRunArb, fc.integer({ min: 0, max: 2 }), ({ run, layout }, cut) => {
        const left = new Set(layout.models.slice(0, cut));
        const a: PlanRun = { ...run, cells: run.cells.filter((c) => left.has(c.model)) };
        const b: PlanRun = { ...run, cells: run.cells.filter((c) => !left.has(c.model)) };
        const merged = mergeRuns([a, b]);
        expect(merged.cells.map((c) => c.id).sort()).toStrictEqual(run.cells.map((c) => c.id).sort());
        expect(merged.warnings).toStrictEqual([]);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses an empty list', () => {
    expect(() => mergeRuns([])).toThrow('mergeRuns: no runs to merge');
  });
});
