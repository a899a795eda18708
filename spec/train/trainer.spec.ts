import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from 'rethink/core';
import { imageSet } from 'rethink/data';
import type { DataSet } from 'rethink/data';
import { CheckpointError, TRAIN_DEFAULTS, evaluate, learningRate, readCheckpoint, trainModel } from 'rethink/train';
import type { EpochRecord, Evaluation, TrainOptions, TrainResult } from 'rethink/train';
import { abortAt, randomDataSet, sameFloatLists, tinyConvBn, tinyMlp, withoutTimings } from '../arbitraries/train.ts';

let root: string;
let counter = 0;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'rethink-train-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
const freshDir = (): string => join(root, `run${++counter}`);

/** Trains and also returns copies of the final weights (taken in onEpoch, while the model is live). */
async function trainWithWeights(
  data: DataSet,
  options: TrainOptions,
): Promise<{ result: TrainResult; weights: Float32Array[] }> {
  let weights: Float32Array[] = [];
  const result = await trainModel(data, {
    ...options,
    onEpoch: async (record, context) => {
      weights = await Promise.all(context.model.weights.map(async (w) => Float32Array.from(await w.read().data())));
      await options.onEpoch?.(record, context);
    },
  });
  return { result, weights };
}

// 20 random 6×6 images with 3 classes: batches of 8 leave a partial last batch (3 steps per epoch).
const small = randomDataSet(7, { n: 20, height: 6, width: 6, channels: 1, classes: 3 }, 10);
/** Options that exercise every source of state: BN moving statistics, crops, weight decay, a per-step schedule. */
const rich: TrainOptions = {
  model: tinyConvBn,
  seed: 42,
  batchSize: 8,
  lr: 0.05,
  schedule: { kind: 'step', decay: 0.9, every: 2 },
  weightDecay: 1e-3,
  crop: { padding: 1 },
  scaling: 'standardize',
  stopOnFit: false,
  epochs: 4,
};

describe('trainModel: memorization smoke test', () => {
  // 32 images of 8×8 uniform noise with uniform random labels over 10 classes: MLP 1x512, batch 32, lr 0.05
  // constant. Measured: fitted at epochs 21–22 for seeds 0–3; the cap of 100 leaves a wide margin.
  const noise = randomDataSet(1, { n: 32, height: 8, width: 8, channels: 1, classes: 10 }, 16);

  it.each([[0], [1], [2]])(
    'memorizes 32 random labels within 100 epochs (seed %i), with consistent bookkeeping',
    async (seed) => {
      const result = await trainModel(noise, {
        model: 'mlp1x512',
        seed,
        batchSize: 32,
        lr: 0.05,
        schedule: { kind: 'constant' },
        epochs: 100,
      });
      expect(result.fitted).toBe(true);
      expect(result.stoppedBy).toBe('target');
      expect(result.finalTrainAccuracy).toBe(1);
      const { history } = result;
      expect(result.epochsToFit).toBe(history.length);
      expect(history.slice(0, -1).every((r) => r.trainAccuracy < 1)).toBe(true);
      expect(result.stepsToFit).toBe(history.length); // one batch per epoch
      expect(result.secondsToFit).toBeCloseTo(
        history.reduce((s, r) => s + r.seconds, 0),
        9,
      );
      expect(history.map((r) => r.epoch)).toEqual(history.map((_, i) => i + 1));
      expect(history[0]?.lr).toBe(0.05);
      expect(result.parameters).toBe(64 * 512 + 512 + 512 * 10 + 10);
      expect(result.config).toMatchObject({ model: 'mlp1x512', momentum: 0.9, classes: 10, inputShape: [8, 8, 1] });
      expect(result.backend).toBe('cpu');
      for (const r of history) {
        expect(r.testAccuracy).not.toBeNull();
        expect(r.trainLoss).toBeGreaterThanOrEqual(0);
      }
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    },
  );
});

describe('trainModel: determinism and resume (stock cpu backend)', () => {
  it('the same seed gives a bit-identical history and final weights; another seed does not', async () => {
    const a = await trainWithWeights(small, rich);
    const b = await trainWithWeights(small, rich);
    expect(withoutTimings(b.result.history)).toEqual(withoutTimings(a.result.history));
    expect(sameFloatLists(b.weights, a.weights)).toBe(true);
    const c = await trainWithWeights(small, { ...rich, seed: 43 });
    expect(withoutTimings(c.result.history)).not.toEqual(withoutTimings(a.result.history));
  });

  it('resuming from the epoch-2 checkpoint gives the same epochs 3–4 and weights as an uninterrupted run', async () => {
    const whole = await trainWithWeights(small, { ...rich, checkpointDir: freshDir() });
    const dir = freshDir();
    const first = await trainModel(small, { ...rich, epochs: 2, checkpointDir: dir });
    expect(first.stoppedBy).toBe('epochs');
    expect((await readCheckpoint(dir))?.state.epoch).toBe(2);
    const resumed = await trainWithWeights(small, { ...rich, checkpointDir: dir });
    expect(resumed.result.resumedFrom).toBe(2);
    expect(withoutTimings(resumed.result.history)).toEqual(withoutTimings(whole.result.history));
    expect(resumed.result.steps).toBe(whole.result.steps);
    expect(sameFloatLists(resumed.weights, whole.weights)).toBe(true);
    // The checkpoint holds all 8 weights (conv kernel and bias, BN γ, β, moving mean and variance, dense kernel
    // and bias) and momentum slots for the 6 trainable ones.
    const checkpoint = await readCheckpoint(dir);
    expect(checkpoint?.weights.length).toBe(8);
    expect(checkpoint?.velocities.length).toBe(6);
    expect(sameFloatLists(checkpoint?.weights ?? [], whole.weights)).toBe(true);
  });

  it('an abort mid-epoch keeps the last epoch’s checkpoint, and resuming gives the uninterrupted run', async () => {
    const whole = await trainWithWeights(small, rich);
    const dir = freshDir();
    const aborted = await trainModel(small, {
      ...rich,
      checkpointDir: dir,
      ...abortAt(3, 2),
    });
    expect(aborted.stoppedBy).toBe('aborted');
    expect(aborted.epochs).toBe(2);
    expect(aborted.steps).toBe(6);
    const resumed = await trainWithWeights(small, { ...rich, checkpointDir: dir });
    expect(withoutTimings(resumed.result.history)).toEqual(withoutTimings(whole.result.history));
    expect(sameFloatLists(resumed.weights, whole.weights)).toBe(true);
  });

  it('with checkpointEvery, epochs between writes are only held: an abort writes the last one, the final epoch is always written', async () => {
    const whole = await trainWithWeights(small, rich);
    const dir = freshDir();
    const seen: (number | null)[] = [];
    const aborted = await trainModel(small, {
      ...rich,
      checkpointDir: dir,
      checkpointEvery: 3600,
      ...abortAt(3, 2),
      onEpoch: async () => void seen.push((await readCheckpoint(dir))?.state.epoch ?? null),
    });
    expect(seen).toStrictEqual([null, null]); // nothing written while the interval had not passed
    expect(aborted.stoppedBy).toBe('aborted');
    expect((await readCheckpoint(dir))?.state.epoch).toBe(2); // the held epoch, written on the abort
    const resumed = await trainWithWeights(small, { ...rich, checkpointDir: dir, checkpointEvery: 3600 });
    expect(resumed.result.resumedFrom).toBe(2);
    expect(withoutTimings(resumed.result.history)).toEqual(withoutTimings(whole.result.history));
    expect(sameFloatLists(resumed.weights, whole.weights)).toBe(true);
    const final = await readCheckpoint(dir);
    expect(final?.state.epoch).toBe(rich.epochs);
    expect(sameFloatLists(final?.weights ?? [], whole.weights)).toBe(true);
  });

  it('an error thrown mid-run still writes the held epoch, and resuming gives the uninterrupted run', async () => {
    const whole = await trainWithWeights(small, rich);
    const dir = freshDir();
    const failing = trainModel(small, {
      ...rich,
      checkpointDir: dir,
      checkpointEvery: 3600,
      onEpoch: (record) => {
        if (record.epoch === 3) throw new Error('disk on fire');
      },
    });
    await expect(failing).rejects.toThrow('disk on fire');
    expect((await readCheckpoint(dir))?.state.epoch).toBe(3);
    const resumed = await trainWithWeights(small, { ...rich, checkpointDir: dir });
    expect(resumed.result.resumedFrom).toBe(3);
    expect(withoutTimings(resumed.result.history)).toEqual(withoutTimings(whole.result.history));
    expect(sameFloatLists(resumed.weights, whole.weights)).toBe(true);
  });

  it('an abort in the first epoch writes no checkpoint, and a later call starts afresh', async () => {
    const dir = freshDir();
    const aborted = await trainModel(small, {
      ...rich,
      checkpointDir: dir,
      checkpointEvery: 3600,
      ...abortAt(1, 2),
    });
    expect(aborted.stoppedBy).toBe('aborted');
    expect(aborted.epochs).toBe(0);
    expect(await readCheckpoint(dir)).toBeNull();
    const again = await trainModel(small, { ...rich, checkpointDir: dir });
    expect(again.resumedFrom).toBeNull();
    expect(withoutTimings(again.history)).toEqual(withoutTimings((await trainModel(small, rich)).history));
  });

  it('with checkpointEvery 0 every epoch is written before onEpoch sees it', async () => {
    const dir = freshDir();
    const seen: (number | null)[] = [];
    await trainModel(small, {
      ...rich,
      checkpointDir: dir,
      checkpointEvery: 0,
      onEpoch: async () => void seen.push((await readCheckpoint(dir))?.state.epoch ?? null),
    });
    expect(seen).toStrictEqual([1, 2, 3, 4]);
  });

  it.each([[-1], [Number.NaN], [Infinity]])('checkpointEvery %s is refused with an ArgumentError', async (every) => {
    await expect(trainModel(small, { ...rich, checkpointDir: freshDir(), checkpointEvery: every })).rejects.toThrow(
      ArgumentError,
    );
    await expect(trainModel(small, { ...rich, checkpointEvery: every })).rejects.toThrow(/checkpointEvery/);
  });

  it('resuming a run that already reached its target trains nothing more', async () => {
    const dir = freshDir();
    const options: TrainOptions = {
      model: tinyMlp,
      seed: 3,
      batchSize: 8,
      lr: 0.1,
      schedule: { kind: 'constant' },
      epochs: 200,
      checkpointDir: dir,
    };
    const done = await trainModel(small, options);
    expect(done.fitted).toBe(true);
    let epochs = 0;
    const again = await trainModel(small, { ...options, onEpoch: () => void epochs++ });
    expect(epochs).toBe(0);
    expect(again.history).toEqual(done.history);
    expect(again.stoppedBy).toBe('target');
    expect(again.epochsToFit).toBe(done.epochsToFit);
  });

  it('a checkpoint from another configuration is refused unless resume is off; the epoch cap may change', async () => {
    const dir = freshDir();
    await trainModel(small, { ...rich, model: tinyMlp, epochs: 1, checkpointDir: dir });
    const mismatch = trainModel(small, { ...rich, model: tinyMlp, epochs: 2, lr: 0.5, checkpointDir: dir });
    await expect(mismatch).rejects.toThrow(CheckpointError);
    await expect(
      trainModel(small, { ...rich, model: tinyMlp, epochs: 2, seed: 1, checkpointDir: dir }),
    ).rejects.toThrow(/was written by a different configuration \(seed\)/);
    const other = randomDataSet(8, { n: 20, height: 6, width: 6, channels: 1, classes: 3 }, 10);
    await expect(trainModel(other, { ...rich, model: tinyMlp, epochs: 2, checkpointDir: dir })).rejects.toThrow(
      /\(data\)/,
    );
    const fresh = await trainModel(small, {
      ...rich,
      model: tinyMlp,
      epochs: 1,
      lr: 0.5,
      checkpointDir: dir,
      resume: false,
    });
    expect(fresh.resumedFrom).toBeNull();
    const longer = await trainModel(small, { ...rich, model: tinyMlp, epochs: 2, lr: 0.5, checkpointDir: dir });
    expect(longer.resumedFrom).toBe(1);
    expect(longer.epochs).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(['checkpoint.json', 'weights-000002.bin']);
  });
});

describe('trainModel: checkpoints that do not fit', () => {
  it('a checkpoint whose tensors do not fit the model (same name, other architecture) is refused without leaks', async () => {
    const dir = freshDir();
    await trainModel(small, { ...rich, model: tinyMlp, epochs: 1, checkpointDir: dir });
    const before = tf.memory().numTensors;
    const impostor = { name: tinyMlp.name, build: tinyConvBn.build };
    await expect(trainModel(small, { ...rich, model: impostor, epochs: 2, checkpointDir: dir })).rejects.toThrow(
      /the checkpoint in .* holds tensors that do not fit model 'spec-mlp32'/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('trainModel: memory, batches, metrics and schedules', () => {
  it.each([[0], [3600]])(
    'leaks no tensors (checkpointEvery %i): the count is the same after every epoch and back to the start after the run',
    async (checkpointEvery) => {
      const before = tf.memory().numTensors;
      const counts: number[] = [];
      await trainModel(small, {
        ...rich,
        epochs: 4,
        checkpointDir: freshDir(),
        checkpointEvery,
        onEpoch: () => void counts.push(tf.memory().numTensors),
      });
      expect(counts.length).toBe(4);
      expect(new Set(counts).size).toBe(1);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('uint8 pixels train exactly like float32 pixels holding x / 255 (scaling is per batch)', async () => {
    const asFloat = (set: DataSet['train']) =>
      imageSet({ ...set, images: Float32Array.from(set.images, (v) => Math.fround(v / 255)) });
    const floats: DataSet = { name: small.name, train: asFloat(small.train), test: asFloat(small.test) };
    const options: TrainOptions = { ...rich, epochs: 2, model: tinyMlp, scaling: 'unit' };
    const a = await trainModel(small, options);
    const b = await trainModel(floats, options);
    expect(withoutTimings(b.history)).toEqual(withoutTimings(a.history));
  });

  it('reports each step to onBatch with the schedule’s rate, ⌈n / batch⌉ steps an epoch; records carry the first rate', async () => {
    const seen: { epoch: number; batch: number; step: number; lr: number }[] = [];
    const result = await trainModel(small, { ...rich, model: tinyMlp, epochs: 3, onBatch: (p) => void seen.push(p) });
    expect(seen.length).toBe(9);
    seen.forEach((p, i) => {
      expect(p).toMatchObject({ epoch: Math.floor(i / 3) + 1, batch: (i % 3) + 1, batches: 3, step: i + 1 });
      expect(p.lr).toBe(learningRate(0.05, rich.schedule ?? TRAIN_DEFAULTS.schedule, p.epoch - 1, i));
    });
    result.history.forEach((r: EpochRecord, e) => {
      expect(r.steps).toBe(3 * (e + 1));
      expect(r.lr).toBe(learningRate(0.05, rich.schedule ?? TRAIN_DEFAULTS.schedule, e, 3 * e));
    });
  });

  it('the default per-epoch decay multiplies each epoch’s rate by 0.95', async () => {
    const result = await trainModel(small, { model: tinyMlp, epochs: 3, batchSize: 8 });
    expect(result.config.schedule).toEqual({ kind: 'epoch', decay: 0.95 });
    expect(result.history.map((r) => r.lr)).toEqual([0.01, 0.01 * 0.95, 0.01 * 0.95 * 0.95]);
  });

  it('the recorded metrics are what they say: an evaluation of the epoch’s weights, the epoch’s batch means, times within the run', async () => {
    const options: TrainOptions = { ...rich, model: tinyMlp, epochs: 3 };
    const view = { crop: rich.crop ?? null, scaling: rich.scaling ?? 'unit' };
    const seen: { record: EpochRecord; train: Evaluation; test: Evaluation }[] = [];
    const result = await trainModel(small, {
      ...options,
      onEpoch: async (record, { model }) => {
        seen.push({
          record,
          train: await evaluate(model, small.train, view),
          test: await evaluate(model, small.test, view),
        });
      },
    });
    expect(seen).toHaveLength(3);
    for (const { record, train, test } of seen) {
      expect(record.trainAccuracy).toBe(train.accuracy);
      expect(record.trainLoss).toBeCloseTo(train.loss, 6);
      expect(record.testAccuracy).toBe(test.accuracy);
      expect(record.testLoss).toBeCloseTo(test.loss, 6);
      expect(record.seconds).toBeGreaterThanOrEqual(0);
      expect(record.evalSeconds).toBeGreaterThanOrEqual(0);
    }
    const timed = result.history.reduce((sum, r) => sum + r.seconds + r.evalSeconds, 0);
    expect(timed).toBeLessThanOrEqual(result.wallSeconds);
    // No learning (lr 0, no crops): every batch sees the epoch's final weights, so the batch means equal the pass.
    const still = await trainModel(small, { ...options, crop: null, lr: 0, epochs: 1 });
    const [only] = still.history;
    expect(only?.runningAccuracy).toBe(only?.trainAccuracy);
    expect(only?.runningLoss).toBeCloseTo(only?.trainLoss ?? NaN, 5);
  });

  it("trainMetric 'running' uses the batch means; evalTest false and an empty test set give null test metrics", async () => {
    const running = await trainModel(small, {
      ...rich,
      model: tinyMlp,
      epochs: 2,
      trainMetric: 'running',
      evalTest: false,
    });
    for (const r of running.history) {
      expect(r.trainAccuracy).toBe(r.runningAccuracy);
      expect(r.trainLoss).toBe(r.runningLoss);
      expect(r.testAccuracy).toBeNull();
    }
    const noTest: DataSet = {
      ...small,
      test: { ...small.test, images: new Uint8Array(0), labels: new Int32Array(0), n: 0 },
    };
    const result = await trainModel(noTest, { ...rich, model: tinyMlp, epochs: 1 });
    expect(result.finalTestAccuracy).toBeNull();
    expect(result.finalTestLoss).toBeNull();
  });

  it('with stopOnFit false it trains to the cap and records the first epoch that fitted', async () => {
    const options: TrainOptions = {
      model: tinyMlp,
      seed: 3,
      batchSize: 8,
      lr: 0.1,
      schedule: { kind: 'constant' },
      epochs: 200,
    };
    const stopped = await trainModel(small, options);
    const epochs = (stopped.epochsToFit ?? 0) + 3;
    const continued = await trainModel(small, { ...options, epochs, stopOnFit: false });
    expect(continued.stoppedBy).toBe('epochs');
    expect(continued.epochs).toBe(epochs);
    expect(continued.epochsToFit).toBe(stopped.epochsToFit);
    expect(continued.stepsToFit).toBe(stopped.stepsToFit);
    expect(withoutTimings(continued.history.slice(0, stopped.epochs))).toEqual(withoutTimings(stopped.history));
  });

  it('an unreachable target runs to the cap; a huge rate stops as diverged', async () => {
    const capped = await trainModel(small, {
      ...rich,
      model: tinyMlp,
      epochs: 2,
      stopOnFit: true,
      targetAccuracy: 1,
      lr: 0,
    });
    expect(capped).toMatchObject({
      fitted: false,
      epochsToFit: null,
      stepsToFit: null,
      secondsToFit: null,
      stoppedBy: 'epochs',
      epochs: 2,
    });
    const diverged = await trainModel(small, {
      model: tinyMlp,
      epochs: 5,
      batchSize: 8,
      lr: 1e30,
      schedule: { kind: 'constant' },
    });
    expect(diverged.stoppedBy).toBe('diverged');
    expect(diverged.epochs).toBeLessThan(5);
  });

  it('epochs: 0 trains nothing and reports NaN final training metrics', async () => {
    const result = await trainModel(small, { model: tinyMlp, epochs: 0 });
    expect(result).toMatchObject({ epochs: 0, steps: 0, fitted: false, stoppedBy: 'epochs', finalTestAccuracy: null });
    expect(result.finalTrainAccuracy).toBeNaN();
  });
});

describe('trainModel: argument errors', () => {
  it('refuses options outside their domains, naming trainModel and the option', async () => {
    const t = (o: Partial<TrainOptions>) => trainModel(small, { model: tinyMlp, epochs: 1, ...o });
    await expect(t({ batchSize: 0 })).rejects.toThrow(ArgumentError);
    await expect(t({ batchSize: 0 })).rejects.toThrow(/trainModel: batchSize must be an integer ≥ 1, got 0/);
    await expect(t({ epochs: -1 })).rejects.toThrow(/epochs must be an integer ≥ 0/);
    await expect(t({ momentum: 1.5 })).rejects.toThrow(/momentum must be in \[0, 1\], got 1.5/);
    await expect(t({ targetAccuracy: 2 })).rejects.toThrow(/targetAccuracy must be in \[0, 1\]/);
    await expect(t({ weightDecay: -1 })).rejects.toThrow(/weightDecay/);
    await expect(t({ lr: -0.1 })).rejects.toThrow(/trainModel: lr must be a finite non-negative number/);
    await expect(t({ seed: 1.5 })).rejects.toThrow(/seed must be an integer/);
    await expect(t({ evalBatchSize: 0 })).rejects.toThrow(/evalBatchSize/);
    await expect(t({ trainMetric: 'both' as 'eval' })).rejects.toThrow(/trainMetric must be 'eval' or 'running'/);
    await expect(t({ init: 'zeros' as 'he' })).rejects.toThrow(/init must be 'glorot' or 'he'/);
    await expect(t({ model: 'resnet' as 'cnn' })).rejects.toThrow(/trainModel: unknown model 'resnet'/);
    await expect(t({ model: {} as typeof tinyMlp })).rejects.toThrow(
      /model must be a registered name or \{ name, build \}/,
    );
    await expect(t({ crop: { height: 9 } })).rejects.toThrow(ShapeError);
  });

  it('refuses mismatched splits, an empty training set and a model with the wrong output', async () => {
    const wide = randomDataSet(1, { n: 4, height: 6, width: 7, channels: 1, classes: 3 });
    await expect(trainModel({ ...small, test: wide.test }, { model: tinyMlp })).rejects.toThrow(
      /train and test width differ \(6 vs 7\)/,
    );
    const empty: DataSet = {
      ...small,
      train: { ...small.train, images: new Uint8Array(0), labels: new Int32Array(0), n: 0 },
    };
    await expect(trainModel(empty, { model: tinyMlp })).rejects.toThrow(/the training set is empty/);
    const before = tf.memory().numTensors;
    const wrong = { name: 'wrong', build: tinyMlp.build };
    await expect(
      trainModel(small, { model: { name: 'wrong', build: (s, _k, o) => wrong.build(s, 5, o) }, epochs: 1 }),
    ).rejects.toThrow(/model 'wrong' outputs \[null,5\], expected \[batch, 3\]/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
