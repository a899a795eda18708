/**
 * The public pieces around the Theorem 1 network, checked against their documented definitions:
 * - `allRelu`: the shift C is max(0, −min y) per output in exact mode, and in float mode the smallest such
 *   shift plus the error bound (rounded up by at most a relative 2^-20);
 * - `memorizationReport`: maxAbsError is the largest |network(x_i) − y_i| of the network it returns, the
 *   build time is no longer than the call took, the default depth is 2, and errors name the report;
 * - `networkJson`: the file format's constant fields, and the deep layers saved as strings compute the labels
 *   exactly when read back and evaluated by the plain layer formula;
 * - `denseLayers` of a float network: rank-1 kernel rows equal to a, bias −b, output w.
 */
import fc from 'fast-check';
import type { Fraction } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { ShapeError } from 'rethink/core';
import { allRelu, deepNetwork, denseLayers, interpolate, memorizationReport, networkJson } from 'rethink/theorem';
import { caught } from '../arbitraries/assertions.ts';
import { labelInput, sampleCaseArb } from '../arbitraries/sample.ts';
import { add, cmp, mul, qOfFraction, qOfNumber, relu, type Q } from './_exact.ts';
import { runs } from './_runs.ts';

/** Parses an exact "p/q" string. */
function parseQ(s: string): Q {
  const m = /^(-?\d+)\/(\d+)$/.exec(s);
  if (!m) throw new Error(`not p/q: ${s}`);
  return { p: BigInt(m[1] as string), q: BigInt(m[2] as string) };
}

describe('allRelu shift', () => {
  it('is exactly max(0, −min y) per output in exact mode', () => {
    fc.assert(
      fc.property(sampleCaseArb({ maxN: 8, maxD: 3, maxK: 3, labels: 'wide', maxStressors: 1 }), (c) => {
        const net = allRelu(interpolate(c.rows, labelInput(c), { exact: true }));
        expect(net.exact).toBe(true);
        expect(net.shift.length).toBe(c.k);
        for (let o = 0; o < c.k; o++) {
          const least = Math.min(...c.labels.map((r) => r[o] as number));
          expect(cmp(qOfFraction(net.shift[o]!), qOfNumber(Math.max(0, -least)))).toBe(0);
        }
      }),
      { numRuns: runs(0.4) },
    );
  });

  it('is max(0, −min y + errorBound), rounded up by at most 2^-20 relatively, in float mode', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 6 }),
        (labels) => {
          const rows = labels.map((_, i) => [i, (i * i) % 5]);
          const base = interpolate(rows, labels);
          const net = allRelu(base);
          expect(net.exact).toBe(false);
          expect(net.base).toBe(base);
          const least = Math.max(0, -Math.min(...labels) + base.errorBound);
          const shift = net.shift[0] as number;
          expect(shift).toBeGreaterThanOrEqual(least);
          expect(shift).toBeLessThanOrEqual(least * (1 + 2 ** -19));
          // On the sample the output ReLU never clips: o(x_i) = c(x_i) up to the rounding of ±C.
          const plain = base.evaluate(rows);
          net
            .evaluate(rows)
            .forEach((v, t) =>
              expect(Math.abs(v - (plain[t] as number))).toBeLessThanOrEqual(
                4 * 2 ** -52 * (shift + Math.abs(plain[t] as number)),
              ),
            );
        },
      ),
      { numRuns: runs(0.4) },
    );
  });
});

describe('allRelu off the sample', () => {
  it('is max(c(x), −C): clipped where the network falls below −C', () => {
    const base = interpolate([[0], [1], [2]], [0, 5, -4], { exact: true });
    const net = allRelu(base);
    const points = [[-100], [0.5], [3], [100]];
    const c = base.evaluate(points);
    const o = net.evaluate(points);
    const floor = (net.shift[0] as Fraction).neg();
    // The last piece slopes down to −∞ on one side (which side depends on the sign of a).
    expect(Math.min(c[0]!.compare(floor), c[3]!.compare(floor))).toBeLessThan(0);
    o.forEach((v, t) => expect(v.equals(c[t]!.compare(floor) < 0 ? floor : c[t]!)).toBe(true));
  });
});

describe('memorizationReport', () => {
  it('reports the largest evaluated error of its own network (float mode, depth 2 by default and deeper)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 8 }),
        fc.integer({ min: 2, max: 4 }),
        (labels, depth) => {
          const rows = labels.map((_, i) => [i / 3, (i * 7) % 5]);
          const t0 = performance.now();
          const r = depth === 2 ? memorizationReport(rows, labels) : memorizationReport(rows, labels, { depth });
          const elapsed = (performance.now() - t0) / 1000;
          expect(r.depth).toBe(depth);
          expect(r.seconds).toBeGreaterThanOrEqual(0);
          expect(r.seconds).toBeLessThanOrEqual(elapsed);
          expect(r.deep === undefined).toBe(depth === 2);
          expect('deep' in r).toBe(depth !== 2);
          expect(r.parameters).toBe(depth === 2 ? r.network.parameters : r.deep?.parameters);
          const values = (depth === 2 ? r.network : r.deep!).evaluate(rows) as ArrayLike<number>;
          let worst = 0;
          for (let t = 0; t < labels.length; t++)
            worst = Math.max(worst, Math.abs((values[t] as number) - (labels[t] as number)));
          expect(r.maxAbsError).toBe(worst);
        },
      ),
      { numRuns: runs(0.4) },
    );
  });

  it('has a float error somewhere (so the maximum is not trivially 0) and names itself in input errors', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [Math.sin(i), Math.cos(3 * i)]);
    const labels = rows.map((_, i) => (i * 0.1) % 1);
    const r = memorizationReport(rows, labels, { depth: 3 });
    expect(r.maxAbsError).toBeGreaterThan(0);
    expect(r.deep?.depth).toBe(3);
    caught(() => memorizationReport(rows, labels.slice(1)), ShapeError, 'memorizationReport: expected 30 labels');
    caught(() => memorizationReport([], []), ShapeError, 'memorizationReport: the sample is empty');
    caught(
      () => memorizationReport(rows, [1, 2, 3, 4], { outputs: 2 }),
      ShapeError,
      'memorizationReport: expected 60 labels (30 points × 2 outputs)',
    );
  });
});

describe('networkJson', () => {
  it('has the format’s constant fields, and deep layers that reproduce the labels from their strings alone', () => {
    fc.assert(
      fc.property(
        sampleCaseArb({ maxN: 6, maxD: 3, maxK: 2, maxStressors: 1 }),
        fc.integer({ min: 2, max: 5 }),
        (c, depth) => {
          const net = interpolate(c.rows, labelInput(c), { exact: true });
          const deep = deepNetwork(net, { depth });
          const json = networkJson(net, c.rows, labelInput(c), deep);
          expect(json.format).toBe('rethink-theorem-1');
          expect(json.formula).toBe('c(x) = sum_j w_j * max(sum_l a_l * x_l - b_j, 0)');
          // One output: flat lists of strings; k outputs: rows of k strings.
          for (const v of [json.w, json.y])
            expect(v.every((e) => (c.k === 1 ? typeof e === 'string' : Array.isArray(e) && e.length === c.k))).toBe(
              true,
            );
          const layers = json.layers!;
          expect(layers.map((l) => l.relu)).toStrictEqual(deep.layers.map((l) => l.relu));
          json.x.forEach((row, i) => {
            let values = row.map(parseQ);
            for (const layer of layers) {
              values = layer.units.map((u) => {
                let s = parseQ(u.bias);
                u.inputs.forEach((from, t) => (s = add(s, mul(parseQ(u.weights[t] as string), values[from] as Q))));
                return layer.relu ? relu(s) : s;
              });
            }
            values.forEach((v, o) => expect(cmp(v, qOfNumber((c.labels[i] as number[])[o] as number))).toBe(0));
          });
          expect('layers' in networkJson(net, c.rows, labelInput(c))).toBe(false);
        },
      ),
      { numRuns: runs(0.3) },
    );
  });

  it('names itself in input errors', () => {
    const net = interpolate([[0], [1]], [1, 2], { exact: true });
    caught(() => networkJson(net, [[0], [1]], [1, 2, 3]), ShapeError, 'networkJson: expected 2 labels');
    caught(() => networkJson(net, [], []), ShapeError, 'networkJson: the sample is empty');
  });
});

describe('denseLayers of a float network', () => {
  it('repeats a in every kernel row, negates b, copies w', () => {
    const rows = [
      [0, 1, 2],
      [1, 0, 5],
      [2, 2, -1],
      [3, -4, 0],
    ];
    const net = interpolate(rows, [
      [1, 0],
      [0, 1],
      [1, 1],
      [2, -3],
    ]);
    const layers = denseLayers(net);
    expect([layers.n, layers.d, layers.k]).toStrictEqual([4, 3, 2]);
    expect(layers.kernel).toStrictEqual(Array.from({ length: 12 }, (_, t) => net.a[t % 3]));
    expect(layers.bias).toStrictEqual(Array.from(net.b, (v) => -v));
    expect(layers.output).toStrictEqual(Array.from(net.w));
  });
});
