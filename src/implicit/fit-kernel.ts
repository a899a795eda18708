import { ArgumentError, ShapeError, ensure } from 'rethink/core';
import { buildGram, crossKernelRows, kernelTimes, rowSquaredNorms, type ResolvedKernel } from './_kernel.ts';
import { choleskyInPlace, choleskySolveInPlace, luSolveInPlace, symmetricUpperTimes } from './_linalg.ts';
import { float64For, getPool, sharedCopy } from './_pool.ts';
import { checkDuplicates, errorRate, targetsOf } from './_validate.ts';
import { toMatrix, type Matrix, type MatrixInput } from './matrix.ts';
import { resolveKernel, type KernelSpec } from './resolve-kernel.ts';

/** A step of a long kernel computation, for progress displays. */
export interface KernelProgress {
  /** `gram`: building K; `factor`: factoring and solving; `check`: K·α on the training points; `predict`. */
  readonly phase: 'gram' | 'factor' | 'check' | 'predict';
  /** Fraction of the phase done, in [0, 1]. */
  readonly fraction: number;
}

/** Options of {@link fitKernel}. */
export interface FitKernelOptions {
  /** The kernel (default: Gaussian with γ = 1 / median squared distance between the points). */
  readonly kernel?: KernelSpec | ResolvedKernel;
  /** The labels are class indices in [0, classes): the targets are their one-hot rows (k = classes). */
  readonly classes?: number;
  /** Without `classes`: the labels are n × outputs real targets, row-major (default 1 output). */
  readonly outputs?: number;
  /**
   * Centres c_j of f(x) = Σ_j α_j k(x, c_j), as many as points (default: the points themselves, the
   * symmetric system Kα = Y solved by Cholesky). Other centres give the non-symmetric system
   * K(x, c)·α = Y, solved by Gaussian elimination with partial pivoting.
   */
  readonly centres?: MatrixInput;
  /** Seed of the median sample of a data-driven γ (default 0). */
  readonly seed?: number;
  /**
   * A pivot at or below this is singular (default n·2⁻⁵²·max K_ii: below it a pivot is within the rounding
   * error of the n subtractions that formed it, and its sign means nothing).
   */
  readonly pivotTolerance?: number;
  /**
   * Threads for the tiled products (default: the machine's available parallelism): the calling thread plus
   * threads − 1 worker threads, kept for later calls. 1 computes everything on the calling thread; results
   * are identical either way (each entry is summed by one thread, in the same order).
   */
  readonly threads?: number;
  /** Called as the phases advance (synchronously; the computation does not yield to the event loop). */
  readonly onProgress?: (progress: KernelProgress) => void;
}

/** Defaults of {@link FitKernelOptions}. */
export const FIT_KERNEL_DEFAULTS = { seed: 0, outputs: 1 } as const;

/** The interpolant f(x) = Σ_j α_j k(x, c_j) (k outputs) and what solving for it showed. */
export interface KernelModel {
  /** The centres c_j (the training points unless `centres` was given). */
  readonly centres: Matrix;
  /** Coefficients α, n × k row-major. */
  readonly alpha: Float64Array;
  /** Outputs k. */
  readonly outputs: number;
  /** Classes when fitted to class labels. */
  readonly classes: number | undefined;
  readonly kernel: ResolvedKernel;
  /** Training points n. */
  readonly n: number;
  readonly solver: 'cholesky' | 'lu';
  /** The RKHS norm of f: √tr(αᵀ K(c, c) α). */
  readonly norm: number;
  /** With class labels: the fraction of training points whose largest output is not their label (0 when f interpolates). */
  readonly trainError: number | undefined;
  /** max_i,c |f(x_i)_c − y_ic|, recomputed from K after the solve. */
  readonly maxResidual: number;
  /** Smallest pivot: the smallest L_ii² of the Cholesky factor (smallest |u_ii| for LU), and its row. */
  readonly minPivot: number;
  readonly minPivotIndex: number;
  /**
   * Largest over smallest pivot. For Cholesky every pivot lies in [λ_min(K), λ_max(K)], so this is a lower
   * bound on the 2-norm condition number κ(K); for LU a rough indicator only.
   */
  readonly conditionEstimate: number;
  /** Wall-clock seconds: building K, factoring and solving, checking K·α, and all of it. */
  readonly seconds: { readonly gram: number; readonly factor: number; readonly check: number; readonly total: number };
}

/**
 * Fits the kernel interpolant of Section 5: solves K·α = Y exactly (no regularization) in float64, K the
 * n × n Gram matrix of the points and Y their targets (one-hot rows for class labels), so that
 * f(x) = Σ_j α_j k(x, x_j) reproduces every training target. By the representer argument of the paper
 * (SGD from 0 stays in the span of the data), with the linear kernel f is the minimum-norm linear
 * interpolant. Then recomputes K·α to report the residual, the training error and the norm √tr(αᵀKα).
 *
 * Memory: one n × n float64 array (L overwrites its lower triangle while the upper one keeps K), plus the
 * points. Throws {@link DuplicatePointsError} for identical points, {@link SingularSystemError} naming the
 * pivot where the factorization breaks down, {@link NonFiniteInputError} for NaN/±∞ inputs.
 *
 * @example
 * ```ts
 * import { fitKernel } from 'rethink/implicit';
 * const model = fitKernel([[0, 0], [1, 0], [0, 1]], [0, 1, 1], { classes: 2, kernel: { gamma: 1 } });
 * console.log(model.trainError, model.solver, model.norm.toFixed(3)); // 0 cholesky 1.904
 * ```
 */
export function fitKernel(points: MatrixInput, labels: ArrayLike<number>, options: FitKernelOptions = {}): KernelModel {
  const op = 'fitKernel';
  const start = performance.now();
  const x = toMatrix(points, op);
  const n = x.rows;
  const { targets, k, labels: classLabels } = targetsOf(op, labels, n, options.classes, options.outputs);
  checkDuplicates(op, x, targets, k);
  const centres = options.centres === undefined ? x : toMatrix(options.centres, op);
  ensure(
    centres.rows === n && centres.cols === x.cols,
    () =>
      new ShapeError(`${op}: expected ${n} centres of ${x.cols} dimensions, got ${centres.rows} × ${centres.cols}`, {
        expected: [n, x.cols],
        actual: [centres.rows, centres.cols],
      }),
  );
  if (centres !== x) checkDuplicates(op, centres, undefined, k);
  const tol = options.pivotTolerance;
  ensure(
    tol === undefined || (Number.isFinite(tol) && tol >= 0),
    () => new ArgumentError(`${op}: pivotTolerance must be a finite number ≥ 0, got ${tol}`, { pivotTolerance: tol }),
  );
  const kernel = resolveKernel(x, options.kernel ?? {}, { seed: options.seed ?? FIT_KERNEL_DEFAULTS.seed });
  const threads = options.threads;
  ensure(
    threads === undefined || (Number.isSafeInteger(threads) && threads >= 1),
    () => new ArgumentError(`${op}: threads must be a positive integer, got ${threads}`, { threads }),
  );
  const pool = getPool(threads);
  const progress = options.onProgress;
  const alpha = Float64Array.from(targets);
  let gramSeconds: number;
  let factorSeconds: number;
  let fitted: Float64Array;
  let normSquared = 0;
  let pivots: { minPivot: number; minPivotIndex: number; maxPivot: number };
  let t = performance.now();
  if (centres === x) {
    const K = float64For(pool, n * n);
    buildGram(x, kernel, K, (fraction) => progress?.({ phase: 'gram', fraction }), pool);
    const diag = new Float64Array(n);
    let maxDiag = 0;
    for (let i = 0; i < n; i++) {
      diag[i] = K[i * n + i]!;
      maxDiag = Math.max(maxDiag, Math.abs(diag[i]!));
    }
    gramSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    pivots = choleskyInPlace(
      K,
      n,
      tol ?? n * 2 ** -52 * maxDiag,
      op,
      (fraction) => progress?.({ phase: 'factor', fraction }),
      pool,
    );
    choleskySolveInPlace(K, n, alpha, k);
    factorSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    fitted = symmetricUpperTimes(K, diag, n, alpha, k);
    progress?.({ phase: 'check', fraction: 1 });
    for (let i = 0; i < n * k; i++) normSquared += alpha[i]! * fitted[i]!;
  } else {
    const A = float64For(pool, n * n);
    // K(x, c): rows are points, columns centres.
    const sx = rowSquaredNorms(x);
    const sc = rowSquaredNorms(centres);
    const xs = { ...x, data: sharedCopy(pool, x.data) };
    crossKernelRows(xs, sx, { ...centres, data: sharedCopy(pool, centres.data) }, sc, kernel, 0, n, A, pool);
    progress?.({ phase: 'gram', fraction: 1 });
    let maxAbs = 0;
    for (let i = 0; i < A.length; i++) maxAbs = Math.max(maxAbs, Math.abs(A[i]!));
    gramSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    pivots = luSolveInPlace(A, n, alpha, k, tol ?? n * 2 ** -52 * maxAbs, op, (fraction) =>
      progress?.({ phase: 'factor', fraction }),
    );
    factorSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    fitted = kernelTimes(
      x,
      centres,
      kernel,
      alpha,
      k,
      (fraction) => progress?.({ phase: 'check', fraction: fraction / 2 }),
      pool,
    );
    const kcc = kernelTimes(
      centres,
      centres,
      kernel,
      alpha,
      k,
      (fraction) => progress?.({ phase: 'check', fraction: 0.5 + fraction / 2 }),
      pool,
    );
    for (let i = 0; i < n * k; i++) normSquared += alpha[i]! * kcc[i]!;
  }
  let maxResidual = 0;
  for (let i = 0; i < n * k; i++) maxResidual = Math.max(maxResidual, Math.abs(fitted[i]! - targets[i]!));
  const trainError = classLabels === undefined ? undefined : errorRate(fitted, k, classLabels);
  const checkSeconds = (performance.now() - t) / 1000;
  return {
    centres,
    alpha,
    outputs: k,
    classes: options.classes,
    kernel,
    n,
    solver: centres === x ? 'cholesky' : 'lu',
    norm: Math.sqrt(Math.max(0, normSquared)),
    trainError,
    maxResidual,
    minPivot: pivots.minPivot,
    minPivotIndex: pivots.minPivotIndex,
    conditionEstimate: pivots.maxPivot / pivots.minPivot,
    seconds: {
      gram: gramSeconds,
      factor: factorSeconds,
      check: checkSeconds,
      total: (performance.now() - start) / 1000,
    },
  };
}
