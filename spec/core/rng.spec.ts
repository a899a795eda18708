import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, restoreRng, type Rng } from 'rethink/core';

const draw = (rng: Rng, k: number) => Array.from({ length: k }, () => rng.uint32());

describe('createRng', () => {
  it('gives the same sequence for the same seed and stream', () => {
    fc.assert(
      fc.property(fc.integer(), fc.string({ maxLength: 12 }), (seed, stream) => {
        expect(draw(createRng(seed, stream), 20)).toEqual(draw(createRng(seed, stream), 20));
      }),
    );
  });

  it('gives different sequences for different streams or seeds', () => {
    // Equal sequences of 8 uint32 by chance: probability 2^-256 per case.
    fc.assert(
      fc.property(
        fc.integer(),
        fc.string({ maxLength: 12 }),
        fc.string({ minLength: 1, maxLength: 4 }),
        (seed, a, suffix) => {
          const b = a + suffix;
          expect(draw(createRng(seed, a), 8)).not.toEqual(draw(createRng(seed, b), 8));
          expect(draw(createRng(seed, a), 8)).not.toEqual(draw(createRng(seed ^ 1, a), 8));
        },
      ),
    );
  });

  it('reduces the seed to 32 bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        expect(draw(createRng(seed + 2 ** 32, 's'), 4)).toEqual(draw(createRng(seed, 's'), 4));
      }),
    );
  });

  it('draws uint32 values', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        for (const v of draw(createRng(seed), 50)) {
          expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
        }
      }),
    );
  });
});

describe('Rng.snapshot / restoreRng', () => {
  it('continues the sequence exactly, a pending normal deviate included', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 7 }), (seed, before) => {
        const rng = createRng(seed, 'snap');
        for (let i = 0; i < before; i++) rng.normal(); // an odd count leaves a spare deviate
        const state = JSON.parse(JSON.stringify(rng.snapshot())) as ReturnType<Rng['snapshot']>;
        const restored = restoreRng(state);
        const next = [rng.normal(), rng.normal(), rng.uint32(), rng.float(), rng.int(-5, 5)];
        expect([
          restored.normal(),
          restored.normal(),
          restored.uint32(),
          restored.float(),
          restored.int(-5, 5),
        ]).toEqual(next);
      }),
    );
  });
});

describe('Rng draws', () => {
  it('int(min, max) stays in range, is an integer, and reaches both ends', () => {
    // With a range of at most 4 values and 200 draws, missing one value has probability ≤ 4·(3/4)^200 < 1e-24.
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 3 }),
        (seed, min, span) => {
          const rng = createRng(seed, 'int');
          const seen = new Set<number>();
          for (let i = 0; i < 200; i++) {
            const v = rng.int(min, min + span);
            expect(Number.isInteger(v) && v >= min && v <= min + span).toBe(true);
            seen.add(v);
          }
          expect(seen.size).toBe(span + 1);
        },
      ),
    );
  });

  it('float() lies in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = createRng(seed, 'float');
        for (let i = 0; i < 100; i++) {
          const v = rng.float();
          expect(v >= 0 && v < 1).toBe(true);
        }
      }),
    );
  });

  it('permutation(n) is a permutation of 0 … n-1, and shuffle keeps the multiset', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 30 }),
        (seed, n, values) => {
          const rng = createRng(seed, 'perm');
          const p = rng.permutation(n);
          expect(p).toBeInstanceOf(Uint32Array);
          expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
          const copy = [...values];
          expect(rng.shuffle(copy)).toBe(copy);
          expect([...copy].sort()).toEqual([...values].sort());
        },
      ),
    );
  });

  it('normal() has mean 0 and variance 1 within stated bounds', () => {
    // n = 20,000 draws per seed. The sample mean is N(0, 1/n) and the sample variance approximately
    // N(1, 2/n); each bound is 6.1 standard errors, so a false failure has probability about 1e-9 per check
    // (normal approximation) — about 1e-8 over the 5 seeds × 2 checks.
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = createRng(seed, 'normal');
        const n = 20_000;
        let sum = 0;
        let sumSq = 0;
        for (let i = 0; i < n; i++) {
          const z = rng.normal();
          sum += z;
          sumSq += z * z;
        }
        const mean = sum / n;
        const variance = sumSq / n - mean * mean;
        expect(Math.abs(mean)).toBeLessThan(6.1 / Math.sqrt(n));
        expect(Math.abs(variance - 1)).toBeLessThan(6.1 * Math.sqrt(2 / n));
      }),
      { numRuns: 5 },
    );
  });
});
