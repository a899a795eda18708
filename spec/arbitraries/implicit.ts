/**
 * Arbitraries for the Section 5 specs (implicit regularization): small matrices built so that the property
 * at hand holds by construction — full row rank, a bounded condition number, distinct points — with
 * `map`/`chain` rather than rejection.
 */
import fc from 'fast-check';

/** A row-major n × d matrix as rows, with its shape. */
export interface Points {
  readonly rows: number[][];
  readonly n: number;
  readonly d: number;
}

/** A permutation of 0 … d−1 drawn by fast-check (as a list of swap positions, Fisher–Yates). */
function permutationArb(d: number): fc.Arbitrary<number[]> {
  return fc.tuple(...Array.from({ length: d }, (_, i) => fc.integer({ min: 0, max: i }))).map((swaps) => {
    const perm = Array.from({ length: d }, (_, i) => i);
    for (let i = d - 1; i > 0; i--) {
      const j = swaps[i] as number;
      [perm[i], perm[j]] = [perm[j] as number, perm[i] as number];
    }
    return perm;
  });
}

/**
 * Small integer matrices of full row rank, n ≤ d: an upper-triangular n × n block with diagonal entries in
 * ±[1, 3] (so its determinant is non-zero), d − n further columns of integers in [−range, range], and the
 * columns shuffled. The entries stay small, so exact rational arithmetic on them stays cheap.
 */
export function fullRankIntegerArb(
  options: { maxRows?: number; maxCols?: number; range?: number; minExtra?: number } = {},
): fc.Arbitrary<Points> {
  const { maxRows = 4, maxCols = 6, range = 3, minExtra = 1 } = options;
  return fc
    .integer({ min: 1, max: maxRows })
    .chain((n) =>
      fc.record({ n: fc.constant(n), d: fc.integer({ min: Math.min(n + minExtra, maxCols), max: maxCols }) }),
    )
    .map(({ n, d }) => ({ n, d: Math.max(d, n) }))
    .chain(({ n, d }) =>
      fc
        .record({
          diagonal: fc.array(
            fc.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean()).map(([v, s]) => (s ? v : -v)),
            { minLength: n, maxLength: n },
          ),
          upper: fc.array(fc.integer({ min: -range, max: range }), { minLength: n * n, maxLength: n * n }),
          extra: fc.array(fc.integer({ min: -range, max: range }), { minLength: n * (d - n), maxLength: n * (d - n) }),
          perm: permutationArb(d),
        })
        .map(({ diagonal, upper, extra, perm }) => {
          const wide = Array.from({ length: n }, (_, i) =>
            Array.from({ length: d }, (_, j) => {
              if (j < n) return j === i ? (diagonal[i] as number) : j > i ? (upper[i * n + j] as number) : 0;
              return extra[i * (d - n) + (j - n)] as number;
            }),
          );
          return { rows: wide.map((row) => perm.map((j) => row[j] as number)), n, d };
        }),
    );
}

/**
 * Well-conditioned real matrices of full row rank, n ≤ d: X = [c·I_n | R]·Π with c = √d, R's entries in
 * [−1, 1] (multiples of 1/64) and Π a column permutation. Then XXᵀ = d·I + RRᵀ has its eigenvalues in
 * [d, d + n(d − n)], so κ(XXᵀ) ≤ 1 + n: every float tolerance below can be stated in ε times small sizes.
 */
export function wellConditionedArb(options: { maxRows?: number; maxCols?: number } = {}): fc.Arbitrary<Points> {
  const { maxRows = 8, maxCols = 16 } = options;
  return fc
    .integer({ min: 1, max: maxRows })
    .chain((n) => fc.record({ n: fc.constant(n), d: fc.integer({ min: Math.min(n + 1, maxCols), max: maxCols }) }))
    .map(({ n, d }) => ({ n, d: Math.max(d, n) }))
    .chain(({ n, d }) =>
      fc
        .record({
          r: fc.array(fc.integer({ min: -64, max: 64 }), { minLength: n * (d - n), maxLength: n * (d - n) }),
          perm: permutationArb(d),
        })
        .map(({ r, perm }) => {
          const c = Math.sqrt(d);
          const wide = Array.from({ length: n }, (_, i) =>
            Array.from({ length: d }, (_, j) =>
              j < n ? (j === i ? c : 0) : (r[i * (d - n) + (j - n)] as number) / 64,
            ),
          );
          return { rows: wide.map((row) => perm.map((j) => row[j] as number)), n, d };
        }),
    );
}

/** Targets: `count` integers in [−range, range]. */
export function integerTargetsArb(count: number, range = 5): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: -range, max: range }), { minLength: count, maxLength: count });
}

/**
 * Distinct points on the integer grid {0, …, side−1}^d (so any two are at squared distance ≥ 1), n of them,
 * with class labels in [0, classes): points are distinct by construction (a unique array of grid codes).
 */
export function distinctGridPointsArb(
  options: { maxPoints?: number; dims?: number; side?: number; classes?: number } = {},
): fc.Arbitrary<Points & { labels: number[]; classes: number }> {
  const { maxPoints = 12, dims = 2, side = 6, classes = 3 } = options;
  const cells = side ** dims;
  return fc
    .uniqueArray(fc.integer({ min: 0, max: cells - 1 }), { minLength: 1, maxLength: Math.min(maxPoints, cells) })
    .chain((codes) =>
      fc
        .array(fc.integer({ min: 0, max: classes - 1 }), { minLength: codes.length, maxLength: codes.length })
        .map((labels) => {
          const rows = codes.map((code) => Array.from({ length: dims }, (_, p) => Math.floor(code / side ** p) % side));
          return { rows, n: rows.length, d: dims, labels, classes };
        }),
    );
}

/** Small real point clouds (n × d, entries multiples of 1/16 in [−4, 4]), not necessarily distinct. */
export function pointCloudArb(options: { maxPoints?: number; maxDims?: number } = {}): fc.Arbitrary<Points> {
  const { maxPoints = 8, maxDims = 4 } = options;
  return fc
    .record({ n: fc.integer({ min: 1, max: maxPoints }), d: fc.integer({ min: 1, max: maxDims }) })
    .chain(({ n, d }) =>
      fc.array(fc.integer({ min: -64, max: 64 }), { minLength: n * d, maxLength: n * d }).map((values) => ({
        rows: Array.from({ length: n }, (_, i) => values.slice(i * d, (i + 1) * d).map((v) => v / 16)),
        n,
        d,
      })),
    );
}
