/**
 * Internal: kernel evaluation on top of the tiled dot products of `_linalg.ts`. Every kernel here is a
 * function of the inner product ⟨x, z⟩ and the squared norms ‖x‖², ‖z‖²; the Gaussian kernel uses
 * ‖x − z‖² = ‖x‖² + ‖z‖² − 2⟨x, z⟩ (clamped at 0), which loses relative accuracy only for points much
 * closer than their norms — immaterial for the kernel value, which is then within rounding of 1.
 */
import { KC, SERIAL } from './_linalg.ts';
import { float64For, sharedCopy, type Pool } from './_pool.ts';
import type { Matrix } from './matrix.ts';

/** A kernel with every parameter fixed (see `resolveKernel`). */
export interface ResolvedKernel {
  /** `rbf`: exp(−γ‖x − z‖²); `linear`: ⟨x, z⟩; `poly`: (γ⟨x, z⟩ + coef0)^degree. */
  readonly kind: 'rbf' | 'linear' | 'poly';
  /** γ of the Gaussian and polynomial kernels (1 for the linear kernel). */
  readonly gamma: number;
  /** Degree of the polynomial kernel (1 otherwise). */
  readonly degree: number;
  /** Constant term of the polynomial kernel (0 otherwise). */
  readonly coef0: number;
}

/** k(x, z) from ⟨x, z⟩ = `ip` and the squared norms. */
export function kernelValue(kernel: ResolvedKernel, ip: number, sx: number, sz: number): number {
  switch (kernel.kind) {
    case 'rbf':
      return Math.exp(-kernel.gamma * Math.max(0, sx + sz - 2 * ip));
    case 'linear':
      return ip;
    case 'poly':
      return (kernel.gamma * ip + kernel.coef0) ** kernel.degree;
  }
}

/** ‖x_i‖² for every row. */
export function rowSquaredNorms(x: Matrix): Float64Array {
  const { data, rows, cols } = x;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let p = i * cols, end = p + cols; p < end; p++) s += data[p]! * data[p]!;
    out[i] = s;
  }
  return out;
}

/** Rows of the Gram matrix computed per progress step (a block of NB-like width). */
const GRAM_BLOCK = 64;

/**
 * Fills `K` (n × n, row-major, zeroed) with the full symmetric Gram matrix k(x_i, x_j): the inner
 * products of the lower triangle by tiles, then the kernel, then a mirror to the upper triangle.
 */
export function buildGram(
  x: Matrix,
  kernel: ResolvedKernel,
  K: Float64Array,
  onProgress?: (f: number) => void,
  pool?: Pool,
): void {
  const { rows: n, cols: d } = x;
  const data = sharedCopy(pool, x.data);
  for (let j0 = 0; j0 < n; j0 += GRAM_BLOCK) {
    const j1 = Math.min(n, j0 + GRAM_BLOCK);
    (pool ?? SERIAL).dotTiles(data, d, data, d, K, n, 0, j0, n, j0, j1, 0, d, 1, true);
    onProgress?.(1 - ((n - j1) * (n - j1)) / (n * n));
  }
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = K[i * n + i]!;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const si = s[i]!;
    for (let j = 0; j <= i; j++) K[ri + j] = kernelValue(kernel, K[ri + j]!, si, s[j]!);
  }
  mirrorLowerToUpper(K, n);
}

/** Copies the strict lower triangle of `K` onto the strict upper triangle, in cache-friendly blocks. */
export function mirrorLowerToUpper(K: Float64Array, n: number): void {
  const B = 64;
  for (let i0 = 0; i0 < n; i0 += B) {
    for (let j0 = 0; j0 <= i0; j0 += B) {
      const i1 = Math.min(n, i0 + B);
      const j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < Math.min(j1, i); j++) K[j * n + i] = K[i * n + j]!;
    }
  }
}

/**
 * Fills `out` (rows i0 … i1 − 1 of z, against every row of c: (i1 − i0) × c.rows, row-major) with k(z_i, c_j).
 * `sz`, `sc` are the squared row norms.
 */
export function crossKernelRows(
  z: Matrix,
  sz: Float64Array,
  c: Matrix,
  sc: Float64Array,
  kernel: ResolvedKernel,
  i0: number,
  i1: number,
  out: Float64Array,
  pool?: Pool,
): void {
  const m = c.rows;
  out.fill(0, 0, (i1 - i0) * m);
  (pool ?? SERIAL).dotTiles(z.data, z.cols, c.data, c.cols, out, m, -i0 * m, i0, i1, 0, m, 0, z.cols, 1, false, KC);
  for (let i = i0; i < i1; i++) {
    const r = (i - i0) * m;
    const si = sz[i]!;
    for (let j = 0; j < m; j++) out[r + j] = kernelValue(kernel, out[r + j]!, si, sc[j]!);
  }
}

/** Rows of z handled at a time by {@link kernelTimes}. */
const ROW_BATCH = 64;

/**
 * K(z, c)·β without storing K(z, c): z is m × d, c is p × d, β is p × k row-major; returns m × k.
 */
export function kernelTimes(
  z: Matrix,
  c: Matrix,
  kernel: ResolvedKernel,
  beta: Float64Array,
  k: number,
  onProgress?: (f: number) => void,
  pool?: Pool,
): Float64Array {
  const m = z.rows;
  const p = c.rows;
  const sz = rowSquaredNorms(z);
  const sc = rowSquaredNorms(c);
  const buffer = float64For(pool, ROW_BATCH * p);
  if (pool) {
    const same = c === z;
    z = { ...z, data: sharedCopy(pool, z.data) };
    c = same ? z : { ...c, data: sharedCopy(pool, c.data) };
  }
  const out = new Float64Array(m * k);
  for (let i0 = 0; i0 < m; i0 += ROW_BATCH) {
    const i1 = Math.min(m, i0 + ROW_BATCH);
    crossKernelRows(z, sz, c, sc, kernel, i0, i1, buffer, pool);
    for (let i = i0; i < i1; i++) {
      const r = (i - i0) * p;
      const o = i * k;
      for (let j = 0; j < p; j++) {
        const v = buffer[r + j]!;
        const b = j * k;
        for (let q = 0; q < k; q++) out[o + q]! += v * beta[b + q]!;
      }
    }
    onProgress?.(i1 / m);
  }
  return out;
}
