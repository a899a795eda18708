import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { expectArraysClose, fillValues } from '../../arbitraries/index.ts';
import { buildModel, MODEL_NAMES } from 'rethink/train';
import { startWasm } from './_kernels.ts';

/**
 * Tolerance for whole-model gradients: each kernel agrees with cpu to 1e-5 of its terms' scale, and a gradient
 * passes through every layer twice (forward and back), so differences compound over ~10–40 kernels; 1e-4
 * (relative to max(1, |cpu|)) still catches any wrong kernel, whose errors are of the order of the values.
 */
const MODEL_EPSILON = 1e-4;

/** The gradient of the mean softmax cross-entropy for every trainable weight of model `name`, flattened in order. */
async function gradients(backend: string, name: string): Promise<{ names: string[]; values: Float32Array[] }> {
  await tf.setBackend(backend);
  // Inception is wide and deep (up to 336 channels, ~40 layers): a 6×6 input and 2 images keep its cpu
  // reference to seconds (smaller inputs leave batch norm statistics over too few values to compare at 1e-4).
  const side = name.startsWith('inception') ? 6 : 8;
  const batch = name.startsWith('inception') ? 2 : 4;
  const shape: [number, number, number] = [side, side, 3];
  const fill = { seed: 11, shift: 0, quantize: false };
  const model = buildModel(name, shape, 10, { seed: 5 });
  const result = tf.tidy(() => {
    const x = tf.tensor4d(fillValues(fill, batch * side * side * 3, 'x'), [batch, ...shape]);
    const y = tf.oneHot(tf.tensor1d([1, 7, 3, 3].slice(0, batch), 'int32'), 10);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      vars,
    );
    return vars.map((v) => ({ name: v.name, values: (grads[v.name] as tf.Tensor).dataSync() as Float32Array }));
  });
  model.dispose();
  return { names: result.map((r) => r.name), values: result.map((r) => r.values) };
}

describe('whole-model gradients on wasm match the cpu backend', () => {
  beforeAll(async () => {
    await startWasm();
  });

  // 'inception-nobn' runs the same kernels as 'inception' minus batch norm, at twice the cpu time: left out.
  const names = MODEL_NAMES.filter((n) => n !== 'inception-nobn');

  it('covers every model but inception-nobn', () => {
    expect(names).toEqual(['cnn', 'mlp1x512', 'mlp3x512', 'alexnet', 'inception']);
  });

  it.each(names.map((n) => [n]))(
    '%s (8×8×3 inputs, batch 4; inception 6×6×3, batch 2; training mode)',
    async (name) => {
      const expected = await gradients('cpu', name);
      const actual = await gradients('wasm', name);
      expect(actual.values.length).toBe(expected.values.length);
      for (let i = 0; i < expected.values.length; i++) {
        expectArraysClose(actual.values[i] as Float32Array, expected.values[i] as Float32Array, MODEL_EPSILON);
      }
    },
  );
});
