/**
 * The exact construction's internal record (src/theorem/_exact.ts, `buildExact`), checked against what its
 * module comment states, with independent exact arithmetic (spec/theorem/_exact.ts):
 * - neurons are the sample's distinct points (the first of each group of identical points) in ascending order
 *   of projection, ties by index; `duplicateOf` points at that first copy;
 * - z are the exact projections ⟨a, x⟩ with a_l = A_l / 2^(31 + scale), y the exact labels in sample order;
 * - one output: the first slope is sign(y_1) (b_1 = z_1 − |y_1|, or z_1 − 1 for y_1 = 0), and every later
 *   weight is 0 (threshold at the midpoint, when the previous piece already passes through the label) or ±2^p,
 *   the smallest power of two (p ≥ 0) above |miss|/gap;
 * - k outputs: z_1 − b_1 = 2^-scale, z_j − b_j the largest power of two strictly below the gap, and the
 *   rescale 2^scale the smallest that makes every weight an integer.
 * The helpers `minExponent`, `projectExact` and `scaledFraction` are checked against their definitions too.
 */
import fc from 'fast-check';
import { fraction, type Fraction } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { toLabels, toSample, triangularWeights } from 'rethink/theorem';
import { buildExact, minExponent, projectExact, scaledFraction, type ExactBuild } from '../../src/theorem/_exact.ts';
import { labelInput, sampleCaseArb, type SampleCase } from '../arbitraries/sample.ts';
import { add, cmp, mul, qOfFraction, qOfNumber, interleaved, relu, sub, ZERO, type Q } from './_exact.ts';
import { runs } from './_runs.ts';

const SETTINGS = { kind: 'deterministic', seed: 0, maxAttempts: 8 } as const;

function build(c: SampleCase): ExactBuild {
  const sample = toSample(c.rows);
  return buildExact(sample, toLabels(labelInput(c), sample.n, { outputs: c.k }), SETTINGS);
}

const key = (row: readonly number[]): string => row.map((v) => String(v + 0)).join(',');

/** The exact projection of `row` on a_l = A_l / 2^(31 + scale). */
function project(row: readonly number[], A: readonly bigint[], scale: number): Q {
  const q = 1n << BigInt(31 + scale);
  return row.reduce((s, v, l) => add(s, mul({ p: A[l] as bigint, q }, qOfNumber(v))), ZERO);
}

const isPow2 = (v: bigint): boolean => v > 0n && (v & (v - 1n)) === 0n;

/** |q| is 2^p for an integer p (of either sign). */
function isPowerOfTwo(x: Q): boolean {
  const p = x.p < 0n ? -x.p : x.p;
  const g = gcd(p, x.q);
  return isPow2(p / g) && isPow2(x.q / g);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

describe('buildExact', () => {
  it('neurons, duplicates, projections and labels are as stated', () => {
    fc.assert(
      fc.property(
        sampleCaseArb({ maxN: 8, maxD: 3, maxK: 2, stressors: ['duplicate', 'directionCollision', 'ulp'] }),
        (c) => {
          const r = build(c);
          const n = c.rows.length;
          const first = new Map<string, number>();
          c.rows.forEach((row, i) => {
            if (!first.has(key(row))) first.set(key(row), i);
          });
          const roots = [...first.values()];
          expect(Array.from(r.duplicateOf)).toStrictEqual(
            c.rows.map((row, i) => (first.get(key(row)) === i ? -1 : (first.get(key(row)) as number))),
          );
          const z = Array.from(r.neurons, (i) => project(c.rows[i] as number[], r.A, r.scale));
          expect([...r.neurons].sort((x, y) => x - y)).toStrictEqual(roots);
          for (let j = 1; j < z.length; j++) expect(cmp(z[j - 1] as Q, z[j] as Q)).toBe(-1);
          z.forEach((zj, j) => expect(cmp(qOfFraction(r.z[j] as Fraction), zj)).toBe(0));
          expect(r.y.length).toBe(n * c.k);
          r.y.forEach((v, t) =>
            expect(cmp(qOfFraction(v), qOfNumber((c.labels[Math.floor(t / c.k)] as number[])[t % c.k] as number))).toBe(
              0,
            ),
          );
          expect(r.attempts).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: runs(0.4) },
    );
  });

  it('one output: first slope sign(y_1), then weights 0 (at the midpoint) or the smallest ±2^p above |miss|/gap', () => {
    fc.assert(
      fc.property(sampleCaseArb({ maxN: 8, maxD: 3, labels: 'wide', maxStressors: 1 }), (c) => {
        const r = build(c);
        expect(r.scale).toBe(0);
        const z = r.z.map(qOfFraction);
        const b = r.b.map(qOfFraction);
        const w = r.w.map(qOfFraction);
        const y = Array.from(r.neurons, (i) => qOfNumber((c.labels[i] as number[])[0] as number));
        const y0 = y[0] as Q;
        const s0 = y0.p > 0n ? 1n : y0.p < 0n ? -1n : 0n;
        expect(cmp(w[0] as Q, { p: s0, q: 1n })).toBe(0);
        const depth0 = s0 === 0n ? { p: 1n, q: 1n } : y0.p < 0n ? { p: -y0.p, q: y0.q } : y0;
        expect(cmp(sub(z[0] as Q, b[0] as Q), depth0)).toBe(0);
        let slope: Q = { p: s0, q: 1n };
        for (let j = 1; j < z.length; j++) {
          const gap = sub(z[j] as Q, z[j - 1] as Q);
          const miss = sub(mul(slope, gap), sub(y[j] as Q, y[j - 1] as Q));
          const wj = w[j] as Q;
          if (miss.p === 0n) {
            expect(wj.p).toBe(0n);
            expect(cmp(mul(sub(b[j] as Q, z[j - 1] as Q), { p: 2n, q: 1n }), gap)).toBe(0);
          } else {
            expect(isPowerOfTwo(wj)).toBe(true);
            const mag = wj.p < 0n ? { p: -wj.p, q: wj.q } : wj;
            expect(cmp(mag, { p: 1n, q: 1n })).toBeGreaterThanOrEqual(0);
            // Sign opposite to the miss; 2^p·gap > |miss| ≥ 2^(p−1)·gap unless p = 0.
            expect(wj.p > 0n).toBe(miss.p < 0n);
            const absMiss = miss.p < 0n ? { p: -miss.p, q: miss.q } : miss;
            expect(cmp(mul(mag, gap), absMiss)).toBe(1);
            if (cmp(mag, { p: 1n, q: 1n }) > 0)
              expect(cmp(mul(mul(mag, { p: 1n, q: 2n }), gap), absMiss)).toBeLessThanOrEqual(0);
          }
          slope = add(slope, wj);
        }
      }),
      { numRuns: runs(0.4) },
    );
  });

  it('k outputs: thresholds one power of two below the projections, and the smallest integer-making rescale', () => {
    fc.assert(
      fc.property(sampleCaseArb({ maxN: 8, maxD: 3, minK: 2, maxK: 3, labels: 'wide', maxStressors: 1 }), (c) => {
        const r = build(c);
        const z = r.z.map(qOfFraction);
        const b = r.b.map(qOfFraction);
        expect(cmp(sub(z[0] as Q, b[0] as Q), { p: 1n, q: 1n << BigInt(r.scale) })).toBe(0);
        for (let j = 1; j < z.length; j++) {
          const gap = sub(z[j] as Q, z[j - 1] as Q);
          const depth = sub(z[j] as Q, b[j] as Q);
          expect(isPowerOfTwo(depth)).toBe(true);
          expect(cmp(depth, gap)).toBe(-1);
          expect(cmp(mul(depth, { p: 2n, q: 1n }), gap)).toBeGreaterThanOrEqual(0);
        }
        expect(r.w.every((v) => v.d === 1n)).toBe(true);
        expect(r.scale).toBeGreaterThanOrEqual(0);
        if (r.scale > 0) expect(r.w.some((v) => v.n % 2n === 1n)).toBe(true);
      }),
      { numRuns: runs(0.4) },
    );
  });
});

describe('exact helpers', () => {
  const coordinate = fc.oneof(
    fc.constant(0),
    fc.constant(-0),
    fc.integer({ min: -64, max: 64 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );

  it('minExponent is the least binary exponent over the non-zero coordinates (0 when there are none)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(coordinate, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const data = Float64Array.from(rows.flat());
          let least = Infinity;
          for (const x of data) {
            if (x === 0) continue;
            // x = m·2^e with m odd: e is the exponent of the lowest set bit of the exact value.
            const q = qOfNumber(x);
            let e = 0;
            let p = q.p < 0n ? -q.p : q.p;
            while (p % 2n === 0n) {
              p /= 2n;
              e++;
            }
            e -= q.q.toString(2).length - 1;
            least = Math.min(least, e);
          }
          expect(minExponent(data, rows.length, 2)).toBe(least === Infinity ? 0 : least);
        },
      ),
    );
  });

  it('projectExact and scaledFraction give Σ_l A_l·x_l exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(coordinate, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.bigInt({ min: -(1n << 32n), max: 1n << 32n }), { minLength: 3, maxLength: 3 }),
        (rows, A) => {
          const data = Float64Array.from(rows.flat());
          const emin = minExponent(data, rows.length, 3);
          rows.forEach((row, i) => {
            const expected = project(row, A, 0);
            const Z = projectExact(data, i * 3, A, emin);
            expect(cmp(qOfFraction(scaledFraction(Z, emin)), expected)).toBe(0);
          });
        },
      ),
    );
  });
});

describe('triangularWeights with k outputs', () => {
  it('solves A·w_c = y_c for every output c of row-major n × k labels', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.integer({ min: 2, max: 3 }),
        fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 15, maxLength: 15 }),
        (steps, k, labels) => {
          const { zs, bs } = interleaved(steps, 10); // b_j ∈ (z_{j−1}, z_j)
          const n = zs.length;
          const ys = labels.slice(0, n * k).map((v) => fraction(v));
          const w = triangularWeights(zs, bs, ys);
          expect(w.length).toBe(n * k);
          for (let i = 0; i < n; i++) {
            for (let c = 0; c < k; c++) {
              let s: Q = ZERO;
              for (let j = 0; j < n; j++)
                s = add(
                  s,
                  mul(
                    qOfFraction(w[j * k + c] as Fraction),
                    relu(sub(qOfFraction(zs[i] as Fraction), qOfFraction(bs[j] as Fraction))),
                  ),
                );
              expect(cmp(s, qOfFraction(ys[i * k + c] as Fraction))).toBe(0);
            }
          }
        },
      ),
    );
  });
});
