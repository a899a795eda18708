import type { Fraction } from 'mathjs';
import type { ExactInterpolant, FloatInterpolant, Interpolant } from './interpolate.ts';

/** The two layers of a Theorem 1 network written out as dense matrices. */
export interface DenseLayers<T> {
  /** First layer, n × d row-major: row j is the direction a (so the matrix has rank 1). */
  readonly kernel: T[];
  /** First layer bias (n): −b_j. */
  readonly bias: T[];
  /** Output layer, n × k row-major: w. */
  readonly output: T[];
  readonly n: number;
  readonly d: number;
  readonly k: number;
}

/**
 * Writes a Theorem 1 network out as the two dense layers a framework would hold: hidden unit j computes
 * ReLU(row_j·x + bias_j) with row_j = a and bias_j = −b_j, the output is Σ_j w_j·h_j. The n × d first-layer
 * matrix has rank 1 by construction; this is the form the tfjs export uses. It takes O(n·d) memory.
 *
 * @example
 * ```ts
 * import { interpolate, denseLayers } from 'rethink/theorem';
 * const layers = denseLayers(interpolate([[0, 0], [1, 2]], [1, 2]));
 * console.log(layers.kernel.length, layers.kernel[0] === layers.kernel[2]); // 4 true
 * ```
 */
export function denseLayers(net: ExactInterpolant): DenseLayers<Fraction>;
export function denseLayers(net: FloatInterpolant): DenseLayers<number>;
export function denseLayers(net: Interpolant): DenseLayers<Fraction> | DenseLayers<number>;
export function denseLayers(net: Interpolant): DenseLayers<Fraction> | DenseLayers<number> {
  const { n, d, k } = net;
  if (net.exact) {
    return {
      kernel: Array.from({ length: n * d }, (_, t) => net.a[t % d] as Fraction),
      bias: net.b.map((v) => v.neg()),
      output: [...net.w],
      n,
      d,
      k,
    };
  }
  return {
    kernel: Array.from({ length: n * d }, (_, t) => net.a[t % d] as number),
    bias: Array.from(net.b, (v) => -v),
    output: Array.from(net.w),
    n,
    d,
    k,
  };
}
