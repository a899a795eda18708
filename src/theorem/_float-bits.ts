/**
 * Exact views of float64 values: every finite double is a dyadic rational m·2^e with an integer m, |m| < 2^53.
 * Internal helpers shared by the exact construction and the exports.
 */
import { fraction, type Fraction } from 'mathjs';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
f64[0] = 1;
/** Index of the high 32-bit word of a double in `u32` (1 on little-endian machines). */
const HI = Number(u32[1] === 0x3ff00000);
const LO = 1 - HI;

/** Number of trailing zero bits of a non-zero uint32. */
function ctz32(v: number): number {
  return 31 - Math.clz32(v & -v);
}

/**
 * Splits a finite double into `x = m · 2^e` with m an odd integer (|m| < 2^53), or `{ m: 0, e: 0 }` for ±0.
 * The result is exact. Non-finite input is the caller's error (not checked).
 */
export function decompose(x: number): { m: number; e: number } {
  if (x === 0) return { m: 0, e: 0 };
  f64[0] = x;
  const hi = u32[HI] as number;
  const lo = u32[LO] as number;
  const biased = (hi >>> 20) & 0x7ff;
  let mHi = hi & 0xfffff;
  let e: number;
  if (biased === 0) {
    e = -1074;
  } else {
    mHi += 0x100000;
    e = biased - 1075;
  }
  // Strip trailing zeros so the mantissa is odd.
  let shift: number;
  let m: number;
  if (lo !== 0) {
    shift = ctz32(lo);
    m = mHi * 2 ** (32 - shift) + (lo >>> shift);
  } else {
    shift = 32 + ctz32(mHi);
    m = mHi / 2 ** (shift - 32);
  }
  e += shift;
  return { m: hi >>> 31 ? -m : m, e };
}

/** `2^k` as a bigint (k ≥ 0). */
export function pow2(k: number): bigint {
  return 1n << BigInt(k);
}

/**
 * The exact rational value of a finite double as a mathjs Fraction (mathjs's own `fraction(0.1)` returns
 * the nearby simple fraction 1/10; this returns 3602879701896397/36028797018963968).
 */
export function exactFraction(x: number): Fraction {
  const { m, e } = decompose(x);
  if (m === 0) return fraction(0n, 1n);
  return e >= 0 ? fraction(BigInt(m) << BigInt(e), 1n) : fraction(BigInt(m), pow2(-e));
}

/** Bit length of a non-negative bigint (0 for 0). */
export function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/**
 * The nearest double to a Fraction (within one rounding of the nearest; exact for values that are doubles).
 * Handles numerators and denominators far beyond the float64 range.
 */
export function fractionToNumber(f: Fraction): number {
  const n = f.n;
  const d = f.d;
  if (n === 0n) return 0;
  const sign = f.s < 0n ? -1 : 1;
  // Scale so that the integer quotient carries at least 64 significant bits.
  const shift = 66 - (bitLength(n) - bitLength(d));
  // Stryker disable next-line EqualityOperator: at shift = 0 both branches compute n / d
  const q = shift >= 0 ? (n << BigInt(shift)) / d : n / (d << BigInt(-shift));
  let value = Number(q);
  // Multiply by 2^-shift in steps that stay inside the exponent range.
  let s = -shift;
  while (s > 0) {
    const step = Math.min(s, 1000);
    value *= 2 ** step;
    s -= step;
  }
  while (s < 0) {
    const step = Math.max(s, -1000);
    value *= 2 ** step;
    s -= step;
  }
  return sign * value;
}

/** An exact rational string `"p/q"` (q ≥ 1, in lowest terms; `"0/1"` for zero). */
export function fractionString(f: Fraction): string {
  return `${f.s < 0n && f.n !== 0n ? '-' : ''}${f.n}/${f.d}`;
}

/** An upper bound on the spacing of doubles at `x` (ulp), never zero. */
export function ulpBound(x: number): number {
  return Math.abs(x) * 2.220446049250313e-16 + 5e-324;
}
