/**
 * Internal: the row space of X (n × d, full row rank) through the Cholesky factor of XXᵀ: the minimum-norm
 * solution w* = Xᵀ(XXᵀ)⁻¹y and the orthogonal projection P·v = Xᵀ(XXᵀ)⁻¹X·v onto the row space.
 */
import { buildGram } from './_kernel.ts';
import { choleskyInPlace, choleskySolveInPlace, type CholeskyInfo } from './_linalg.ts';
import type { Matrix } from './matrix.ts';

const LINEAR = { kind: 'linear', gamma: 1, degree: 1, coef0: 0 } as const;

/** The factored XXᵀ of `x`, with the operations built on it. */
export interface RowSpace {
  readonly info: CholeskyInfo;
  /** α with XXᵀα = y (y of length n). */
  coefficients(y: ArrayLike<number>): Float64Array;
  /** Xᵀα (length d). */
  combine(alpha: Float64Array): Float64Array;
  /** The orthogonal projection of v (length d) onto the row space of X. */
  project(v: ArrayLike<number>): Float64Array;
}

/** Factors XXᵀ; throws SingularSystemError when X does not have full row rank (to working precision). */
export function rowSpace(x: Matrix, operation: string, tolerance?: number): RowSpace {
  const { data, rows: n, cols: d } = x;
  const G = new Float64Array(n * n);
  buildGram(x, LINEAR, G);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, G[i * n + i]!);
  const info = choleskyInPlace(G, n, tolerance ?? n * 2 ** -52 * maxDiag, operation);
  const coefficients = (y: ArrayLike<number>): Float64Array => {
    const alpha = Float64Array.from(y);
    choleskySolveInPlace(G, n, alpha, 1);
    return alpha;
  };
  const combine = (alpha: Float64Array): Float64Array => {
    const w = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const a = alpha[i]!;
      for (let p = 0, r = i * d; p < d; p++) w[p]! += a * data[r + p]!;
    }
    return w;
  };
  const project = (v: ArrayLike<number>): Float64Array => {
    const xv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = 0, r = i * d; p < d; p++) s += data[r + p]! * (v[p] as number);
      xv[i] = s;
    }
    return combine(coefficients(xv));
  };
  return { info, coefficients, combine, project };
}

/** ‖a − b‖₂. */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let p = 0; p < a.length; p++) {
    const t = (a[p] as number) - (b[p] as number);
    s += t * t;
  }
  return Math.sqrt(s);
}

/** ‖a‖₂. */
export function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let p = 0; p < a.length; p++) s += (a[p] as number) * (a[p] as number);
  return Math.sqrt(s);
}
