import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readCheckpoint, trainModel, type TrainOptions } from 'rethink/train';
import { fillValues } from '../../arbitraries/index.ts';
import { abortAt, randomDataSet, tinyMlp, withoutTimings } from '../../arbitraries/train.ts';
import { TRAINING_KERNEL_CONFIGS } from '../../../src/train/backend/register-training-kernels.ts';
import { memoryMark, runKernel, startWasm } from './_kernels.ts';

const fill = { seed: 3, shift: -1, quantize: false };
const t = (shape: number[], stream: string): tf.Tensor =>
  tf.tensor(fillValues(fill, tf.util.sizeFromShape(shape), stream), shape);

/** One call of each training kernel, on inputs large enough to allocate real temporaries. */
const CALLS: Record<string, () => tf.Tensor> = {
  BatchMatMul: () => tf.matMul(t([40, 30], 'a'), t([20, 30], 'b'), false, true),
  _FusedMatMul: () =>
    tf.fused.matMul({
      a: t([30, 40], 'a'),
      b: t([30, 20], 'b'),
      transposeA: true,
      bias: t([20], 'c'),
      activation: 'relu',
    }),
  Conv2DBackpropFilter: () =>
    runKernel(
      'Conv2DBackpropFilter',
      { x: t([4, 12, 12, 6], 'x'), dy: t([4, 5, 5, 8], 'dy') },
      {
        strides: 2,
        pad: 'valid',
        dataFormat: 'NHWC',
        filterShape: [3, 3, 6, 8],
      },
    ),
  Conv2DBackpropInput: () =>
    runKernel(
      'Conv2DBackpropInput',
      { dy: t([4, 6, 6, 8], 'dy'), filter: t([3, 3, 6, 8], 'f') },
      {
        strides: 2,
        pad: 'same',
        dataFormat: 'NHWC',
        inputShape: [4, 12, 12, 6],
      },
    ),
  MaxPoolGrad: () => {
    const input = t([4, 12, 12, 6], 'x');
    const output = tf.maxPool(input as tf.Tensor4D, 3, 2, 'same');
    return runKernel(
      'MaxPoolGrad',
      { dy: t(output.shape, 'dy'), input, output },
      { filterSize: 3, strides: 2, pad: 'same' },
    );
  },
  Sum: () => tf.sum(t([4, 12, 12, 6], 'x'), [0, 1, 2]),
  Identity: () => tf.clone(t([100], 'x')),
  Cast: () => tf.cast(tf.cast(t([100], 'x'), 'bool'), 'float32'),
  Conv2D: () => tf.conv2d(t([4, 12, 12, 6], 'x') as tf.Tensor4D, t([3, 2, 6, 8], 'f') as tf.Tensor4D, [1, 3], 'same'),
  FusedConv2D: () =>
    tf.fused.conv2d({
      x: t([4, 12, 12, 6], 'x') as tf.Tensor4D,
      filter: t([3, 3, 6, 8], 'f') as tf.Tensor4D,
      strides: 1,
      pad: 'same',
      bias: t([8], 'b'),
      activation: 'relu',
    }),
};

describe('the wasm training kernels leak nothing', () => {
  beforeAll(async () => {
    await startWasm();
  });

  it('has a leak check for every registered training kernel', () => {
    expect(Object.keys(CALLS).sort()).toEqual(TRAINING_KERNEL_CONFIGS.map((c) => c.kernelName).sort());
  });

  it.each(Object.keys(CALLS))(
    '%s: tensors, wasm tensors and the wasm heap stay flat over repeated calls',
    async (name) => {
      const call = CALLS[name] as () => tf.Tensor;
      const run = (times: number): void => {
        for (let i = 0; i < times; i++) tf.tidy(() => call().dataSync());
      };
      run(5); // warm-up: operator caches and the allocator settle
      const before = await memoryMark();
      run(40);
      const after = await memoryMark();
      expect(after).toEqual(before);
    },
  );

  it('held checkpoints (checkpointEvery) keep the wasm tensors flat across epochs; an abort writes the held epoch, and resuming is bit-identical', async () => {
    const data = randomDataSet(5, { n: 24, height: 6, width: 6, channels: 1, classes: 3 }, 8);
    const options: TrainOptions = { model: tinyMlp, seed: 2, batchSize: 8, lr: 0.05, stopOnFit: false, epochs: 5 };
    const whole = await trainModel(data, options);
    const dir = mkdtempSync(join(tmpdir(), 'rethink-wasm-held-'));
    try {
      const marks: { tensors: number; dataIds: number }[] = [];
      const aborted = await trainModel(data, {
        ...options,
        checkpointDir: dir,
        checkpointEvery: 3600,
        ...abortAt(4, 2),
        onEpoch: async () => {
          const { tensors, dataIds } = await memoryMark();
          marks.push({ tensors, dataIds });
        },
      });
      expect(aborted.epochs).toBe(3);
      expect(new Set(marks.map((m) => JSON.stringify(m))).size).toBe(1);
      expect((await readCheckpoint(dir))?.state.epoch).toBe(3);
      const resumed = await trainModel(data, { ...options, checkpointDir: dir, checkpointEvery: 3600 });
      expect(resumed.resumedFrom).toBe(3);
      expect(withoutTimings(resumed.history)).toStrictEqual(withoutTimings(whole.history));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a whole training step (every kernel at once) keeps the heap flat', async () => {
    const w1 = tf.variable(t([3, 3, 2, 8], 'w1').mul(0.3));
    const w2 = tf.variable(t([6 * 6 * 8, 5], 'w2').mul(0.1));
    const x = t([6, 12, 12, 2], 'x');
    const optimizer = tf.train.momentum(0.01, 0.9);
    const step = (): void => {
      tf.tidy(() => {
        optimizer.minimize(() => {
          const h = tf.relu(
            tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor as tf.Tensor4D, 1, 'same').add(0.1),
          ) as tf.Tensor4D;
          const p = tf.maxPool(h, 2, 2, 'valid');
          return tf
            .matMul(p.reshape([6, -1]), w2)
            .square()
            .sum() as tf.Scalar;
        });
      });
    };
    for (let i = 0; i < 5; i++) step();
    const before = await memoryMark();
    for (let i = 0; i < 30; i++) step();
    expect(await memoryMark()).toEqual(before);
    optimizer.dispose();
    tf.dispose([w1, w2, x]);
  });
});
