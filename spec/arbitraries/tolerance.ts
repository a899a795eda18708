/**
 * The one tolerance helper for float comparisons in the specs (after tfjs's `expectArraysClose`).
 *
 * Two numbers a (actual) and e (expected) are close when |a − e| ≤ epsilon · max(1, |e|): an absolute
 * tolerance near zero, a relative one for large magnitudes.
 */
import { expect } from 'vitest';

/** Default epsilon for float64 results: about 2^-40, far above rounding noise of short float64 sums. */
export const FLOAT64_EPSILON = 1e-12;
/** Default epsilon for float32 results (tfjs): about 2^-17, a few ulps of float32 after short sums. */
export const FLOAT32_EPSILON = 1e-5;

/** True when `actual` is within `epsilon · max(1, |expected|)` of `expected`. */
export function isClose(actual: number, expected: number, epsilon = FLOAT64_EPSILON): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return false;
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= epsilon * Math.max(1, Math.abs(expected));
}

/** Asserts two arrays have the same length and are elementwise close; the message names the first bad index. */
export function expectArraysClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  epsilon = FLOAT64_EPSILON,
): void {
  expect(actual.length, 'array lengths differ').toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (!isClose(a, e, epsilon)) {
      expect.fail(
        `arrays differ at index ${i}: actual ${a}, expected ${e}, epsilon ${epsilon} (relative to max(1, |expected|))`,
      );
    }
  }
}
