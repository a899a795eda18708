/**
 * Bad input gets a typed error that names the fault: empty samples, ragged rows, NaN/Infinity, label-count
 * mismatches, conflicting duplicates (both indices), bad options; and the edge paths of the construction
 * (overflowing or tiny projections, labels too large for float64, directions that collide) behave as stated.
 *
 * The machine-readable side of the theorem module's typed errors: `details` names the offending option, row,
 * column or count (the CLI prints them and `--json` returns them), and every documented option range is
 * accepted up to its bounds and rejected just past them.
 *
 * The typed errors of the Theorem 1 module as a caller sees them: each carries its stable `code`, a message
 * that names the operation and the points (or row and column) at fault, and the same facts as fields and
 * `details` — raised by the public functions on inputs that must fail.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fraction, type Fraction } from 'mathjs';
import { ArgumentError, ShapeError, RethinkError } from 'rethink/core';
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
  deepNetwork,
  float32Tolerance,
  memorizationReport,
  randomLabeledSample,
  triangularWeights,
} from 'rethink/theorem';
import { conflictCaseArb, labelInput } from '../arbitraries/sample.ts';
import { cmp, evaluateExactly, maxAbsDiff, qOfNumber, qs } from './_exact.ts';
import { runs } from './_runs.ts';
import { caught } from '../arbitraries/assertions.ts';

describe('messages and edge paths', () => {
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
      expect(() => interpolate(rows, [0, 1], { maxAttempts: 0 })).toThrow(
        /maxAttempts must be an integer in \[1, 64\]/,
      );
      expect(() => interpolate(rows, [0, 1], { thresholdFraction: 0.7 })).toThrow(
        /thresholdFraction must be in \(0, 0.5\]/,
      );
      expect(() => interpolate(rows, [0, 1], { refineTolerance: -1 })).toThrow(
        /refineTolerance must be finite and ≥ 0/,
      );
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
      // A single huge point still projects after rescaling: its own label comes back.
      expect(
        Array.from(interpolate([[1.7e308, 1.7e308, 1.7e308]], [1]).evaluate([[1.7e308, 1.7e308, 1.7e308]])),
      ).toStrictEqual([1]);
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
});

describe('details: the row, column, counts and options at fault', () => {
  const rows = [[0], [1]];
  const q = (n: number, d = 1) => fraction(BigInt(n), BigInt(d));

  describe('sample and label errors name the offending row, column and counts', () => {
    it('flat samples: the empty sample, zero coordinates and a buffer of the wrong length', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: 1, max: 3 }),
          (n, d, extra) => {
            expect(caught(() => toSample({ data: new Float64Array(0), n: 0, d }), ShapeError).details).toEqual({
              n: 0,
            });
            expect(caught(() => toSample({ data: new Float64Array(0), n, d: 0 }), ShapeError).details).toEqual({
              d: 0,
            });
            expect(caught(() => toSample({ data: new Float64Array(n * d + extra), n, d }), ShapeError).details).toEqual(
              {
                n,
                d,
                length: n * d + extra,
              },
            );
          },
        ),
      );
    });

    it('row samples: no rows, an empty first row, a ragged row, a non-finite value', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 2, max: 5 }),
          fc.integer({ min: 1, max: 4 }),
          fc.nat(),
          fc.constantFrom(NaN, Infinity, -Infinity),
          (n, d, at, bad) => {
            const points = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, l) => i * d + l));
            expect(caught(() => toSample([]), ShapeError).details).toEqual({ n: 0 });
            expect(caught(() => toSample([[], [1]]), ShapeError).details).toEqual({ row: 0, d: 0 });
            const row = 1 + (at % (n - 1));
            const ragged = points.map((p, i) => (i === row ? [...p, 0] : p));
            expect(caught(() => toSample(ragged), ShapeError).details).toEqual({ row, length: d + 1, expected: d });
            const column = at % d;
            const nonFinite = points.map((p, i) => (i === row ? p.map((v, l) => (l === column ? bad : v)) : p));
            const error = caught(() => toSample(nonFinite, 'op'), NonFiniteError);
            expect(error.details).toEqual({ operation: 'op', where: 'sample', row, column, value: String(bad) });
          },
        ),
      );
    });

    it('labels: outputs, counts, row lengths and non-finite values', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 2, max: 5 }),
          fc.integer({ min: 1, max: 3 }),
          fc.integer({ min: 1, max: 3 }),
          (n, k, extra) => {
            expect(caught(() => toLabels([1, 2], 2, { outputs: 0 }), ShapeError).details).toEqual({ outputs: 0 });
            expect(
              caught(() => toLabels(new Float64Array(n * k + extra), n, { outputs: k }), ShapeError).details,
            ).toEqual({
              expected: n * k,
              actual: n * k + extra,
              n,
              outputs: k,
            });
            const labelRows = Array.from({ length: n }, () => new Array<number>(k).fill(1));
            expect(caught(() => toLabels(labelRows.slice(1), n), ShapeError).details).toEqual({
              expected: n,
              actual: n - 1,
            });
            expect(
              caught(
                () =>
                  toLabels(
                    labelRows.map(() => []),
                    n,
                  ),
                ShapeError,
              ).details,
            ).toEqual({ row: 0 });
            expect(caught(() => toLabels(labelRows, n, { outputs: k + extra }), ShapeError).details).toEqual({
              outputs: k + extra,
              k,
            });
            const ragged = labelRows.map((r, i) => (i === n - 1 ? [...r, 1] : r));
            expect(caught(() => toLabels(ragged, n), ShapeError).details).toEqual({
              row: n - 1,
              length: k + 1,
              expected: k,
            });
            const flatNaN = new Float64Array(n * k);
            flatNaN[n * k - 1] = NaN;
            expect(caught(() => toLabels(flatNaN, n, { outputs: k }), NonFiniteError)).toMatchObject({
              where: 'labels',
              row: n - 1,
              column: k - 1,
            });
          },
        ),
      );
    });
  });

  describe('option errors name the option and its value; the documented ranges are accepted up to their bounds', () => {
    it('interpolate', () => {
      expect(caught(() => interpolate(rows, [0, 1], { direction: 'up' as 'random' }), ArgumentError).details).toEqual({
        direction: 'up',
      });
      expect(caught(() => interpolate(rows, [0, 1], { seed: 0.5 }), ArgumentError).details).toEqual({ seed: 0.5 });
      for (const maxAttempts of [0, 65, 1.5]) {
        expect(caught(() => interpolate(rows, [0, 1], { maxAttempts }), ArgumentError).details).toEqual({
          maxAttempts,
        });
      }
      for (const thresholdFraction of [0, 0.5000001, -0.1, NaN]) {
        expect(caught(() => interpolate(rows, [0, 1], { thresholdFraction }), ArgumentError).details).toEqual({
          thresholdFraction,
        });
      }
      for (const refineTolerance of [-1e-300, Infinity, NaN]) {
        expect(caught(() => interpolate(rows, [0, 1], { refineTolerance }), ArgumentError).details).toEqual({
          refineTolerance,
        });
      }
      // The bounds themselves are valid, and give networks that fit.
      for (const options of [
        { maxAttempts: 1 },
        { maxAttempts: 64 },
        { thresholdFraction: 0.5 },
        { refineTolerance: 0 },
      ]) {
        expect(Array.from(interpolate(rows, [3, -2], options).evaluate(rows), Math.round)).toEqual([3, -2]);
      }
      for (const exact of [false, true]) {
        const net = interpolate(rows, [0, 1], { exact });
        expect(caught(() => net.evaluate([[1, 2]]), ShapeError).details).toEqual({ expected: 1, actual: 2 });
      }
    });

    it('chooseDirection', () => {
      for (const d of [0, 1.5]) expect(caught(() => chooseDirection(d), ArgumentError).details).toEqual({ d });
      expect(caught(() => chooseDirection(2, { attempt: -1 }), ArgumentError).details).toEqual({ attempt: -1 });
      for (const exponent of [991, -991, 0.5])
        expect(caught(() => chooseDirection(2, { exponent }), ArgumentError).details).toEqual({ exponent });
      expect(caught(() => chooseDirection(2, { kind: 'x' as 'random' }), ArgumentError).details).toEqual({ kind: 'x' });
      // exponent e scales every entry by exactly 2^e, up to ±990.
      for (const exponent of [990, -990]) {
        const scaled = chooseDirection(3, { exponent });
        chooseDirection(3).forEach((v, l) => expect(scaled[l]).toBe(v * 2 ** exponent));
      }
    });

    it('deepNetwork, memorizationReport, randomLabeledSample, exactRational', () => {
      const net = interpolate(rows, [0, 1], { exact: true });
      for (const depth of [1, 2.5]) {
        expect(caught(() => deepNetwork(net, { depth }), ArgumentError).details).toEqual({ depth });
        expect(caught(() => memorizationReport(rows, [0, 1], { depth }), ArgumentError).details).toEqual({ depth });
      }
      expect(
        deepNetwork(net, { depth: 2 })
          .evaluate(rows)
          .map((v) => v.toFraction()),
      ).toEqual(['0', '1']);
      expect(caught(() => deepNetwork(net, { depth: 3 }).evaluate([[1, 2]]), ShapeError).details).toEqual({
        expected: 1,
        actual: 2,
      });
      for (const name of ['samples', 'dims', 'outputs'] as const) {
        for (const v of [0, 1.5]) {
          expect(caught(() => randomLabeledSample({ samples: 2, dims: 2, [name]: v }), ArgumentError).details).toEqual({
            [name]: v,
          });
        }
      }
      expect(caught(() => randomLabeledSample({ samples: 2, dims: 2, seed: 0.5 }), ArgumentError).details).toEqual({
        seed: 0.5,
      });
      expect(randomLabeledSample({ samples: 1, dims: 1, outputs: 1 }).sample.n).toBe(1);
      for (const x of [NaN, Infinity])
        expect(caught(() => exactRational(x), ArgumentError).details).toEqual({ value: String(x) });
      expect(caught(() => float32Tolerance(net, [[1, 2]]), ShapeError).details).toEqual({ expected: 1, actual: 2 });
    });

    it('triangularWeights names the counts and the first threshold out of place', () => {
      const z = [q(1), q(2), q(3)];
      const b = [q(1, 2), q(3, 2), q(5, 2)];
      expect(caught(() => triangularWeights([], [], [q(1)]), ShapeError).details).toEqual({ n: 0 });
      expect(caught(() => triangularWeights(z, b.slice(1), [q(1), q(1), q(1)]), ShapeError).details).toEqual({
        n: 3,
        thresholds: 2,
      });
      for (const labels of [0, 4]) {
        expect(caught(() => triangularWeights(z, b, new Array(labels).fill(q(1))), ShapeError).details).toEqual({
          n: 3,
          labels,
        });
      }
      for (let j = 0; j < 3; j++) {
        const atZ = b.map((v, t) => (t === j ? (z[j] ?? v) : v));
        expect(caught(() => triangularWeights(z, atZ, [q(1), q(1), q(1)]), ArgumentError).details).toEqual({
          index: j,
        });
      }
      for (let j = 1; j < 3; j++) {
        const atPrevious = b.map((v, t) => (t === j ? (z[j - 1] ?? v) : v));
        expect(caught(() => triangularWeights(z, atPrevious, [q(1), q(1), q(1)]), ArgumentError).details).toEqual({
          index: j,
        });
      }
    });
  });
});

describe("the exact construction's typed errors", () => {
  describe('typed errors of the construction', () => {
    it('ConflictingDuplicateError names both identical points (in sample order) in the message, fields and details', () => {
      for (const exact of [false, true]) {
        const e = caught(
          () =>
            interpolate(
              [
                [1, 2],
                [3, 4],
                [9, 9],
                [1, 2],
              ],
              [5, 6, 7, 8],
              { exact },
            ),
          ConflictingDuplicateError,
          'interpolate: points 0 and 3 are identical but their labels differ',
        );
        expect(e).toBeInstanceOf(RethinkError);
        expect([e.name, e.code, e.first, e.second]).toStrictEqual(['ConflictingDuplicateError', 'E_DUPLICATE', 0, 3]);
        expect(e.details).toStrictEqual({ operation: 'interpolate', first: 0, second: 3 });
      }
    });

    it('ResolutionError in exact mode names the colliding pair, the attempts made and the mode', () => {
      // Points 0 and 1 project to the same value on the deterministic direction (q = shift·(A_1, −A_0)).
      const A = Array.from(chooseDirection(2), (v) => v * 2 ** 31);
      const rows = [
        [0, 0],
        [A[1] as number, -(A[0] as number)],
        [1, 5],
      ];
      const e = caught(
        () => interpolate(rows, [0, 1, 2], { exact: true, maxAttempts: 1 }),
        ResolutionError,
        'interpolate: points 0 and 1 are distinct but closer than float64 can separate along the directions tried; use exact mode (exact: true)',
      );
      expect([e.name, e.code, e.first, e.second]).toStrictEqual(['ResolutionError', 'E_RESOLUTION', 0, 1]);
      expect(e.details).toStrictEqual({ operation: 'interpolate', first: 0, second: 1, attempts: 1, mode: 'exact' });
    });

    it('FloatRangeError prefixes the operation and keeps it in details', () => {
      const e = caught(() => interpolate([[0], [2 ** -40]], [0, 1e300]), FloatRangeError, 'interpolate: ');
      expect(e.message.startsWith('interpolate: ')).toBe(true);
      expect(e.message.length).toBeGreaterThan('interpolate: '.length);
      expect([e.name, e.code, e.details['operation']]).toStrictEqual(['FloatRangeError', 'E_RANGE', 'interpolate']);
    });

    it('NonFiniteError names where, row, column and value, for the sample (flat, exact mode) and the labels', () => {
      const data = Float64Array.from([1, 2, 3, -Infinity, 5, 6]);
      const e = caught(
        () => interpolate({ data, n: 3, d: 2 }, [1, 2, 3], { exact: true }),
        NonFiniteError,
        'interpolate: sample value at row 1, column 1 is -Infinity; every value must be finite',
      );
      expect([e.name, e.code, e.where, e.row, e.column]).toStrictEqual([
        'NonFiniteError',
        'E_NONFINITE',
        'sample',
        1,
        1,
      ]);
      expect(e.details).toStrictEqual({
        operation: 'interpolate',
        where: 'sample',
        row: 1,
        column: 1,
        value: '-Infinity',
      });
      const l = caught(
        () =>
          interpolate(
            [[1], [2]],
            [
              [1, 2],
              [NaN, 4],
            ],
            { exact: true },
          ),
        NonFiniteError,
        'labels value at row 1, column 0 is NaN',
      );
      expect(l.details).toStrictEqual({ operation: 'interpolate', where: 'labels', row: 1, column: 0, value: 'NaN' });
    });
  });
});
