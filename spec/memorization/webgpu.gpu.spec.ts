/**
 * The WebGPU tier: training on tfjs's WebGPU backend (Dawn for Node, the optional `webgpu` package) on whatever
 * WebGPU adapter is present — a real GPU, or software Vulkan (Mesa's lavapipe, for correctness only).
 *
 * - gradients: one training step's gradients of every registered model agree with the stock cpu backend to
 *   1e-4 (relative to max(1, |cpu|), the project's tolerance helper), on the inputs of the wasm
 *   model-gradient spec (8×8×3, batch 4; inception 6×6×3, batch 2; training mode);
 * - memorization: random labels on a seeded subset of the bundled MNIST digits are fitted (training accuracy
 *   1.0 within a cap) by MLP 1x512 and, on a hardware adapter, the replication CNN; the test accuracy stays
 *   within a binomial bound of chance. A software adapter gets a smaller subset and only the MLP (a CNN step
 *   there costs ≈0.1 s per image).
 *
 * Everything here reads tensors asynchronously: in Node, `dataSync()` fails on this backend.
 *
 * It is skipped, with the reason printed, when `webgpu` or `@tensorflow/tfjs-backend-webgpu` is not installed
 * or no adapter is found (CI installs neither a Vulkan driver nor `webgpu`). See the README, "Memorization on
 * a GPU box", for the set-up (and `bench/device-check.sh` for a machine without network).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadDataSet } from 'rethink/data';
import { applyCondition } from 'rethink/randomize';
import { buildModel, formatBackendInfo, MODEL_NAMES, selectBackend, trainModel } from 'rethink/train';
import type { ModelName } from 'rethink/train';
import type { BackendInfo } from 'rethink/core';
// The two helpers by file: the index also loads the theorem's arbitraries (mathjs), which the device bundle leaves out.
import { fillValues } from '../arbitraries/kernels.ts';
import { expectArraysClose } from '../arbitraries/tolerance.ts';
import { binomialInterval } from './_chance.ts';

/** Whole-model gradient tolerance, as in spec/train/backend/model-gradients.spec.ts (see the reasoning there). */
const MODEL_EPSILON = 1e-4;

const selected: BackendInfo | Error = await selectBackend({ backend: 'webgpu', env: {} }).catch((error: unknown) =>
  error instanceof Error ? error : new Error(String(error)),
);
const info = selected instanceof Error ? null : selected;
const skipReason = selected instanceof Error ? selected.message.replace(/^selectBackend: /, '') : '';
if (info === null) console.log(`spec/memorization WebGPU tier skipped: ${skipReason}`);
else console.log(`spec/memorization WebGPU tier: ${formatBackendInfo(info)}`);
const software = info?.adapter?.software ?? true;

/** Training-step gradients of model `name` on `backend`, flattened per trainable weight, read asynchronously. */
async function gradients(backend: string, name: string): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const side = name.startsWith('inception') ? 6 : 8;
  const batch = name.startsWith('inception') ? 2 : 4;
  const shape: [number, number, number] = [side, side, 3];
  const model = buildModel(name, shape, 10, { seed: 5 });
  const grads = tf.tidy(() => {
    const x = tf.tensor4d(fillValues({ seed: 11, shift: 0, quantize: false }, batch * side * side * 3, 'x'), [
      batch,
      ...shape,
    ]);
    const y = tf.oneHot(tf.tensor1d([1, 7, 3, 3].slice(0, batch), 'int32'), 10);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const result = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      vars,
    );
    return vars.map((v) => result.grads[v.name] as tf.Tensor);
  });
  try {
    return await Promise.all(grads.map(async (g) => (await g.data()) as Float32Array));
  } finally {
    tf.dispose(grads);
    model.dispose();
  }
}

/** max |a − e| / max(1, |e|) over all values: the quantity the tolerance helper bounds. */
function maxRelativeError(actual: readonly Float32Array[], expected: readonly Float32Array[]): number {
  let worst = 0;
  expected.forEach((e, i) => {
    const a = actual[i] as Float32Array;
    for (let j = 0; j < e.length; j++)
      worst = Math.max(worst, Math.abs((a[j] as number) - (e[j] as number)) / Math.max(1, Math.abs(e[j] as number)));
  });
  return worst;
}

describe.skipIf(info === null)(`WebGPU training${info === null ? ` (skipped: ${skipReason})` : ''}`, () => {
  it.each(MODEL_NAMES.map((n) => [n]))(
    '%s: training-step gradients agree with the cpu backend',
    async (name) => {
      const expected = await gradients('cpu', name);
      const actual = await gradients('webgpu', name);
      const worst = maxRelativeError(actual, expected);
      console.log(
        `webgpu gradients ${name}: max relative error ${worst.toExponential(2)} over ${expected.length} weights`,
      );
      expect(actual.length).toBe(expected.length);
      for (let i = 0; i < expected.length; i++)
        expectArraysClose(actual[i] as Float32Array, expected[i] as Float32Array, MODEL_EPSILON);
    },
    600_000,
  );

  // Software Vulkan: 64 digits and the MLP only; a GPU: the CPU tier's 256 digits and both models.
  const samples = software ? 64 : 256;
  const testSamples = 500;
  const models: readonly ModelName[] = software ? ['mlp1x512'] : ['mlp1x512', 'cnn'];
  /** Epoch caps: those of spec/memorization/cpu.spec.ts (about twice the epochs those runs took). */
  const cap: Record<string, number> = { mlp1x512: 150, cnn: 120 };

  it.each(models.map((m) => [m]))(
    `%s fits random labels on ${samples} bundled MNIST digits; test accuracy stays at chance`,
    async (model) => {
      await tf.setBackend('webgpu');
      const data = await loadDataSet('mnist', { samples, testSamples, seed: 1 });
      const { set: dataSet } = applyCondition(data, { kind: 'random-labels' }, 1);
      const result = await trainModel(dataSet, {
        model,
        seed: 1,
        epochs: cap[model],
        batchSize: 32,
        lr: 0.01,
        schedule: { kind: 'constant' },
      });
      const perImageMs = (1000 * result.history.reduce((s, r) => s + r.seconds, 0)) / (result.history.length * samples);
      console.log(
        `webgpu ${model} random labels: fitted ${result.fitted} at epoch ${result.epochsToFit} (cap ${cap[model]}), ` +
          `${perImageMs.toFixed(2)} ms per training image (steps only), backend ${result.backend}`,
      );
      expect(result.backend).toBe('webgpu');
      expect(
        result.fitted,
        `${model}: training accuracy ${result.finalTrainAccuracy} after ${result.epochs} epochs`,
      ).toBe(true);
      expect(result.finalTrainAccuracy).toBe(1);
      const [lo, hi] = binomialInterval(testSamples, 0.1, 1e-9);
      const correct = Math.round((result.finalTestAccuracy ?? NaN) * testSamples);
      expect(correct).toBeGreaterThanOrEqual(lo);
      expect(correct).toBeLessThanOrEqual(hi);
    },
    3_600_000,
  );
});
