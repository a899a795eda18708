import { ArgumentError, ShapeError, createRng, ensure } from 'rethink/core';
import { distance, rowSpace } from './_linear.ts';
import { NonFiniteInputError } from './errors.ts';
import { toMatrix, type MatrixInput } from './matrix.ts';

/** Options of {@link sgdLeastSquares}. */
export interface SgdLeastSquaresOptions {
  /** Step size η (default 1 / max‖x_i‖², for which each step moves at most onto the hyperplane of its point). */
  readonly stepSize?: number;
  /** Passes over the data, each in a fresh seeded random order (default 100). */
  readonly epochs?: number;
  /** Seed of the order (stream `implicit/sgd-order`; default 0). */
  readonly seed?: number;
  /** Record the distances after every `epoch` (default) or every `step`. */
  readonly record?: 'epoch' | 'step';
  /** Also return a copy of every recorded iterate (default false). */
  readonly keepIterates?: boolean;
}

/** Defaults of {@link SgdLeastSquaresOptions}. */
export const SGD_LEAST_SQUARES_DEFAULTS = { epochs: 100, seed: 0, record: 'epoch', keepIterates: false } as const;

/** One recorded iterate of {@link sgdLeastSquares}. */
export interface SgdRecord {
  /** Updates made so far (0: w₀ = 0). */
  readonly step: number;
  /** Epochs completed. */
  readonly epoch: number;
  /** The loss (1/2n)·Σ(wᵀx_i − y_i)². */
  readonly loss: number;
  /** ‖w − P·w‖: the distance of w from the row space of X (P the orthogonal projection onto it). */
  readonly distanceToRowSpace: number;
  /** ‖w − w*‖: the distance from the minimum-norm interpolant. */
  readonly distanceToMinNorm: number;
}

/** What {@link sgdLeastSquares} returns. */
export interface SgdLeastSquaresResult {
  /** The last iterate. */
  readonly w: Float64Array;
  /** The minimum-norm interpolant w* (for comparison). */
  readonly minNorm: Float64Array;
  /** The step size used. */
  readonly stepSize: number;
  /** The point visited at each step, in order (epochs × n). */
  readonly order: Uint32Array;
  readonly trace: readonly SgdRecord[];
  /** The recorded iterates (with `keepIterates`), `trace[t]` ↔ `iterates[t]`. */
  readonly iterates: readonly Float64Array[] | undefined;
}

/**
 * Plain SGD on the squared loss of a linear model, started at w₀ = 0: at each step, for the next point i of
 * a seeded random order, w ← w − η·(wᵀx_i − y_i)·x_i (Section 5). Every update adds a multiple of a data
 * point, so every iterate lies in the span of the data, w = Xᵀα; when it interpolates, XXᵀα = y and the
 * limit is the minimum-norm interpolant. Records, per epoch or per step, the loss and the iterate's
 * distances to the row space of X and to w*. X must have full row rank (the distances use (XXᵀ)⁻¹).
 *
 * @example
 * ```ts
 * import { sgdLeastSquares } from 'rethink/implicit';
 * const r = sgdLeastSquares([[1, 0, 1], [0, 1, 1]], [1, 2], { epochs: 200 });
 * const last = r.trace[r.trace.length - 1]!;
 * console.log(last.distanceToRowSpace < 1e-12, last.distanceToMinNorm < 1e-9); // true true
 * ```
 */
export function sgdLeastSquares(
  points: MatrixInput,
  y: ArrayLike<number>,
  options: SgdLeastSquaresOptions = {},
): SgdLeastSquaresResult {
  const op = 'sgdLeastSquares';
  const { epochs, seed, record, keepIterates } = { ...SGD_LEAST_SQUARES_DEFAULTS, ...options };
  const x = toMatrix(points, op);
  const { data, rows: n, cols: d } = x;
  ensure(
    y.length === n,
    () => new ShapeError(`${op}: expected ${n} targets, got ${y.length}`, { expected: n, actual: y.length }),
  );
  for (let i = 0; i < n; i++) {
    const v = y[i] as number;
    if (!Number.isFinite(v)) throw new NonFiniteInputError(op, 'labels', i, 0, v);
  }
  ensure(
    Number.isSafeInteger(epochs) && epochs >= 0,
    () => new ArgumentError(`${op}: epochs must be an integer ≥ 0, got ${epochs}`, { epochs }),
  );
  ensure(
    Number.isSafeInteger(seed),
    () => new ArgumentError(`${op}: seed must be a safe integer, got ${seed}`, { seed }),
  );
  ensure(
    record === 'epoch' || record === 'step',
    () => new ArgumentError(`${op}: record must be epoch or step, got ${String(record)}`, { record }),
  );
  let maxSq = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += data[i * d + p]! ** 2;
    maxSq = Math.max(maxSq, s);
  }
  const stepSize = options.stepSize ?? (maxSq > 0 ? 1 / maxSq : 1);
  ensure(
    Number.isFinite(stepSize) && stepSize > 0,
    () => new ArgumentError(`${op}: stepSize must be a positive finite number, got ${stepSize}`, { stepSize }),
  );
  const space = rowSpace(x, op);
  const minNorm = space.combine(space.coefficients(y));
  const w = new Float64Array(d);
  const order = new Uint32Array(epochs * n);
  const rng = createRng(seed, 'implicit/sgd-order');
  const trace: SgdRecord[] = [];
  const iterates: Float64Array[] | undefined = keepIterates ? [] : undefined;
  const residual = (i: number): number => {
    let s = -(y[i] as number);
    for (let p = 0, r = i * d; p < d; p++) s += w[p]! * data[r + p]!;
    return s;
  };
  const snap = (step: number, epoch: number): void => {
    let loss = 0;
    for (let i = 0; i < n; i++) loss += residual(i) ** 2;
    trace.push({
      step,
      epoch,
      loss: loss / (2 * n),
      distanceToRowSpace: distance(w, space.project(w)),
      distanceToMinNorm: distance(w, minNorm),
    });
    iterates?.push(Float64Array.from(w));
  };
  snap(0, 0);
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const perm = rng.permutation(n);
    order.set(perm, epoch * n);
    for (const i of perm) {
      const e = stepSize * residual(i);
      for (let p = 0, r = i * d; p < d; p++) w[p]! -= e * data[r + p]!;
      step++;
      if (record === 'step') snap(step, epoch + (step % n === 0 ? 1 : 0));
    }
    if (record === 'epoch') snap(step, epoch + 1);
  }
  return { w, minNorm, stepSize, order, trace, iterates };
}
