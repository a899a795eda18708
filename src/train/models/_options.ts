import * as tf from '@tensorflow/tfjs';
import { ArgumentError, ShapeError, createRng, ensure } from 'rethink/core';
import type { Rng } from 'rethink/core';

/** An image input shape, channels last: `[height, width, channels]`. */
export type InputShape = readonly [number, number, number];

/** Weight initialization scheme for conv and dense kernels (biases start at zero). */
export type InitScheme = 'glorot' | 'he';

/**
 * Options every model builder takes.
 *
 * - `seed` (default 0): every kernel initializer gets its own seed, drawn from `createRng(seed, 'train/init')`
 *   in layer order, so the same seed gives bit-identical initial weights on every backend (tfjs draws seeded
 *   initial values in JavaScript) and no two layers share a seed.
 * - `init` (default `'glorot'`): Glorot-uniform kernels (Keras's default, as in the replication) or He-normal.
 */
export interface ModelOptions {
  readonly seed?: number;
  readonly init?: InitScheme;
}

/** Defaults of {@link ModelOptions}. */
export const MODEL_DEFAULTS = { seed: 0, init: 'glorot' } as const satisfies Required<ModelOptions>;

/** @internal A source of per-layer seeded kernel initializers. */
export interface KernelInits {
  next(): ReturnType<typeof tf.initializers.glorotUniform>;
}

/** @internal One seeded initializer per call, each with its own seed drawn from the model's seed. */
export function kernelInits(options: ModelOptions | undefined): KernelInits {
  const seed = options?.seed ?? MODEL_DEFAULTS.seed;
  const init = options?.init ?? MODEL_DEFAULTS.init;
  ensure(Number.isInteger(seed), () => new ArgumentError(`model: seed must be an integer, got ${seed}`, { seed }));
  ensure(
    init === 'glorot' || init === 'he',
    () => new ArgumentError(`model: init must be 'glorot' or 'he', got ${String(init)}`, { init }),
  );
  const rng: Rng = createRng(seed, 'train/init');
  return {
    next: () => {
      const layerSeed = rng.uint32();
      return init === 'glorot'
        ? tf.initializers.glorotUniform({ seed: layerSeed })
        : tf.initializers.heNormal({ seed: layerSeed });
    },
  };
}

/** @internal Validates the input shape and class count; `minSide` is the smallest height/width the model accepts. */
export function checkModelArgs(fn: string, inputShape: InputShape, classes: number, minSide = 1): void {
  ensure(
    Array.isArray(inputShape) && inputShape.length === 3,
    () =>
      new ShapeError(`${fn}: input shape must be [height, width, channels], got ${JSON.stringify(inputShape)}`, {
        inputShape,
      }),
  );
  for (const [i, v] of inputShape.entries()) {
    ensure(
      Number.isInteger(v) && v > 0,
      () =>
        new ShapeError(`${fn}: input shape entry ${i} must be a positive integer, got ${v}`, { inputShape, index: i }),
    );
  }
  ensure(
    inputShape[0] >= minSide && inputShape[1] >= minSide,
    () =>
      new ShapeError(
        `${fn}: input ${inputShape[0]}×${inputShape[1]} is smaller than the ${minSide}×${minSide} this model needs`,
        {
          inputShape,
          minSide,
        },
      ),
  );
  ensure(
    Number.isInteger(classes) && classes >= 1,
    () => new ArgumentError(`${fn}: classes must be a positive integer, got ${classes}`, { classes }),
  );
}
