import type { Fraction } from 'mathjs';
import { ArgumentError, ensure } from 'rethink/core';
import { exactFraction } from './_float-bits.ts';

/**
 * The exact rational value of a float64 as a mathjs Fraction. A double is a dyadic rational m·2^e, and this
 * returns exactly that (mathjs's own `fraction(0.1)` returns the nearby simple fraction 1/10 instead).
 *
 * @example
 * ```ts
 * import { exactRational } from 'rethink/theorem';
 * console.log(exactRational(0.1).toFraction()); // 3602879701896397/36028797018963968
 * ```
 */
export function exactRational(x: number): Fraction {
  ensure(
    Number.isFinite(x),
    () => new ArgumentError(`exactRational: ${x} has no rational value`, { value: String(x) }),
  );
  return exactFraction(x);
}
