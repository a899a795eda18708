/**
 * The run-file format: metrics.jsonl parsing (truncated last line tolerated, any other bad line a typed
 * error naming the line), readers naming the file at fault, writers that round-trip, repair for resuming.
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  RunDirError,
  RunFileError,
  appendMetric,
  parseMetrics,
  readConfig,
  readMetrics,
  readRun,
  readSummary,
  repairMetrics,
  summarizeMetrics,
  writeConfig,
  writeSummary,
} from 'rethink/report';
import { RUN_FILES, conditionId, corruptionLevel, type MetricRecord } from 'rethink/core';
import { ArgumentError } from 'rethink/core';
import { kindAndP, metricSetArb, sampleConfig } from '../arbitraries/index.ts';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/report/sample-run');
const scratch = mkdtempSync(join(tmpdir(), 'rethink-runfiles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
function freshDir(copyFixture = false): string {
  const dir = join(scratch, `run-${counter++}`);
  if (copyFixture) cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function toJsonl(records: readonly MetricRecord[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}

/** Catches the error `fn` throws (failing the test when it throws none). */
function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return expect.fail('expected an error');
}

async function caughtAsync(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('expected an error');
}

const record = (over: Partial<MetricRecord> = {}): MetricRecord => ({
  condition: 'true-labels',
  kind: 'true-labels',
  p: null,
  epoch: 1,
  step: 10,
  trainLoss: 2,
  trainAccuracy: 0.2,
  testLoss: 2.1,
  testAccuracy: 0.19,
  lr: 0.01,
  seconds: 1,
  ...over,
});

describe('parseMetrics', () => {
  it('round-trips any valid metric set written one JSON object per line', () => {
    fc.assert(
      fc.property(metricSetArb(), ({ records }) => {
        const parsed = parseMetrics(toJsonl(records));
        expect(parsed.records).toStrictEqual(records);
        expect(parsed.truncated).toBeNull();
        expect(parsed.validBytes).toBe(Buffer.byteLength(toJsonl(records)));
      }),
    );
  });

  it('reads every prefix of a valid file (a run killed mid-write): the records are a prefix, at most the last line is skipped', () => {
    fc.assert(
      fc.property(
        metricSetArb(3, 4).chain(({ records }) => {
          const text = toJsonl(records);
          return fc.tuple(fc.constant(records), fc.constant(text), fc.integer({ min: 0, max: text.length }));
        }),
        ([records, text, cut]) => {
          const prefix = text.slice(0, cut);
          const parsed = parseMetrics(prefix);
          const complete = prefix.split('\n').length - 1;
          expect(parsed.records).toStrictEqual(records.slice(0, parsed.records.length));
          // Every complete line is a record; an unterminated tail is either a whole record or skipped.
          expect(parsed.records.length).toBeGreaterThanOrEqual(complete);
          expect(parsed.records.length).toBeLessThanOrEqual(complete + 1);
          const tail = prefix.slice(prefix.lastIndexOf('\n') + 1);
          expect(parsed.truncated === null).toBe(tail === '' || parsed.records.length === complete + 1);
          if (parsed.truncated !== null) expect(parsed.truncated.line).toBe(complete + 1);
          // The valid prefix re-reads to the same records with nothing skipped.
          const valid = Buffer.from(prefix).subarray(0, parsed.validBytes).toString();
          expect(parseMetrics(valid).records).toStrictEqual(parsed.records);
          expect(parseMetrics(valid).truncated).toBeNull();
        },
      ),
    );
  });

  it('throws a RunFileError naming the file and line for a bad line anywhere but an unterminated last line', () => {
    const garbage = fc.constantFrom(
      'not json',
      '{"condition":"true-la',
      JSON.stringify({ ...record(), trainAccuracy: 1.5 }),
      JSON.stringify({ ...record(), kind: 'no-such-kind' }),
      JSON.stringify({ ...record(), epoch: -1 }),
      '[1, 2, 3]',
    );
    fc.assert(
      fc.property(
        metricSetArb(3, 4).chain(({ records }) =>
          fc.tuple(fc.constant(records), fc.integer({ min: 0, max: records.length }), garbage, fc.boolean()),
        ),
        ([records, at, bad, terminated]) => {
          const lines = records.map((r) => JSON.stringify(r));
          lines.splice(at, 0, bad);
          const isLast = at === lines.length - 1;
          const text = lines.join('\n') + (terminated ? '\n' : '');
          if (isLast && !terminated && !isJson(bad)) {
            expect(parseMetrics(text).truncated?.line).toBe(at + 1);
            return;
          }
          const error = caught(() => parseMetrics(text, { file: 'runs/x/metrics.jsonl' }));
          expect(error).toBeInstanceOf(RunFileError);
          const e = error as RunFileError;
          expect(e.code).toBe('E_RUN_FILE');
          expect(e.file).toBe('runs/x/metrics.jsonl');
          expect(e.line).toBe(at + 1);
          expect(e.message).toContain(`runs/x/metrics.jsonl:${at + 1}`);
        },
      ),
    );
  });

  it('skips a truncated last line and reports it', () => {
    const text = `${JSON.stringify(record())}\n${JSON.stringify(record({ epoch: 2 })).slice(0, 40)}`;
    const parsed = parseMetrics(text);
    expect(parsed.records).toHaveLength(1);
    expect(parsed.truncated).toStrictEqual({ line: 2, text: text.split('\n')[1] });
    expect(parsed.validBytes).toBe(Buffer.byteLength(JSON.stringify(record())) + 1);
  });

  it('names the field at fault', () => {
    const e = caught(() => parseMetrics(`${JSON.stringify(record({ testAccuracy: -0.5 }))}\n`)) as RunFileError;
    expect(e.field).toBe('testAccuracy');
    expect(e.message).toMatch(/parseMetrics: metrics\.jsonl:1: testAccuracy must be/);
    const missing = { ...record() } as Record<string, unknown>;
    delete missing.lr;
    expect((caught(() => parseMetrics(`${JSON.stringify(missing)}\n`)) as RunFileError).message).toContain(
      'missing field lr',
    );
  });

  it('rejects records out of order within a condition, naming the line', () => {
    const cases: Array<[Partial<MetricRecord>, string]> = [
      [{ epoch: 1 }, 'epoch'],
      [{ epoch: 2, step: 5 }, 'step'],
      [{ epoch: 2, seconds: 0.5 }, 'seconds'],
      [{ epoch: 2, p: 0 }, 'kind'],
    ];
    for (const [over, field] of cases) {
      const text = `${JSON.stringify(record())}\n${JSON.stringify(record({ condition: 'other', kind: 'gaussian-pixels' }))}\n${JSON.stringify(record(over))}\n`;
      const e = caught(() => parseMetrics(text)) as RunFileError;
      expect(e).toBeInstanceOf(RunFileError);
      expect([e.line, e.field]).toStrictEqual([3, field]);
    }
  });

  it('checks kind against p', () => {
    const bad: Array<Partial<MetricRecord>> = [
      { kind: 'corrupt-labels', p: null },
      { kind: 'corrupt-labels', p: 1.5 },
      { kind: 'true-labels', p: 0.5 },
      { kind: 'random-labels', p: 0.5 },
      { kind: 'gaussian-pixels', p: 0 },
    ];
    for (const over of bad) {
      expect((caught(() => parseMetrics(JSON.stringify(record(over)) + '\n')) as RunFileError).field).toBe('p');
    }
    fc.assert(
      fc.property(
        kindAndP,
        ({ kind, p }) => parseMetrics(JSON.stringify(record({ condition: 'c', kind, p })) + '\n').records.length === 1,
      ),
    );
  });

  it('skips blank lines and tolerates CRLF line ends', () => {
    const text = `\n${JSON.stringify(record())}\r\n\n${JSON.stringify(record({ epoch: 2 }))}\r\n`;
    const parsed = parseMetrics(text);
    expect(parsed.records.map((r) => r.epoch)).toStrictEqual([1, 2]);
    expect(parsed.validBytes).toBe(Buffer.byteLength(text));
  });

  it('rejects condition ids with control characters or over 200 characters', () => {
    for (const condition of ['a\u0000b', 'tab\there', 'x'.repeat(201), '']) {
      expect((caught(() => parseMetrics(JSON.stringify(record({ condition })) + '\n')) as RunFileError).field).toBe(
        'condition',
      );
    }
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('readers', () => {
  it('read the fixture run', async () => {
    const config = await readConfig(FIXTURE);
    const metrics = await readMetrics(FIXTURE);
    const summary = await readSummary(FIXTURE);
    expect(config.conditions).toHaveLength(10);
    expect(new Set(metrics.records.map((r) => r.condition))).toStrictEqual(new Set(config.conditions));
    expect(summary.conditions.map((c) => c.condition)).toStrictEqual(config.conditions);
    expect(metrics.truncated).toBeNull();
  });

  it('name the missing file', async () => {
    const dir = freshDir(true);
    for (const name of [RUN_FILES.config, RUN_FILES.metrics] as const) {
      const copy = freshDir(true);
      rmSync(join(copy, name));
      const e = (await caughtAsync(readRun(copy))) as RunFileError;
      expect(e).toBeInstanceOf(RunFileError);
      expect(e.file).toBe(join(copy, name));
      expect(e.message).toContain('missing');
    }
    rmSync(join(dir, RUN_FILES.summary));
    const e = (await caughtAsync(readSummary(dir))) as RunFileError;
    expect(e.file).toBe(join(dir, RUN_FILES.summary));
  });

  it('name a missing run folder, or a file given as one', async () => {
    const missing = join(scratch, 'no-such-run');
    const e = (await caughtAsync(readRun(missing))) as RunDirError;
    expect(e).toBeInstanceOf(RunDirError);
    expect([e.code, e.dir]).toStrictEqual(['E_RUN_DIR', missing]);
    const file = join(freshDir(true), RUN_FILES.config);
    expect(((await caughtAsync(readRun(file))) as RunDirError).message).toContain('not a folder');
  });

  it('name the file and field of invalid JSON or a bad field', async () => {
    const dir = freshDir(true);
    writeFileSync(join(dir, RUN_FILES.config), '{ not json');
    let e = (await caughtAsync(readConfig(dir))) as RunFileError;
    expect([e.file, e.message.includes('not valid JSON')]).toStrictEqual([join(dir, RUN_FILES.config), true]);

    const config = JSON.parse(readFileSync(join(FIXTURE, RUN_FILES.config), 'utf8')) as Record<string, unknown>;
    const badConfigs: Array<[Record<string, unknown>, string]> = [
      [{ ...config, formatVersion: 2 }, 'formatVersion'],
      [{ ...config, dataset: { name: 'mnist', checksum: 'x', classes: 1 } }, 'dataset.classes'],
      [{ ...config, dataset: 'mnist' }, 'dataset'],
      [{ ...config, conditions: ['ok', 7] }, 'conditions[1]'],
      [{ ...config, corruption: 0.2 }, 'corruption'],
      [{ ...config, corruption: [0.2, 2] }, 'corruption[1]'],
      [{ ...config, startedAt: 'yesterday' }, 'startedAt'],
      [{ ...config, versions: { node: 20 } }, 'versions.node'],
      [{ ...config, extra: [] }, 'extra'],
      [{ ...config, lrSchedule: {} }, 'lrSchedule.kind'],
      [{ ...config, parameters: 1.5 }, 'parameters'],
    ];
    for (const [bad, field] of badConfigs) {
      writeFileSync(join(dir, RUN_FILES.config), JSON.stringify(bad));
      e = (await caughtAsync(readConfig(dir))) as RunFileError;
      expect(e).toBeInstanceOf(RunFileError);
      expect([e.field, e.file]).toStrictEqual([field, join(dir, RUN_FILES.config)]);
    }
    writeFileSync(join(dir, RUN_FILES.config), '[]');
    expect(((await caughtAsync(readConfig(dir))) as RunFileError).field).toBe('(top level)');

    const summary = JSON.parse(readFileSync(join(FIXTURE, RUN_FILES.summary), 'utf8')) as {
      conditions: Array<Record<string, unknown>>;
    } & Record<string, unknown>;
    const first = summary.conditions[0] as Record<string, unknown>;
    const badSummaries: Array<[Record<string, unknown>, string]> = [
      [{ ...summary, conditions: [{ ...first, fitted: false }] }, 'conditions[0].epochsToFit'],
      [{ ...summary, conditions: [{ ...first, epochsToFit: 999 }] }, 'conditions[0].epochsToFit'],
      [{ ...summary, conditions: [first, first] }, 'conditions[1].condition'],
      [{ ...summary, theorem: { ...(summary.theorem as object), labels: 'true' } }, 'theorem.labels'],
      [{ ...summary, theorem: { ...(summary.theorem as object), errorBound: -1 } }, 'theorem.errorBound'],
      [{ ...summary, randomization: null }, 'randomization'],
      [{ ...summary, finishedAt: 3 }, 'finishedAt'],
      [{ ...summary, conditions: {} }, 'conditions'],
    ];
    for (const [bad, field] of badSummaries) {
      writeFileSync(join(dir, RUN_FILES.summary), JSON.stringify(bad));
      e = (await caughtAsync(readSummary(dir))) as RunFileError;
      expect(e).toBeInstanceOf(RunFileError);
      expect([e.field, e.file]).toStrictEqual([field, join(dir, RUN_FILES.summary)]);
    }
  });

  it('derive the summary from the metrics when summary.json is missing', async () => {
    const dir = freshDir(true);
    rmSync(join(dir, RUN_FILES.summary));
    const run = await readRun(dir);
    const stored = await readSummary(FIXTURE);
    expect(run.summaryDerived).toBe(true);
    expect(run.summary.conditions).toStrictEqual(stored.conditions);
    expect(run.summary.theorem).toBeNull();
  });
});

describe('writers', () => {
  it('write config and summary that read back equal, through a temporary file', async () => {
    const dir = freshDir();
    const config = await readConfig(FIXTURE);
    const summary = await readSummary(FIXTURE);
    await writeConfig(dir, config);
    await writeSummary(dir, summary);
    expect(await readConfig(dir)).toStrictEqual(config);
    expect(await readSummary(dir)).toStrictEqual(summary);
  });

  it('append any valid metric set that reads back equal', async () => {
    await fc.assert(
      fc.asyncProperty(metricSetArb(3, 4), async ({ records }) => {
        const dir = freshDir();
        for (const r of records) await appendMetric(dir, r);
        expect((await readMetrics(dir)).records).toStrictEqual(records);
      }),
      // Each run writes files: 20% of the global run count (FC_RUNS, default 100).
      { numRuns: Math.max(1, Math.round((fc.readConfigureGlobal().numRuns ?? 100) * 0.2)) },
    );
  });

  it('refuse a bad value before writing anything', async () => {
    const dir = freshDir();
    const e = (await caughtAsync(
      appendMetric(dir, record({ trainAccuracy: Number.NaN }), { sync: true }),
    )) as RunFileError;
    expect([e.field, e.file]).toStrictEqual(['trainAccuracy', join(dir, RUN_FILES.metrics)]);
    await expect(writeConfig(dir, { ...sampleConfig(['a']), samples: 0 })).rejects.toThrow(
      /writeConfig: .*samples must be/,
    );
    await expect(
      writeSummary(dir, {
        formatVersion: 1,
        conditions: [],
        randomization: {},
        theorem: { n: 0, d: 1, parameters: 1, maxAbsError: 0, exact: true, seconds: 0, labels: 'random' },
      }),
    ).rejects.toThrow(RunFileError);
    await expect(readMetrics(dir)).rejects.toThrow(/missing/);
    await appendMetric(dir, record(), { sync: true });
    expect((await readMetrics(dir)).records).toHaveLength(1);
  });

  it('name the file when it cannot be written', async () => {
    const dir = freshDir(true);
    const blocker = join(dir, RUN_FILES.config);
    await expect(writeSummary(blocker, await readSummary(FIXTURE))).rejects.toThrow(RunFileError);
    await expect(appendMetric(blocker, record())).rejects.toThrow(/appendMetric: .*cannot append/);
    await expect(readMetrics(blocker)).rejects.toThrow(/unreadable|folder/);
  });
});

describe('repairMetrics', () => {
  it('drops a truncated last line so appending continues the file', async () => {
    const dir = freshDir(true);
    const before = await readMetrics(dir);
    appendFileSync(join(dir, RUN_FILES.metrics), '{"condition":"gaussian-pixels","ki');
    expect((await readMetrics(dir)).truncated?.line).toBe(before.records.length + 1);
    const repaired = await repairMetrics(dir);
    expect(repaired.records).toStrictEqual(before.records);
    expect(repaired.truncated?.line).toBe(before.records.length + 1);
    expect(readFileSync(join(dir, RUN_FILES.metrics), 'utf8')).toBe(
      readFileSync(join(FIXTURE, RUN_FILES.metrics), 'utf8'),
    );
    const next = record({ condition: 'extra', kind: 'gaussian-pixels' });
    await appendMetric(dir, next);
    expect((await readMetrics(dir)).records).toStrictEqual([...before.records, next]);
  });

  it('ends an unterminated complete last line with a newline, leaves a clean file alone, and gives nothing for a missing file', async () => {
    const dir = freshDir();
    expect(await repairMetrics(dir)).toStrictEqual({ records: [], truncated: null, validBytes: 0 });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, RUN_FILES.metrics), JSON.stringify(record()));
    const repaired = await repairMetrics(dir);
    expect(repaired.records).toHaveLength(1);
    const text = readFileSync(join(dir, RUN_FILES.metrics), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(repaired.validBytes).toBe(Buffer.byteLength(text));
    expect(await repairMetrics(dir)).toStrictEqual(repaired);
  });
});

describe('summarizeMetrics', () => {
  it('finds the first epoch at the fit threshold and the final values, per condition in first-seen order', () => {
    fc.assert(
      fc.property(metricSetArb(), fc.integer({ min: 0, max: 1000 }), ({ conditions, records }, t) => {
        const fitAccuracy = t / 1000;
        const summaries = summarizeMetrics(records, { fitAccuracy });
        expect(summaries.map((s) => s.condition)).toStrictEqual(conditions.map((c) => c.name));
        for (const s of summaries) {
          const own = records.filter((r) => r.condition === s.condition);
          const last = own[own.length - 1] as MetricRecord;
          const fit = own.find((r) => r.trainAccuracy >= fitAccuracy);
          expect(s.fitted).toBe(fit !== undefined);
          expect([s.epochsToFit, s.stepsToFit, s.secondsToFit]).toStrictEqual(
            fit ? [fit.epoch, fit.step, fit.seconds] : [null, null, null],
          );
          expect([s.epochs, s.finalTrainAccuracy, s.finalTestAccuracy, s.finalTrainLoss]).toStrictEqual([
            last.epoch,
            last.trainAccuracy,
            last.testAccuracy,
            last.trainLoss,
          ]);
          // Everything before the fit epoch stayed below the threshold.
          for (const r of own)
            if (s.epochsToFit !== null && r.epoch < s.epochsToFit) expect(r.trainAccuracy).toBeLessThan(fitAccuracy);
        }
      }),
    );
  });
});

describe('condition ids and corruption levels', () => {
  it('give corrupt-labels@p for partial corruption and the kind otherwise', () => {
    fc.assert(
      fc.property(kindAndP, ({ kind, p }) => {
        const id = conditionId(kind, kind === 'corrupt-labels' ? p : null);
        expect(id).toBe(kind === 'corrupt-labels' ? `corrupt-labels@${String(p)}` : kind);
        const level = corruptionLevel({ kind, p });
        if (kind === 'true-labels') expect(level).toBe(0);
        else if (kind === 'random-labels') expect(level).toBe(1);
        else if (kind === 'corrupt-labels') expect(level).toBe(p);
        else expect(level).toBeNull();
      }),
    );
    expect(() => conditionId('corrupt-labels')).toThrow(ArgumentError);
    expect(() => conditionId('corrupt-labels', 1.5)).toThrow(/p in \[0, 1\]/);
  });
});
