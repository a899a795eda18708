/**
 * Float64 projections z_i = ⟨a, x_i⟩ with rigorous error bounds (internal).
 *
 * The plain pass is the recursive dot product, with Wilkinson's running error bound accumulated alongside:
 * each product and each partial sum rounds by at most u·|result| (u = 2^-53), so
 * |z_i − ⟨a, x_i⟩| ≤ u·Σ_l (|p_l| + |s_l|) + d·2^-1075 over the computed products p_l and partial sums s_l.
 * The extra work runs in the latency shadow of the sum's dependency chain, so the pass costs about as much
 * as the plain dot product.
 *
 * The compensated dot product (Ogita, Rump & Oishi's Dot2) refines single projections that need more
 * accuracy, as a double-double z + lo: |⟨a,x⟩ − (z + lo)| ≤ γ_2d²·Σ|a_l x_l|.
 */
import type { Sample } from './sample.ts';

/** Unit roundoff of float64. */
export const U = 2 ** -53;
/** Absolute error allowance per underflowing product (half the smallest subnormal, doubled for safety). */
const ETA = 2 ** -1074;

/**
 * Fills `z` and `mu` for every point. Returns -1 on success, or the index of the first row whose projection
 * or bound is not finite (a NaN/Infinity in the data, or overflow).
 */
export function projectAll(sample: Sample, a: Float64Array, z: Float64Array, mu: Float64Array): number {
  const { data, n, d } = sample;
  // Stryker disable next-line ArithmeticOperator: margin factor 1 + 4(d + 4)U on the running bound: relative size O(dU), far below its slack (the 1 other variant here is killed; the line-level disable drops it too)
  const inflate = U * (1 + 4 * (d + 4) * U);
  const floor = d * ETA;
  for (let i = 0, o = 0; i < n; i++, o += d) {
    let s = 0;
    let m = 0;
    for (let l = 0; l < d; l++) {
      const p = (a[l] as number) * (data[o + l] as number);
      s += p;
      m += Math.abs(s) + Math.abs(p);
    }
    if (!(m <= Number.MAX_VALUE)) return i;
    z[i] = s;
    mu[i] = m * inflate + floor;
  }
  return -1;
}

const SPLIT = 134217729; // 2^27 + 1

/** A projection as an unevaluated sum z + lo of two doubles, with `bound` ≥ |⟨a,x⟩ − (z + lo)|. */
export interface Projection {
  readonly z: number;
  readonly lo: number;
  readonly bound: number;
}

/**
 * Compensated dot product of `a` with the point at offset `o` of `data`, kept as a double-double z + lo (z the
 * double nearest the result): |⟨a,x⟩ − (z + lo)| ≤ γ_2d²·Σ|a_l x_l|, far below one rounding of z. Not finite
 * when the data overflow.
 */
export function projectCompensated(data: ArrayLike<number>, o: number, a: Float64Array): Projection {
  const d = a.length;
  let p = 0;
  let s = 0;
  let abs = 0;
  for (let l = 0; l < d; l++) {
    const x = a[l] as number;
    const y = data[o + l] as number;
    // TwoProduct (Dekker, Veltkamp splitting): h + r = x·y exactly (barring underflow).
    const h = x * y;
    let c = SPLIT * x;
    const xh = c - (c - x);
    const xl = x - xh;
    c = SPLIT * y;
    const yh = c - (c - y);
    const yl = y - yh;
    const r = xl * yl - (h - xh * yh - xl * yh - xh * yl);
    // TwoSum (Knuth): p' + q = p + h exactly.
    const t = p + h;
    const zz = t - p;
    const q = p - (t - zz) + (h - zz);
    p = t;
    s += q + r;
    abs += Math.abs(h);
  }
  // TwoSum(p, s) = res + lo exactly.
  const res = p + s;
  const zz = res - p;
  const lo = p - (res - zz) + (s - zz);
  const gamma = (2 * d * U) / (1 - 2 * d * U);
  const bound = gamma * gamma * abs * (1 + 4 * d * U) + 4 * d * ETA;
  return { z: res, lo, bound };
}

/**
 * The most accurate projection available: compensated, or — when its splitting overflows (|a_l·x_l| beyond
 * ~2^996) — the plain one with its running error bound. Not finite only when the projection overflows.
 */
export function projectAccurate(data: ArrayLike<number>, o: number, a: Float64Array): Projection {
  const r = projectCompensated(data, o, a);
  if (Number.isFinite(r.z) && Number.isFinite(r.lo) && Number.isFinite(r.bound)) return r;
  const d = a.length;
  let s = 0;
  let m = 0;
  for (let l = 0; l < d; l++) {
    const p = (a[l] as number) * (data[o + l] as number);
    s += p;
    m += Math.abs(s) + Math.abs(p);
  }
  // Stryker disable next-line ArithmeticOperator: margin terms of the fallback bound (relative size O(dU), or d·ETA absolute): far below its slack (the 2 other variants here are killed; the line-level disable drops them too)
  return { z: s, lo: 0, bound: m * U * (1 + 4 * (d + 4) * U) + d * ETA };
}

/** The first column of row `i` holding a non-finite value, or -1. */
export function nonFiniteColumn(sample: Sample, i: number): number {
  const { data, d } = sample;
  for (let l = 0, o = i * d; l < d; l++) if (!Number.isFinite(data[o + l] as number)) return l;
  return -1;
}

/** Largest absolute coordinate of the sample. */
export function maxAbs(sample: Sample): number {
  let m = 0;
  const { data } = sample;
  for (let t = 0; t < data.length; t++) {
    const v = Math.abs(data[t] as number);
    if (v > m) m = v;
  }
  return m;
}

/** True when rows i and j of the sample hold the same point (coordinate-wise ===, so 0 and -0 agree). */
export function sameRow(sample: Sample, i: number, j: number): boolean {
  const { data, d } = sample;
  for (let l = 0, oi = i * d, oj = j * d; l < d; l++) if (data[oi + l] !== data[oj + l]) return false;
  return true;
}
