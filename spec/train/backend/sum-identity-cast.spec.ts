import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { expectArraysClose, fillArb, fillValues } from '../../arbitraries/index.ts';
import { expectWasmMatchesCpu, maybeAbs, memoryMark, startWasm } from './_kernels.ts';

/** A shape of rank 1–4 (sides 1–6) with a non-empty subset of its axes, possibly negative, and keepDims. */
const reductionArb = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    axes: fc
      .subarray(
        shape.map((_, i) => i),
        { minLength: 1 },
      )
      .chain((axes) => fc.tuple(...axes.map((a) => fc.constantFrom(a, a - shape.length)))),
    keepDims: fc.boolean(),
    fill: fillArb,
  }),
);

describe('Sum, Identity and Cast on wasm', () => {
  beforeAll(async () => {
    await startWasm();
  });

  it('Sum agrees with the cpu backend over any axes (leading axes take the column-sum path)', async () => {
    const before = await memoryMark();
    await fc.assert(
      fc.asyncProperty(reductionArb, async ({ shape, axes, keepDims, fill }) => {
        const values = fillValues(fill, tf.util.sizeFromShape(shape), 'x');
        await expectWasmMatchesCpu((abs) => tf.sum(tf.tensor(maybeAbs(values, abs), shape), axes, keepDims));
      }),
      { numRuns: 80 },
    );
    expect(await memoryMark()).toMatchObject({ tensors: before.tensors, dataIds: before.dataIds });
  });

  it('Sum over leading axes of an int32 tensor keeps exact integer sums (stock path)', async () => {
    await tf.setBackend('wasm');
    const s = tf.tidy(() =>
      tf.sum(
        tf.tensor(
          [
            [1, 2],
            [3, 4],
            [5, 6],
          ],
          [3, 2],
          'int32',
        ),
        0,
      ),
    );
    expect(s.dtype).toBe('int32');
    expect(Array.from(await s.data())).toEqual([9, 12]);
    s.dispose();
  });

  it('Identity and same-dtype Cast share data, and the copy outlives the original', async () => {
    await fc.assert(
      fc.asyncProperty(fillArb, fc.integer({ min: 1, max: 50 }), async (fill, size) => {
        await tf.setBackend('wasm');
        const before = await memoryMark();
        const values = fillValues(fill, size, 'x');
        const x = tf.tensor1d(values);
        const clone = tf.clone(x);
        const cast = tf.cast(x, 'float32');
        x.dispose();
        expectArraysClose(await clone.data(), values, 0);
        expectArraysClose(await cast.data(), values, 0);
        clone.dispose();
        expectArraysClose(await cast.data(), values, 0);
        cast.dispose();
        expect(await memoryMark()).toMatchObject({ tensors: before.tensors, dataIds: before.dataIds });
      }),
      { numRuns: 20 },
    );
  });

  it('Identity of a string tensor and casts from int32 and bool agree with the cpu backend', async () => {
    await tf.setBackend('wasm');
    const strings = tf.tensor(['a', 'bc']);
    const clone = tf.clone(strings);
    strings.dispose();
    expect(await clone.data()).toEqual(['a', 'bc']);
    clone.dispose();
    await expectWasmMatchesCpu(() => tf.cast(tf.cast(tf.tensor1d([0, -3, 7, 0], 'int32'), 'bool'), 'float32'));
    await expectWasmMatchesCpu(() => tf.cast(tf.cast(tf.tensor1d([true, false, true], 'bool'), 'bool'), 'float32'));
  });

  it('Cast to another dtype converts like the cpu backend', async () => {
    await fc.assert(
      fc.asyncProperty(fillArb, fc.integer({ min: 1, max: 50 }), async (fill, size) => {
        const values = fillValues(fill, size, 'x').map((v) => v * 10);
        await expectWasmMatchesCpu(() => tf.cast(tf.cast(tf.tensor1d(values), 'int32'), 'float32'));
        await expectWasmMatchesCpu(() => tf.cast(tf.cast(tf.tensor1d(values), 'bool'), 'float32'));
      }),
      { numRuns: 20 },
    );
  });
});
