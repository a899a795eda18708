import { ArgumentError, ShapeError, ensure } from 'rethink/core';
import { kernelTimes } from './_kernel.ts';
import { getPool } from './_pool.ts';
import type { KernelModel, KernelProgress } from './fit-kernel.ts';
import { toMatrix, type MatrixInput } from './matrix.ts';

/** Options of {@link predictKernel}. */
export interface PredictKernelOptions {
  /** Threads for the tiled products (default: the available parallelism; see `FitKernelOptions.threads`). */
  readonly threads?: number;
  /** Called as batches of rows are done (phase `predict`). */
  readonly onProgress?: (progress: KernelProgress) => void;
}

/**
 * Evaluates a fitted interpolant f(z) = Σ_j α_j k(z, c_j) at every row of `points` (m × d): returns the
 * m × k outputs, row-major. K(z, c) is formed 64 rows at a time and never stored whole (m·n·d/… work, 64·n
 * doubles of memory).
 *
 * @example
 * ```ts
 * import { fitKernel, predictKernel } from 'rethink/implicit';
 * const model = fitKernel([[1, 0], [0, 1]], [3, 5], { kernel: { kind: 'linear' } });
 * console.log([...predictKernel(model, [[2, 2]])].join(' ')); // 16
 * ```
 */
export function predictKernel(
  model: KernelModel,
  points: MatrixInput,
  options: PredictKernelOptions = {},
): Float64Array {
  const z = toMatrix(points, 'predictKernel');
  ensure(
    z.cols === model.centres.cols,
    () =>
      new ShapeError(`predictKernel: points have ${z.cols} dimensions, the model's centres ${model.centres.cols}`, {
        expected: model.centres.cols,
        actual: z.cols,
      }),
  );
  const progress = options.onProgress;
  const threads = options.threads;
  ensure(
    threads === undefined || (Number.isSafeInteger(threads) && threads >= 1),
    () => new ArgumentError(`predictKernel: threads must be a positive integer, got ${threads}`, { threads }),
  );
  return kernelTimes(
    z,
    model.centres,
    model.kernel,
    model.alpha,
    model.outputs,
    (fraction) => progress?.({ phase: 'predict', fraction }),
    getPool(threads),
  );
}
