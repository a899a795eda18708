import { existsSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { dataChecksum, loadDataSet } from 'rethink/data';
import type { DataSet } from 'rethink/data';
import { applyCondition } from 'rethink/randomize';
import {
  appendMetric,
  buildReport,
  readConfig,
  readSummary,
  repairMetrics,
  writeConfig,
  writeSummary,
} from 'rethink/report';
import { RUN_FILES, RUN_FORMAT_VERSION, toJsonValue } from 'rethink/core';
import type {
  BackendInfo,
  ConditionSummary,
  JsonValue,
  LrSchedule,
  MetricRecord,
  RunConfig,
  RunSummary,
  TheoremPanel,
  TheoremSkipped,
} from 'rethink/core';
import { buildModel, countParameters, readCheckpoint, removeCheckpoint, trainModel } from 'rethink/train';
import { selectBackend } from 'rethink/train';
import type { BatchProgress, EpochRecord, ModelName, TrainResult } from 'rethink/train';
import { ExperimentError } from './errors.ts';
import { gridConditions } from './grid.ts';
import type { GridCondition } from './grid.ts';
import { metricRecords } from './_metrics.ts';
import { packageVersions, rewriteMetrics } from './_files.ts';
import { claimRunFolder, lockRunFolder } from './_run-folder.ts';
import { theoremPanel } from './_theorem-panel.ts';

/** Options of {@link reproduce}; every field has a default ({@link REPRODUCE_DEFAULTS}). */
export interface ReproduceOptions {
  /** A `--dataset` name (see `loadDataSet`); default the bundled MNIST digits. */
  readonly dataset?: string;
  /** Training and test images kept (seeded, class-stratified subsets). */
  readonly samples?: number;
  readonly testSamples?: number;
  readonly model?: ModelName;
  /** Condition names and corruption levels (see `gridConditions`). */
  readonly conditions?: readonly string[];
  readonly corruption?: readonly number[];
  /** Epoch cap per condition. */
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly lr?: number;
  readonly schedule?: LrSchedule;
  /** Seeds the data subsets, every randomization, the initial weights and the shuffles. */
  readonly seed?: number;
  /** `auto`, `tensorflow`, `webgpu`, `wasm` or `cpu` (default: `RETHINK_BACKEND`, else `auto`). */
  readonly backend?: string;
  /** The run folder; a folder holding an unfinished run of the same configuration is resumed. */
  readonly out?: string;
  /** Folder for new runs when `out` is not given: `<reportsDir>/<run-id>`. */
  readonly reportsDir?: string;
  /** Build the Theorem 1 panel (default true). */
  readonly theorem?: boolean;
  /** Environment for `RETHINK_BACKEND`, `RETHINK_DATA`, … (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Stops after the current batch; what finished stays on disk and a later call resumes. */
  readonly signal?: AbortSignal;
  /** Progress events (for the CLI's display). */
  readonly onEvent?: (event: ReproduceEvent) => void;
}

/**
 * The default grid, sized so that the whole grid on the bundled MNIST digits finishes in minutes on a 2-core
 * machine without a GPU, while still showing the paper's effects (see the README for measured times).
 */
export const REPRODUCE_DEFAULTS = {
  dataset: 'mnist',
  samples: 500,
  testSamples: 500,
  model: 'mlp1x512' as ModelName,
  epochs: 300,
  batchSize: 64,
  lr: 0.01,
  schedule: { kind: 'constant' } as LrSchedule,
  seed: 0,
  reportsDir: 'reports',
};

/** What {@link reproduce} reports while it runs. */
export type ReproduceEvent =
  | {
      readonly type: 'start';
      readonly runDir: string;
      readonly config: RunConfig;
      readonly backend: BackendInfo;
      readonly resumed: boolean;
    }
  | { readonly type: 'theorem'; readonly panel: TheoremPanel | TheoremSkipped }
  | {
      readonly type: 'condition';
      readonly index: number;
      readonly total: number;
      readonly id: string;
      readonly resumedFrom: number | null;
      readonly skipped: boolean;
    }
  | { readonly type: 'batch'; readonly id: string; readonly progress: BatchProgress; readonly epochs: number }
  | { readonly type: 'epoch'; readonly id: string; readonly record: EpochRecord; readonly epochs: number }
  | { readonly type: 'condition-done'; readonly id: string; readonly summary: ConditionSummary }
  | { readonly type: 'done'; readonly runDir: string; readonly report: string; readonly aborted: boolean };

/** What {@link reproduce} returns. */
export interface ReproduceResult {
  readonly runDir: string;
  /** The report page (null when the run was aborted before it finished). */
  readonly report: string | null;
  readonly summary: RunSummary;
  readonly aborted: boolean;
}

/**
 * Fields that must agree for a run folder to be resumed. The epoch cap is one of them: a condition that stopped at
 * one cap has no checkpoint left to train on from, so a different cap is a different run, and config.json,
 * summary.json and the metrics never disagree about it.
 */
const RESUME_FIELDS = [
  'epochs',
  'dataset',
  'samples',
  'testSamples',
  'model',
  'conditions',
  'corruption',
  'batchSize',
  'lr',
  'lrSchedule',
  'seed',
] as const;

function newRunId(options: { dataset: string; model: string; seed: number }): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace(/Z$/, '');
  const dataset = options.dataset.replace(/[^A-Za-z0-9_-]+/g, '_');
  return `${stamp}-${dataset}-${options.model}-seed${options.seed}`;
}

function checkpointDirFor(runDir: string, cell: GridCondition): string {
  return join(runDir, 'checkpoints', cell.id.replace(/[^A-Za-z0-9._-]+/g, '_'));
}

const STOPPED_BY = { target: 'fitted', epochs: 'epochs', diverged: 'diverged', aborted: 'aborted' } as const;

function conditionSummary(
  cell: GridCondition,
  result: TrainResult,
  records: readonly MetricRecord[],
): ConditionSummary {
  const backends = [...new Set(records.flatMap((r) => (r.condition === cell.id && r.backend ? [r.backend] : [])))];
  return {
    condition: cell.id,
    kind: cell.kind,
    p: cell.p,
    fitted: result.fitted,
    epochs: result.epochs,
    epochsToFit: result.epochsToFit,
    stepsToFit: result.stepsToFit,
    secondsToFit: result.secondsToFit,
    finalTrainAccuracy: result.finalTrainAccuracy,
    finalTestAccuracy: result.finalTestAccuracy ?? 0,
    finalTrainLoss: Number.isFinite(result.finalTrainLoss) ? result.finalTrainLoss : null,
    stoppedBy: result.fitted ? 'fitted' : STOPPED_BY[result.stoppedBy],
    backends: backends.map((name) => ({ name })),
  };
}

async function existingSummary(runDir: string): Promise<RunSummary | null> {
  return existsSync(join(runDir, RUN_FILES.summary)) ? readSummary(runDir) : null;
}

/**
 * Runs the paper's randomization grid on one data set and model: for each condition, randomizes the data
 * (`applyCondition`), trains to fit (training accuracy 1.0) or to the epoch cap, and records every epoch.
 *
 * Everything lands in the run folder as it happens: `config.json` first, one `metrics.jsonl` line per epoch
 * (flushed), `summary.json` after each condition, a checkpoint per epoch of the running condition, and
 * `index.html` at the end. Started again on the same folder, it skips finished conditions and resumes the
 * unfinished one from its last checkpoint; the metrics then equal an uninterrupted run's (bit-identical on
 * the cpu and wasm backends, wall times aside). A folder holding a different configuration throws
 * {@link ExperimentError} naming the fields that differ.
 *
 * @example
 * ```ts
 * import { reproduce } from 'rethink/experiment';
 * const { summary } = await reproduce({ samples: 100, testSamples: 100, conditions: ['random'], epochs: 2, backend: 'cpu', out: 'reports/.example-run', theorem: false });
 * console.log(summary.conditions[0]?.condition); // random-labels
 * ```
 */
export async function reproduce(options: ReproduceOptions = {}): Promise<ReproduceResult> {
  const o = {
    ...REPRODUCE_DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as typeof REPRODUCE_DEFAULTS & ReproduceOptions;
  const grid = gridConditions({
    ...(o.conditions ? { conditions: o.conditions } : {}),
    ...(o.corruption ? { corruption: o.corruption } : {}),
  });
  const runDir = resolve(o.out ?? join(o.reportsDir, newRunId({ dataset: o.dataset, model: o.model, seed: o.seed })));
  // Refuse a file, a foreign folder or a folder another process is writing, before anything is written.
  const { resuming, created } = await claimRunFolder(runDir);
  const unlock = await lockRunFolder(runDir);
  try {
    return await run(o, grid, runDir, resuming ? await readConfig(runDir) : null, options);
  } finally {
    await unlock();
    // A run that failed before writing anything (bad data, a bad option) leaves no empty folder behind.
    if (created) await rmdir(runDir).catch(() => undefined);
  }
}

async function run(
  o: typeof REPRODUCE_DEFAULTS & ReproduceOptions,
  grid: readonly GridCondition[],
  runDir: string,
  previous: RunConfig | null,
  options: ReproduceOptions,
): Promise<ReproduceResult> {
  const emit = options.onEvent ?? (() => {});
  const env = options.env ?? process.env;
  const backend: BackendInfo = await selectBackend({ ...(o.backend !== undefined ? { backend: o.backend } : {}), env });
  const data: DataSet = await loadDataSet(o.dataset, {
    samples: o.samples,
    testSamples: o.testSamples,
    seed: o.seed,
    env,
  });
  const inputShape = [data.train.height, data.train.width, data.train.channels] as [number, number, number];
  const probe = buildModel(o.model, inputShape, data.train.classes, { seed: o.seed });
  const parameters = countParameters(probe);
  probe.dispose();

  const config: RunConfig = {
    formatVersion: RUN_FORMAT_VERSION,
    runId: basename(runDir),
    dataset: {
      name: data.name,
      checksum: dataChecksum(data),
      classes: data.train.classes,
      shape: [data.train.height, data.train.width, data.train.channels],
    },
    samples: data.train.n,
    testSamples: data.test.n,
    model: o.model,
    parameters,
    conditions: grid.map((c) => c.id),
    corruption: [...(o.corruption ?? [])],
    epochs: o.epochs,
    batchSize: o.batchSize,
    lr: o.lr,
    lrSchedule: o.schedule,
    seed: o.seed,
    backend,
    versions: await packageVersions(),
    startedAt: new Date().toISOString(),
    extra: { momentum: 0.9, fitAccuracy: 1, metricSeconds: 'cumulative training seconds, evaluation passes excluded' },
  };

  if (previous) {
    const differs = RESUME_FIELDS.filter((field) => JSON.stringify(previous[field]) !== JSON.stringify(config[field]));
    if (differs.length > 0) {
      const shown = differs.map((f) => `${f} ${JSON.stringify(previous[f])} → ${JSON.stringify(config[f])}`);
      throw new ExperimentError(
        `reproduce: ${runDir} holds a different run (${shown.join('; ')}); choose another --out or the same options`,
        { dir: runDir, fields: differs },
      );
    }
  } else {
    // Written once: a resumed run keeps the record of how it started; each epoch's backend is in the metrics.
    await writeConfig(runDir, config);
  }
  emit({ type: 'start', runDir, config: previous ?? config, backend, resumed: previous !== null });

  const prior = await existingSummary(runDir);
  const finished = new Map<string, ConditionSummary>((prior?.conditions ?? []).map((c) => [c.condition, c]));
  const randomization: Record<string, JsonValue> = { ...(prior?.randomization ?? {}) };
  let theorem: TheoremPanel | TheoremSkipped | null = prior?.theorem ?? null;
  const summaryNow = (done: boolean): RunSummary => ({
    formatVersion: RUN_FORMAT_VERSION,
    conditions: grid.flatMap((c) => finished.get(c.id) ?? []),
    theorem,
    randomization,
    ...(done ? { finishedAt: new Date().toISOString() } : {}),
  });

  if ((options.theorem ?? true) && theorem === null) {
    // The panel is an addition to the run, not a precondition: when the theorem does not apply, it says why.
    theorem = theoremPanel(data.train, o.seed);
    emit({ type: 'theorem', panel: theorem });
    await writeSummary(runDir, summaryNow(false));
  }

  let records: MetricRecord[] = [...(await repairMetrics(runDir)).records];
  let aborted = false;
  for (const [index, cell] of grid.entries()) {
    if (finished.has(cell.id)) {
      emit({ type: 'condition', index, total: grid.length, id: cell.id, resumedFrom: null, skipped: true });
      continue;
    }
    if (options.signal?.aborted) {
      aborted = true;
      break;
    }
    const checkpointDir = checkpointDirFor(runDir, cell);
    const checkpoint = await readCheckpoint(checkpointDir);
    const history = checkpoint?.state.history ?? [];
    // Make the metrics file agree with the checkpoint: lines written after it (or lost before it) are redone.
    records = [...records.filter((r) => r.condition !== cell.id), ...metricRecords(cell, history)];
    await rewriteMetrics(runDir, records);
    emit({
      type: 'condition',
      index,
      total: grid.length,
      id: cell.id,
      resumedFrom: checkpoint?.state.epoch ?? null,
      skipped: false,
    });

    // Noise drawn from uint8 data is put on the unit scale the trainer gives uint8 pixels (÷ 255).
    const noiseScale = data.train.images instanceof Uint8Array ? 1 / 255 : 1;
    const { dataSet: randomized, record } = applyCondition(data, cell.condition, o.seed, { noiseScale });
    randomization[cell.id] = toJsonValue(record);
    let seconds = history.reduce((sum, r) => sum + r.seconds, 0);
    const result = await trainModel(randomized, {
      model: o.model,
      seed: o.seed,
      epochs: o.epochs,
      batchSize: o.batchSize,
      lr: o.lr,
      schedule: o.schedule,
      checkpointDir,
      resume: true,
      ...(options.signal ? { signal: options.signal } : {}),
      onBatch: (progress) => emit({ type: 'batch', id: cell.id, progress, epochs: o.epochs }),
      onEpoch: async (epochRecord) => {
        seconds += epochRecord.seconds;
        const [line] = metricRecords(cell, [epochRecord]);
        const metric = { ...line!, seconds };
        records.push(metric);
        await appendMetric(runDir, metric, { sync: true });
        emit({ type: 'epoch', id: cell.id, record: epochRecord, epochs: o.epochs });
      },
    });
    if (result.stoppedBy === 'aborted') {
      aborted = true;
      break;
    }
    const summary = conditionSummary(cell, result, records);
    finished.set(cell.id, summary);
    await writeSummary(runDir, summaryNow(false));
    await removeCheckpoint(checkpointDir);
    emit({ type: 'condition-done', id: cell.id, summary });
  }

  const summary = summaryNow(!aborted);
  await writeSummary(runDir, summary);
  let report: string | null = null;
  if (!aborted) {
    // Only the folder this run made, and only if it is empty: files someone else put there stay.
    await rmdir(join(runDir, 'checkpoints')).catch(() => undefined);
    report = (await buildReport(runDir)).file;
  }
  emit({ type: 'done', runDir, report: report ?? '', aborted });
  return { runDir, report, summary, aborted };
}
