/**
 * The CPU tier of the memorization claims, on a seeded subset of the bundled MNIST digits, on the fastest
 * backend present (`auto`: tfjs-node where installed, else wasm with this project's training kernels):
 *
 * - random labels: the replication CNN and MLP 1x512 reach training accuracy 1.0 within a stated epoch cap, and
 *   their test accuracy stays within a binomial bound of chance (false-failure rate ≤ 1e-9 under the null);
 * - true labels: the same MLP generalizes (test accuracy far above chance);
 * - shuffled pixels and Gaussian pixels: the training loss falls to a tenth of its start and the set is fitted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataSet } from 'rethink/data';
import type { DataSet } from 'rethink/data';
import { applyCondition } from 'rethink/randomize';
import type { Condition } from 'rethink/core';
import { selectBackend, trainModel } from 'rethink/train';
import type { ModelName, TrainResult } from 'rethink/train';
import { binomialInterval } from './_chance.ts';

const SAMPLES = 256;
const TEST_SAMPLES = 500;
const SEED = 1;
/** Epoch caps, about twice the epochs these runs took when the caps were set (batch 32, lr 0.01, constant). */
const CAP: Record<ModelName, number> = { mlp1x512: 150, cnn: 120 } as Record<ModelName, number>;

/** Epochs of the loss runs (shuffled and Gaussian pixels), trained past the first 100% accuracy. */
const LOSS_EPOCHS = 60;

let data: DataSet;

beforeAll(async () => {
  await selectBackend({ backend: 'auto' });
  data = await loadDataSet('mnist', { samples: SAMPLES, testSamples: TEST_SAMPLES, seed: SEED });
});

async function fit(model: ModelName, condition: Condition, fixedEpochs?: number): Promise<TrainResult> {
  const { set: dataSet } = applyCondition(data, condition, SEED, { noiseScale: 1 / 255 });
  return trainModel(dataSet, {
    model,
    seed: SEED,
    epochs: fixedEpochs ?? CAP[model],
    stopOnFit: fixedEpochs === undefined,
    batchSize: 32,
    lr: 0.01,
    schedule: { kind: 'constant' },
  });
}

describe('memorization on CPU (bundled MNIST subset)', () => {
  const [lo, hi] = binomialInterval(TEST_SAMPLES, 0.1, 1e-9);

  it.each(['mlp1x512', 'cnn'] as const)(
    '%s fits random labels; test accuracy stays at chance',
    async (model) => {
      const result = await fit(model, { kind: 'random-labels' });
      expect(
        result.fitted,
        `${model}: training accuracy ${result.finalTrainAccuracy} after ${result.epochs} epochs`,
      ).toBe(true);
      console.log(`${model} random labels: fitted at epoch ${result.epochsToFit} (cap ${CAP[model]})`);
      expect(result.finalTrainAccuracy).toBe(1);
      const correct = Math.round((result.finalTestAccuracy ?? NaN) * TEST_SAMPLES);
      expect(correct).toBeGreaterThanOrEqual(lo);
      expect(correct).toBeLessThanOrEqual(hi);
    },
    900_000,
  );

  it('MLP 1x512 on true labels generalizes far above chance', async () => {
    const result = await fit('mlp1x512', { kind: 'true-labels' });
    expect(result.fitted).toBe(true);
    expect(Math.round((result.finalTestAccuracy ?? 0) * TEST_SAMPLES)).toBeGreaterThan(
      Math.max(hi, 0.6 * TEST_SAMPLES),
    );
  }, 900_000);

  it.each([{ kind: 'shuffled-pixels' }, { kind: 'gaussian-pixels' }] as const)(
    'MLP 1x512 drives the training loss to ~0 under $kind',
    async (condition) => {
      // Accuracy 1.0 comes long before the loss is small (noise is easy to separate): train a fixed number of epochs.
      const result = await fit('mlp1x512', condition, LOSS_EPOCHS);
      const first = result.history[0]!.trainLoss;
      expect(result.fitted).toBe(true);
      console.log(
        `${condition.kind}: loss ${first.toFixed(3)} → ${result.finalTrainLoss.toFixed(4)} in ${LOSS_EPOCHS} epochs, fitted at ${result.epochsToFit}`,
      );
      expect(result.finalTrainLoss).toBeLessThan(first / 10);
    },
    900_000,
  );
});
