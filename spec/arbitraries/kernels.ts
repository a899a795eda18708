/**
 * Arbitraries and helpers for the training-kernel specs: convolution, pooling and matrix-product cases with
 * small shapes, and tensor contents drawn from a seed (so a case is a handful of integers and shrinks well).
 *
 * Contents can be shifted down (every pooling window then has a negative maximum, the stock wasm MaxPoolGrad
 * bug) and quantized to a coarse grid (ties inside pooling windows, to check the first-maximum rule).
 */
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { createRng } from 'rethink/core';

/** How a tensor's values are drawn: standard normals from `seed`, plus `shift`, optionally rounded to halves. */
export interface Fill {
  readonly seed: number;
  readonly shift: number;
  readonly quantize: boolean;
}

/** Fills from a seed: shifts from −8 (all negative) to +2, quantized about one time in three. */
export const fillArb: fc.Arbitrary<Fill> = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  shift: fc.constantFrom(0, 0, -8, -2, 2),
  quantize: fc.integer({ min: 0, max: 2 }).map((v) => v === 0),
});

/** The values of a tensor of `size` elements drawn by `fill` (`stream` separates several tensors of one case). */
export function fillValues(fill: Fill, size: number, stream: string): Float32Array {
  const rng = createRng(fill.seed, `spec/kernels/${stream}`);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const v = rng.normal() + fill.shift;
    out[i] = fill.quantize ? Math.round(v * 2) / 2 : v;
  }
  return out;
}

/** A 'valid', 'same' or explicit padding. */
export type Padding = 'valid' | 'same' | [[0, 0], [number, number], [number, number], [0, 0]];

/** A 2-D convolution or pooling case (NHWC). `channelsOut` is ignored for pooling. */
export interface Conv2dCase {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly channelsIn: number;
  readonly channelsOut: number;
  readonly filter: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly pad: Padding;
  readonly fill: Fill;
}

/** The padding arbitrary: valid, same, or explicit per-side paddings up to the filter size (some wider than it). */
function padArb(filter: readonly [number, number]): fc.Arbitrary<Padding> {
  return fc.oneof(
    fc.constant('valid' as const),
    fc.constant('same' as const),
    fc
      .tuple(
        fc.integer({ min: 0, max: filter[0] }),
        fc.integer({ min: 0, max: filter[0] }),
        fc.integer({ min: 0, max: filter[1] }),
        fc.integer({ min: 0, max: filter[1] }),
      )
      .map(([t, b, l, r]): Padding => [
        [0, 0],
        [t, b],
        [l, r],
        [0, 0],
      ]),
  );
}

/**
 * Small convolution cases: filters 1–5, strides 1–3, inputs at least as large as the filter (so every padding
 * gives a non-empty output), up to 3 images and 5 channels each way.
 */
export function conv2dCaseArb(options: { explicitPad?: boolean; maxChannels?: number } = {}): fc.Arbitrary<Conv2dCase> {
  const maxChannels = options.maxChannels ?? 5;
  return fc
    .record({
      filter: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
      extra: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })),
      strides: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      batch: fc.integer({ min: 1, max: 3 }),
      channelsIn: fc.integer({ min: 1, max: maxChannels }),
      channelsOut: fc.integer({ min: 1, max: maxChannels }),
      fill: fillArb,
    })
    .chain(({ filter, extra, ...rest }) =>
      (options.explicitPad === false ? fc.constantFrom<Padding>('valid', 'same') : padArb(filter)).map((pad) => ({
        ...rest,
        filter,
        height: filter[0] + extra[0],
        width: filter[1] + extra[1],
        pad,
      })),
    );
}

/** A (batched) matrix product case: a is [batch…, m, k] (or its transpose), b is [batch…, k, n] (or its transpose). */
export interface MatMulCase {
  readonly batch: readonly number[];
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly fill: Fill;
}

/** Matrix products up to 9×9×9, batch dims of rank 0 or 1, every transpose combination. */
export const matMulCaseArb: fc.Arbitrary<MatMulCase> = fc.record({
  batch: fc.oneof(
    fc.constant([] as number[]),
    fc.tuple(fc.integer({ min: 1, max: 3 })).map((b) => [...b]),
  ),
  m: fc.integer({ min: 1, max: 9 }),
  k: fc.integer({ min: 1, max: 9 }),
  n: fc.integer({ min: 1, max: 9 }),
  transposeA: fc.boolean(),
  transposeB: fc.boolean(),
  fill: fillArb,
});

/** Runs `compute` on a backend and returns its result's values (the tensors it makes are disposed). */
export async function valuesOn(backend: string, compute: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const result = tf.tidy(compute);
  const values = (await result.data()) as Float32Array;
  result.dispose();
  return values;
}
