import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { conv2dCaseArb, expectArraysClose, fillValues } from '../../arbitraries/index.ts';
import type { Conv2dCase } from '../../arbitraries/index.ts';
import { stockConfig } from '../../../src/train/backend/kernels/_wasm.ts';
import { expectWasmMatchesCpu, maybeAbs, memoryMark, runKernel, startWasm } from './_kernels.ts';

/** The pooling of a case (filters up to 5, strides up to 3, valid / same / explicit padding). */
function poolGradient(c: Conv2dCase): (abs?: boolean) => tf.Tensor {
  const shape: [number, number, number, number] = [c.batch, c.height, c.width, c.channelsIn];
  const info = tf.backend_util.computePool2DInfo(
    shape,
    [...c.filter] as [number, number],
    [...c.strides] as [number, number],
    1,
    c.pad,
  );
  const x = fillValues(c.fill, tf.util.sizeFromShape(shape), 'x');
  const dy = fillValues({ ...c.fill, shift: 0 }, tf.util.sizeFromShape(info.outShape), 'dy');
  const attrs = { filterSize: [...c.filter], strides: [...c.strides], pad: c.pad };
  return (abs = false) => {
    const input = tf.tensor4d(x, shape);
    const output = runKernel('MaxPool', { x: input }, attrs);
    return runKernel('MaxPoolGrad', { dy: tf.tensor4d(maybeAbs(dy, abs), info.outShape), input, output }, attrs);
  };
}

describe('MaxPoolGrad on wasm', () => {
  beforeAll(async () => {
    await startWasm();
  });

  it('agrees with the cpu backend, including windows whose maximum is negative and windows with ties', async () => {
    const before = await memoryMark();
    await fc.assert(
      fc.asyncProperty(conv2dCaseArb(), async (c) => {
        await expectWasmMatchesCpu(poolGradient(c));
      }),
      { numRuns: 80 },
    );
    expect(await memoryMark()).toMatchObject({ tensors: before.tensors, dataIds: before.dataIds });
  });

  it('agrees with the cpu backend on the unrolled 2×2, stride-2 path (the CNN pooling), odd sizes included', async () => {
    const twoByTwo = conv2dCaseArb().map((c): Conv2dCase => ({
      ...c,
      filter: [2, 2],
      strides: [2, 2],
      pad: 'valid',
      height: Math.max(2, c.height),
      width: Math.max(2, c.width),
    }));
    await fc.assert(
      fc.asyncProperty(twoByTwo, async (c) => {
        await expectWasmMatchesCpu(poolGradient(c));
      }),
      { numRuns: 40 },
    );
  });

  it('conserves the gradient (every valid/same window passes its gradient to exactly one input) and picks the first of tied maxima', async () => {
    await fc.assert(
      fc.asyncProperty(conv2dCaseArb({ explicitPad: false }), async (c) => {
        await tf.setBackend('wasm');
        const { dxSum, dySum, dyAbs } = tf.tidy(() => {
          const dx = poolGradient(c)();
          const shape = [c.batch, c.height, c.width, c.channelsIn] as [number, number, number, number];
          const info = tf.backend_util.computePool2DInfo(
            shape,
            [...c.filter] as [number, number],
            [...c.strides] as [number, number],
            1,
            c.pad,
          );
          const dy = tf.tensor(fillValues({ ...c.fill, shift: 0 }, tf.util.sizeFromShape(info.outShape), 'dy'));
          return {
            dxSum: dx.sum().arraySync() as number,
            dySum: dy.sum().arraySync() as number,
            dyAbs: dy.abs().sum().arraySync() as number,
          };
        });
        expect(Math.abs(dxSum - dySum)).toBeLessThanOrEqual(1e-5 * Math.max(1, dyAbs));
      }),
      { numRuns: 20 },
    );
    await tf.setBackend('wasm');
    const grad = tf.tidy(() =>
      tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid').sum())(
        tf.tensor4d([-4, -1, -2, -1], [1, 2, 2, 1]),
      ),
    );
    expectArraysClose(await grad.data(), [0, 1, 0, 0]);
    grad.dispose();
  });

  it('fixes the stock wasm kernel, which does not route the gradient of a window whose maximum is negative to that maximum', async () => {
    await tf.setBackend('wasm');
    const stock = stockConfig('MaxPoolGrad');
    expect(stock).toBeDefined();
    const attrs = { filterSize: [2, 2], strides: [2, 2], pad: 'valid' };
    const values = tf.tidy(() => {
      const input = tf.tensor4d([-4, -3, -2, -1], [1, 2, 2, 1]);
      const output = runKernel('MaxPool', { x: input }, attrs);
      const dy = tf.tensor4d([5], [1, 1, 1, 1]);
      const backend = tf.backend();
      const stockInfo = stock?.kernelFunc({ inputs: { dy, input, output }, backend, attrs }) as tf.TensorInfo;
      const stockDx = tf.engine().makeTensorFromTensorInfo(stockInfo);
      const ours = runKernel('MaxPoolGrad', { dy, input, output }, attrs);
      return { stock: stockDx.dataSync().slice(), ours: ours.dataSync().slice() };
    });
    // The window's maximum is −1 (the last element). The stock kernel starts its running maximum at 0, so no
    // element ever beats it and the gradient lands on the window's first element instead.
    expect(values.stock[3]).toBe(0);
    expect(Array.from(values.stock)).not.toEqual([0, 0, 0, 5]);
    expect(Array.from(values.ours)).toEqual([0, 0, 0, 5]);
  });
});
