/**
 * Section 5, kernel interpolation: Gram matrices, the exact interpolant Kα = Y, the linear kernel as the
 * minimum-norm linear interpolant, the data-driven bandwidth, and the typed errors.
 */
import fc from 'fast-check';
import { eigs } from 'mathjs';
import { describe, expect, it } from 'vitest';
import {
  DuplicatePointsError,
  NonFiniteInputError,
  SingularSystemError,
  fitKernel,
  gramMatrix,
  medianSquaredDistance,
  minNormInterpolant,
  predictKernel,
  resolveKernel,
  type KernelSpec,
} from 'rethink/implicit';
import {
  distinctGridPointsArb,
  fullRankIntegerArb,
  integerTargetsArb,
  pointCloudArb,
  wellConditionedArb,
} from '../arbitraries/implicit.ts';

const kernelArb: fc.Arbitrary<KernelSpec> = fc.oneof(
  fc.constant<KernelSpec>({ kind: 'linear' }),
  fc.integer({ min: 1, max: 40 }).map<KernelSpec>((g) => ({ kind: 'rbf', gamma: g / 10 })),
  fc.constant<KernelSpec>({ kind: 'rbf' }),
  fc
    .record({ degree: fc.integer({ min: 1, max: 4 }), coef0: fc.integer({ min: 0, max: 3 }) })
    .map<KernelSpec>(({ degree, coef0 }) => ({ kind: 'poly', degree, coef0, gamma: 0.25 })),
);

describe('Gram matrices', () => {
  it('"the kernel trick": every Gram matrix K_ij = k(x_i, x_j) is symmetric and positive semi-definite', () => {
    fc.assert(
      fc.property(pointCloudArb({ maxPoints: 7, maxDims: 3 }), kernelArb, (x, kernel) => {
        const K = gramMatrix(x.rows, kernel);
        const n = x.n;
        const rows = Array.from({ length: n }, (_, i) => Array.from(K.data.subarray(i * n, (i + 1) * n)));
        for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(rows[i]?.[j]).toBe(rows[j]?.[i]);
        const scale = Math.max(1, ...rows.flat().map(Math.abs));
        const values = (eigs(rows).values as number[]).map(Number);
        // A symmetric eigensolver is backward stable: each computed eigenvalue is within ≈ n·ε·‖K‖ of a true one
        // (and the entries of K carry their own ε-relative rounding). 1e-9·‖K‖ is far above both for n ≤ 7.
        for (const v of values) expect(v).toBeGreaterThanOrEqual(-1e-9 * scale * n);
      }),
      { numRuns: 60 },
    );
  });

  it('a cross matrix k(x_i, z_j) agrees with the corresponding block of the Gram matrix of x ∪ z', () => {
    fc.assert(
      fc.property(pointCloudArb({ maxPoints: 6, maxDims: 3 }), pointCloudArb({ maxPoints: 6, maxDims: 3 }), (x, z0) => {
        const z = z0.rows.map((r) => Array.from({ length: x.d }, (_, p) => r[p] ?? 0));
        const kernel = resolveKernel(x.rows);
        const cross = gramMatrix(x.rows, kernel, { other: z });
        const all = gramMatrix([...x.rows, ...z], kernel);
        const N = x.n + z.length;
        for (let i = 0; i < x.n; i++)
          for (let j = 0; j < z.length; j++) expect(cross.data[i * z.length + j]).toBe(all.data[i * N + x.n + j]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('kernel interpolation (Section 5)', () => {
  it('"fitting the training labels exactly": a Gaussian Gram matrix of distinct points is positive definite (Cholesky succeeds) and the interpolant reproduces every training label', () => {
    fc.assert(
      fc.property(
        distinctGridPointsArb({ maxPoints: 16, dims: 2, side: 6, classes: 4 }),
        fc.integer({ min: 5, max: 30 }),
        (x, g) => {
          // Grid points are ≥ 1 apart; with γ ≥ 0.5 every off-diagonal entry is ≤ e^-0.5 and K is safely PD.
          const model = fitKernel(x.rows, x.labels, { classes: x.classes, kernel: { kind: 'rbf', gamma: g / 10 } });
          expect(model.solver).toBe('cholesky');
          expect(model.minPivot).toBeGreaterThan(0);
          expect(model.trainError).toBe(0);
          // Residual of a backward-stable solve: ≲ n·κ·ε·‖Y‖ with κ ≤ conditionEstimate·(a modest factor).
          expect(model.maxResidual).toBeLessThanOrEqual(1e-9);
          const out = predictKernel(model, x.rows);
          x.labels.forEach((label, i) => {
            for (let c = 0; c < x.classes; c++)
              expect(Math.abs((out[i * x.classes + c] as number) - (c === label ? 1 : 0))).toBeLessThanOrEqual(1e-9);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('"… the kernel trick … gives the minimum-norm solution": with the linear kernel, the kernel interpolant and w* = Xᵀ(XXᵀ)⁻¹y are the same function', () => {
    fc.assert(
      fc.property(
        wellConditionedArb({ maxRows: 6, maxCols: 12 }).chain((x) =>
          fc.record({
            x: fc.constant(x),
            y: integerTargetsArb(x.n),
            z: fc.array(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: x.d, maxLength: x.d }), {
              minLength: 1,
              maxLength: 5,
            }),
          }),
        ),
        ({ x, y, z }) => {
          const model = fitKernel(x.rows, y, { kernel: { kind: 'linear' } });
          const star = minNormInterpolant(x.rows, y);
          const f = predictKernel(model, z);
          z.forEach((row, t) => {
            const linear = row.reduce((s, v, p) => s + v * (star.w[p] as number), 0);
            // Both are backward-stable solves of the same system (κ ≤ 1 + n); the evaluations differ by
            // rounding ≲ (n + d)·κ·ε·‖α‖·‖X‖·‖z‖, well under 1e-9·max(1, ‖z‖·‖w*‖) here.
            const scale = Math.max(1, Math.hypot(...row) * star.norm);
            expect(Math.abs((f[t] as number) - linear)).toBeLessThanOrEqual(1e-9 * scale);
          });
          // The RKHS norm of the linear-kernel interpolant is ‖w*‖.
          expect(model.norm).toBeCloseTo(star.norm, 8);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('other centres give a non-symmetric system (LU) whose interpolant still reproduces the training labels', () => {
    fc.assert(
      fc.property(distinctGridPointsArb({ maxPoints: 10, dims: 2, side: 5, classes: 3 }), (x) => {
        // Centres: the points shifted by half a grid step — distinct, and K(x, c) well conditioned for γ = 2.
        const centres = x.rows.map((r) => r.map((v) => v + 0.25));
        const model = fitKernel(x.rows, x.labels, { classes: 3, centres, kernel: { kind: 'rbf', gamma: 2 } });
        expect(model.solver).toBe('lu');
        expect(model.trainError).toBe(0);
        expect(model.maxResidual).toBeLessThanOrEqual(1e-8);
        expect(model.norm).toBeGreaterThan(0);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the data-driven bandwidth', () => {
  it('γ = 1 / median squared pairwise distance: the median of all pairs when they are few', () => {
    fc.assert(
      fc.property(
        pointCloudArb({ maxPoints: 9, maxDims: 3 }).map((x) => ({
          ...x,
          rows: [...x.rows, x.rows[0]!.map((v) => v + 1)],
        })),
        (x) => {
          const d2: number[] = [];
          for (let i = 0; i < x.rows.length; i++)
            for (let j = 0; j < i; j++) d2.push(x.rows[i]!.reduce((s, v, p) => s + (v - x.rows[j]![p]!) ** 2, 0));
          d2.sort((a, b) => a - b);
          const mid = d2.length >> 1;
          const expected = d2.length % 2 ? d2[mid]! : (d2[mid - 1]! + d2[mid]!) / 2;
          expect(medianSquaredDistance(x.rows)).toBe(expected);
          if (expected > 0) expect(resolveKernel(x.rows).gamma).toBe(1 / expected);
        },
      ),
    );
  });

  it('the sampled median (many pairs) lies between the 44th and 56th percentiles of all pairs — false-failure rate ≤ 2·e^(−2·2000·0.06²) ≈ 1.1e-6 per run (DKW), ≈ 3e-5 over 25 runs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: 0, max: 2 ** 30 }), (dataSeed, seed) => {
        // 120 points (7,140 pairs), 2,000 pairs sampled uniformly with replacement.
        let s = dataSeed;
        const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
        const rows = Array.from({ length: 120 }, () => Array.from({ length: 5 }, () => next() * 4));
        const d2: number[] = [];
        for (let i = 0; i < rows.length; i++)
          for (let j = 0; j < i; j++) d2.push(rows[i]!.reduce((t, v, p) => t + (v - rows[j]![p]!) ** 2, 0));
        d2.sort((a, b) => a - b);
        const m = medianSquaredDistance(rows, { pairs: 2000, seed });
        expect(m).toBeGreaterThanOrEqual(d2[Math.floor(0.44 * d2.length)]!);
        expect(m).toBeLessThanOrEqual(d2[Math.ceil(0.56 * d2.length)]!);
      }),
      { numRuns: 25 },
    );
  });
});

describe('typed errors', () => {
  it('duplicate points with different labels: DuplicatePointsError naming both indices (conflicting); with equal labels, not conflicting', () => {
    fc.assert(
      fc.property(
        distinctGridPointsArb({ maxPoints: 10, classes: 3 }).chain((x) =>
          fc.record({
            x: fc.constant(x),
            from: fc.integer({ min: 0, max: x.n - 1 }),
            at: fc.integer({ min: 0, max: x.n }),
            shift: fc.integer({ min: 0, max: 2 }),
          }),
        ),
        ({ x, from, at, shift }) => {
          const rows = [...x.rows];
          const labels = [...x.labels];
          const label = ((x.labels[from] as number) + shift) % 3;
          rows.splice(at, 0, [...(x.rows[from] as number[])]);
          labels.splice(at, 0, label);
          const original = from >= at ? from + 1 : from;
          const [first, second] = [Math.min(original, at), Math.max(original, at)];
          let caught: unknown;
          try {
            fitKernel(rows, labels, { classes: 3 });
          } catch (e) {
            caught = e;
          }
          expect(caught).toBeInstanceOf(DuplicatePointsError);
          const e = caught as DuplicatePointsError;
          expect([e.first, e.second, e.conflicting, e.code]).toStrictEqual([first, second, shift !== 0, 'E_DUPLICATE']);
          expect(e.message).toContain(`points ${first} and ${second}`);
        },
      ),
    );
  });

  it('a singular system: SingularSystemError naming the pivot of the first dependent point (linear kernel, a point that is a combination of earlier ones)', () => {
    fc.assert(
      fc.property(
        fullRankIntegerArb({ maxRows: 4, maxCols: 6 }).chain((x) =>
          fc.record({
            x: fc.constant(x),
            coefficients: fc.array(fc.integer({ min: -2, max: 2 }), { minLength: x.n, maxLength: x.n }),
            extra: fc.integer({ min: 0, max: 3 }),
          }),
        ),
        ({ x, coefficients, extra }) => {
          // c₀ ≥ 2: a combination that is no earlier point (a copy would be reported as a duplicate instead).
          const c = coefficients.map((v, i) => (i === 0 ? v + 4 : v));
          const dependent = Array.from({ length: x.d }, (_, p) =>
            x.rows.reduce((s, row, i) => s + (c[i] as number) * (row[p] as number), 0),
          );
          // Later points far from all others, so that the first failure is the dependent point's.
          const rows = [...x.rows, dependent, ...x.rows.slice(0, extra).map((r) => r.map((v) => v + 1000))];
          const y = rows.map((_, i) => i);
          // The exact pivot at row n is 0; in float64 it is rounding, |·| ≲ n²·ε·max K_ii ≪ 1e-8·max K_ii. Every
          // earlier pivot is a ratio of Gram determinants of integer rows, det(G_1..i)/det(G_1..i−1) ≥ 1/max K_ii^i
          // ≥ 1/54³ ≈ 6e-6 (d ≤ 6, entries ≤ 3: max K_ii ≤ 54), above the tolerance 1e-8·54.
          const maxDiag = Math.max(...x.rows.map((r) => r.reduce((s, v) => s + v * v, 0)));
          let caught: unknown;
          try {
            fitKernel(rows, y, { kernel: { kind: 'linear' }, pivotTolerance: 1e-8 * maxDiag });
          } catch (e) {
            caught = e;
          }
          expect(caught).toBeInstanceOf(SingularSystemError);
          const e = caught as SingularSystemError;
          expect(e.pivot).toBe(x.n);
          expect(e.code).toBe('E_SINGULAR');
          expect(e.message).toContain(`pivot ${x.n}`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('non-finite inputs: NonFiniteInputError naming the row and column, in the points or the targets', () => {
    fc.assert(
      fc.property(
        distinctGridPointsArb({ maxPoints: 8 }).chain((x) =>
          fc.record({
            x: fc.constant(x),
            where: fc.constantFrom('points' as const, 'labels' as const),
            row: fc.integer({ min: 0, max: x.n - 1 }),
            col: fc.integer({ min: 0, max: x.d - 1 }),
            value: fc.constantFrom(NaN, Infinity, -Infinity),
          }),
        ),
        ({ x, where, row, col, value }) => {
          const rows = x.rows.map((r) => [...r]);
          const targets = x.rows.flatMap((r) => r.map((v) => v + 1));
          if (where === 'points') (rows[row] as number[])[col] = value;
          else targets[row * x.d + col] = value;
          let caught: unknown;
          try {
            fitKernel(rows, targets, { outputs: x.d });
          } catch (e) {
            caught = e;
          }
          expect(caught).toBeInstanceOf(NonFiniteInputError);
          const e = caught as NonFiniteInputError;
          expect([e.where, e.row, e.column]).toStrictEqual([where, row, col]);
          expect(e.message).toContain(`row ${row}, column ${col}`);
        },
      ),
    );
  });
});
