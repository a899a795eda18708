import { beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { conv2dCaseArb, fillValues } from '../../arbitraries/index.ts';
import { expectWasmMatchesCpu, maybeAbs, startWasm } from './_kernels.ts';

describe('Conv2D and FusedConv2D on wasm', () => {
  beforeAll(async () => {
    await startWasm();
  });

  it('agree with the cpu backend, including strides larger than the filter with same padding', async () => {
    await fc.assert(
      fc.asyncProperty(
        conv2dCaseArb(),
        fc.constantFrom('linear', 'relu') as fc.Arbitrary<'linear' | 'relu'>,
        async (c, activation) => {
          const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.channelsIn];
          const fShape: [number, number, number, number] = [c.filter[0], c.filter[1], c.channelsIn, c.channelsOut];
          const x = fillValues(c.fill, tf.util.sizeFromShape(xShape), 'x');
          const f = fillValues(c.fill, tf.util.sizeFromShape(fShape), 'f');
          const bias = fillValues(c.fill, c.channelsOut, 'bias');
          const strides = [...c.strides] as [number, number];
          await expectWasmMatchesCpu((abs) =>
            tf.conv2d(tf.tensor4d(maybeAbs(x, abs), xShape), tf.tensor4d(maybeAbs(f, abs), fShape), strides, c.pad),
          );
          await expectWasmMatchesCpu((abs) =>
            tf.fused.conv2d({
              x: tf.tensor4d(maybeAbs(x, abs), xShape),
              filter: tf.tensor4d(maybeAbs(f, abs), fShape),
              strides,
              pad: c.pad,
              bias: tf.tensor1d(maybeAbs(bias, abs)),
              activation,
            }),
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});
