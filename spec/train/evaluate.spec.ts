import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from 'rethink/core';
import { evaluate, mlp } from 'rethink/train';
import { FLOAT32_EPSILON, isClose } from '../arbitraries/tolerance.ts';
import { randomImageSet, tinyDimsArb } from '../arbitraries/train.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('evaluate', () => {
  it('gives the mean cross-entropy and accuracy of the model’s logits on the whole set, whatever the batch size', async () => {
    await fc.assert(
      fc.asyncProperty(
        tinyDimsArb({ n: 20 }),
        fc.integer(),
        fc.integer({ min: 1, max: 25 }),
        async (dims, seed, batchSize) => {
          const set = randomImageSet(seed, dims);
          const model = mlp([dims.height, dims.width, dims.channels], dims.classes, { hidden: [8], seed });
          // Reference: logits of the whole set at once, loss and argmax in float64.
          const x = tf.tensor4d(
            Float32Array.from(set.images, (v) => v / 255),
            [dims.n, dims.height, dims.width, dims.channels],
          );
          const logits = (model.predict(x) as tf.Tensor).arraySync() as number[][];
          tf.dispose(x);
          let loss = 0;
          let correct = 0;
          logits.forEach((row, i) => {
            const label = set.labels[i] as number;
            const max = Math.max(...row);
            const lse = max + Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0));
            loss += lse - (row[label] as number);
            if (row.indexOf(max) === label) correct++;
          });
          const before = tf.memory().numTensors;
          const r = await evaluate(model, set, { batchSize });
          expect(tf.memory().numTensors).toBe(before);
          model.dispose();
          expect(r.n).toBe(dims.n);
          expect(r.accuracy).toBe(correct / dims.n);
          expect(isClose(r.loss, loss / dims.n, 10 * FLOAT32_EPSILON)).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('an empty set gives NaN metrics; mismatched models and batch sizes are refused', async () => {
    const model = mlp([2, 2, 1], 3, { hidden: [4] });
    const empty = randomImageSet(1, { n: 0, height: 2, width: 2, channels: 1, classes: 3 });
    expect(await evaluate(model, empty)).toEqual({ loss: NaN, accuracy: NaN, n: 0 });
    const other = randomImageSet(1, { n: 2, height: 3, width: 2, channels: 1, classes: 3 });
    await expect(evaluate(model, other)).rejects.toThrow(ShapeError);
    await expect(evaluate(model, other)).rejects.toThrow(
      /evaluate: model input \[null,2,2,1\] does not match images \[3,2,1\]/,
    );
    // A centre crop that fits the model makes the same set acceptable.
    expect((await evaluate(model, other, { crop: { height: 2, width: 2 } })).n).toBe(2);
    await expect(evaluate(model, empty, { batchSize: 0 })).rejects.toThrow(ArgumentError);
    model.dispose();
  });
});
