/**
 * Bad input gets a typed error that names the fault: empty samples, ragged rows, NaN/Infinity, label-count
 * mismatches, conflicting duplicates (both indices), bad options; and the edge paths of the construction
 * (overflowing or tiny projections, labels too large for float64, directions that collide) behave as stated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fraction, type Fraction } from 'mathjs';
import { ArgumentError, ShapeError } from 'rethink/core';
import { fractionToNumber } from '../../src/theorem/_float-bits.ts';
import {
  chooseDirection,
  ConflictingDuplicateError,
  exactRational,
  FloatRangeError,
  interpolate,
  NonFiniteError,
  ResolutionError,
  toLabels,
  toSample,
} from 'rethink/theorem';
import { conflictCaseArb, labelInput } from '../arbitraries/sample.ts';
import { cmp, evaluateExactly, maxAbsDiff, qOfNumber, qs } from './_exact.ts';
import { runs } from './_runs.ts';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('conflicting duplicates', () => {
  it('always raise ConflictingDuplicateError naming two identical points with different labels (both modes)', () => {
    fc.assert(
      fc.property(
        conflictCaseArb({ maxN: 20, maxD: 4, maxK: 2, kinds: ['integer', 'rational', 'float'] }),
        fc.boolean(),
        ({ c }, exact) => {
          const error = thrown(() => interpolate(c.rows, labelInput(c), { exact }));
          expect(error).toBeInstanceOf(ConflictingDuplicateError);
          const { first, second, code } = error as ConflictingDuplicateError;
          expect(code).toBe('E_DUPLICATE');
          expect(first).toBeLessThan(second);
          // Compared as values (−0 and +0 are the same coordinate or label, so compare with +0 added).
          const plus0 = (v: readonly number[] | undefined) => (v ?? []).map((x) => x + 0);
          expect(plus0(c.rows[first])).toStrictEqual(plus0(c.rows[second]));
          expect(plus0(c.labels[first])).not.toStrictEqual(plus0(c.labels[second]));
        },
      ),
      { numRuns: runs(0.6) },
    );
  });

  it('identical points with equal labels are merged into one neuron', () => {
    for (const exact of [false, true]) {
      const net = interpolate(
        [
          [1, 2],
          [3, 4],
          [1, 2],
          [1, 2],
        ],
        [5, 6, 5, 5],
        { exact },
      );
      expect(net.n).toBe(2);
      expect(net.sampleSize).toBe(4);
      expect(Array.from(net.duplicateOf)).toStrictEqual([-1, -1, 0, 0]);
      expect(net.parameters).toBe(2 * 2 + 2);
    }
  });
});

describe('shape and value errors', () => {
  it('name the empty sample, the ragged row, the non-finite value and the label mismatch', () => {
    expect(() => interpolate([], [])).toThrow(ShapeError);
    expect(() => interpolate([], [])).toThrow(/interpolate: the sample is empty/);
    expect(() => interpolate([[]], [1])).toThrow(/points need at least one coordinate/);
    expect(() => interpolate([[1, 2], [3]], [1, 2])).toThrow(/row 1 has 1 coordinates, row 0 has 2/);
    expect(() => interpolate({ data: new Float64Array(5), n: 2, d: 3 }, [1, 2])).toThrow(
      /flat sample of 2 × 3 needs 6 values, got 5/,
    );
    expect(() => interpolate({ data: new Float64Array(0), n: 0, d: 3 }, [])).toThrow(/the sample is empty \(n = 0\)/);
    expect(() => interpolate({ data: new Float64Array(0), n: 2, d: 0 }, [1, 2])).toThrow(
      /at least one coordinate \(d = 0\)/,
    );
    const nan = thrown(() =>
      interpolate(
        [
          [1, 2],
          [3, NaN],
        ],
        [1, 2],
      ),
    ) as NonFiniteError;
    expect(nan).toBeInstanceOf(NonFiniteError);
    expect([nan.where, nan.row, nan.column, nan.code]).toStrictEqual(['sample', 1, 1, 'E_NONFINITE']);
    for (const exact of [false, true]) {
      const inf = thrown(() =>
        interpolate({ data: Float64Array.from([1, 2, Infinity, 4]), n: 2, d: 2 }, [1, 2], { exact }),
      ) as NonFiniteError;
      expect([inf.where, inf.row, inf.column]).toStrictEqual(['sample', 1, 0]);
    }
    const label = thrown(() => interpolate([[1], [2]], [1, -Infinity])) as NonFiniteError;
    expect([label.where, label.row, label.column]).toStrictEqual(['labels', 1, 0]);
    const vector = thrown(() =>
      interpolate(
        [[1], [2]],
        [
          [1, 2],
          [3, NaN],
        ],
      ),
    ) as NonFiniteError;
    expect([vector.where, vector.row, vector.column]).toStrictEqual(['labels', 1, 1]);
    expect(() => interpolate([[1], [2]], [1, 2, 3])).toThrow(/expected 2 labels \(2 points × 1 outputs\), got 3/);
    expect(() => interpolate([[1], [2]], [[1, 2], [3]])).toThrow(/label row 1 has 1 values, row 0 has 2/);
    expect(() => interpolate([[1], [2]], [[1]])).toThrow(/expected 2 label rows \(one per point\), got 1/);
    expect(() => interpolate([[1], [2]], [[], []])).toThrow(/label rows need at least one output/);
    expect(() => interpolate([[1], [2]], [[1], [2]], { outputs: 2 })).toThrow(
      /outputs is 2 but label rows have 1 values/,
    );
    expect(() => interpolate([[1], [2]], [1, 2, 3, 4], { outputs: 0 })).toThrow(/outputs must be a positive integer/);
  });

  it('accept flat labels with outputs, typed-array samples and uint8 pixels', () => {
    const flat = interpolate([[0], [1]], [1, 2, 3, 4], { outputs: 2, exact: true });
    expect(flat.evaluate([[1]]).map((v) => v.toFraction())).toStrictEqual(['3', '4']);
    expect(toLabels(Float32Array.from([1, 2]), 2).k).toBe(1);
    const pixels = toSample({ data: Uint8Array.from([0, 255, 7, 9]), n: 2, d: 2 });
    const net = interpolate(pixels, [1, 2]);
    expect(Array.from(net.evaluate(pixels), Math.round)).toStrictEqual([1, 2]);
  });

  it('reject bad options and bad points to evaluate', () => {
    const rows = [[0], [1]];
    expect(() => interpolate(rows, [0, 1], { direction: 'sideways' as 'random' })).toThrow(
      /unknown direction "sideways"/,
    );
    expect(() => interpolate(rows, [0, 1], { seed: 0.5 })).toThrow(/seed must be a safe integer/);
    expect(() => interpolate(rows, [0, 1], { maxAttempts: 0 })).toThrow(/maxAttempts must be an integer in \[1, 64\]/);
    expect(() => interpolate(rows, [0, 1], { thresholdFraction: 0.7 })).toThrow(
      /thresholdFraction must be in \(0, 0.5\]/,
    );
    expect(() => interpolate(rows, [0, 1], { refineTolerance: -1 })).toThrow(/refineTolerance must be finite and ≥ 0/);
    for (const exact of [false, true]) {
      const net = interpolate(rows, [0, 1], { exact });
      expect(() => net.evaluate([[1, 2]])).toThrow(/evaluate: points have 2 coordinates, the network takes 1/);
      const e = thrown(() => net.evaluate([[0], [NaN]])) as NonFiniteError;
      expect([e.where, e.row, e.column]).toStrictEqual(['sample', 1, 0]);
      const f = thrown(() => net.evaluate({ data: Float64Array.from([0, NaN]), n: 2, d: 1 })) as NonFiniteError;
      expect([f.row, f.column]).toStrictEqual([1, 0]);
    }
    expect(() => chooseDirection(0)).toThrow(ArgumentError);
    expect(() => chooseDirection(3, { attempt: -1 })).toThrow(/attempt must be a non-negative integer/);
    expect(() => chooseDirection(3, { exponent: 2000 })).toThrow(/exponent must be an integer in \[-990, 990\]/);
    expect(() => chooseDirection(3, { kind: 'other' as 'random' })).toThrow(/unknown kind "other"/);
    expect(() => exactRational(NaN)).toThrow(/NaN has no rational value/);
  });
});

describe('edge paths of the exact construction', () => {
  it('handles a sample of zero vectors and a single point', () => {
    const net = interpolate([[0, 0]], [7], { exact: true });
    expect([net.n, net.parameters, net.evaluate([[0, 0]])[0]?.toFraction()]).toStrictEqual([1, 4, '7']);
    // Below the only threshold the network is 0.
    const below = (net.b[0] as Fraction).sub(fraction(1n, 1n)).div(net.a[0] as Fraction);
    expect(net.evaluate([[fractionToNumber(below), 0]])[0]?.toFraction()).toBe('0');
  });
});

describe('edge paths of the float construction', () => {
  function honest(rows: number[][], labels: number[]): void {
    const net = interpolate(rows, labels);
    const worst = maxAbsDiff(evaluateExactly(qs(net.a), qs(net.b), qs(net.w), 1, rows), labels);
    expect(cmp(worst, qOfNumber(net.errorBound))).toBeLessThanOrEqual(0);
    expect(net.errorBound).toBeLessThan(1e-6);
  }

  it('rescales the direction when projections overflow float64', () => {
    const rows = [
      [1e308, 1e308],
      [-1e308, 5e307],
      [1, 2],
    ];
    honest(rows, [1, 2, 3]);
    expect(Math.max(...interpolate(rows, [1, 2, 3]).a.map(Math.abs))).toBeLessThan(1);
  });

  it('scales tiny projections up, so subnormal data keeps its precision', () => {
    const rows = [[3e-310], [7e-311], [1e-320], [-4e-309]];
    honest(rows, [1, 0, 1, 0]);
    expect(Math.min(...interpolate(rows, [1, 0, 1, 0]).a.map(Math.abs))).toBeGreaterThan(1e100);
  });

  it('raises FloatRangeError when labels are far too large for the gaps', () => {
    const error = thrown(() => interpolate([[0], [2 ** -40]], [0, 1e300])) as FloatRangeError;
    expect(error).toBeInstanceOf(FloatRangeError);
    expect(error.code).toBe('E_RANGE');
    expect(
      interpolate([[0], [2 ** -40]], [0, 1e300], { exact: true })
        .evaluate([[2 ** -40]])[0]
        ?.equals(exactRational(1e300)),
    ).toBe(true);
  });

  it('raises FloatRangeError for points too large to project after rescaling', () => {
    expect(() => interpolate([[1.7e308, 1.7e308, 1.7e308]], [1]).evaluate([[1.7e308, 1.7e308, 1.7e308]])).not.toThrow();
    const net = interpolate(
      [
        [0, 0, 0],
        [1, 1, 1],
      ],
      [0, 1],
    );
    expect(() => net.evaluate([[1.7e308, 1.7e308, 1.7e308]])).toThrow(FloatRangeError);
  });

  it('retries with a seeded random direction when the deterministic one collides', () => {
    const A = Array.from(chooseDirection(2), (v) => v * 2 ** 31);
    const rows = [
      [0, 0],
      [A[1] as number, -(A[0] as number)],
      [1, 5],
    ];
    for (const exact of [false, true]) {
      const net = interpolate(rows, [0, 1, 2], { exact });
      expect(net.attempts).toBe(2);
    }
    const error = thrown(() => interpolate(rows, [0, 1, 2], { exact: true, maxAttempts: 1 })) as ResolutionError;
    expect(error).toBeInstanceOf(ResolutionError);
    expect([error.first, error.second]).toStrictEqual([0, 1]);
    const floatError = thrown(() => interpolate(rows, [0, 1, 2], { maxAttempts: 1 })) as ResolutionError;
    expect([floatError.first, floatError.second]).toStrictEqual([0, 1]);
  });

  it('uses the seeded random direction when asked, reproducibly', () => {
    const rows = [
      [0, 1],
      [2, 3],
      [4, 7],
    ];
    const a = interpolate(rows, [1, 2, 3], { direction: 'random', seed: 5 });
    const b = interpolate(rows, [1, 2, 3], { direction: 'random', seed: 5 });
    const c = interpolate(rows, [1, 2, 3], { direction: 'random', seed: 6 });
    expect(Array.from(a.a)).toStrictEqual(Array.from(b.a));
    expect(Array.from(a.a)).not.toStrictEqual(Array.from(c.a));
    expect(Array.from(a.a)).not.toStrictEqual(Array.from(chooseDirection(2)));
  });
});
