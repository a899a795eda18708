/**
 * FNV-1a (32-bit) checksum of a list of indices, each taken as 4 little-endian bytes of its uint32 value;
 * returned as 8 lowercase hex digits. Reports use it to identify an index list (a permutation, the corrupted
 * labels) too long to store, and anyone can recompute it (e.g. in Python over `numpy.uint32(idx).tobytes()`).
 *
 * @example
 * ```ts
 * import { indexChecksum } from 'rethink/randomize';
 * console.log(indexChecksum([])); // 811c9dc5 (the FNV-1a offset basis)
 * console.log(indexChecksum([2, 0, 1]) === indexChecksum(Uint32Array.of(2, 0, 1))); // true
 * ```
 */
export function indexChecksum(indices: ArrayLike<number>): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < indices.length; i++) {
    const v = (indices[i] as number) >>> 0;
    h = Math.imul(h ^ (v & 0xff), 0x01000193);
    h = Math.imul(h ^ ((v >>> 8) & 0xff), 0x01000193);
    h = Math.imul(h ^ ((v >>> 16) & 0xff), 0x01000193);
    h = Math.imul(h ^ (v >>> 24), 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
