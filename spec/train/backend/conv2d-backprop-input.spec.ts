import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { conv2dCaseArb, fillValues } from '../../arbitraries/index.ts';
import type { Conv2dCase } from '../../arbitraries/index.ts';
import { BackendError } from 'rethink/train';
import { expectWasmMatchesCpu, maybeAbs, memoryMark, runKernel, startWasm } from './_kernels.ts';

function inputGradient(c: Conv2dCase): (abs: boolean) => tf.Tensor {
  const inputShape: [number, number, number, number] = [c.batch, c.height, c.width, c.channelsIn];
  const filterShape: [number, number, number, number] = [c.filter[0], c.filter[1], c.channelsIn, c.channelsOut];
  const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, [...c.strides] as [number, number], 1, c.pad);
  const filter = fillValues(c.fill, tf.util.sizeFromShape(filterShape), 'filter');
  const dy = fillValues(c.fill, tf.util.sizeFromShape(info.outShape), 'dy');
  return (abs) =>
    runKernel(
      'Conv2DBackpropInput',
      { dy: tf.tensor4d(maybeAbs(dy, abs), info.outShape), filter: tf.tensor4d(maybeAbs(filter, abs), filterShape) },
      { strides: [...c.strides], pad: c.pad, dataFormat: 'NHWC', inputShape },
    );
}

describe('Conv2DBackpropInput on wasm', () => {
  beforeAll(async () => {
    await startWasm();
  });

  it('agrees with the cpu backend on generated shapes, strides, paddings (some wider than the filter) and values', async () => {
    const before = await memoryMark();
    await fc.assert(
      fc.asyncProperty(conv2dCaseArb(), async (c) => {
        await expectWasmMatchesCpu(inputGradient(c));
      }),
      { numRuns: 60 },
    );
    expect(await memoryMark()).toMatchObject({ tensors: before.tensors, dataIds: before.dataIds });
  });

  it('agrees with the cpu backend as the gradient of tf.conv2d', async () => {
    await fc.assert(
      fc.asyncProperty(conv2dCaseArb({ explicitPad: false, maxChannels: 12 }), async (c) => {
        const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.channelsIn];
        const fShape: [number, number, number, number] = [c.filter[0], c.filter[1], c.channelsIn, c.channelsOut];
        const x = fillValues(c.fill, tf.util.sizeFromShape(xShape), 'x');
        const f = fillValues(c.fill, tf.util.sizeFromShape(fShape), 'f');
        const pad = c.pad as 'valid' | 'same';
        await expectWasmMatchesCpu((abs) => {
          const filter = tf.tensor4d(maybeAbs(f, abs), fShape);
          return tf.grad((input: tf.Tensor) =>
            tf
              .conv2d(input as tf.Tensor4D, filter, [...c.strides] as [number, number], pad)
              .square()
              .sum(),
          )(tf.tensor4d(maybeAbs(x, abs), xShape));
        });
      }),
      { numRuns: 25 },
    );
  });

  it('rejects NCHW with a BackendError naming the kernel', async () => {
    await tf.setBackend('wasm');
    const call = (): tf.Tensor =>
      runKernel(
        'Conv2DBackpropInput',
        { dy: tf.ones([1, 1, 2, 2]), filter: tf.ones([2, 2, 1, 1]) },
        { strides: 1, pad: 'valid', dataFormat: 'NCHW', inputShape: [1, 1, 3, 3] },
      );
    expect(call).toThrow(BackendError);
    expect(call).toThrow(/Conv2DBackpropInput.*NCHW/);
  });
});
