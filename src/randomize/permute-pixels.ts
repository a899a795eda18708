import type { ImageSet } from 'rethink/data';
import { allocateLike, gatherAll } from './_gather.ts';
import { checkPermutation, checkSplit } from './_validate.ts';

/**
 * Applies one permutation of pixel positions to every image of `set`: output position `j` (row-major over
 * `height × width`) takes input position `permutation[j]`, all channels of a pixel together. The images are
 * copied once into a new array of the same type; labels are shared; the input is not modified.
 * `permutePixels(permutePixels(set, p), invertPermutation(p))` restores `set`'s images exactly.
 *
 * Throws `ShapeError` when the permutation's length is not `height × width` and `ArgumentError` when it is
 * not a permutation (naming the first bad entry).
 *
 * @example
 * ```ts
 * import { imageSet } from 'rethink/data';
 * import { permutePixels } from 'rethink/randomize';
 * const set = imageSet({ images: Uint8Array.of(10, 11, 20, 21, 30, 31), labels: [0], height: 1, width: 3, channels: 2, classes: 2 });
 * console.log([...permutePixels(set, [2, 0, 1]).images]); // [ 30, 31, 10, 11, 20, 21 ]
 * ```
 */
export function permutePixels(set: ImageSet, permutation: ArrayLike<number>): ImageSet {
  checkSplit('permutePixels', set, 'input', true);
  checkPermutation('permutePixels', permutation, set.height * set.width);
  const images = allocateLike(set.images, set.images.length);
  gatherAll(set.images, images, set.n, permutation, set.channels);
  return { ...set, images };
}
