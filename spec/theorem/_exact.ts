/**
 * Independent exact arithmetic for the specs: rationals as (numerator, denominator) bigint pairs with no
 * normalization, used to evaluate networks exactly — the float network as an exact function of its float64
 * parameters, the exact network from its mathjs Fractions — by the plain formula
 * c(x) = Σ_j w_j·max(⟨a,x⟩ − b_j, 0), O(n·d + n²) per sample. Nothing here reuses src/theorem's arithmetic.
 */
import { fraction, type Fraction } from 'mathjs';

/** p/q with q > 0 (not reduced). */
export interface Q {
  readonly p: bigint;
  readonly q: bigint;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The exact value of a finite double. */
export function qOfNumber(x: number): Q {
  if (!Number.isFinite(x)) throw new Error(`not finite: ${x}`);
  f64[0] = x;
  const bits = u64[0] as bigint;
  const sign = bits >> 63n ? -1n : 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  const m = exp === 0 ? frac : frac | (1n << 52n);
  const e = (exp === 0 ? 1 : exp) - 1075;
  return e >= 0 ? { p: sign * (m << BigInt(e)), q: 1n } : { p: sign * m, q: 1n << BigInt(-e) };
}

export function qOfFraction(f: Fraction): Q {
  return { p: f.s * f.n, q: f.d };
}

export const add = (x: Q, y: Q): Q => {
  if (x.q === y.q) return { p: x.p + y.p, q: x.q };
  // Dyadic denominators divide each other: align to the larger instead of multiplying.
  if (x.q > y.q && x.q % y.q === 0n) return { p: x.p + y.p * (x.q / y.q), q: x.q };
  if (y.q > x.q && y.q % x.q === 0n) return { p: x.p * (y.q / x.q) + y.p, q: y.q };
  return { p: x.p * y.q + y.p * x.q, q: x.q * y.q };
};
export const sub = (x: Q, y: Q): Q => add(x, { p: -y.p, q: y.q });
export const mul = (x: Q, y: Q): Q => ({ p: x.p * y.p, q: x.q * y.q });
export const cmp = (x: Q, y: Q): number => {
  const l = x.p * y.q;
  const r = y.p * x.q;
  return l < r ? -1 : l > r ? 1 : 0;
};
export const abs = (x: Q): Q => (x.p < 0n ? { p: -x.p, q: x.q } : x);
export const ZERO: Q = { p: 0n, q: 1n };
export const relu = (x: Q): Q => (x.p < 0n ? ZERO : x);

/** c(x) for every row and output (row-major m × k), exactly. */
export function evaluateExactly(
  a: readonly Q[],
  b: readonly Q[],
  w: readonly Q[],
  k: number,
  rows: readonly (readonly number[])[],
): Q[] {
  const n = b.length;
  const out: Q[] = [];
  for (const row of rows) {
    let z = ZERO;
    row.forEach((v, l) => (z = add(z, mul(a[l] as Q, qOfNumber(v)))));
    const h = b.map((bj) => relu(sub(z, bj)));
    for (let c = 0; c < k; c++) {
      let s = ZERO;
      for (let j = 0; j < n; j++) if ((h[j] as Q).p !== 0n) s = add(s, mul(w[j * k + c] as Q, h[j] as Q));
      out.push(s);
    }
  }
  return out;
}

/** max |values − labels| exactly, as a rational. */
export function maxAbsDiff(values: readonly Q[], labels: readonly number[]): Q {
  let worst = ZERO;
  values.forEach((v, t) => {
    const e = abs(sub(v, qOfNumber(labels[t] as number)));
    if (cmp(e, worst) > 0) worst = e;
  });
  return worst;
}

/** Float parameters of a network as exact rationals. */
export function qs(values: ArrayLike<number>): Q[] {
  return Array.from(values, qOfNumber);
}

/**
 * Interleaved projections and thresholds for triangular systems: z_j is the running sum of the gaps and
 * b_j = z_j − gap_j·θ_j/scale, so z_{j−1} < b_j < z_j whenever 0 < θ_j < scale.
 */
export function interleaved(
  steps: readonly (readonly [gap: number, theta: number, ...rest: number[]])[],
  scale: number,
): { zs: Fraction[]; bs: Fraction[] } {
  let z = 0;
  const zs: Fraction[] = [];
  const bs: Fraction[] = [];
  for (const [gap, theta] of steps) {
    z += gap;
    zs.push(fraction(z));
    bs.push(fraction(z).sub(fraction(gap * theta, scale)));
  }
  return { zs, bs };
}
