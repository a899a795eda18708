/**
 * Internal dense float64 linear algebra for the kernel systems, row-major throughout. Everything hot is
 * built on one register-tiled kernel, {@link dotTiles}: a 4 × 4 tile of dot products between rows of two
 * row-major matrices (C ± A·Bᵀ), with the summation dimension cut into chunks of {@link KC} so that the
 * rows reused across a sweep stay in cache. On V8 this runs at about 4–5 GFLOP/s per core (measured on the
 * 2-core development machine), close to what scalar float64 code can do there.
 *
 * The Cholesky factorization is left-looking and blocked ({@link NB} columns a block) so that nearly all
 * of its n³/3 multiply-adds go through {@link dotTiles} on contiguous rows. It writes L into the lower
 * triangle (diagonal included) and never touches the strict upper triangle, which therefore still holds
 * the original symmetric matrix: K·α can be recomputed afterwards without a second n × n copy.
 */
import type { Pool } from './_pool.ts';
import { SingularSystemError } from './errors.ts';

/** Summation chunk of {@link dotTiles}: 256 doubles (2 KiB) per row, so 4 + 64 rows stay in L1/L2. */
export const KC = 256;
/** Block width of the Cholesky factorization. */
export const NB = 64;

/**
 * C[cOff + i·ldc + j]! += sign · Σ_{p ∈ [p0, p1)} A[i·lda + p] · B[j·ldb + p] for i ∈ [i0, i1), j ∈ [j0, j1)
 * (and only j ≤ i when `lower`).
 */
export function dotTiles(
  A: Float64Array,
  lda: number,
  B: Float64Array,
  ldb: number,
  C: Float64Array,
  ldc: number,
  cOff: number,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  p0: number,
  p1: number,
  sign: number,
  lower: boolean,
): void {
  for (let q0 = p0; q0 < p1; q0 += KC) {
    const q1 = Math.min(p1, q0 + KC);
    let i = i0;
    for (; i + 4 <= i1; i += 4) {
      const a0 = i * lda;
      const a1 = a0 + lda;
      const a2 = a1 + lda;
      const a3 = a2 + lda;
      const jEnd = lower ? Math.min(j1, i + 4) : j1;
      let j = j0;
      for (; j + 4 <= jEnd && (!lower || j + 3 <= i); j += 4) {
        const b0 = j * ldb;
        const b1 = b0 + ldb;
        const b2 = b1 + ldb;
        const b3 = b2 + ldb;
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0; // prettier-ignore
        let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0; // prettier-ignore
        for (let p = q0; p < q1; p++) {
          const x0 = A[a0 + p]!, x1 = A[a1 + p]!, x2 = A[a2 + p]!, x3 = A[a3 + p]!; // prettier-ignore
          const y0 = B[b0 + p]!, y1 = B[b1 + p]!, y2 = B[b2 + p]!, y3 = B[b3 + p]!; // prettier-ignore
          s00 += x0 * y0;
          s01 += x0 * y1;
          s02 += x0 * y2;
          s03 += x0 * y3; // prettier-ignore
          s10 += x1 * y0;
          s11 += x1 * y1;
          s12 += x1 * y2;
          s13 += x1 * y3; // prettier-ignore
          s20 += x2 * y0;
          s21 += x2 * y1;
          s22 += x2 * y2;
          s23 += x2 * y3; // prettier-ignore
          s30 += x3 * y0;
          s31 += x3 * y1;
          s32 += x3 * y2;
          s33 += x3 * y3; // prettier-ignore
        }
        let c = cOff + i * ldc + j;
        C[c]! += sign * s00;
        C[c + 1]! += sign * s01;
        C[c + 2]! += sign * s02;
        C[c + 3]! += sign * s03; // prettier-ignore
        c += ldc;
        C[c]! += sign * s10;
        C[c + 1]! += sign * s11;
        C[c + 2]! += sign * s12;
        C[c + 3]! += sign * s13; // prettier-ignore
        c += ldc;
        C[c]! += sign * s20;
        C[c + 1]! += sign * s21;
        C[c + 2]! += sign * s22;
        C[c + 3]! += sign * s23; // prettier-ignore
        c += ldc;
        C[c]! += sign * s30;
        C[c + 1]! += sign * s31;
        C[c + 2]! += sign * s32;
        C[c + 3]! += sign * s33; // prettier-ignore
      }
      for (let r = 0; r < 4; r++) {
        const row = i + r;
        const end = lower ? Math.min(jEnd, row + 1) : jEnd;
        for (let jj = j; jj < end; jj++) C[cOff + row * ldc + jj]! += sign * dot(A, row * lda, B, jj * ldb, q0, q1);
      }
    }
    for (; i < i1; i++) {
      const end = lower ? Math.min(j1, i + 1) : j1;
      for (let jj = j0; jj < end; jj++) C[cOff + i * ldc + jj]! += sign * dot(A, i * lda, B, jj * ldb, q0, q1);
    }
  }
}

/** {@link dotTiles}'s arguments, then a column chunk (`jChunk`, default all): a tiled product as a pool runs it. */
export type TiledProduct = (...args: [...Parameters<typeof dotTiles>, jChunk?: number]) => void;

/** {@link dotTiles} on the calling thread, in the shape of a pool: columns in chunks of `jChunk`. */
export const SERIAL: { readonly dotTiles: TiledProduct } = {
  dotTiles: (A, lda, B, ldb, C, ldc, cOff, i0, i1, j0, j1, p0, p1, sign, lower, jChunk = Number.MAX_SAFE_INTEGER) => {
    for (let j = j0; j < j1; j += jChunk)
      dotTiles(A, lda, B, ldb, C, ldc, cOff, i0, i1, j, Math.min(j1, j + jChunk), p0, p1, sign, lower);
  },
};

/** Σ_{p ∈ [p0, p1)} A[a + p] · B[b + p]. */
export function dot(A: Float64Array, a: number, B: Float64Array, b: number, p0: number, p1: number): number {
  let s0 = 0;
  let s1 = 0;
  let p = p0;
  for (; p + 2 <= p1; p += 2) {
    s0 += A[a + p]! * B[b + p]!;
    s1 += A[a + p + 1]! * B[b + p + 1]!;
  }
  if (p < p1) s0 += A[a + p]! * B[b + p]!;
  return s0 + s1;
}

/** What {@link choleskyInPlace} learned about the pivots (the diagonal of each Schur complement, L_ii²). */
export interface CholeskyInfo {
  readonly minPivot: number;
  readonly minPivotIndex: number;
  readonly maxPivot: number;
}

/**
 * Factors the symmetric positive definite n × n matrix whose lower triangle is in `A` (row-major, leading
 * dimension n) as L·Lᵀ, writing L over the lower triangle; the strict upper triangle is left as it was.
 * A pivot (L_ii² before the square root) at or below `tolerance`, or NaN, throws {@link SingularSystemError}
 * naming it. `onBlock(done)` is called after each block of columns with the fraction of the work done.
 */
export function choleskyInPlace(
  A: Float64Array,
  n: number,
  tolerance: number,
  operation: string,
  onBlock?: (fraction: number) => void,
  pool?: Pool,
): CholeskyInfo {
  let minPivot = Infinity;
  let minPivotIndex = -1;
  let maxPivot = 0;
  const total = n * n * n;
  for (let k0 = 0; k0 < n; k0 += NB) {
    const k1 = Math.min(n, k0 + NB);
    // Left-looking update of the block column: A[k0:n, k0:k1] −= L[k0:n, 0:k0] · L[k0:k1, 0:k0]ᵀ.
    if (k0 > 0) (pool ?? SERIAL).dotTiles(A, n, A, n, A, n, 0, k0, n, k0, k1, 0, k0, -1, true);
    // The diagonal block, column by column.
    for (let j = k0; j < k1; j++) {
      const rj = j * n;
      let s = A[rj + j]!;
      for (let p = k0; p < j; p++) s -= A[rj + p]! * A[rj + p]!;
      if (!(s > tolerance)) throw new SingularSystemError(operation, j, s, tolerance);
      if (s < minPivot) {
        minPivot = s;
        minPivotIndex = j;
      }
      if (s > maxPivot) maxPivot = s;
      const ljj = Math.sqrt(s);
      A[rj + j] = ljj;
      for (let i = j + 1; i < k1; i++) {
        const ri = i * n;
        let t = A[ri + j]!;
        for (let p = k0; p < j; p++) t -= A[ri + p]! * A[rj + p]!;
        A[ri + j] = t / ljj;
      }
    }
    // The panel below it, row by row: L[i, k0:k1] = A[i, k0:k1] · L[k0:k1, k0:k1]⁻ᵀ.
    for (let i = k1; i < n; i++) {
      const ri = i * n;
      for (let j = k0; j < k1; j++) {
        const rj = j * n;
        let t = A[ri + j]!;
        for (let p = k0; p < j; p++) t -= A[ri + p]! * A[rj + p]!;
        A[ri + j] = t / A[rj + j]!;
      }
    }
    // Work done so far ∝ n³ − (n − k1)³ (the left-looking updates grow with k0; close enough for progress).
    onBlock?.((total - (n - k1) ** 3) / total);
  }
  return { minPivot, minPivotIndex, maxPivot };
}

/**
 * Solves L·Lᵀ·X = Y in place for `k` right-hand sides (Y n × k row-major), with L in the lower triangle of
 * `L` (leading dimension n) as {@link choleskyInPlace} leaves it.
 */
export function choleskySolveInPlace(L: Float64Array, n: number, Y: Float64Array, k: number): void {
  // Forward: L·Z = Y.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const yi = i * k;
    for (let j = 0; j < i; j++) {
      const l = L[ri + j]!;
      if (l === 0) continue;
      const yj = j * k;
      for (let c = 0; c < k; c++) Y[yi + c]! -= l * Y[yj + c]!;
    }
    const d = L[ri + i]!;
    for (let c = 0; c < k; c++) Y[yi + c]! /= d;
  }
  // Backward: Lᵀ·X = Z, column-oriented so that row i of L is read contiguously.
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const yi = i * k;
    const d = L[ri + i]!;
    for (let c = 0; c < k; c++) Y[yi + c]! /= d;
    for (let j = 0; j < i; j++) {
      const l = L[ri + j]!;
      if (l === 0) continue;
      const yj = j * k;
      for (let c = 0; c < k; c++) Y[yj + c]! -= l * Y[yi + c]!;
    }
  }
}

/**
 * K·X for the symmetric n × n matrix K whose strict upper triangle is in `A` and whose diagonal is `diag`
 * (X n × k row-major); returns a new n × k array.
 */
export function symmetricUpperTimes(A: Float64Array, diag: Float64Array, n: number, X: Float64Array, k: number) {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const xi = i * k;
    for (let c = 0; c < k; c++) out[xi + c]! += diag[i]! * X[xi + c]!;
    for (let j = i + 1; j < n; j++) {
      const a = A[ri + j]!;
      const xj = j * k;
      for (let c = 0; c < k; c++) {
        out[xi + c]! += a * X[xj + c]!;
        out[xj + c]! += a * X[xi + c]!;
      }
    }
  }
  return out;
}

/** What {@link luSolveInPlace} learned about the pivots |u_ii|. */
export interface LuInfo {
  readonly minPivot: number;
  readonly minPivotIndex: number;
  readonly maxPivot: number;
}

/**
 * Solves the general n × n system A·X = Y (Y n × k row-major, overwritten by X) by Gaussian elimination
 * with partial pivoting (row swaps), destroying `A`. A pivot |u_ii| at or below `tolerance` throws
 * {@link SingularSystemError}. Right-looking, row-oriented: O(2n³/3), for the non-symmetric random-centre
 * systems only.
 */
export function luSolveInPlace(
  A: Float64Array,
  n: number,
  Y: Float64Array,
  k: number,
  tolerance: number,
  operation: string,
  onRow?: (fraction: number) => void,
): LuInfo {
  let minPivot = Infinity;
  let minPivotIndex = -1;
  let maxPivot = 0;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const total = n * n * n;
  for (let col = 0; col < n; col++) {
    let best = col;
    let bestAbs = Math.abs(A[col * n + col]!);
    for (let i = col + 1; i < n; i++) {
      const v = Math.abs(A[i * n + col]!);
      if (v > bestAbs) {
        bestAbs = v;
        best = i;
      }
    }
    if (!(bestAbs > tolerance)) throw new SingularSystemError(operation, col, bestAbs, tolerance);
    if (bestAbs < minPivot) {
      minPivot = bestAbs;
      minPivotIndex = col;
    }
    if (bestAbs > maxPivot) maxPivot = bestAbs;
    if (best !== col) {
      for (let j = 0; j < n; j++) {
        const t = A[col * n + j]!;
        A[col * n + j] = A[best * n + j]!;
        A[best * n + j] = t;
      }
      for (let c = 0; c < k; c++) {
        const t = Y[col * k + c]!;
        Y[col * k + c] = Y[best * k + c]!;
        Y[best * k + c] = t;
      }
    }
    const rc = col * n;
    const pivot = A[rc + col]!;
    for (let i = col + 1; i < n; i++) {
      const ri = i * n;
      const l = A[ri + col]! / pivot;
      if (l === 0) continue;
      A[ri + col] = l;
      for (let j = col + 1; j < n; j++) A[ri + j]! -= l * A[rc + j]!;
      for (let c = 0; c < k; c++) Y[i * k + c]! -= l * Y[col * k + c]!;
    }
    if ((col & 63) === 63) onRow?.((total - (n - col) ** 3) / total);
  }
  // Back substitution with U.
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    for (let c = 0; c < k; c++) {
      let t = Y[i * k + c]!;
      for (let j = i + 1; j < n; j++) t -= A[ri + j]! * Y[j * k + c]!;
      Y[i * k + c] = t / A[ri + i]!;
    }
  }
  onRow?.(1);
  return { minPivot, minPivotIndex, maxPivot };
}
