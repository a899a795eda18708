import { ArgumentError, ensure } from 'rethink/core';
import type { ResolvedKernel } from './_kernel.ts';
import { toMatrix, type MatrixInput } from './matrix.ts';
import { medianSquaredDistance } from './median-squared-distance.ts';

export type { ResolvedKernel } from './_kernel.ts';

/** The kernels of {@link resolveKernel}. */
export type KernelKind = 'rbf' | 'linear' | 'poly';

/** A kernel, possibly with parameters left to their (data-driven) defaults. */
export interface KernelSpec {
  /** `rbf` (Gaussian, the default), `linear` or `poly`. */
  readonly kind?: KernelKind;
  /**
   * γ: the Gaussian kernel is exp(−γ‖x − z‖²) — default 1 / median squared distance between the points
   * (see `medianSquaredDistance`); the polynomial kernel is (γ⟨x, z⟩ + coef0)^degree — default 1 / d.
   */
  readonly gamma?: number;
  /**
   * Gaussian bandwidth b, another way to give γ: γ = 1 / b² (so the default bandwidth is the square root of
   * the median squared distance). Not with `gamma`.
   */
  readonly bandwidth?: number;
  /** Degree of the polynomial kernel, an integer ≥ 1 (default 2). */
  readonly degree?: number;
  /** Constant term of the polynomial kernel, ≥ 0 so that the kernel is positive semi-definite (default 1). */
  readonly coef0?: number;
}

/** Options of {@link resolveKernel}. */
export interface ResolveKernelOptions {
  /** Seed of the pairs sampled for the median (default 0). */
  readonly seed?: number;
  /** Pairs examined for the median (default 100,000; see `medianSquaredDistance`). */
  readonly pairs?: number;
}

/** Defaults of {@link KernelSpec} and {@link ResolveKernelOptions}. */
export const KERNEL_DEFAULTS = { kind: 'rbf', degree: 2, coef0: 1, seed: 0, pairs: 100_000 } as const;

/**
 * Fixes every parameter of `spec` for the points `points`: the Gaussian kernel's γ from `gamma`, from
 * `bandwidth` (γ = 1/b²) or from the data (γ = 1 / median squared pairwise distance); the polynomial
 * kernel's γ (default 1/d), degree and constant. Throws `ArgumentError` for a parameter outside its domain.
 *
 * @example
 * ```ts
 * import { resolveKernel } from 'rethink/implicit';
 * const k = resolveKernel([[0, 0], [3, 4], [6, 8]]);
 * console.log(k.kind, k.gamma); // rbf 0.04
 * ```
 */
export function resolveKernel(
  points: MatrixInput,
  spec: KernelSpec = {},
  options: ResolveKernelOptions = {},
): ResolvedKernel {
  const kind = spec.kind ?? KERNEL_DEFAULTS.kind;
  ensure(
    kind === 'rbf' || kind === 'linear' || kind === 'poly',
    () => new ArgumentError(`resolveKernel: kind must be rbf, linear or poly, got ${String(kind)}`, { kind }),
  );
  const positive = (name: string, v: number | undefined): void =>
    ensure(
      v === undefined || (Number.isFinite(v) && v > 0),
      () => new ArgumentError(`resolveKernel: ${name} must be a positive finite number, got ${v}`, { [name]: v }),
    );
  positive('gamma', spec.gamma);
  positive('bandwidth', spec.bandwidth);
  ensure(
    spec.gamma === undefined || spec.bandwidth === undefined,
    () => new ArgumentError('resolveKernel: give gamma or bandwidth, not both', { gamma: spec.gamma }),
  );
  if (kind === 'linear') return { kind, gamma: 1, degree: 1, coef0: 0 };
  const x = toMatrix(points, 'resolveKernel');
  if (kind === 'poly') {
    const degree = spec.degree ?? KERNEL_DEFAULTS.degree;
    const coef0 = spec.coef0 ?? KERNEL_DEFAULTS.coef0;
    ensure(
      Number.isSafeInteger(degree) && degree >= 1,
      () => new ArgumentError(`resolveKernel: degree must be an integer ≥ 1, got ${degree}`, { degree }),
    );
    ensure(
      Number.isFinite(coef0) && coef0 >= 0,
      () => new ArgumentError(`resolveKernel: coef0 must be a finite number ≥ 0, got ${coef0}`, { coef0 }),
    );
    const gamma = spec.gamma ?? (spec.bandwidth === undefined ? 1 / x.cols : 1 / spec.bandwidth ** 2);
    return { kind, gamma, degree, coef0 };
  }
  let gamma = spec.gamma ?? (spec.bandwidth === undefined ? undefined : 1 / spec.bandwidth ** 2);
  if (gamma === undefined) {
    const median =
      x.rows >= 2
        ? medianSquaredDistance(x, {
            seed: options.seed ?? KERNEL_DEFAULTS.seed,
            pairs: options.pairs ?? KERNEL_DEFAULTS.pairs,
          })
        : 0;
    // All points identical (or one point): any γ gives the same Gram matrix; take 1.
    gamma = median > 0 ? 1 / median : 1;
  }
  return { kind, gamma, degree: 1, coef0: 0 };
}
