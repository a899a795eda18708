import type { LayersModel } from '@tensorflow/tfjs';
import { denseLayers } from './dense-layers.ts';
import type { Interpolant } from './interpolate.ts';
import { fractionToNumber } from './_float-bits.ts';

/**
 * Exports a Theorem 1 network to TensorFlow.js as a `tf.LayersModel`: `Dense(n, relu)` whose d × n kernel has
 * every column equal to a (rank 1) and bias −b, then `Dense(k)` (no bias) with kernel w. Parameters are stored
 * as float32 (exact networks are rounded to the nearest double first), so the model reproduces the labels up
 * to float32 rounding: `float32Tolerance` gives a rigorous per-point bound. This is the only module that
 * imports tfjs, and it loads it on first use. The caller owns the model (`model.dispose()`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { interpolate, toLayersModel } from 'rethink/theorem';
 * await tf.setBackend('cpu');
 * const net = interpolate([[0, 1], [1, 0], [2, 2]], [1, 2, 3]);
 * const model = await toLayersModel(net);
 * const out = model.predict(tf.tensor2d([[1, 0]])) as tf.Tensor;
 * console.log(Math.abs((await out.data())[0]! - 2) < 1e-3); // true
 * out.dispose();
 * model.dispose();
 * ```
 */
export async function toLayersModel(net: Interpolant): Promise<LayersModel> {
  const tf = await import('@tensorflow/tfjs');
  const layers = denseLayers(net);
  const { n, d, k } = layers;
  const toNumber = (v: unknown): number =>
    typeof v === 'number' ? v : fractionToNumber(v as Parameters<typeof fractionToNumber>[0]);
  const kernel = new Float32Array(d * n);
  for (let j = 0; j < n; j++) for (let l = 0; l < d; l++) kernel[l * n + j] = toNumber(layers.kernel[j * d + l]);
  const bias = Float32Array.from(layers.bias as unknown[], toNumber);
  const output = Float32Array.from(layers.output as unknown[], toNumber);
  const tensors = [tf.tensor2d(kernel, [d, n]), tf.tensor1d(bias), tf.tensor2d(output, [n, k])] as const;
  try {
    return tf.sequential({
      layers: [
        tf.layers.dense({ units: n, activation: 'relu', inputShape: [d], weights: [tensors[0], tensors[1]] }),
        tf.layers.dense({ units: k, useBias: false, weights: [tensors[2]] }),
      ],
    });
  } finally {
    for (const t of tensors) t.dispose();
  }
}
