import { fraction, type Fraction } from 'mathjs';
import type { ExactInterpolant, FloatInterpolant, Interpolant } from './interpolate.ts';
import type { SampleInput } from './sample.ts';

/** The all-ReLU variant of a float network: o(x) = max(c(x) + C, 0) − C. */
export interface FloatAllRelu {
  readonly exact: false;
  readonly base: FloatInterpolant;
  /** The shift C per output (k). */
  readonly shift: Float64Array;
  /** The base network's parameters plus the k output biases C (the final −C reuses them). */
  readonly parameters: number;
  evaluate(points: SampleInput): Float64Array;
}

/** The all-ReLU variant of an exact network. */
export interface ExactAllRelu {
  readonly exact: true;
  readonly base: ExactInterpolant;
  readonly shift: Fraction[];
  readonly parameters: number;
  evaluate(points: SampleInput): Fraction[];
}

/**
 * The all-ReLU variant of a Theorem 1 network: the output unit is a ReLU too. It computes
 * o(x) = max(c(x) + C, 0) − C, with C ≥ 0 the smallest shift that keeps c(x_i) + C ≥ 0 on every sample point
 * (C = max(0, −min y) in exact mode; float mode adds the network's `errorBound`). On the sample the ReLU is
 * the identity, so o interpolates exactly where c does (exactly in exact mode, within `errorBound` in float
 * mode); off the sample o = max(c, −C). Parameters: those of c plus one bias per output.
 *
 * @example
 * ```ts
 * import { interpolate, allRelu } from 'rethink/theorem';
 * const net = allRelu(interpolate([[0], [1], [2]], [-3, 5, 1], { exact: true }));
 * console.log(net.shift[0]?.toFraction(), net.evaluate([[0], [1], [2]]).map((v) => v.toFraction()).join(' ')); // 3 -3 5 1
 * ```
 */
export function allRelu(net: ExactInterpolant): ExactAllRelu;
export function allRelu(net: FloatInterpolant): FloatAllRelu;
export function allRelu(net: Interpolant): ExactAllRelu | FloatAllRelu;
export function allRelu(net: Interpolant): ExactAllRelu | FloatAllRelu {
  const k = net.k;
  const parameters = net.parameters + k;
  if (net.exact) {
    const zero = fraction(0n, 1n);
    // Stryker disable next-line EqualityOperator: (<= 0) a zero minimum gives 0.neg() = 0, the same shift
    const shift = net.labelMin.map((v) => (v.compare(zero) < 0 ? v.neg() : zero));
    return {
      exact: true,
      base: net,
      shift,
      parameters,
      evaluate: (points) =>
        net.evaluate(points).map((v, t) => {
          const s = shift[t % k] as Fraction;
          const u = v.add(s);
          // Stryker disable next-line EqualityOperator: (<= 0) at u = 0 both branches give 0
          return (u.compare(zero) < 0 ? zero : u).sub(s);
        }),
    };
  }
  const shift = Float64Array.from(net.labelMin, (v) => Math.max(0, (-v + net.errorBound) * (1 + 2 ** -20)));
  return {
    exact: false,
    base: net,
    shift,
    parameters,
    evaluate: (points) =>
      net.evaluate(points).map((v, t) => Math.max(v + (shift[t % k] as number), 0) - (shift[t % k] as number)),
  };
}
