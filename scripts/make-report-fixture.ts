/**
 * Writes `fixtures/report/sample-run/`: a small, deterministic, synthetic run folder (config.json,
 * metrics.jsonl, summary.json) in the run-file format of `src/report`, for the report specs and for trying
 * `rethink report` by hand. The curves are made up (seeded), shaped like the paper's: every condition's
 * training loss falls to ~0, random labels take about 3× the steps of true labels, test error rises with
 * label corruption to chance; `corrupt-labels@0.8` is left unfitted at the epoch cap so the page shows that case.
 *
 * Run: `npx tsx scripts/make-report-fixture.ts` (rewrites the folder; the output is byte-for-byte stable).
 * Try: `npx rethink report fixtures/report/sample-run --out /tmp/report.html`.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRng } from 'rethink/core';
import { appendMetric, summarizeMetrics, writeConfig, writeSummary } from 'rethink/report';
import {
  RUN_FORMAT_VERSION,
  conditionId,
  type ConditionKind,
  type JsonValue,
  type MetricRecord,
  type RunConfig,
} from 'rethink/core';

const dir = resolve(import.meta.dirname, '..', 'fixtures', 'report', 'sample-run');
const SEED = 7;
const SAMPLES = 512;
const BATCH = 64;
const STEPS_PER_EPOCH = SAMPLES / BATCH;
const EPOCHS = 40;
const CLASSES = 10;

/** kind, p, the epoch it fits at (null: not within the cap), final test accuracy. */
const GRID: ReadonlyArray<readonly [ConditionKind, number | null, number | null, number]> = [
  ['true-labels', null, 12, 0.912],
  ['random-labels', null, 36, 0.094],
  ['shuffled-pixels', null, 13, 0.905],
  ['random-pixels', null, 24, 0.101],
  ['gaussian-pixels', null, 21, 0.098],
  ['uniform-pixels', null, 22, 0.103],
  ['corrupt-labels', 0.2, 19, 0.742],
  ['corrupt-labels', 0.4, 25, 0.553],
  ['corrupt-labels', 0.6, 30, 0.371],
  ['corrupt-labels', 0.8, null, 0.196],
];

async function main(): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  const conditions = GRID.map(([kind, p]) => conditionId(kind, p));
  const config: RunConfig = {
    formatVersion: RUN_FORMAT_VERSION,
    runId: 'sample-run',
    dataset: {
      name: 'mnist',
      checksum: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
      classes: CLASSES,
      imageShape: [28, 28, 1],
      source: 'synthetic fixture',
    },
    samples: SAMPLES,
    testSamples: 256,
    model: 'mlp-1x512',
    parameters: 784 * 512 + 512 + 512 * 10 + 10,
    conditions,
    corruption: [0.2, 0.4, 0.6, 0.8],
    epochs: EPOCHS,
    batchSize: BATCH,
    lr: 0.01,
    lrSchedule: { kind: 'constant' },
    seed: SEED,
    backend: { name: 'tensorflow', device: 'cpu', threads: 2 },
    versions: { node: 'v20.19.0', rethink: '0.1.0', '@tensorflow/tfjs': '4.22.0' },
    startedAt: '2025-01-01T12:00:00.000Z',
    extra: { momentum: 0.9, fitAccuracy: 1, note: 'synthetic curves for the report specs' },
  };
  await writeConfig(dir, config);

  const rng = createRng(SEED, 'report-fixture');
  const all: MetricRecord[] = [];
  const randomization: Record<string, JsonValue> = {};
  for (const [kind, p, fitEpoch, finalTest] of GRID) {
    const condition = conditionId(kind, p);
    const span = fitEpoch ?? EPOCHS * 1.15;
    let seconds = 0;
    for (let epoch = 1; epoch <= (fitEpoch ?? EPOCHS); epoch++) {
      const t = epoch / span;
      const noise = 1 + 0.04 * (rng.float() - 0.5);
      const trainLoss = round(2.3 * Math.exp(-4.6 * t ** 1.6) * noise, 5);
      const trainAccuracy =
        fitEpoch !== null && epoch === fitEpoch
          ? 1
          : round(Math.min(0.999, 0.1 + 0.9 * (1 - Math.exp(-5 * t ** 2))), 4);
      const testAccuracy = round(0.1 + (finalTest - 0.1) * ((trainAccuracy - 0.1) / 0.9), 4);
      seconds = round(seconds + 0.3 + 0.05 * rng.float(), 3);
      const record: MetricRecord = {
        condition,
        kind,
        p,
        epoch,
        step: epoch * STEPS_PER_EPOCH,
        trainLoss,
        trainAccuracy,
        testLoss: round(2.3 + 0.8 * t * (1 - finalTest), 4),
        testAccuracy,
        lr: 0.01,
        seconds,
      };
      await appendMetric(dir, record);
      all.push(record);
    }
    randomization[condition] = randomizationRecord(kind, p);
  }

  await writeSummary(dir, {
    formatVersion: RUN_FORMAT_VERSION,
    conditions: summarizeMetrics(all),
    theorem: {
      n: SAMPLES,
      d: 784,
      parameters: 2 * SAMPLES + 784,
      maxAbsError: 0,
      exact: true,
      seconds: 0.84,
      labels: 'random',
      errorBound: 0,
    },
    randomization,
    finishedAt: '2025-01-01T12:03:10.000Z',
  });
  console.log(`wrote ${join(dir, 'config.json')}, metrics.jsonl (${all.length} records), summary.json`);
}

function randomizationRecord(kind: ConditionKind, p: number | null): JsonValue {
  switch (kind) {
    case 'true-labels':
      return { kind };
    case 'random-labels':
      return { kind, seed: SEED, stream: 'labels', p: 1, changed: 461, fractionChanged: 0.9004 };
    case 'corrupt-labels':
      return {
        kind,
        seed: SEED,
        stream: 'labels',
        p,
        changed: Math.round(SAMPLES * (p ?? 0) * 0.9),
        fractionChanged: round((p ?? 0) * 0.9, 4),
      };
    case 'shuffled-pixels':
      return { kind, seed: SEED, stream: 'pixels', permutationHead: [412, 3, 77, 598, 250, 131, 9, 700] };
    case 'random-pixels':
      return { kind, seed: SEED, stream: 'pixels', perImage: true };
    case 'gaussian-pixels':
      return { kind, seed: SEED, stream: 'pixels', mean: 0.1307, std: 0.3081 };
    case 'uniform-pixels':
      return { kind, seed: SEED, stream: 'pixels', low: 0, high: 1 };
  }
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

await main();
