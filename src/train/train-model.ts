import * as tf from '@tensorflow/tfjs';
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers';
import { ArgumentError, ShapeError, createRng, ensure, restoreRng } from 'rethink/core';
import type { Rng } from 'rethink/core';
import type { DataSet } from 'rethink/data';
import { buildBatch, resolveView } from './_batch.ts';
import type { CropOptions, InputView, Scaling } from './_batch.ts';
import { dataFingerprint } from './_fingerprint.ts';
import { MomentumSgd } from './_sgd.ts';
import { CheckpointError } from './errors.ts';
import { holdCheckpoint, readHeldCheckpoint, releaseCheckpoint } from './_held-checkpoint.ts';
import type { HeldCheckpoint } from './_held-checkpoint.ts';
import { evaluateSums } from './evaluate.ts';
import { buildModel, countParameters, isModelName, MODEL_NAMES } from './models/index.ts';
import type { InitScheme, ModelBuilder, ModelName } from './models/index.ts';
import { readCheckpoint } from './read-checkpoint.ts';
import { checkSchedule, DEFAULT_SCHEDULE, learningRate } from './schedule.ts';
import type { LrSchedule } from 'rethink/core';
import type { Checkpoint, EpochRecord, StopReason, TrainConfig, TrainMetric, TrainResult } from './types.ts';
import { writeCheckpoint } from './write-checkpoint.ts';

/** A model outside the registry: a name (recorded, and checked on resume) and its builder. */
export interface CustomModel {
  readonly name: string;
  readonly build: ModelBuilder;
}

/** Progress after each optimizer step (for a CLI progress bar; no device reads involved). */
export interface BatchProgress {
  /** 1-based epoch, 1-based batch within it, and batches per epoch. */
  readonly epoch: number;
  readonly batch: number;
  readonly batches: number;
  /** Optimizer steps taken so far in the run (cumulative). */
  readonly step: number;
  /** The learning rate of this step. */
  readonly lr: number;
}

/** What `onEpoch` sees besides the epoch's record. `model` is live only during the callback. */
export interface EpochContext {
  readonly model: tf.LayersModel;
  readonly config: TrainConfig;
  readonly history: readonly EpochRecord[];
}

/** Options of {@link trainModel}; every field but `model` has a default ({@link TRAIN_DEFAULTS}). */
export interface TrainOptions {
  /** A registered model name (`'cnn'`, `'mlp1x512'`, …) or a {@link CustomModel}. */
  readonly model: ModelName | CustomModel;
  /** Kernel initialization (default `'glorot'`). */
  readonly init?: InitScheme;
  /** Seeds the initial weights, the per-epoch shuffles and the crop offsets (separate streams). Default 0. */
  readonly seed?: number;
  /** Epoch cap (default 100). */
  readonly epochs?: number;
  readonly batchSize?: number;
  /** Base learning rate (default 0.01) and its schedule (default × 0.95 per epoch). */
  readonly lr?: number;
  readonly schedule?: LrSchedule;
  readonly momentum?: number;
  /** L2 weight decay on conv/dense kernels (not biases or batch-norm parameters); default 0. */
  readonly weightDecay?: number;
  /** Random-crop augmentation (default null: none); see {@link CropOptions}. */
  readonly crop?: CropOptions | null;
  readonly scaling?: Scaling;
  /** Training accuracy that counts as fitted (default 1.0) and whether to stop there (default true). */
  readonly targetAccuracy?: number;
  readonly stopOnFit?: boolean;
  /** How training accuracy is measured (default `'eval'`, a pass after each epoch); see {@link TrainMetric}. */
  readonly trainMetric?: TrainMetric;
  /** Evaluate the test set after every epoch (default true). */
  readonly evalTest?: boolean;
  readonly evalBatchSize?: number;
  /** Write checkpoints here (default: no checkpoints); see `checkpointEvery`. */
  readonly checkpointDir?: string;
  /**
   * Least seconds of work between two checkpoint writes (default 0: after every epoch). Between writes the last
   * finished epoch is held in memory (no copy), so a stop by `signal` or a thrown error still writes it, and the
   * final epoch is always written: only a killed process loses work, at most this many seconds. Not part of the
   * configuration: a run resumes whatever the interval.
   */
  readonly checkpointEvery?: number;
  /** Resume from the checkpoint in `checkpointDir` when there is one (default true). */
  readonly resume?: boolean;
  /** Stops the run before the next batch; the result then covers the completed epochs (`stoppedBy: 'aborted'`). */
  readonly signal?: AbortSignal;
  readonly onBatch?: (progress: BatchProgress) => void;
  /** Called after each epoch's record and checkpoint; awaited. */
  readonly onEpoch?: (record: EpochRecord, context: EpochContext) => void | Promise<void>;
}

/** Defaults of {@link TrainOptions}: the replication's set-up (SGD lr 0.01, momentum 0.9, × 0.95 per epoch, batch 128). */
export const TRAIN_DEFAULTS = {
  init: 'glorot',
  seed: 0,
  epochs: 100,
  batchSize: 128,
  lr: 0.01,
  schedule: DEFAULT_SCHEDULE,
  momentum: 0.9,
  weightDecay: 0,
  crop: null,
  scaling: 'unit',
  targetAccuracy: 1,
  stopOnFit: true,
  trainMetric: 'eval',
  evalTest: true,
  evalBatchSize: 256,
  checkpointEvery: 0,
  resume: true,
} as const;

/**
 * Trains a model on `data.train` with a custom loop (not `model.fit`) and returns a JSON-serializable
 * {@link TrainResult}.
 *
 * - **Optimizer**: SGD with momentum, optional L2 weight decay on kernels, learning-rate {@link LrSchedule}.
 * - **Batches** are built on the fly from the stored pixels (uint8 scaled to [0, 1] per batch, no float copy of
 *   the whole set), from a fresh permutation each epoch; the last batch of an epoch may be smaller
 *   (⌈n / batchSize⌉ steps per epoch). Optional random crops (centre crops for evaluation).
 * - **Determinism**: initial weights, shuffles and crops come from `createRng(seed, …)` streams; on a
 *   deterministic backend (stock `cpu`) the same options give a bit-identical history and weights.
 * - **Metrics**: after every epoch, training loss/accuracy (an evaluation pass by default, see
 *   {@link TrainMetric}) and test loss/accuracy; the running batch means are recorded too. Device values are
 *   read asynchronously once per epoch, never inside the step loop.
 * - **Stop**: when training accuracy reaches `targetAccuracy` (recording epochs, steps and training seconds to
 *   fit), at the epoch cap, on a non-finite loss, or on `signal`.
 * - **Checkpoints**: with `checkpointDir`, an atomic checkpoint after every epoch, or at most every
 *   `checkpointEvery` seconds (all weights, momentum slots, random-stream states, epoch, steps, history, config);
 *   with `resume` (default) a later call continues from
 *   it and yields the same later epochs as an uninterrupted run (bit-identical on `cpu`). A checkpoint written
 *   with a different configuration (anything but `epochs`) throws {@link CheckpointError}.
 * - **Memory**: every tensor it creates is disposed, the model included; `onEpoch` gets the live model.
 *
 * Throws {@link ArgumentError} for an option outside its domain and {@link ShapeError} when the splits'
 * shapes or class counts differ, the training set is empty, or the model's output is not `[batch, classes]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { createRng, imageSet } from 'rethink/data';
 * import { trainModel } from 'rethink/train';
 * await tf.setBackend('cpu');
 * const rng = createRng(1, 'demo');
 * const images = Uint8Array.from({ length: 32 * 8 * 8 }, () => rng.int(0, 255));
 * const labels = Int32Array.from({ length: 32 }, () => rng.int(0, 9));
 * const train = imageSet({ images, labels, height: 8, width: 8, channels: 1, classes: 10 });
 * const result = await trainModel({ name: 'noise', train, test: train }, {
 *   model: 'mlp1x512', batchSize: 32, lr: 0.05, schedule: { kind: 'constant' }, epochs: 100,
 * });
 * console.log(result.fitted, result.epochsToFit); // true and the epoch where random labels were memorized
 * ```
 */
export async function trainModel(data: DataSet, options: TrainOptions): Promise<TrainResult> {
  const started = performance.now();
  const { config, build, view } = resolveConfig(data, options);
  const { train, test } = data;
  const dir = options.checkpointDir;
  const checkpoint = dir !== undefined && (options.resume ?? TRAIN_DEFAULTS.resume) ? await readCheckpoint(dir) : null;
  if (checkpoint && dir !== undefined) checkCompatible(dir, checkpoint.state.config, config);
  const checkpointEvery = options.checkpointEvery ?? TRAIN_DEFAULTS.checkpointEvery;
  ensure(
    Number.isFinite(checkpointEvery) && checkpointEvery >= 0,
    () =>
      new ArgumentError(`trainModel: checkpointEvery must be a number of seconds ≥ 0, got ${checkpointEvery}`, {
        checkpointEvery,
      }),
  );

  const model = build(config.inputShape, config.classes, { seed: config.seed, init: config.init });
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const decayed = model.trainableWeights.map((w) => w.originalName.endsWith('/kernel'));
  const sgd = new MomentumSgd(vars, config.momentum, config.weightDecay, decayed);
  // The last finished epoch, and whether it is written yet (see `checkpointEvery`).
  let held: HeldCheckpoint | null = null;
  let heldWritten = false;
  let written = performance.now();
  const writeHeld = async (): Promise<void> => {
    if (held === null || heldWritten || dir === undefined) return;
    await writeCheckpoint(dir, await readHeldCheckpoint(held));
    heldWritten = true;
    written = performance.now();
  };
  try {
    const outShape = model.outputs[0]?.shape;
    ensure(
      model.outputs.length === 1 && outShape?.length === 2 && outShape[1] === config.classes,
      () =>
        new ShapeError(
          `trainModel: model '${config.model}' outputs ${JSON.stringify(outShape)}, expected [batch, ${config.classes}]`,
          {
            expected: [null, config.classes],
            actual: outShape,
          },
        ),
    );
    let epoch = 0;
    let steps = 0;
    const history: EpochRecord[] = [];
    let shuffleRng: Rng = createRng(config.seed, 'train/shuffle');
    let cropRng: Rng = createRng(config.seed, 'train/crop');
    let stoppedBy: StopReason | null = null;
    if (checkpoint && dir !== undefined) {
      restoreTensors(dir, checkpoint, model, sgd);
      ({ epoch, steps } = checkpoint.state);
      history.push(...checkpoint.state.history);
      shuffleRng = restoreRng(checkpoint.state.rng.shuffle);
      cropRng = restoreRng(checkpoint.state.rng.crop);
      stoppedBy = checkpoint.state.stoppedBy;
    }
    const resumedFrom = checkpoint ? epoch : null;
    const n = train.n;
    const batches = Math.ceil(n / config.batchSize);
    const [h, w, c] = config.inputShape;
    const evalView: InputView = view;

    while (stoppedBy === null && epoch < config.epochs) {
      const perm = shuffleRng.permutation(n);
      const epochStartSteps = steps;
      const lr0 = learningRate(config.lr, config.schedule, epoch, steps);
      const t0 = performance.now();
      let running: tf.Tensor1D = tf.zeros([2]);
      let aborted = false;
      for (let b = 0; b < batches; b++) {
        if (options.signal?.aborted) {
          aborted = true;
          break;
        }
        const start = b * config.batchSize;
        const count = Math.min(config.batchSize, n - start);
        const pixels = buildBatch(train, perm, start, count, view, config.crop ? cropRng : null);
        const labels = new Int32Array(count);
        for (let i = 0; i < count; i++) labels[i] = train.labels[perm[start + i] as number] as number;
        const rate = learningRate(config.lr, config.schedule, epoch, steps);
        const next = trainStep(model, vars, sgd, pixels, labels, [count, h, w, c], config.classes, rate, running);
        running.dispose();
        running = next;
        steps++;
        options.onBatch?.({ epoch: epoch + 1, batch: b + 1, batches, step: steps, lr: rate });
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (aborted) {
        running.dispose();
        steps = epochStartSteps;
        stoppedBy = 'aborted';
        await writeHeld();
        break;
      }
      const [lossSum, correct] = (await running.data()) as Float32Array;
      running.dispose();
      const seconds = (performance.now() - t0) / 1000;
      const runningLoss = (lossSum as number) / n;
      const runningAccuracy = (correct as number) / n;

      const t1 = performance.now();
      let trainLoss = runningLoss;
      let trainAccuracy = runningAccuracy;
      if (config.trainMetric === 'eval') {
        const sums = await evaluateSums(model, train, evalView, config.evalBatchSize);
        trainLoss = sums.loss / n;
        trainAccuracy = sums.correct / n;
      }
      let testLoss: number | null = null;
      let testAccuracy: number | null = null;
      if (config.evalTest && test.n > 0) {
        const sums = await evaluateSums(model, test, evalView, config.evalBatchSize);
        testLoss = sums.loss / test.n;
        testAccuracy = sums.correct / test.n;
      }
      const evalSeconds = (performance.now() - t1) / 1000;
      epoch++;
      const record: EpochRecord = {
        epoch,
        steps,
        lr: lr0,
        trainLoss,
        trainAccuracy,
        runningLoss,
        runningAccuracy,
        testLoss,
        testAccuracy,
        seconds,
        evalSeconds,
        backend: tf.getBackend(),
      };
      history.push(record);
      if (!Number.isFinite(runningLoss) || !Number.isFinite(trainLoss)) stoppedBy = 'diverged';
      else if (config.stopOnFit && trainAccuracy >= config.targetAccuracy) stoppedBy = 'target';
      if (dir !== undefined) {
        releaseCheckpoint(held);
        const state = {
          config,
          epoch,
          steps,
          history,
          rng: { shuffle: shuffleRng.snapshot(), crop: cropRng.snapshot() },
          stoppedBy,
        };
        held = holdCheckpoint(
          state,
          model.weights.map((v) => v.read()),
          sgd.velocities,
        );
        heldWritten = false;
        const last = stoppedBy !== null || epoch >= config.epochs;
        if (last || (performance.now() - written) / 1000 >= checkpointEvery) await writeHeld();
      }
      await options.onEpoch?.(record, { model, config, history });
    }
    return makeResult(config, model, history, stoppedBy ?? 'epochs', steps, resumedFrom, started);
  } catch (error) {
    // A failure loses nothing already finished: the held epoch is written (best effort) before the error goes on.
    await writeHeld().catch(() => undefined);
    throw error;
  } finally {
    releaseCheckpoint(held);
    sgd.dispose();
    model.dispose();
  }
}

/** One optimizer step; returns `running + [loss · count, correct]` (on the device). */
function trainStep(
  model: tf.LayersModel,
  vars: readonly tf.Variable[],
  sgd: MomentumSgd,
  pixels: Float32Array,
  labels: Int32Array,
  shape: [number, number, number, number],
  classes: number,
  rate: number,
  running: tf.Tensor1D,
): tf.Tensor1D {
  let correct: tf.Scalar | undefined;
  try {
    return tf.tidy(() => {
      const x = tf.tensor4d(pixels, shape);
      const y = tf.tensor1d(labels, 'int32');
      const { value, grads } = tf.variableGrads(() => {
        const logits = model.apply(x, { training: true }) as tf.Tensor2D;
        correct = tf.keep(tf.sum<tf.Scalar>(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32')));
        return tf.losses.softmaxCrossEntropy(tf.oneHot(y, classes), logits) as tf.Scalar;
      }, [...vars]);
      sgd.apply(
        vars.map((v) => grads[v.name] as tf.Tensor),
        rate,
      );
      return tf.add(running, tf.stack([tf.mul(value, shape[0]), correct as tf.Scalar])) as tf.Tensor1D;
    });
  } finally {
    correct?.dispose();
  }
}

function resolveConfig(
  data: DataSet,
  options: TrainOptions,
): { config: TrainConfig; build: ModelBuilder; view: InputView } {
  const { train, test } = data;
  for (const key of ['height', 'width', 'channels', 'classes'] as const) {
    ensure(
      train[key] === test[key],
      () =>
        new ShapeError(`trainModel: train and test ${key} differ (${train[key]} vs ${test[key]})`, {
          field: key,
          train: train[key],
          test: test[key],
        }),
    );
  }
  ensure(train.n > 0, () => new ShapeError('trainModel: the training set is empty', { n: 0 }));
  const d = TRAIN_DEFAULTS;
  const model = options.model;
  let name: string;
  let build: ModelBuilder;
  if (typeof model === 'string') {
    ensure(
      isModelName(model),
      () =>
        new ArgumentError(`trainModel: unknown model '${model}' (known: ${MODEL_NAMES.join(', ')})`, {
          model,
          known: MODEL_NAMES,
        }),
    );
    name = model;
    build = (s, k, o) => buildModel(model, s, k, o);
  } else {
    ensure(
      typeof model?.name === 'string' && typeof model.build === 'function',
      () =>
        new ArgumentError('trainModel: model must be a registered name or { name, build }', { model: String(model) }),
    );
    name = model.name;
    build = model.build;
  }
  const integer = (key: string, v: number, min: number): number => {
    ensure(
      Number.isInteger(v) && v >= min,
      () => new ArgumentError(`trainModel: ${key} must be an integer ≥ ${min}, got ${v}`, { [key]: v }),
    );
    return v;
  };
  const inRange = (key: string, v: number, min: number, max: number): number => {
    ensure(
      Number.isFinite(v) && v >= min && v <= max,
      () => new ArgumentError(`trainModel: ${key} must be in [${min}, ${max}], got ${v}`, { [key]: v }),
    );
    return v;
  };
  const lr = options.lr ?? d.lr;
  const schedule = options.schedule ?? d.schedule;
  checkSchedule('trainModel', lr, schedule);
  const scaling = options.scaling ?? d.scaling;
  const view = resolveView('trainModel', train, options.crop, scaling);
  const trainMetric = options.trainMetric ?? d.trainMetric;
  ensure(
    trainMetric === 'eval' || trainMetric === 'running',
    () =>
      new ArgumentError(`trainModel: trainMetric must be 'eval' or 'running', got ${String(trainMetric)}`, {
        trainMetric,
      }),
  );
  const config: TrainConfig = {
    model: name,
    init: options.init ?? d.init,
    inputShape: [view.height, view.width, train.channels],
    classes: train.classes,
    seed: integer('seed', options.seed ?? d.seed, Number.MIN_SAFE_INTEGER),
    epochs: integer('epochs', options.epochs ?? d.epochs, 0),
    batchSize: integer('batchSize', options.batchSize ?? d.batchSize, 1),
    lr,
    momentum: inRange('momentum', options.momentum ?? d.momentum, 0, 1),
    schedule: JSON.parse(JSON.stringify(schedule)) as LrSchedule,
    weightDecay: inRange('weightDecay', options.weightDecay ?? d.weightDecay, 0, Number.MAX_VALUE),
    crop: options.crop ? { height: view.height, width: view.width, padding: view.padding } : null,
    scaling,
    targetAccuracy: inRange('targetAccuracy', options.targetAccuracy ?? d.targetAccuracy, 0, 1),
    stopOnFit: options.stopOnFit ?? d.stopOnFit,
    trainMetric,
    evalTest: options.evalTest ?? d.evalTest,
    evalBatchSize: integer('evalBatchSize', options.evalBatchSize ?? d.evalBatchSize, 1),
    data: { name: data.name, trainN: train.n, testN: test.n, sha256: dataFingerprint(data) },
  };
  ensure(
    config.init === 'glorot' || config.init === 'he',
    () =>
      new ArgumentError(`trainModel: init must be 'glorot' or 'he', got ${String(config.init)}`, { init: config.init }),
  );
  return { config, build, view };
}

/** Throws {@link CheckpointError} listing the fields (other than `epochs`) where `saved` and `current` differ. */
function checkCompatible(dir: string, saved: TrainConfig, current: TrainConfig): void {
  const keys = new Set([...Object.keys(saved), ...Object.keys(current)]);
  keys.delete('epochs');
  const differing = [...keys].filter(
    (k) =>
      JSON.stringify((saved as unknown as Record<string, unknown>)[k]) !==
      JSON.stringify((current as unknown as Record<string, unknown>)[k]),
  );
  ensure(
    differing.length === 0,
    () =>
      new CheckpointError(
        `trainModel: the checkpoint in ${dir} was written by a different configuration (${differing.join(', ')}); use another directory or resume: false`,
        { dir, fields: differing },
      ),
  );
}

function restoreTensors(dir: string, checkpoint: Checkpoint, model: tf.LayersModel, sgd: MomentumSgd): void {
  const targets: { name: string; shape: readonly number[]; assign: (t: tf.Tensor) => void }[] = [
    ...model.weights.map((v) => ({ name: v.name, shape: v.shape as number[], assign: (t: tf.Tensor) => v.write(t) })),
    ...sgd.velocities.map((v) => ({ name: v.name, shape: v.shape, assign: (t: tf.Tensor) => v.assign(t) })),
  ];
  const values = [...checkpoint.weights, ...checkpoint.velocities];
  const shapes = [...checkpoint.weightShapes, ...checkpoint.velocityShapes];
  ensure(
    values.length === targets.length &&
      checkpoint.weights.length === model.weights.length &&
      targets.every((t, i) => JSON.stringify(t.shape) === JSON.stringify(shapes[i])),
    () =>
      new CheckpointError(
        `trainModel: the checkpoint in ${dir} holds tensors that do not fit model '${checkpoint.state.config.model}'`,
        {
          dir,
          expected: targets.map((t) => t.shape),
          actual: shapes,
        },
      ),
  );
  targets.forEach((target, i) => {
    const t = tf.tensor(values[i] as Float32Array, [...target.shape], 'float32');
    target.assign(t);
    t.dispose();
  });
}

function makeResult(
  config: TrainConfig,
  model: tf.LayersModel,
  history: readonly EpochRecord[],
  stoppedBy: StopReason,
  steps: number,
  resumedFrom: number | null,
  started: number,
): TrainResult {
  const fitIndex = history.findIndex((r) => r.trainAccuracy >= config.targetAccuracy);
  const fit = fitIndex >= 0 ? (history[fitIndex] as EpochRecord) : null;
  const last = history.at(-1);
  return {
    config,
    backend: tf.getBackend(),
    tfjsVersion: tf.version.tfjs,
    parameters: countParameters(model),
    history: [...history],
    fitted: fit !== null,
    epochsToFit: fit?.epoch ?? null,
    stepsToFit: fit?.steps ?? null,
    secondsToFit: fit ? history.slice(0, fitIndex + 1).reduce((s, r) => s + r.seconds, 0) : null,
    epochs: history.length,
    steps,
    stoppedBy,
    finalTrainLoss: last?.trainLoss ?? NaN,
    finalTrainAccuracy: last?.trainAccuracy ?? NaN,
    finalTestLoss: last ? last.testLoss : null,
    finalTestAccuracy: last ? last.testAccuracy : null,
    resumedFrom,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
