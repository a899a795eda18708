/**
 * Section 5, linear models: SGD from w₀ = 0 stays in the span of the data and converges to the
 * minimum-norm interpolant w* = Xᵀ(XXᵀ)⁻¹y; every other interpolant w* + v has a larger norm.
 */
import fc from 'fast-check';
import { fraction } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { minNormInterpolant, sgdLeastSquares, shiftedInterpolant } from 'rethink/implicit';
import { fullRankIntegerArb, integerTargetsArb, wellConditionedArb } from '../arbitraries/implicit.ts';
import { inRowSpace, sgdExactly, vec } from './_rational.ts';

const EPS = 2 ** -52;

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  return Math.sqrt(s);
}

function residuals(rows: number[][], w: ArrayLike<number>, y: number[]): number[] {
  return rows.map((row, i) => row.reduce((s, v, p) => s + v * (w[p] as number), 0) - (y[i] as number));
}

describe('SGD on a linear model (Section 5)', () => {
  it('"SGD … from w₀ = 0 … every iterate lies in the span of the data points": exactly, in rational arithmetic, on small integer data', () => {
    fc.assert(
      fc.property(
        fullRankIntegerArb({ maxRows: 3, maxCols: 5 }).chain((x) =>
          fc.record({
            x: fc.constant(x),
            y: integerTargetsArb(x.n),
            logEta: fc.integer({ min: 4, max: 7 }),
            seed: fc.integer({ min: 0, max: 1000 }),
          }),
        ),
        ({ x, y, logEta, seed }) => {
          // η = 2^-logEta is exact in float64 and in the rationals alike; the library supplies the order.
          const eta = 2 ** -logEta;
          const run = sgdLeastSquares(x.rows, y, {
            stepSize: eta,
            epochs: 2,
            seed,
            record: 'step',
            keepIterates: true,
          });
          const rows = x.rows.map((r) => vec(r));
          const exact = sgdExactly(rows, vec(y), fraction(1, 2 ** logEta), run.order);
          expect(exact.length).toBe(run.trace.length);
          exact.forEach((w, t) => {
            expect(inRowSpace(rows, w), `iterate ${t} leaves the row space`).toBe(true);
            // The float run follows the exact one to within rounding: ≤ 2 epochs × 3 points × (d + 2) roundings of
            // magnitude ε·(‖w‖ + |e|·‖x‖), all O(10²) here, so 1e-9 is orders of magnitude above what is possible.
            const float = run.iterates?.[t] as Float64Array;
            w.forEach((v, p) => expect(Math.abs(v.valueOf() - (float[p] as number))).toBeLessThan(1e-9));
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('"SGD … from w₀ = 0 … every iterate lies in the span of the data points": in float64, within 64·(d + n)·ε·max(1, ‖w‖) of the row space', () => {
    fc.assert(
      fc.property(
        wellConditionedArb({ maxRows: 8, maxCols: 20 }).chain((x) =>
          fc.record({ x: fc.constant(x), y: integerTargetsArb(x.n), seed: fc.integer({ min: 0, max: 1000 }) }),
        ),
        ({ x, y, seed }) => {
          const run = sgdLeastSquares(x.rows, y, { epochs: 5, seed, record: 'step', keepIterates: true });
          run.trace.forEach((record, t) => {
            const w = run.iterates?.[t] as Float64Array;
            // Each iterate is a sum of multiples of data points, so its true distance is 0; what is measured is
            // the rounding of the update (≈ d·ε·‖w‖ per step, not accumulating off the span beyond that) and of
            // the projection Xᵀ(XXᵀ)⁻¹Xw, whose error is ≲ (n + d)·κ(XXᵀ)·ε·‖w‖ with κ ≤ 1 + n ≤ 9 by
            // construction. 64·(d + n)·ε·max(1, ‖w‖) covers both with a wide margin.
            expect(record.distanceToRowSpace).toBeLessThanOrEqual(64 * (x.d + x.n) * EPS * Math.max(1, norm(w)));
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('"… the kernel trick … [SGD] converges to the minimum ℓ2-norm solution": SGD\'s limit equals w* = Xᵀ(XXᵀ)⁻¹y', () => {
    fc.assert(
      fc.property(
        wellConditionedArb({ maxRows: 6, maxCols: 12 }).chain((x) =>
          fc.record({ x: fc.constant(x), y: integerTargetsArb(x.n), seed: fc.integer({ min: 0, max: 1000 }) }),
        ),
        ({ x, y, seed }) => {
          const star = minNormInterpolant(x.rows, y);
          const run = sgdLeastSquares(x.rows, y, { epochs: 400, seed });
          // With η = 1/max‖x_i‖² and κ(XXᵀ) ≤ 1 + n ≤ 7, each epoch shrinks the error by a fixed factor < 1;
          // after 400 epochs it is at rounding level (observed ≤ 1e-13·‖w*‖). 1e-8 allows for slow cases.
          expect(run.trace.at(-1)?.distanceToMinNorm).toBeLessThanOrEqual(1e-8 * Math.max(1, star.norm));
          for (let p = 0; p < x.d; p++)
            expect(Math.abs((run.w[p] as number) - (star.w[p] as number))).toBeLessThanOrEqual(
              1e-8 * Math.max(1, star.norm),
            );
          expect(Math.max(...residuals(x.rows, run.w, y).map(Math.abs))).toBeLessThanOrEqual(1e-7);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the minimum-norm solution interpolates: Xw* = y, and w* = Xᵀα lies in the row space', () => {
    fc.assert(
      fc.property(
        wellConditionedArb().chain((x) => fc.record({ x: fc.constant(x), y: integerTargetsArb(x.n) })),
        ({ x, y }) => {
          const star = minNormInterpolant(x.rows, y);
          // Backward-stable Cholesky on κ ≤ 1 + n ≤ 9: residuals ≲ (n + d)·κ·ε·‖y‖, far below 1e-10.
          for (const r of residuals(x.rows, star.w, y)) expect(Math.abs(r)).toBeLessThanOrEqual(1e-10);
          const combo = new Float64Array(x.d);
          x.rows.forEach((row, i) =>
            row.forEach((v, p) => (combo[p] = (combo[p] as number) + (star.alpha[i] as number) * v)),
          );
          for (let p = 0; p < x.d; p++) expect(combo[p]).toBe(star.w[p]);
        },
      ),
    );
  });
});

describe('other interpolants (Section 5)', () => {
  it('"… infinitely many solutions …": every other interpolant w* + v has norm ≥ ‖w*‖, with equality only for v = 0 (in the null space)', () => {
    fc.assert(
      fc.property(
        wellConditionedArb({ maxRows: 6, maxCols: 12 }).chain((x) =>
          fc.record({
            x: fc.constant(x),
            y: integerTargetsArb(x.n),
            v: fc.array(fc.integer({ min: -8, max: 8 }), { minLength: x.d, maxLength: x.d }),
            scale: fc.constantFrom(1, 1e-3, 0),
          }),
        ),
        ({ x, y, v, scale }) => {
          const r = shiftedInterpolant(
            x.rows,
            y,
            v.map((t) => t * scale),
          );
          // Both still interpolate (X·v_⊥ = 0 up to rounding of the projection, κ ≤ 1 + n).
          expect(r.maxResidual).toBeLessThanOrEqual(1e-9);
          // Pythagoras, w* ⟂ v_⊥: ‖w‖² = ‖w*‖² + ‖v_⊥‖² (relative rounding ≲ d·ε, tolerance 1e-12·scale²).
          const lhs = r.norm ** 2;
          const rhs = r.minNormNorm ** 2 + norm(r.shift) ** 2;
          expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-12 * Math.max(1, rhs));
          const shift = norm(r.shift);
          if (shift > 1e-9 * Math.max(1, r.minNormNorm)) expect(r.norm).toBeGreaterThan(r.minNormNorm);
          else expect(r.norm).toBeCloseTo(r.minNormNorm, 9);
          if (scale === 0) {
            // v = 0: the projection of the zero vector is exactly zero, so w is w* itself.
            expect([...r.w]).toStrictEqual([...r.minNorm]);
          }
        },
      ),
    );
  });

  it('a shift inside the row space (v = Xᵀβ) is removed entirely: the interpolant is w* again', () => {
    fc.assert(
      fc.property(
        wellConditionedArb().chain((x) =>
          fc.record({
            x: fc.constant(x),
            y: integerTargetsArb(x.n),
            beta: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: x.n, maxLength: x.n }),
          }),
        ),
        ({ x, y, beta }) => {
          const v = new Float64Array(x.d);
          x.rows.forEach((row, i) => row.forEach((t, p) => (v[p] = (v[p] as number) + (beta[i] as number) * t)));
          const r = shiftedInterpolant(x.rows, y, v);
          // v_⊥ = v − Pv is rounding only: ≲ (n + d)·κ·ε·‖v‖ with κ ≤ 9.
          expect(norm(r.shift)).toBeLessThanOrEqual(1e-12 * Math.max(1, norm(v)));
        },
      ),
    );
  });
});
