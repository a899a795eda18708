import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  ArgumentError,
  ensure,
  PLAN_FILES,
  PLAN_FORMAT_VERSION,
  toJsonValue,
  writeAtomic,
  type Cell,
  type CellResult,
  type Condition,
  type MetricRecord,
} from 'rethink/core';
import { dataChecksum } from 'rethink/data';
import { applyCondition } from 'rethink/randomize';
import { appendMetric } from 'rethink/report';
import {
  readCheckpoint,
  removeCheckpoint,
  trainModel,
  type BatchProgress,
  type EpochRecord,
  type ModelName,
} from 'rethink/train';
import { cellDir, readCellResult } from './_cell-files.ts';
import { loadCellData } from './load-cell-data.ts';
import { metricRecords } from './_metrics.ts';
import { packageVersions, rewriteMetrics } from './_files.ts';

/** Options of {@link runCell}. */
export interface RunCellOptions {
  /** Environment for `RETHINK_DATA` (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Stops after the current batch; the checkpoint of the last finished epoch stays, and a later call resumes. */
  readonly signal?: AbortSignal;
  /** The host recorded with the backend (default this machine's name). */
  readonly host?: string;
  /** The backend as `selectBackend` set it up, recorded in the result (default: its tfjs name only). */
  readonly backend?: { readonly name: string; readonly [key: string]: unknown };
  /**
   * Least seconds of training between two checkpoint writes (default `env.RETHINK_CHECKPOINT_EVERY`, else
   * {@link RUN_CELL_DEFAULTS}' 10; 0 writes one after every epoch). A stop by `signal` still keeps the last finished epoch; a crash loses at most this
   * much. Writing a checkpoint of a small model can take as long as a fast epoch, so every epoch is costly.
   */
  readonly checkpointEvery?: number;
  readonly onEvent?: (event: CellEvent) => void;
}

/** The defaults of {@link RunCellOptions}. */
export const RUN_CELL_DEFAULTS = { checkpointEvery: 10 } as const;

/** What {@link runCell} reports while it trains. */
export type CellEvent =
  | { readonly type: 'cell-start'; readonly cell: Cell; readonly resumedFrom: number | null }
  | { readonly type: 'batch'; readonly cell: Cell; readonly progress: BatchProgress }
  | { readonly type: 'epoch'; readonly cell: Cell; readonly record: EpochRecord };

/** How a {@link runCell} call ended. */
export interface CellOutcome {
  /** `done`: trained to its end now; `finished`: it had been finished before; `aborted`: stopped by the signal. */
  readonly status: 'done' | 'finished' | 'aborted';
  /** The result (null when aborted). */
  readonly result: CellResult | null;
}

/**
 * Trains one cell of a plan into its own folder `cells/<id>/` of the run folder — a self-contained unit of work:
 * its inputs are the cell (as `cell.json` holds it), its outputs its folder. It loads and prepares the cell's
 * data, applies the cell's randomization with the cell's seed, and trains its model with its regularizers and
 * optimizer, appending one metrics line per epoch and checkpointing every `checkpointEvery` seconds. A finished cell (`result.json`
 * present) is not trained again; an unfinished one resumes from its checkpoint, and its metrics then equal an
 * uninterrupted run's (bit-identical on the CPU backends, wall times aside). Only the files it wrote are removed.
 *
 * @example
 * ```ts
 * import { expandPlan, resolvePlan, runCell, writeCellFile } from 'rethink/experiment';
 * const plan = resolvePlan({ dataset: 'mnist', samples: 64, testSamples: 32, models: ['mlp1x512'], conditions: ['random'], optimizer: { epochs: 2 } });
 * const [cell] = expandPlan(plan);
 * await writeCellFile('reports/.example-cell', cell!);
 * const { status, result } = await runCell('reports/.example-cell', cell!);
 * console.log(status, result?.epochs); // done 2
 * ```
 */
export async function runCell(runDir: string, cell: Cell, options: RunCellOptions = {}): Promise<CellOutcome> {
  const dir = cellDir(runDir, cell.id);
  const checkpointEvery = options.checkpointEvery ?? checkpointEveryOf(options.env ?? process.env);
  const finished = await readCellResult(runDir, cell.id);
  if (finished !== null) return { status: 'finished', result: finished };
  const emit = options.onEvent ?? (() => {});
  const startedAt = new Date().toISOString();
  const { data, crop, scaling } = await loadCellData(cell, options.env ? { env: options.env } : {});

  const checkpointDir = join(dir, PLAN_FILES.checkpoint);
  const checkpoint = await readCheckpoint(checkpointDir);
  const history = checkpoint?.state.history ?? [];
  const condition = { id: cell.condition.id, kind: cell.condition.kind, p: cell.condition.p };
  // The metrics agree with the checkpoint: lines written after it (or lost before it) are redone.
  const records: MetricRecord[] = metricRecords(condition, history);
  await rewriteMetrics(dir, records);
  emit({ type: 'cell-start', cell, resumedFrom: checkpoint?.state.epoch ?? null });

  // Noise drawn from uint8 data is put on the unit scale the trainer gives uint8 pixels (÷ 255).
  const noiseScale = data.train.images instanceof Uint8Array ? 1 / 255 : 1;
  const { set: randomized, record } = applyCondition(data, toCondition(cell.condition), cell.seed, { noiseScale });
  let seconds = history.reduce((sum, r) => sum + r.seconds, 0);
  const o = cell.optimizer;
  const result = await trainModel(randomized, {
    model: cell.model as ModelName,
    seed: cell.seed,
    epochs: o.epochs,
    batchSize: o.batchSize,
    lr: o.lr,
    schedule: o.schedule,
    momentum: o.momentum,
    weightDecay: cell.weightDecay,
    crop,
    scaling,
    targetAccuracy: o.targetAccuracy,
    stopOnFit: o.stopOnFit,
    checkpointDir,
    checkpointEvery,
    resume: true,
    ...(options.signal ? { signal: options.signal } : {}),
    onBatch: (progress) => emit({ type: 'batch', cell, progress }),
    onEpoch: async (epochRecord) => {
      seconds += epochRecord.seconds;
      const [line] = metricRecords(condition, [epochRecord]);
      const metric = { ...(line as MetricRecord), seconds };
      records.push(metric);
      // Not flushed: on a resume the lines after the checkpoint are rewritten from it anyway.
      await appendMetric(dir, metric);
      emit({ type: 'epoch', cell, record: epochRecord });
    },
  });
  if (result.stoppedBy === 'aborted') return { status: 'aborted', result: null };

  const host = options.host ?? hostname();
  const backendNames = [...new Set(records.flatMap((r) => (r.backend ? [r.backend] : [])))];
  const recorded = options.backend;
  const backends = backendNames.map((name) =>
    recorded !== undefined && recorded.name === name
      ? { ...(toJsonValue(recorded) as Record<string, never>), name, host }
      : { name, host },
  );
  const testAccuracies = records.map((r) => r.testAccuracy);
  const out: CellResult = {
    formatVersion: PLAN_FORMAT_VERSION,
    cellId: cell.id,
    fitted: result.fitted,
    stoppedBy: result.fitted || result.stoppedBy === 'target' ? 'fitted' : result.stoppedBy,
    epochs: result.epochs,
    epochsToFit: result.epochsToFit,
    stepsToFit: result.stepsToFit,
    secondsToFit: result.secondsToFit,
    finalTrainAccuracy: result.finalTrainAccuracy,
    finalTestAccuracy: result.finalTestAccuracy ?? 0,
    bestTestAccuracy: testAccuracies.length > 0 ? Math.max(...testAccuracies) : 0,
    finalTrainLoss: Number.isFinite(result.finalTrainLoss) ? result.finalTrainLoss : null,
    parameters: result.parameters,
    dataChecksum: dataChecksum(randomized),
    classes: randomized.train.classes,
    backends,
    randomization: toJsonValue(record),
    versions: await packageVersions(),
    startedAt,
    finishedAt: new Date().toISOString(),
  };
  // result.json is written last: a cell is finished exactly when it exists.
  await writeAtomic('runCell', join(dir, PLAN_FILES.result), `${JSON.stringify(out, null, 2)}\n`);
  await removeCheckpoint(checkpointDir);
  return { status: 'done', result: out };
}

/** The randomizer's condition of a cell's condition. */
function toCondition(c: Cell['condition']): Condition {
  if (c.kind === 'corrupt-labels') return { kind: c.kind, p: c.p ?? 0 };
  return { kind: c.kind };
}

/** `RETHINK_CHECKPOINT_EVERY` (seconds ≥ 0) when set, else the default; a bad value is an {@link ArgumentError}. */
function checkpointEveryOf(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.RETHINK_CHECKPOINT_EVERY;
  if (raw === undefined || raw.trim() === '') return RUN_CELL_DEFAULTS.checkpointEvery;
  const seconds = Number(raw);
  ensure(
    Number.isFinite(seconds) && seconds >= 0,
    () =>
      new ArgumentError(
        `runCell: RETHINK_CHECKPOINT_EVERY must be a number of seconds ≥ 0, got ${JSON.stringify(raw)}`,
        {
          variable: 'RETHINK_CHECKPOINT_EVERY',
          value: raw,
        },
      ),
  );
  return seconds;
}
