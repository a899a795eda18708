/**
 * The input side of the Theorem 1 module at its documented boundaries: flat samples and flat labels are
 * accepted for every positive integer size (one point, one coordinate, one output included) and rejected,
 * with the offending field, for fractional sizes; `randomLabeledSample` draws its points and labels from the
 * documented streams (`theorem/points`, `theorem/labels`); the deterministic direction follows its documented
 * Weyl sequence r_l = (l + 1)·⌊2^31/φ⌉ mod 2^31 with both signs occurring.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, createRng, ShapeError } from 'rethink/core';
import { chooseDirection, randomLabeledSample, toLabels, toSample } from 'rethink/theorem';
import { caught } from '../arbitraries/assertions.ts';

describe('flat samples and labels at the size boundaries', () => {
  it('accept every positive integer n, d, k (1 included) as given', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        (n, d, k) => {
          const data = Float64Array.from({ length: n * d }, (_, t) => t);
          const s = toSample({ data, n, d });
          expect([s.data, s.n, s.d]).toStrictEqual([data, n, d]);
          const flat = Array.from({ length: n * k }, (_, t) => t / 2);
          const l = k === 1 ? toLabels(flat, n) : toLabels(flat, n, { outputs: k });
          expect([Array.from(l.y), l.n, l.k]).toStrictEqual([flat, n, k]);
        },
      ),
    );
  });

  it('reject fractional sizes, naming the field', () => {
    expect(
      caught(
        () => toSample({ data: new Float64Array(3), n: 1.5, d: 2 }),
        ShapeError,
        'toSample: the sample is empty (n = 1.5)',
      ).details,
    ).toEqual({ n: 1.5 });
    expect(
      caught(
        () => toSample({ data: new Float64Array(3), n: 2, d: 1.5 }),
        ShapeError,
        'toSample: points need at least one coordinate (d = 1.5)',
      ).details,
    ).toEqual({ d: 1.5 });
    expect(
      caught(
        () => toLabels([1, 2, 3], 2, { outputs: 1.5 }),
        ShapeError,
        'toLabels: outputs must be a positive integer, got 1.5',
      ).details,
    ).toEqual({ outputs: 1.5 });
    caught(() => toSample([[1], []], 'op'), ShapeError, 'op: row 1 has 0 coordinates, row 0 has 1');
    caught(
      () => toLabels([[1], [2, 3]], 2, { operation: 'op' }),
      ShapeError,
      'op: label row 1 has 2 values, row 0 has 1',
    );
    caught(() => toLabels([], 1), ShapeError, 'toLabels: expected 1 labels (1 points × 1 outputs), got 0');
  });
});

describe('randomLabeledSample streams', () => {
  it('draws points as standard normals from theorem/points and labels from theorem/labels', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: -1000, max: 1000 }),
        (n, d, k, seed) => {
          const { sample, labels } = randomLabeledSample({ samples: n, dims: d, outputs: k, seed });
          const points = createRng(seed, 'theorem/points');
          expect(Array.from(sample.data)).toStrictEqual(Array.from({ length: n * d }, () => points.normal()));
          const rng = createRng(seed, 'theorem/labels');
          const expected = new Array<number>(n * k).fill(0);
          for (let i = 0; i < n; i++) {
            if (k === 1) expected[i] = rng.int(0, 9);
            else expected[i * k + rng.int(0, k - 1)] = 1;
          }
          expect(Array.from(labels)).toStrictEqual(expected);
        },
      ),
    );
    expect(
      caught(
        () => randomLabeledSample({ samples: 2, dims: 0 }),
        ArgumentError,
        'randomLabeledSample: dims must be a positive integer, got 0',
      ).details,
    ).toEqual({ dims: 0 });
    caught(
      () => randomLabeledSample({ samples: 2, dims: 2, seed: 0.5 }),
      ArgumentError,
      'randomLabeledSample: seed must be a safe integer, got 0.5',
    );
  });

  it('defaults to one output and seed 0', () => {
    const a = randomLabeledSample({ samples: 5, dims: 2 });
    const b = randomLabeledSample({ samples: 5, dims: 2, outputs: 1, seed: 0 });
    expect(a.outputs).toBe(1);
    expect(Array.from(a.labels)).toStrictEqual(Array.from(b.labels));
    expect(Array.from(a.sample.data)).toStrictEqual(Array.from(b.sample.data));
  });
});

describe('deterministic direction', () => {
  it('follows the documented Weyl sequence, with both signs in every 16 consecutive entries', () => {
    const d = 256;
    const a = chooseDirection(d);
    const TWO31 = 2 ** 31;
    const step = Math.round(TWO31 / ((1 + Math.sqrt(5)) / 2)) | 1;
    for (let l = 0; l < d; l++) expect(Math.abs(a[l] as number) * TWO31 - TWO31).toBe(((l + 1) * step) % TWO31);
    for (let l = 0; l + 16 <= d; l++) {
      const window = Array.from(a.subarray(l, l + 16));
      expect(window.some((v) => v > 0) && window.some((v) => v < 0)).toBe(true);
    }
    // Random directions (any attempt ≥ 1) have both signs too: all 64 equal has probability 2^-63.
    const r = chooseDirection(64, { attempt: 1, seed: 3 });
    expect(r.some((v) => v > 0) && r.some((v) => v < 0)).toBe(true);
  });
});
