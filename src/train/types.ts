import type { RngState } from 'rethink/core';
import type { CropOptions, Scaling } from './_batch.ts';
import type { LrSchedule } from 'rethink/core';
import type { InitScheme } from './models/index.ts';

/**
 * Which training accuracy drives the early stop and fills `trainLoss`/`trainAccuracy`:
 * `'eval'` (default) — a separate pass over the whole training set after the epoch, in inference mode, with the
 * epoch's final weights (what "training accuracy 100%" means in the paper); `'running'` — the mean over the
 * epoch's batches as they were trained (training mode, weights changing during the epoch; cheaper, lags behind).
 */
export type TrainMetric = 'eval' | 'running';

/** Why a run ended: the target accuracy was reached, the epoch cap, a non-finite loss, or the abort signal. */
export type StopReason = 'target' | 'epochs' | 'diverged' | 'aborted';

/**
 * The resolved, JSON-serializable configuration of a run (recorded in results and checkpoints). Everything
 * except `epochs` must match for a run to resume from a checkpoint.
 */
export interface TrainConfig {
  readonly model: string;
  readonly init: InitScheme;
  readonly inputShape: readonly [number, number, number];
  readonly classes: number;
  readonly seed: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly momentum: number;
  readonly schedule: LrSchedule;
  readonly weightDecay: number;
  readonly crop: Required<CropOptions> | null;
  readonly scaling: Scaling;
  readonly targetAccuracy: number;
  readonly stopOnFit: boolean;
  readonly trainMetric: TrainMetric;
  readonly evalTest: boolean;
  readonly evalBatchSize: number;
  /** The data set: its name, split sizes, and a SHA-256 of both splits' shapes, labels and pixels. */
  readonly data: { readonly name: string; readonly trainN: number; readonly testN: number; readonly sha256: string };
}

/** One epoch of a run's history. Losses are mean softmax cross-entropies; accuracies fractions in [0, 1]. */
export interface EpochRecord {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Optimizer steps taken so far (cumulative, at the end of this epoch). */
  readonly steps: number;
  /** Learning rate of the epoch's first step. */
  readonly lr: number;
  /** Training-set loss/accuracy per {@link TrainMetric} (the eval pass by default). */
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  /** Mean over the epoch's batches as trained (training mode). */
  readonly runningLoss: number;
  readonly runningAccuracy: number;
  /** Test-set loss/accuracy (null when the test set is empty or `evalTest` is false). */
  readonly testLoss: number | null;
  readonly testAccuracy: number | null;
  /** Seconds spent on the epoch's training steps (building batches, forward, backward, update). */
  readonly seconds: number;
  /** Seconds spent on the evaluation passes after the epoch. */
  readonly evalSeconds: number;
  /** The tfjs backend that trained the epoch (absent in checkpoints written before it was recorded). */
  readonly backend?: string;
}

/** The JSON-serializable outcome of {@link trainModel}. */
export interface TrainResult {
  readonly config: TrainConfig;
  /** The tfjs backend that ran it (`tf.getBackend()`) and the tfjs version. */
  readonly backend: string;
  readonly tfjsVersion: string;
  /** Parameters as {@link countParameters} counts them (Table 1's convention). */
  readonly parameters: number;
  readonly history: readonly EpochRecord[];
  /** True once training accuracy reached `targetAccuracy`. */
  readonly fitted: boolean;
  /** The first epoch (1-based), cumulative steps and cumulative training seconds at which it did; else null. */
  readonly epochsToFit: number | null;
  readonly stepsToFit: number | null;
  readonly secondsToFit: number | null;
  /** Epochs and steps completed. */
  readonly epochs: number;
  readonly steps: number;
  readonly stoppedBy: StopReason;
  /** Metrics of the last completed epoch (NaN when no epoch completed; null test metrics as in the history). */
  readonly finalTrainLoss: number;
  readonly finalTrainAccuracy: number;
  readonly finalTestLoss: number | null;
  readonly finalTestAccuracy: number | null;
  /** The epoch of the checkpoint this run resumed from (null for a fresh start). */
  readonly resumedFrom: number | null;
  /** Wall-clock seconds of this call (not summed over resumed calls). */
  readonly wallSeconds: number;
}

/** The JSON part of a checkpoint: everything but the tensors. */
export interface CheckpointState {
  readonly config: TrainConfig;
  /** Completed epochs and optimizer steps. */
  readonly epoch: number;
  readonly steps: number;
  readonly history: readonly EpochRecord[];
  /** Random streams to continue from: the per-epoch shuffle and the crop offsets. */
  readonly rng: { readonly shuffle: RngState; readonly crop: RngState };
  /** Set when the run ended for good at this epoch (target reached with `stopOnFit`, or divergence). */
  readonly stoppedBy: StopReason | null;
}

/** A checkpoint: its state and the tensors, in `model.weights` and trainable-variable order. */
export interface Checkpoint {
  readonly state: CheckpointState;
  /** Every model weight (trainable or not: batch-norm moving statistics included), in `model.weights` order. */
  readonly weights: readonly Float32Array[];
  /** The momentum slots, in `model.trainableWeights` order. */
  readonly velocities: readonly Float32Array[];
  /** Shapes of `weights` and `velocities`. */
  readonly weightShapes: readonly (readonly number[])[];
  readonly velocityShapes: readonly (readonly number[])[];
}
