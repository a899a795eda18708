import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError } from 'rethink/core';
import { LRN_DEFAULTS, LocalResponseNormalization, localResponseNormalization } from 'rethink/train';
import { FLOAT32_EPSILON, expectArraysClose } from '../arbitraries/tolerance.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Params {
  depthRadius: number;
  bias: number;
  alpha: number;
  beta: number;
}

/** The LRN formula in float64: y[…, c] = x[…, c] / (bias + alpha Σ_{|c'−c| ≤ r} x[…, c']²)^beta. */
function lrnReference(x: ArrayLike<number>, channels: number, p: Params): Float64Array {
  const y = new Float64Array(x.length);
  for (let base = 0; base < x.length; base += channels) {
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let d = Math.max(0, c - p.depthRadius); d <= Math.min(channels - 1, c + p.depthRadius); d++) {
        const v = x[base + d] as number;
        sum += v * v;
      }
      y[base + c] = (x[base + c] as number) / Math.pow(p.bias + p.alpha * sum, p.beta);
    }
  }
  return y;
}

const paramsArb: fc.Arbitrary<Params> = fc.record({
  depthRadius: fc.integer({ min: 0, max: 5 }),
  bias: fc.double({ min: 0.5, max: 2, noNaN: true }),
  alpha: fc.double({ min: 1e-4, max: 1, noNaN: true }),
  beta: fc.double({ min: 0.25, max: 1, noNaN: true }),
});

const inputArb = fc
  .tuple(
    fc.integer({ min: 1, max: 2 }),
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 10 }),
  )
  .chain((shape) =>
    fc
      .array(fc.double({ min: -3, max: 3, noNaN: true }), {
        minLength: shape.reduce((a, b) => a * b),
        maxLength: shape.reduce((a, b) => a * b),
      })
      .map((values) => ({ shape, values: Float32Array.from(values) })),
  );

describe('LocalResponseNormalization layer', () => {
  it('computes x / (bias + alpha · Σ window x²)^beta over the channel window', () => {
    fc.assert(
      fc.property(inputArb, paramsArb, ({ shape, values }, p) => {
        const layer = localResponseNormalization(p);
        const y = tf.tidy(() => (layer.apply(tf.tensor4d(values, shape)) as tf.Tensor).dataSync());
        expectArraysClose(y, lrnReference(values, shape[3], p), FLOAT32_EPSILON);
      }),
    );
  });

  it('defaults to TensorFlow’s CIFAR-10 tutorial parameters and keeps the shape', () => {
    const layer = new LocalResponseNormalization();
    expect([layer.depthRadius, layer.bias, layer.alpha, layer.beta]).toEqual([4, 1, 0.001 / 9, 0.75]);
    expect(LRN_DEFAULTS).toEqual({ depthRadius: 4, bias: 1, alpha: 0.001 / 9, beta: 0.75 });
    expect(layer.computeOutputShape([null, 5, 6, 7])).toEqual([null, 5, 6, 7]);
    layer.build([null, 5, 6, 7]);
    expect(layer.countParams()).toBe(0);
  });

  it('its gradient agrees with central differences of the float64 formula', () => {
    fc.assert(
      fc.property(inputArb, paramsArb, ({ shape, values }, p) => {
        const layer = localResponseNormalization(p);
        const grad = tf.tidy(() =>
          tf
            .grad((x: tf.Tensor) => tf.sum(layer.apply(x) as tf.Tensor))(tf.tensor4d(values, shape))
            .dataSync(),
        );
        const x = Float64Array.from(values);
        const h = 1e-6;
        const numeric = new Float64Array(x.length);
        for (let i = 0; i < x.length; i++) {
          const xi = x[i] as number;
          x[i] = xi + h;
          const up = lrnReference(x, shape[3], p).reduce((a, b) => a + b, 0);
          x[i] = xi - h;
          const down = lrnReference(x, shape[3], p).reduce((a, b) => a + b, 0);
          x[i] = xi;
          numeric[i] = (up - down) / (2 * h);
        }
        // float32 backprop against a float64 difference quotient: a few float32 ulps per window term.
        expectArraysClose(grad, numeric, 1e-4);
      }),
      { numRuns: 50 },
    );
  });

  it('round-trips its configuration through tfjs serialization', () => {
    const layer = localResponseNormalization({ depthRadius: 2, bias: 2, alpha: 0.5, beta: 0.5, name: 'lrn_x' });
    const config = layer.getConfig();
    const copy = LocalResponseNormalization.fromConfig(
      LocalResponseNormalization,
      config,
    ) as LocalResponseNormalization;
    expect([copy.depthRadius, copy.bias, copy.alpha, copy.beta, copy.name]).toEqual([2, 2, 0.5, 0.5, 'lrn_x']);
    expect(LocalResponseNormalization.className).toBe('LocalResponseNormalization');
  });

  it('refuses a negative or fractional depth radius and non-4D inputs', () => {
    expect(() => localResponseNormalization({ depthRadius: -1 })).toThrow(ArgumentError);
    expect(() => localResponseNormalization({ depthRadius: 1.5 })).toThrow(/localResponseNormalization: depthRadius/);
    const layer = localResponseNormalization();
    expect(() => tf.tidy(() => layer.apply(tf.ones([2, 3])) as tf.Tensor)).toThrow(
      /expects a rank-4 input, got rank 2/,
    );
  });
});
