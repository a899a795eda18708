/**
 * `chooseDirection`: the shape of the direction it promises (entries ±[1, 2)·2^exponent, pairwise distinct in
 * magnitude), reproducible per (seed, attempt), and a new direction for every retry — a retry that met the same
 * direction would meet the same collision again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from 'rethink/core';
import { chooseDirection } from 'rethink/theorem';

const optionsArb = fc.record({
  d: fc.integer({ min: 1, max: 40 }),
  kind: fc.constantFrom('deterministic' as const, 'random' as const),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  attempt: fc.integer({ min: 0, max: 20 }),
  exponent: fc.integer({ min: -40, max: 40 }),
});

describe('chooseDirection', () => {
  it('gives entries ±[1, 2)·2^exponent, distinct in magnitude, the same for the same options', () => {
    fc.assert(
      fc.property(optionsArb, ({ d, ...options }) => {
        const a = chooseDirection(d, options);
        expect(a).toHaveLength(d);
        const magnitudes = Array.from(a, (v) => Math.abs(v) / 2 ** options.exponent);
        for (const m of magnitudes) expect(m >= 1 && m < 2).toBe(true);
        expect(new Set(magnitudes).size).toBe(d);
        expect(chooseDirection(d, options)).toStrictEqual(a);
      }),
    );
  });

  it('gives a new direction for every retry and every seed', () => {
    fc.assert(
      fc.property(optionsArb, ({ d, ...options }) => {
        const a = chooseDirection(d, options);
        expect(chooseDirection(d, { ...options, attempt: options.attempt + 1 })).not.toStrictEqual(a);
        if (options.kind === 'random' || options.attempt > 0)
          expect(chooseDirection(d, { ...options, seed: options.seed + 1 })).not.toStrictEqual(a);
      }),
    );
  });

  it('names itself and the bad dimension in its errors', () => {
    expect(() => chooseDirection(0)).toThrow(ArgumentError);
    expect(() => chooseDirection(0)).toThrow('chooseDirection: d must be a positive integer, got 0');
  });
});
