/**
 * The machine-readable side of the theorem module's typed errors: `details` names the offending option, row,
 * column or count (the CLI prints them and `--json` returns them), and every documented option range is
 * accepted up to its bounds and rejected just past them.
 */
import fc from 'fast-check';
import { fraction } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { caught } from '../arbitraries/assertions.ts';
import { ArgumentError, ShapeError } from 'rethink/core';
import {
  NonFiniteError,
  chooseDirection,
  deepNetwork,
  exactRational,
  float32Tolerance,
  interpolate,
  memorizationReport,
  randomLabeledSample,
  toLabels,
  toSample,
  triangularWeights,
} from 'rethink/theorem';

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
          expect(caught(() => toSample({ data: new Float64Array(0), n: 0, d }), ShapeError).details).toEqual({ n: 0 });
          expect(caught(() => toSample({ data: new Float64Array(0), n, d: 0 }), ShapeError).details).toEqual({ d: 0 });
          expect(caught(() => toSample({ data: new Float64Array(n * d + extra), n, d }), ShapeError).details).toEqual({
            n,
            d,
            length: n * d + extra,
          });
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
      expect(caught(() => interpolate(rows, [0, 1], { maxAttempts }), ArgumentError).details).toEqual({ maxAttempts });
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
      expect(caught(() => triangularWeights(z, atZ, [q(1), q(1), q(1)]), ArgumentError).details).toEqual({ index: j });
    }
    for (let j = 1; j < 3; j++) {
      const atPrevious = b.map((v, t) => (t === j ? (z[j - 1] ?? v) : v));
      expect(caught(() => triangularWeights(z, atPrevious, [q(1), q(1), q(1)]), ArgumentError).details).toEqual({
        index: j,
      });
    }
  });
});
