import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MomentumSgd } from '../../src/train/_sgd.ts';
import { expectArraysClose } from '../arbitraries/tolerance.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const valuesArb = (n: number) =>
  fc
    .array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n })
    .map((v) => Float32Array.from(v));

const caseArb = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    w: valuesArb(n),
    grads: fc.array(valuesArb(n), { minLength: 1, maxLength: 4 }),
    lr: fc.double({ min: 0, max: 1, noNaN: true }),
    momentum: fc.double({ min: 0, max: 0.99, noNaN: true }),
    weightDecay: fc.double({ min: 0, max: 0.1, noNaN: true }),
    decayed: fc.boolean(),
  }),
);

describe('MomentumSgd (internal)', () => {
  it('follows g′ = g + λw (decayed variables only), v ← μv + g′, w ← w − ηv, from zero velocity', () => {
    fc.assert(
      fc.property(caseArb, ({ w, grads, lr, momentum, weightDecay, decayed }) => {
        const variable = tf.variable(tf.tensor1d(w));
        const sgd = new MomentumSgd([variable], momentum, weightDecay, [decayed]);
        const before = tf.memory().numTensors;
        // float32 reference: the same operations rounded to float32 after each one.
        const f = Math.fround;
        const rw = Float32Array.from(w);
        const rv = new Float32Array(w.length);
        for (const g of grads) {
          const gt = tf.tensor1d(g);
          sgd.apply([gt], lr);
          gt.dispose();
          for (let i = 0; i < w.length; i++) {
            const gi =
              decayed && weightDecay !== 0
                ? f((g[i] as number) + f(f(weightDecay) * (rw[i] as number)))
                : (g[i] as number);
            rv[i] = f(f(f(momentum) * (rv[i] as number)) + gi);
            rw[i] = f((rw[i] as number) - f(f(lr) * (rv[i] as number)));
          }
        }
        expect(tf.memory().numTensors).toBe(before);
        expectArraysClose(variable.dataSync(), rw, 1e-6);
        expectArraysClose(sgd.velocities[0]?.dataSync() ?? [], rv, 1e-6);
        sgd.dispose();
        variable.dispose();
      }),
    );
  });

  it('without weight decay it matches tfjs’s own momentum optimizer bit for bit', () => {
    fc.assert(
      fc.property(caseArb, ({ w, grads, lr, momentum }) => {
        const ours = tf.variable(tf.tensor1d(w));
        const theirs = tf.variable(tf.tensor1d(w));
        const sgd = new MomentumSgd([ours], momentum, 0, [true]);
        const opt = tf.train.momentum(lr, momentum);
        for (const g of grads) {
          const gt = tf.tensor1d(g);
          sgd.apply([gt], lr);
          opt.applyGradients([{ name: theirs.name, tensor: gt }]);
          gt.dispose();
        }
        expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()));
        sgd.dispose();
        opt.dispose();
        tf.dispose([ours, theirs]);
      }),
      { numRuns: 50 },
    );
  });
});
