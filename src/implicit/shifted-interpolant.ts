import { ShapeError, ensure } from 'rethink/core';
import { norm, rowSpace } from './_linear.ts';
import { NonFiniteInputError } from './errors.ts';
import { toMatrix, type MatrixInput } from './matrix.ts';

/** Options of {@link shiftedInterpolant}. */
export interface ShiftedInterpolantOptions {
  /** Pivots of XXᵀ at or below this are singular (default n·2⁻⁵²·max‖x_i‖²). */
  readonly pivotTolerance?: number;
}

/** Defaults of {@link ShiftedInterpolantOptions} (none fixed: the tolerance scales with the data). */
export const SHIFTED_INTERPOLANT_DEFAULTS = {} as const;

/** Another interpolant w = w* + v_⊥ of Xw = y. */
export interface ShiftedInterpolant {
  /** w* + v_⊥. */
  readonly w: Float64Array;
  /** v_⊥ = v − P·v: the component of v in the null space of X (P the projection onto the row space). */
  readonly shift: Float64Array;
  /** ‖w‖₂ = √(‖w*‖² + ‖v_⊥‖²). */
  readonly norm: number;
  /** The minimum-norm interpolant w* and its norm. */
  readonly minNorm: Float64Array;
  readonly minNormNorm: number;
  /** max_i |wᵀx_i − y_i|: w still interpolates, up to rounding. */
  readonly maxResidual: number;
}

/**
 * Any other interpolant of the linear model: w* + v_⊥, v_⊥ the projection of `v` (length d) onto the null
 * space of X. It fits the data as well as w* (X·v_⊥ = 0) and the curvature of the loss is the same there,
 * but ‖w‖² = ‖w*‖² + ‖v_⊥‖² (w* ⟂ v_⊥): its norm is larger unless v_⊥ = 0 — the sense in which SGD from 0
 * picks out the minimum-norm solution (Section 5).
 *
 * @example
 * ```ts
 * import { shiftedInterpolant } from 'rethink/implicit';
 * const r = shiftedInterpolant([[1, 1]], [2], [3, -3]);
 * console.log([...r.w].join(' '), r.norm > r.minNormNorm); // 4 -2 true
 * ```
 */
export function shiftedInterpolant(
  points: MatrixInput,
  y: ArrayLike<number>,
  v: ArrayLike<number>,
  options: ShiftedInterpolantOptions = {},
): ShiftedInterpolant {
  const op = 'shiftedInterpolant';
  const x = toMatrix(points, op);
  const { data, rows: n, cols: d } = x;
  ensure(
    y.length === n,
    () => new ShapeError(`${op}: expected ${n} targets, got ${y.length}`, { expected: n, actual: y.length }),
  );
  ensure(
    v.length === d,
    () => new ShapeError(`${op}: expected a shift of ${d} values, got ${v.length}`, { expected: d, actual: v.length }),
  );
  for (let i = 0; i < n; i++) {
    const t = y[i] as number;
    if (!Number.isFinite(t)) throw new NonFiniteInputError(op, 'labels', i, 0, t);
  }
  for (let p = 0; p < d; p++) {
    const t = v[p] as number;
    if (!Number.isFinite(t)) throw new NonFiniteInputError(op, 'option', 0, p, t);
  }
  const space = rowSpace(x, op, options.pivotTolerance);
  const minNorm = space.combine(space.coefficients(y));
  const projected = space.project(v);
  const shift = new Float64Array(d);
  const w = new Float64Array(d);
  for (let p = 0; p < d; p++) {
    shift[p] = (v[p] as number) - projected[p]!;
    w[p] = minNorm[p]! + shift[p]!;
  }
  let maxResidual = 0;
  for (let i = 0; i < n; i++) {
    let s = -(y[i] as number);
    for (let p = 0; p < d; p++) s += w[p]! * data[i * d + p]!;
    maxResidual = Math.max(maxResidual, Math.abs(s));
  }
  return { w, shift, norm: norm(w), minNorm, minNormNorm: norm(minNorm), maxResidual };
}
