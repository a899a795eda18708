import { ShapeError, ensure } from 'rethink/core';
import { buildGram, crossKernelRows, rowSquaredNorms, type ResolvedKernel } from './_kernel.ts';
import { toMatrix, type Matrix, type MatrixInput } from './matrix.ts';
import { resolveKernel, type KernelSpec } from './resolve-kernel.ts';

/** Options of {@link gramMatrix}. */
export interface GramMatrixOptions {
  /** Second set of points z (m × d): the n × m cross matrix k(x_i, z_j) instead of the n × n Gram matrix. */
  readonly other?: MatrixInput;
  /** Seed of the median sample when the kernel's γ is data-driven (default 0). */
  readonly seed?: number;
}

/** Defaults of {@link GramMatrixOptions}. */
export const GRAM_MATRIX_DEFAULTS = { seed: 0 } as const;

/**
 * The Gram matrix K_ij = k(x_i, x_j) of the points (n × n, symmetric, float64), or with `other` the cross
 * matrix k(x_i, z_j) (n × m). `kernel` is a {@link KernelSpec} (resolved on `points`, see `resolveKernel`)
 * or a kernel already resolved. Costs n²·d/2 multiply-adds for the inner products (tiled), n² kernel
 * evaluations and 8n² bytes.
 *
 * @example
 * ```ts
 * import { gramMatrix } from 'rethink/implicit';
 * const k = gramMatrix([[1, 0], [0, 2]], { kind: 'linear' });
 * console.log([...k.data].join(' ')); // 1 0 0 4
 * ```
 */
export function gramMatrix(
  points: MatrixInput,
  kernel: KernelSpec | ResolvedKernel = {},
  options: GramMatrixOptions = {},
): Matrix {
  const x = toMatrix(points, 'gramMatrix');
  const resolved = resolveKernel(x, kernel, { seed: options.seed ?? GRAM_MATRIX_DEFAULTS.seed });
  if (options.other === undefined) {
    const K = new Float64Array(x.rows * x.rows);
    buildGram(x, resolved, K);
    return { data: K, rows: x.rows, cols: x.rows };
  }
  const z = toMatrix(options.other, 'gramMatrix');
  ensure(
    z.cols === x.cols,
    () =>
      new ShapeError(`gramMatrix: other points have ${z.cols} dimensions, points have ${x.cols}`, {
        expected: x.cols,
        actual: z.cols,
      }),
  );
  const out = new Float64Array(x.rows * z.rows);
  crossKernelRows(x, rowSquaredNorms(x), z, rowSquaredNorms(z), resolved, 0, x.rows, out);
  return { data: out, rows: x.rows, cols: z.rows };
}
