/**
 * Pixel gathers: output position j of an image takes input position perm[j], all channels together.
 * Hot loops; the callers have validated shapes.
 */
import type { PixelArray } from 'rethink/data';

/** A new zeroed array of the same type as `like`. */
export function allocateLike(like: PixelArray, length: number): PixelArray {
  return like instanceof Float32Array ? new Float32Array(length) : new Uint8Array(length);
}

/** Applies one position permutation to each of `n` images (`perm.length` positions × `channels`). */
export function gatherAll(
  src: PixelArray,
  dst: PixelArray,
  n: number,
  perm: ArrayLike<number>,
  channels: number,
): void {
  const positions = perm.length;
  const values = positions * channels;
  // Value-level index map: one load per value in the hot loop, whatever the channel count.
  const map = new Int32Array(values);
  for (let j = 0, o = 0; j < positions; j++) {
    const s = (perm[j] as number) * channels;
    for (let c = 0; c < channels; c++) map[o++] = s + c;
  }
  // Four images per pass over the map: one map load feeds four independent gathers (about twice as fast
  // as one image at a time in V8), then the remaining images one by one.
  let i = 0;
  let base = 0;
  // Stryker disable next-line ConditionalExpression: with no four-image blocks (`false`) the one-by-one loop below gathers every image, identically
  for (; i + 4 <= n; i += 4, base += 4 * values) {
    const b2 = base + values;
    const b3 = b2 + values;
    const b4 = b3 + values;
    for (let v = 0; v < values; v++) {
      const m = map[v] as number;
      dst[base + v] = src[base + m] as number;
      dst[b2 + v] = src[b2 + m] as number;
      dst[b3 + v] = src[b3 + m] as number;
      dst[b4 + v] = src[b4 + m] as number;
    }
  }
  for (; i < n; i++, base += values) {
    for (let v = 0; v < values; v++) dst[base + v] = src[base + (map[v] as number)] as number;
  }
}
