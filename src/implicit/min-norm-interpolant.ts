import { ShapeError, ensure } from 'rethink/core';
import { norm, rowSpace } from './_linear.ts';
import { NonFiniteInputError } from './errors.ts';
import { toMatrix, type MatrixInput } from './matrix.ts';

/** Options of {@link minNormInterpolant}. */
export interface MinNormInterpolantOptions {
  /** Pivots of XXᵀ at or below this are singular (default n·2⁻⁵²·max‖x_i‖²). */
  readonly pivotTolerance?: number;
}

/** Defaults of {@link MinNormInterpolantOptions} (none fixed: the tolerance scales with the data). */
export const MIN_NORM_INTERPOLANT_DEFAULTS = {} as const;

/** The minimum ℓ2-norm solution of Xw = y. */
export interface MinNormInterpolant {
  /** w* = Xᵀα (length d). */
  readonly w: Float64Array;
  /** α = (XXᵀ)⁻¹y (length n): w* as a combination of the data points. */
  readonly alpha: Float64Array;
  /** ‖w*‖₂. */
  readonly norm: number;
  /** Smallest Cholesky pivot of XXᵀ. */
  readonly minPivot: number;
}

/**
 * The minimum-norm interpolant w* = Xᵀ(XXᵀ)⁻¹y of the linear model (Section 5, eq. 3): of the infinitely
 * many solutions of Xw = y when n ≤ d, the one in the row space of X and of least ℓ2 norm — the one SGD
 * from w₀ = 0 converges to. X (n × d) must have full row rank: otherwise a `SingularSystemError` names the
 * pivot of XXᵀ where it fails.
 *
 * @example
 * ```ts
 * import { minNormInterpolant } from 'rethink/implicit';
 * const { w, norm } = minNormInterpolant([[1, 1]], [2]);
 * console.log([...w].map((v) => v.toFixed(4)).join(' '), norm.toFixed(4)); // 1.0000 1.0000 1.4142
 * ```
 */
export function minNormInterpolant(
  points: MatrixInput,
  y: ArrayLike<number>,
  options: MinNormInterpolantOptions = {},
): MinNormInterpolant {
  const op = 'minNormInterpolant';
  const x = toMatrix(points, op);
  ensure(
    y.length === x.rows,
    () => new ShapeError(`${op}: expected ${x.rows} targets, got ${y.length}`, { expected: x.rows, actual: y.length }),
  );
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (!Number.isFinite(v)) throw new NonFiniteInputError(op, 'labels', i, 0, v);
  }
  const space = rowSpace(x, op, options.pivotTolerance);
  const alpha = space.coefficients(y);
  const w = space.combine(alpha);
  return { w, alpha, norm: norm(w), minPivot: space.info.minPivot };
}
