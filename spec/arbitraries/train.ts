/**
 * Shared helpers for the training specs: seeded tiny image sets (and their fast-check arbitraries), tiny
 * custom models that keep the stock `cpu` backend fast, and a history view without wall-clock fields.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { createRng } from 'rethink/core';
import { imageSet } from 'rethink/data';
import type { DataSet, ImageSet } from 'rethink/data';
import { mlp } from 'rethink/train';
import type { CustomModel, EpochRecord, InputShape, ModelOptions, TrainOptions } from 'rethink/train';

/** Dimensions of a tiny image set. */
export interface TinyDims {
  readonly n: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly classes: number;
}

/** A seeded image set with uniform uint8 (or float32 in [0, 1)) pixels and uniform labels. */
export function randomImageSet(seed: number, dims: TinyDims, dtype: 'uint8' | 'float32' = 'uint8'): ImageSet {
  const rng = createRng(seed, 'spec/images');
  const size = dims.n * dims.height * dims.width * dims.channels;
  const images =
    dtype === 'uint8'
      ? Uint8Array.from({ length: size }, () => rng.int(0, 255))
      : Float32Array.from({ length: size }, () => rng.float());
  const labels = Int32Array.from({ length: dims.n }, () => rng.int(0, dims.classes - 1));
  return imageSet({
    images,
    labels,
    height: dims.height,
    width: dims.width,
    channels: dims.channels,
    classes: dims.classes,
  });
}

/** A seeded train/test pair of random images and labels. */
export function randomDataSet(seed: number, dims: TinyDims, testN = dims.n): DataSet {
  return {
    name: `random-${seed}`,
    train: randomImageSet(seed, dims),
    test: randomImageSet(seed + 1, { ...dims, n: testN }),
  };
}

/** Arbitrary tiny dimensions (bounded so that cpu work stays small). */
export function tinyDimsArb(max: Partial<TinyDims> = {}): fc.Arbitrary<TinyDims> {
  return fc.record({
    n: fc.integer({ min: 1, max: max.n ?? 12 }),
    height: fc.integer({ min: 1, max: max.height ?? 7 }),
    width: fc.integer({ min: 1, max: max.width ?? 7 }),
    channels: fc.integer({ min: 1, max: max.channels ?? 3 }),
    classes: fc.integer({ min: 2, max: max.classes ?? 5 }),
  });
}

/** Arbitrary tiny uint8 or float32 image set. */
export function tinyImageSetArb(max: Partial<TinyDims> = {}): fc.Arbitrary<ImageSet> {
  return fc
    .tuple(tinyDimsArb(max), fc.integer(), fc.constantFrom<'uint8' | 'float32'>('uint8', 'float32'))
    .map(([dims, seed, dtype]) => randomImageSet(seed, dims, dtype));
}

/** A small MLP (one hidden layer of 32) for specs where the property does not depend on the model. */
export const tinyMlp: CustomModel = {
  name: 'spec-mlp32',
  build: (s: InputShape, k: number, o?: ModelOptions) => mlp(s, k, { ...o, hidden: [32] }),
};

/**
 * A tiny conv net with batch norm (Conv 4×3×3 same → BN → relu → MaxPool 2 → Flatten → Dense(k)), to
 * exercise non-trainable weights (moving statistics) in checkpoints and resumes.
 */
export const tinyConvBn: CustomModel = {
  name: 'spec-conv-bn',
  build: (s: InputShape, k: number, o?: ModelOptions) => {
    const seed = o?.seed ?? 0;
    const model = tf.sequential();
    model.add(
      tf.layers.conv2d({
        inputShape: [...s],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
    );
    model.add(tf.layers.batchNormalization({}));
    model.add(tf.layers.activation({ activation: 'relu' }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: k, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
    return model;
  },
};

/** A history without its wall-clock fields (`seconds`, `evalSeconds`), for bit-exact comparisons. */
export function withoutTimings(history: readonly EpochRecord[]): Omit<EpochRecord, 'seconds' | 'evalSeconds'>[] {
  return history.map(({ seconds: _s, evalSeconds: _e, ...rest }) => rest);
}

/** True when two float arrays have the same length and bit-identical elements (fast: no deep-equality walk). */
export function sameFloats(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** True when two lists of float arrays are pairwise {@link sameFloats}. */
export function sameFloatLists(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): boolean {
  return a.length === b.length && a.every((x, i) => sameFloats(x, b[i]));
}

/**
 * Training options that stop a run by its `signal` at batch `batch` of epoch `epoch` (1-based), as Ctrl-C would:
 * spread them into `trainModel`'s options.
 */
export function abortAt(epoch: number, batch: number): Pick<TrainOptions, 'signal' | 'onBatch'> {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    onBatch: (p) => {
      if (p.epoch === epoch && p.batch === batch) controller.abort();
    },
  };
}
