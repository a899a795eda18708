/**
 * Arbitraries for the run-file format of `src/report`: metric records, whole metric sets (several
 * conditions, each with strictly increasing epochs and non-decreasing steps and seconds) and whole runs.
 * Built from bounded integers with map/chain (no filters), so failures shrink to small runs.
 */
import fc from 'fast-check';
import { summarizeMetrics, type RunFiles } from 'rethink/report';
import {
  CONDITION_KINDS,
  RUN_FORMAT_VERSION,
  conditionId,
  type ConditionKind,
  type JsonValue,
  type MetricRecord,
  type RunConfig,
} from 'rethink/core';

/** Names that try to break out of HTML text, attributes and SVG. */
export const HOSTILE_NAMES = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "it's & <b>bold</b>",
  '</svg><script>',
  ']]><!--',
] as const;

/** A condition: its kind, p where the kind has one, and its id (usually {@link conditionId}, sometimes a hostile or arbitrary name). */
export interface ConditionArb {
  readonly name: string;
  readonly kind: ConditionKind;
  readonly p: number | null;
}

/** A p in [0, 1] on a 1/100 grid (exact decimals, so ids like `corrupt-labels@0.37` round-trip). */
const level = fc.integer({ min: 0, max: 100 }).map((i) => i / 100);

/** kind and p, consistent the way the format demands. */
export const kindAndP: fc.Arbitrary<{ kind: ConditionKind; p: number | null }> = fc
  .constantFrom(...CONDITION_KINDS)
  .chain((kind): fc.Arbitrary<{ kind: ConditionKind; p: number | null }> => {
    if (kind === 'corrupt-labels') return level.map((p) => ({ kind, p: p as number | null }));
    if (kind === 'true-labels') return fc.constantFrom<number | null>(null, 0).map((p) => ({ kind, p }));
    if (kind === 'random-labels') return fc.constantFrom<number | null>(null, 1).map((p) => ({ kind, p }));
    return fc.constant({ kind, p: null as number | null });
  });

/** A condition with a usually-standard id, sometimes a hostile or arbitrary printable one. */
export const conditionArb: fc.Arbitrary<ConditionArb> = fc
  .tuple(
    kindAndP,
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(null) },
      fc.constantFrom(...HOSTILE_NAMES),
      fc.string({ minLength: 1, maxLength: 24 }),
    ),
  )
  .map(([{ kind, p }, name]) => ({ kind, p, name: name ?? conditionId(kind, kind === 'corrupt-labels' ? p : null) }));

/** Accuracy in [0, 1] on a 1/1000 grid. */
const accuracy = fc.integer({ min: 0, max: 1000 }).map((i) => i / 1000);
/** A loss, or null for a diverged one. */
const loss = fc.option(
  fc.integer({ min: 0, max: 50_000 }).map((i) => i / 10_000),
  { freq: 8 },
);

/** One condition's epochs: strictly increasing epochs, non-decreasing steps and seconds. */
export function conditionRecords(condition: ConditionArb, maxEpochs = 8): fc.Arbitrary<MetricRecord[]> {
  const epochArb = fc.record({
    epochGap: fc.integer({ min: 1, max: 3 }),
    steps: fc.integer({ min: 0, max: 40 }),
    millis: fc.integer({ min: 0, max: 5000 }),
    trainLoss: loss,
    trainAccuracy: accuracy,
    testLoss: loss,
    testAccuracy: accuracy,
    lr: fc.integer({ min: 0, max: 1000 }).map((i) => i / 10_000),
  });
  return fc.array(epochArb, { minLength: 1, maxLength: maxEpochs }).map((epochs) => {
    let epoch = 0;
    let step = 0;
    let millis = 0;
    return epochs.map((e) => {
      epoch += e.epochGap;
      step += e.steps;
      millis += e.millis;
      return {
        condition: condition.name,
        kind: condition.kind,
        p: condition.p,
        epoch,
        step,
        trainLoss: e.trainLoss,
        trainAccuracy: e.trainAccuracy,
        testLoss: e.testLoss,
        testAccuracy: e.testAccuracy,
        lr: e.lr,
        seconds: millis / 1000,
      };
    });
  });
}

/** Several conditions with distinct ids and their records, concatenated in condition order. */
export function metricSetArb(
  maxConditions = 6,
  maxEpochs = 8,
): fc.Arbitrary<{ conditions: ConditionArb[]; records: MetricRecord[] }> {
  return fc
    .uniqueArray(conditionArb, { minLength: 1, maxLength: maxConditions, selector: (c) => c.name })
    .chain((conditions) =>
      fc
        .tuple(...conditions.map((c) => conditionRecords(c, maxEpochs)))
        .map((groups) => ({ conditions, records: groups.flat() })),
    );
}

/** A valid `config.json` for the given condition ids. */
export function sampleConfig(conditions: readonly string[], classes = 10): RunConfig {
  return {
    formatVersion: RUN_FORMAT_VERSION,
    runId: 'spec-run',
    dataset: { name: 'mnist', checksum: 'sha256:spec', classes },
    samples: 100,
    testSamples: 50,
    model: 'mlp-1x512',
    parameters: 407_050,
    conditions: [...conditions],
    corruption: [0.2, 0.4],
    epochs: 30,
    batchSize: 32,
    lr: 0.01,
    lrSchedule: { kind: 'constant' },
    seed: 1,
    backend: { name: 'cpu' },
    versions: { node: 'v20' },
    startedAt: '2025-01-01T00:00:00.000Z',
  };
}

/** JSON values for the opaque randomization records (bounded depth). */
const jsonRecord: fc.Arbitrary<JsonValue> = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>;

/** A whole run as {@link readRun} returns it: metrics, a summary derived from them, maybe a theorem panel and records. */
export function runFilesArb(maxConditions = 6, maxEpochs = 8): fc.Arbitrary<RunFiles> {
  return fc
    .record({
      set: metricSetArb(maxConditions, maxEpochs),
      classes: fc.integer({ min: 2, max: 100 }),
      model: fc.constantFrom('mlp-1x512', 'mlp-3x512', 'cnn', 'alexnet', 'inception', 'other <model>'),
      theorem: fc.option(
        fc.record({
          n: fc.integer({ min: 1, max: 5000 }),
          d: fc.integer({ min: 1, max: 3072 }),
          error: fc.integer({ min: 0, max: 1000 }),
        }),
        { freq: 2 },
      ),
      records: fc.array(jsonRecord, { maxLength: 3 }),
      derived: fc.boolean(),
    })
    .map(({ set, classes, model, theorem, records, derived }) => {
      const names = set.conditions.map((c) => c.name);
      const randomization: Record<string, JsonValue> = {};
      records.forEach((r, i) => {
        const name = names[i % names.length] as string;
        randomization[name] = r;
      });
      return {
        dir: 'spec-run',
        config: { ...sampleConfig(names, classes), model },
        metrics: { records: set.records, truncated: null, validBytes: 0 },
        summary: {
          formatVersion: RUN_FORMAT_VERSION,
          conditions: summarizeMetrics(set.records),
          theorem:
            theorem === null
              ? null
              : {
                  n: theorem.n,
                  d: theorem.d,
                  parameters: 2 * theorem.n + theorem.d,
                  maxAbsError: theorem.error / 1e6,
                  exact: theorem.error === 0,
                  seconds: 0.5,
                  labels: 'random' as const,
                },
          randomization,
        },
        summaryDerived: derived,
        derivedConditions: derived ? [...new Set(set.records.map((r) => r.condition))] : [],
      };
    });
}
