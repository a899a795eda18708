import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { fillValues, matMulCaseArb } from '../../arbitraries/index.ts';
import type { MatMulCase } from '../../arbitraries/index.ts';
import { expectWasmMatchesCpu, maybeAbs, memoryMark, startWasm } from './_kernels.ts';

function operands(c: MatMulCase): {
  a: Float32Array;
  aShape: number[];
  b: Float32Array;
  bShape: number[];
  bias: Float32Array;
} {
  const aShape = [...c.batch, ...(c.transposeA ? [c.k, c.m] : [c.m, c.k])];
  const bShape = [...c.batch, ...(c.transposeB ? [c.n, c.k] : [c.k, c.n])];
  return {
    a: fillValues(c.fill, tf.util.sizeFromShape(aShape), 'a'),
    aShape,
    b: fillValues(c.fill, tf.util.sizeFromShape(bShape), 'b'),
    bShape,
    bias: fillValues(c.fill, c.n, 'bias'),
  };
}

/** The activations a fused product can carry (on the batched path, each runs as its own kernel). */
const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;

describe('BatchMatMul and _FusedMatMul on wasm', () => {
  beforeAll(async () => {
    await startWasm();
  });

  it('BatchMatMul agrees with the cpu backend for every transpose combination, with and without batch dims', async () => {
    const before = await memoryMark();
    await fc.assert(
      fc.asyncProperty(matMulCaseArb, async (c) => {
        const { a, aShape, b, bShape } = operands(c);
        await expectWasmMatchesCpu((abs) =>
          tf.matMul(
            tf.tensor(maybeAbs(a, abs), aShape),
            tf.tensor(maybeAbs(b, abs), bShape),
            c.transposeA,
            c.transposeB,
          ),
        );
      }),
      { numRuns: 80 },
    );
    expect(await memoryMark()).toMatchObject({ tensors: before.tensors, dataIds: before.dataIds });
  });

  it('_FusedMatMul (bias and every fusable activation) agrees with the cpu backend for every transpose combination', async () => {
    const before = await memoryMark();
    await fc.assert(
      fc.asyncProperty(matMulCaseArb, fc.constantFrom(...ACTIVATIONS), async (c, activation) => {
        const { a, aShape, b, bShape, bias } = operands(c);
        const prelu = fillValues(c.fill, c.n, 'prelu');
        await expectWasmMatchesCpu((abs) =>
          tf.fused.matMul({
            a: tf.tensor(maybeAbs(a, abs), aShape) as tf.Tensor as tf.Tensor3D,
            b: tf.tensor(maybeAbs(b, abs), bShape) as tf.Tensor as tf.Tensor3D,
            transposeA: c.transposeA,
            transposeB: c.transposeB,
            bias: tf.tensor1d(maybeAbs(bias, abs)),
            activation,
            ...(activation === 'prelu' ? { preluActivationWeights: tf.tensor1d(prelu) } : {}),
            ...(activation === 'leakyrelu' ? { leakyreluAlpha: 0.3 } : {}),
          }),
        );
      }),
      { numRuns: 60 },
    );
    expect(await memoryMark()).toMatchObject({ tensors: before.tensors, dataIds: before.dataIds });
  });

  it('gives the dense-layer gradients of the cpu backend', async () => {
    await fc.assert(
      fc.asyncProperty(matMulCaseArb, async (c) => {
        const x = fillValues(c.fill, c.m * c.k, 'x');
        const w = fillValues(c.fill, c.k * c.n, 'w');
        for (const wrt of [0, 1]) {
          await expectWasmMatchesCpu((abs) => {
            const grads = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.matMul(xx, ww).relu().square().sum())([
              tf.tensor2d(maybeAbs(x, abs), [c.m, c.k]),
              tf.tensor2d(maybeAbs(w, abs), [c.k, c.n]),
            ]);
            return grads[wrt] as tf.Tensor;
          });
        }
      }),
      { numRuns: 20 },
    );
  });
});
