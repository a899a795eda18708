import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { conv2dCaseArb, fillValues } from '../../arbitraries/index.ts';
import type { Conv2dCase } from '../../arbitraries/index.ts';
import { BackendError } from 'rethink/train';
import { expectWasmMatchesCpu, maybeAbs, memoryMark, runKernel, startWasm } from './_kernels.ts';

function filterGradient(c: Conv2dCase): (abs: boolean) => tf.Tensor {
  const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.channelsIn];
  const filterShape: [number, number, number, number] = [c.filter[0], c.filter[1], c.channelsIn, c.channelsOut];
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, [...c.strides] as [number, number], 1, c.pad);
  const x = fillValues(c.fill, tf.util.sizeFromShape(xShape), 'x');
  const dy = fillValues(c.fill, tf.util.sizeFromShape(info.outShape), 'dy');
  return (abs) =>
    runKernel(
      'Conv2DBackpropFilter',
      { x: tf.tensor4d(maybeAbs(x, abs), xShape), dy: tf.tensor4d(maybeAbs(dy, abs), info.outShape) },
      { strides: [...c.strides], pad: c.pad, dataFormat: 'NHWC', filterShape },
    );
}

describe('Conv2DBackpropFilter on wasm', () => {
  beforeAll(async () => {
    await startWasm();
  });

  it('agrees with the cpu backend on generated shapes, strides, paddings and values', async () => {
    const before = await memoryMark();
    await fc.assert(
      fc.asyncProperty(conv2dCaseArb(), async (c) => {
        await expectWasmMatchesCpu(filterGradient(c));
      }),
      { numRuns: 60 },
    );
    expect(await memoryMark()).toMatchObject({ tensors: before.tensors, dataIds: before.dataIds });
  });

  it('agrees with the cpu backend as the gradient of tf.conv2d (wider channels, the engine path)', async () => {
    await fc.assert(
      fc.asyncProperty(conv2dCaseArb({ explicitPad: false, maxChannels: 12 }), async (c) => {
        const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.channelsIn];
        const fShape: [number, number, number, number] = [c.filter[0], c.filter[1], c.channelsIn, c.channelsOut];
        const x = fillValues(c.fill, tf.util.sizeFromShape(xShape), 'x');
        const f = fillValues(c.fill, tf.util.sizeFromShape(fShape), 'f');
        const pad = c.pad as 'valid' | 'same';
        await expectWasmMatchesCpu((abs) => {
          const input = tf.tensor4d(maybeAbs(x, abs), xShape);
          return tf.grad((w: tf.Tensor) =>
            tf
              .conv2d(input, w as tf.Tensor4D, [...c.strides] as [number, number], pad)
              .square()
              .sum(),
          )(tf.tensor4d(maybeAbs(f, abs), fShape));
        });
      }),
      { numRuns: 25 },
    );
  });

  it('rejects NCHW with a BackendError naming the kernel', async () => {
    await tf.setBackend('wasm');
    expect(() =>
      runKernel(
        'Conv2DBackpropFilter',
        { x: tf.ones([1, 1, 3, 3]), dy: tf.ones([1, 1, 2, 2]) },
        { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [2, 2, 1, 1] },
      ),
    ).toThrow(BackendError);
    expect(() =>
      runKernel(
        'Conv2DBackpropFilter',
        { x: tf.ones([1, 1, 3, 3]), dy: tf.ones([1, 1, 2, 2]) },
        { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [2, 2, 1, 1] },
      ),
    ).toThrow(/Conv2DBackpropFilter.*NCHW/);
  });
});
