/**
 * The deep variant's documented bookkeeping, checked from its layers alone: `depth` layers of weights, ReLU on
 * every layer but the linear output layer (k units), units that read only existing units of the previous
 * layer through non-zero weights, and the counts it reports — width (widest hidden layer), non-zero weights
 * and parameters (non-zero weights plus one bias per unit) — recounted independently.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepNetwork, interpolate, NonFiniteError, type DeepNetwork } from 'rethink/theorem';
import { caught } from '../arbitraries/assertions.ts';
import { labelInput, sampleCaseArb } from '../arbitraries/sample.ts';
import { runs } from './_runs.ts';

function recount<T>(
  deep: DeepNetwork<T>,
  isZero: (v: T) => boolean,
  n: number,
  d: number,
  k: number,
  depth: number,
): void {
  expect(deep.layers.length).toBe(depth);
  expect([deep.depth, deep.inputs, deep.outputs]).toStrictEqual([depth, d, k]);
  let previous = d;
  let weights = 0;
  let units = 0;
  let width = 0;
  deep.layers.forEach((layer, i) => {
    const last = i === depth - 1;
    expect(layer.relu).toBe(!last);
    if (last) expect(layer.units.length).toBe(k);
    else width = Math.max(width, layer.units.length);
    for (const u of layer.units) {
      expect(u.inputs.length).toBe(u.weights.length);
      u.inputs.forEach((from, t) => {
        expect(from >= 0 && from < previous).toBe(true);
        expect(isZero(u.weights[t] as T)).toBe(false);
      });
      weights += u.inputs.length;
    }
    units += layer.units.length;
    previous = layer.units.length;
  });
  expect([deep.width, deep.nonZeroWeights, deep.parameters]).toStrictEqual([width, weights, weights + units]);
  // Units of the construction: depth 2 is the two-layer network (n + k); deeper, z⁺ and z⁻ (2), the n threshold
  // units, z⁺ and z⁻ carried into every block but the last (2 per block), two accumulators per output from the
  // second block on, and k outputs.
  const blocks = depth - 2;
  expect(units).toBe(depth === 2 ? n + k : 2 + n + 2 * (blocks - 1) + 2 * k * (blocks - 1) + k);
}

describe('deep variant bookkeeping', () => {
  it('exact networks: layers, ReLU flags, unit inputs and the reported counts match a recount', () => {
    fc.assert(
      fc.property(
        sampleCaseArb({ maxN: 8, maxD: 3, maxK: 3, maxStressors: 1 }),
        fc.integer({ min: 2, max: 6 }),
        (c, depth) => {
          const base = interpolate(c.rows, labelInput(c), { exact: true });
          const deep = deepNetwork(base, { depth });
          expect(deep.exact).toBe(true);
          recount(deep, (v) => v.n === 0n, base.n, base.d, base.k, depth);
        },
      ),
      { numRuns: runs(0.4) },
    );
  });

  it('float networks: the same, and depth defaults to 3', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.option(fc.integer({ min: 2, max: 6 })),
        (n, d, k, depth) => {
          const rows = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, l) => (i * (l + 2)) % 7));
          // Distinct rows: the first coordinate is i itself.
          rows.forEach((r, i) => (r[0] = i));
          const labels = rows.map((_, i) => Array.from({ length: k }, (_, c) => ((i + c) % 3) - 1));
          const base = interpolate(rows, labels);
          const deep = depth === null ? deepNetwork(base) : deepNetwork(base, { depth });
          expect(deep.exact).toBe(false);
          recount(deep, (v) => v === 0, n, d, k, depth ?? 3);
        },
      ),
      { numRuns: runs(0.4) },
    );
  });
});

describe('deep variant evaluation of flat samples', () => {
  it('evaluates a flat sample like its rows, and names the row and column of a non-finite value', () => {
    const rows = [
      [0, 1],
      [1, 0],
      [2, 2],
      [3, -1],
    ];
    for (const exact of [false, true]) {
      const deep = deepNetwork(
        exact ? interpolate(rows, [1, -2, 3, 0], { exact: true }) : interpolate(rows, [1, -2, 3, 0]),
        { depth: 4 },
      );
      const flat = { data: Float64Array.from(rows.flat()), n: 4, d: 2 };
      expect(deep.evaluate(flat).map(String)).toStrictEqual(deep.evaluate(rows).map(String));
      const bad = Float64Array.from(rows.flat());
      bad[5] = NaN;
      const e = caught(
        () => deep.evaluate({ data: bad, n: 4, d: 2 }),
        NonFiniteError,
        'deepNetwork.evaluate: sample value at row 2, column 1 is NaN',
      );
      expect([e.row, e.column]).toStrictEqual([2, 1]);
    }
  });
});

describe('deep variant width', () => {
  it('counts hidden layers only, also when the k outputs outnumber every hidden layer', () => {
    for (const exact of [false, true]) {
      const base = exact
        ? interpolate(
            [[0], [1]],
            [
              [1, 2, 3],
              [4, 5, 6],
            ],
            { exact: true },
          )
        : interpolate(
            [[0], [1]],
            [
              [1, 2, 3],
              [4, 5, 6],
            ],
          );
      expect(deepNetwork(base, { depth: 2 }).width).toBe(2);
      expect(deepNetwork(base, { depth: 3 }).width).toBe(2);
    }
  });
});
