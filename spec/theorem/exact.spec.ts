/**
 * Theorem 1 in exact arithmetic: the network reproduces every label exactly, has the stated shape and
 * parameter count, and its first layer is built exactly as the theorem says (distinct projections,
 * interleaved thresholds, a lower-triangular system with a positive diagonal). Every check re-evaluates
 * the network independently (spec/theorem/_exact.ts) instead of trusting its own evaluator.
 */
import fc from 'fast-check';
import { fraction, type Fraction } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { denseLayers, exactRational, interpolate, triangularWeights, type ExactInterpolant } from 'rethink/theorem';
import { runs } from './_runs.ts';
import { labelInput, sampleCaseArb, type SampleCase } from '../arbitraries/sample.ts';
import {
  add,
  cmp,
  evaluateExactly,
  mul,
  qOfFraction,
  qOfNumber,
  interleaved,
  relu,
  sub,
  ZERO,
  type Q,
} from './_exact.ts';

function exactNet(c: SampleCase, options = {}): ExactInterpolant {
  return interpolate(c.rows, labelInput(c), { exact: true, ...options });
}

function distinctRows(rows: readonly number[][]): number {
  return new Set(rows.map((r) => r.map(String).join(','))).size;
}

function reproduces(net: ExactInterpolant, c: SampleCase): void {
  const values = evaluateExactly(net.a.map(qOfFraction), net.b.map(qOfFraction), net.w.map(qOfFraction), net.k, c.rows);
  values.forEach((v, t) => {
    const label = c.labels[Math.floor(t / c.k)]?.[t % c.k] as number;
    if (cmp(v, qOfNumber(label)) !== 0)
      expect.fail(`row ${Math.floor(t / c.k)}, output ${t % c.k}: network ${v.p}/${v.q}, label ${label}`);
  });
  // The network's own O(log n) evaluator agrees.
  net
    .evaluate(c.rows)
    .forEach((v, t) => expect(v.equals(exactRational(c.labels[Math.floor(t / c.k)]?.[t % c.k] as number))).toBe(true));
}

describe('exact mode', () => {
  it('reproduces every scalar label exactly, for stressed samples of distinct points', () => {
    fc.assert(fc.property(sampleCaseArb({ maxN: 50, maxD: 8, labels: 'wide' }), (c) => reproduces(exactNet(c), c)));
  });

  it('reproduces every vector label exactly (k outputs)', () => {
    fc.assert(
      fc.property(sampleCaseArb({ maxN: 20, maxD: 6, minK: 2, maxK: 4, labels: 'wide' }), (c) =>
        reproduces(exactNet(c), c),
      ),
      { numRuns: runs(0.5) },
    );
  });

  it('handles samples of a few hundred points in up to 64 dimensions', () => {
    fc.assert(
      fc.property(
        sampleCaseArb({ maxN: 250, maxD: 64, maxStressors: 6, kinds: ['integer', 'float', 'rational'] }),
        (c) => reproduces(exactNet(c), c),
      ),
      { numRuns: runs(0.12) },
    );
  });

  it('has n·k + n + d parameters, n the number of distinct points, and a rank-1 first layer', () => {
    fc.assert(
      fc.property(sampleCaseArb({ maxN: 30, maxD: 6, maxK: 3 }), (c) => {
        const net = exactNet(c);
        const n = distinctRows(c.rows);
        const d = (c.rows[0] as number[]).length;
        expect(net.n).toBe(n);
        expect(net.parameters).toBe(n * c.k + n + d);
        expect([net.a.length, net.b.length, net.w.length]).toStrictEqual([d, n, n * c.k]);
        const layers = denseLayers(net);
        // Every row of the n × d first-layer matrix equals a, which is non-zero: rank exactly 1.
        expect(net.a.some((v) => v.n !== 0n)).toBe(true);
        for (let j = 0; j < n; j++)
          for (let l = 0; l < d; l++)
            expect((layers.kernel[j * d + l] as Fraction).equals(net.a[l] as Fraction)).toBe(true);
        for (let j = 0; j < n; j++)
          expect((layers.bias[j] as Fraction).equals((net.b[j] as Fraction).neg())).toBe(true);
      }),
    );
  });

  it('projects every point to a distinct value, interleaves the thresholds, and makes A lower triangular with a positive diagonal', () => {
    fc.assert(
      fc.property(sampleCaseArb({ maxN: 30, maxD: 6 }), (c) => {
        const net = exactNet(c);
        const a = net.a.map(qOfFraction);
        // The stored projections are the exact ⟨a, x⟩ of the neurons' points.
        const z: Q[] = Array.from(net.neurons, (i) =>
          (c.rows[i] as number[]).reduce((s, v, l) => add(s, mul(a[l] as Q, qOfNumber(v))), ZERO),
        );
        z.forEach((zj, j) => expect(cmp(zj, qOfFraction(net.projections[j] as Fraction))).toBe(0));
        const b = net.b.map(qOfFraction);
        for (let j = 0; j < z.length; j++) {
          expect(cmp(b[j] as Q, z[j] as Q)).toBe(-1);
          if (j > 0) {
            expect(cmp(z[j - 1] as Q, b[j] as Q)).toBe(-1); // strictly increasing, so pairwise distinct
          }
        }
        for (let i = 0; i < z.length; i++) {
          for (let j = 0; j < z.length; j++) {
            const Aij = relu(sub(z[i] as Q, b[j] as Q));
            if (j > i) expect(Aij.p).toBe(0n);
            if (j === i) expect(Aij.p > 0n).toBe(true);
          }
        }
        // Every point of the sample (duplicates too) projects onto its neuron's value.
        c.rows.forEach((row, i) => {
          const root = net.duplicateOf[i] as number;
          expect(root < i).toBe(true);
          // The same point: equal coordinates (−0 and +0 are equal, so compare with +0 added).
          if (root >= 0) expect(row.map((v) => v + 0)).toStrictEqual((c.rows[root] as number[]).map((v) => v + 0));
        });
      }),
    );
  });

  it('does not depend on the order of the sample', () => {
    fc.assert(
      fc.property(
        sampleCaseArb({ maxN: 25, maxD: 5, maxK: 2 }).chain((c) =>
          fc.record({
            c: fc.constant(c),
            order: fc.shuffledSubarray([...c.rows.keys()], { minLength: c.rows.length, maxLength: c.rows.length }),
          }),
        ),
        fc.array(fc.array(fc.integer({ min: -60, max: 60 }), { minLength: 5, maxLength: 5 }), {
          minLength: 1,
          maxLength: 5,
        }),
        ({ c, order }, probes) => {
          const permuted: SampleCase = {
            ...c,
            rows: order.map((i) => c.rows[i] as number[]),
            labels: order.map((i) => c.labels[i] as number[]),
          };
          const x = exactNet(c);
          const y = exactNet(permuted);
          const d = (c.rows[0] as number[]).length;
          const points = [...c.rows, ...probes.map((p) => p.slice(0, d))];
          const vx = x.evaluate(points);
          const vy = y.evaluate(points);
          vx.forEach((v, t) => expect(v.equals(vy[t] as Fraction)).toBe(true));
          expect(y.b.map((v) => v.toFraction())).toStrictEqual(x.b.map((v) => v.toFraction()));
        },
      ),
      { numRuns: runs(0.6) },
    );
  });

  it('retries another direction when distinct points collide on the deterministic one', () => {
    fc.assert(
      fc.property(
        sampleCaseArb({ maxN: 8, maxD: 5, kinds: ['integer'], maxStressors: 3, stressors: ['directionCollision'] }),
        (c) => {
          const net = exactNet(c);
          reproduces(net, c);
          const d = (c.rows[0] as number[]).length;
          const collides = d >= 2 && c.stressors.some((s) => s.kind === 'directionCollision' && s.i !== s.j);
          // The crafted point differs from its source but has exactly its projection on attempt 0's direction.
          if (collides) expect(net.attempts).toBeGreaterThanOrEqual(2);
          else expect(net.attempts).toBe(1);
        },
      ),
      { numRuns: runs(0.6) },
    );
  });
});

describe('triangularWeights', () => {
  it('solves the golden case of reference.md: z = (1,2,3), b = (0.5,1.5,2.5), y = (5,−1,4) gives w = (10,−32,54)', () => {
    const f = (v: number) => fraction(v);
    const w = triangularWeights([1, 2, 3].map(f), [0.5, 1.5, 2.5].map(f), [5, -1, 4].map(f));
    expect(w.map((v) => v.toFraction())).toStrictEqual(['10', '-32', '54']);
  });

  it('solves A·w = y for arbitrary interleaved thresholds and labels', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 49 }), fc.integer({ min: -20, max: 20 })),
          { minLength: 1, maxLength: 12 },
        ),
        (steps) => {
          const { zs, bs } = interleaved(steps, 50); // b_j ∈ (z_{j−1}, z_j)
          const ys = steps.map(([, , y]) => fraction(y));
          const w = triangularWeights(zs, bs, ys);
          zs.forEach((zi, i) => {
            let s: Q = ZERO;
            bs.forEach(
              (bj, j) => (s = add(s, mul(qOfFraction(w[j] as Fraction), relu(sub(qOfFraction(zi), qOfFraction(bj)))))),
            );
            expect(cmp(s, qOfFraction(ys[i] as Fraction))).toBe(0);
          });
        },
      ),
    );
  });

  it('rejects thresholds that do not interleave and mismatched lengths', () => {
    const f = (v: number) => fraction(v);
    expect(() => triangularWeights([1, 2].map(f), [1, 1.5].map(f), [0, 0].map(f))).toThrow(
      /threshold 0 is not below projection 0/,
    );
    expect(() => triangularWeights([1, 2].map(f), [0, 0.5].map(f), [0, 0].map(f))).toThrow(
      /threshold 1 is not above projection 0/,
    );
    expect(() => triangularWeights([1, 2].map(f), [0].map(f), [0, 0].map(f))).toThrow(/2 projections but 1 thresholds/);
    expect(() => triangularWeights([1, 2].map(f), [0, 1.5].map(f), [0, 0, 0].map(f))).toThrow(
      /not a positive multiple/,
    );
    expect(() => triangularWeights([], [], [])).toThrow(/no projections/);
  });
});
