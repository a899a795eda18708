import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from 'rethink/core';
import { DEFAULT_DECAY_EVERY, DEFAULT_SCHEDULE, learningRate } from 'rethink/train';
import type { LrSchedule } from 'rethink/core';
import { FLOAT64_EPSILON, isClose } from '../arbitraries/tolerance.ts';

const lrArb = fc.double({ min: 1e-6, max: 1, noNaN: true });
const decayArb = fc.double({ min: 0.5, max: 1, noNaN: true });
const indexArb = fc.integer({ min: 0, max: 10_000 });

describe('learningRate', () => {
  it('constant: the base rate at every epoch and step', () => {
    fc.assert(
      fc.property(lrArb, indexArb, indexArb, (lr, e, t) => {
        expect(learningRate(lr, { kind: 'constant' }, e, t)).toBe(lr);
      }),
    );
  });

  it('epoch: × decay after every epoch, independent of the step', () => {
    fc.assert(
      fc.property(lrArb, decayArb, fc.integer({ min: 0, max: 300 }), indexArb, indexArb, (lr, decay, e, t1, t2) => {
        const s: LrSchedule = { kind: 'epoch', decay };
        expect(learningRate(lr, s, e, t1)).toBe(learningRate(lr, s, e, t2));
        expect(isClose(learningRate(lr, s, e + 1, t1), learningRate(lr, s, e, t1) * decay, 1e-12)).toBe(true);
        expect(learningRate(lr, s, e + 1, t1)).toBeLessThanOrEqual(learningRate(lr, s, e, t1));
      }),
    );
  });

  it('the default is the paper’s × 0.95 per epoch', () => {
    expect(DEFAULT_SCHEDULE).toEqual({ kind: 'epoch', decay: 0.95 });
    expect(learningRate(0.01, DEFAULT_SCHEDULE, 0, 0)).toBe(0.01);
    expect(isClose(learningRate(0.01, DEFAULT_SCHEDULE, 2, 0), 0.01 * 0.95 * 0.95, FLOAT64_EPSILON)).toBe(true);
  });

  it('step: × decay every `every` steps, smoothly or in a staircase, independent of the epoch', () => {
    fc.assert(
      fc.property(
        lrArb,
        decayArb,
        fc.integer({ min: 1, max: 500 }),
        indexArb,
        fc.integer({ min: 0, max: 50 }),
        (lr, decay, every, t, e) => {
          const smooth: LrSchedule = { kind: 'step', decay, every };
          const stairs: LrSchedule = { kind: 'step', decay, every, staircase: true };
          expect(isClose(learningRate(lr, smooth, e, t + every), learningRate(lr, smooth, 0, t) * decay, 1e-10)).toBe(
            true,
          );
          expect(learningRate(lr, smooth, e, t + 1)).toBeLessThanOrEqual(learningRate(lr, smooth, e, t));
          const blockStart = t - (t % every);
          expect(learningRate(lr, stairs, e, t)).toBe(learningRate(lr, stairs, 0, blockStart));
          expect(isClose(learningRate(lr, stairs, e, t), learningRate(lr, smooth, e, blockStart), 1e-12)).toBe(true);
        },
      ),
    );
  });

  it('a staircase step schedule with `every` = steps per epoch equals the epoch schedule', () => {
    fc.assert(
      fc.property(
        lrArb,
        decayArb,
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 200 }),
        fc.nat(),
        (lr, decay, perEpoch, e, r) => {
          const t = e * perEpoch + (r % perEpoch);
          const a = learningRate(lr, { kind: 'step', decay, every: perEpoch, staircase: true }, e, t);
          expect(isClose(a, learningRate(lr, { kind: 'epoch', decay }, e, t), 1e-12)).toBe(true);
        },
      ),
    );
  });

  it('`every` defaults to one CIFAR-10 epoch at batch 128 (391 steps)', () => {
    expect(DEFAULT_DECAY_EVERY).toBe(391);
    expect(learningRate(1, { kind: 'step', decay: 0.5 }, 0, 391)).toBe(0.5);
  });

  it('refuses rates, decays, intervals and indices outside their domains', () => {
    expect(() => learningRate(-1, { kind: 'constant' }, 0, 0)).toThrow(ArgumentError);
    expect(() => learningRate(NaN, { kind: 'constant' }, 0, 0)).toThrow(
      /learningRate: lr must be a finite non-negative number/,
    );
    expect(() => learningRate(0.1, { kind: 'epoch', decay: 0 }, 0, 0)).toThrow(/decay must be in \(0, 1\], got 0/);
    expect(() => learningRate(0.1, { kind: 'epoch', decay: 1.01 }, 0, 0)).toThrow(ArgumentError);
    expect(() => learningRate(0.1, { kind: 'step', decay: 0.9, every: 0 }, 0, 0)).toThrow(
      /every must be a positive number of steps/,
    );
    expect(() => learningRate(0.1, { kind: 'cosine' } as unknown as LrSchedule, 0, 0)).toThrow(/schedule kind must be/);
    expect(() => learningRate(0.1, { kind: 'constant' }, -1, 0)).toThrow(
      /epoch and step must be non-negative integers/,
    );
    expect(() => learningRate(0.1, { kind: 'constant' }, 0, 0.5)).toThrow(ArgumentError);
  });
});
