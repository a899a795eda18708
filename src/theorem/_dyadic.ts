/**
 * Exact dyadic rationals m·2^e (m a bigint) for fast exact evaluation of networks whose parameters are all
 * dyadic — every parameter the exact construction produces is (internal). Unlike general fractions they
 * need no gcd: sums align exponents with a shift, products multiply mantissas.
 */
import { fraction, type Fraction } from 'mathjs';
import { bitLength, decompose } from './_float-bits.ts';

export interface Dyadic {
  readonly m: bigint;
  readonly e: number;
}

export const DYADIC_ZERO: Dyadic = { m: 0n, e: 0 };

export function dyadicFromNumber(x: number): Dyadic {
  const { m, e } = decompose(x);
  return { m: BigInt(m), e };
}

/** The dyadic value of a Fraction, or undefined when its denominator is not a power of two. */
export function dyadicFromFraction(f: Fraction): Dyadic | undefined {
  const log = bitLength(f.d) - 1;
  if (f.d !== 1n << BigInt(log)) return undefined;
  return { m: f.s < 0n ? -f.n : f.n, e: 0 - log };
}

export function dyadicToFraction(x: Dyadic): Fraction {
  if (x.m === 0n) return fraction(0n, 1n);
  return x.e >= 0 ? fraction(x.m << BigInt(x.e), 1n) : fraction(x.m, 1n << BigInt(-x.e));
}

export function dyadicAdd(x: Dyadic, y: Dyadic): Dyadic {
  if (x.m === 0n) return y;
  if (y.m === 0n) return x;
  if (x.e === y.e) return { m: x.m + y.m, e: x.e };
  return x.e < y.e ? { m: x.m + (y.m << BigInt(y.e - x.e)), e: x.e } : { m: (x.m << BigInt(x.e - y.e)) + y.m, e: y.e };
}

export function dyadicMul(x: Dyadic, y: Dyadic): Dyadic {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: zero fast path: a zero mantissa makes the general product 0 (same value, other exponent) (the 1 other variant here is killed; the line-level disable drops it too)
  if (x.m === 0n || y.m === 0n) return DYADIC_ZERO;
  return { m: x.m * y.m, e: x.e + y.e };
}

export function dyadicRelu(x: Dyadic): Dyadic {
  return x.m < 0n ? DYADIC_ZERO : x;
}

export function dyadicNeg(x: Dyadic): Dyadic {
  return { m: -x.m, e: x.e };
}

export function dyadicSub(x: Dyadic, y: Dyadic): Dyadic {
  return dyadicAdd(x, dyadicNeg(y));
}

/** Sign of x − y. */
export function dyadicCmp(x: Dyadic, y: Dyadic): number {
  const d = dyadicSub(x, y).m;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** x·2^k. */
export function dyadicShift(x: Dyadic, k: number): Dyadic {
  return x.m === 0n ? DYADIC_ZERO : { m: x.m, e: x.e + k };
}

/** The same value with an odd mantissa (or 0·2^0). */
export function dyadicNormalize(x: Dyadic): Dyadic {
  if (x.m === 0n) return DYADIC_ZERO;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: m and −m have the same trailing zero bits (a & −a), so the sign test cannot change tz
  const a = x.m < 0n ? -x.m : x.m;
  const tz = bitLength(a & -a) - 1;
  return tz === 0 ? x : { m: x.m >> BigInt(tz), e: x.e + tz };
}
