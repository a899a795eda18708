import { createRng } from 'rethink/data';
import type { DataSet, ImageSet, Rng } from 'rethink/data';
import type { RandomPixelsRecord } from './records.ts';
import type { PixelTransformResult } from './_result.ts';
import { allocateLike, gatherOne } from './_gather.ts';
import { checkDataSet, checkSeed } from './_validate.ts';

/** The `createRng` streams of the per-image permutations, one per split. */
export const RANDOM_PIXELS_STREAMS = {
  train: 'randomize/random-pixels/train',
  test: 'randomize/random-pixels/test',
} as const;

/**
 * Shuffles `perm` in place (Fisher–Yates, k = P − 1 down to 1, swapping k with a uniform j ∈ [0, k]). For up
 * to 65,536 positions each word of `rng.uint32()` serves two steps, the low 16 bits then the high 16 bits,
 * each turned into j by Lemire's multiply-and-reject: j = ⌊r·s / 2^16⌋ for s = k + 1, rejecting r when
 * (r·s mod 2^16) < 2^16 mod s, which makes j exactly uniform; a rejection discards the rest of the word
 * and redraws the same step from a fresh word. Larger images fall back to `rng.int(0, k)`.
 */
function shuffleInPlace(perm: Int32Array, rng: Rng): void {
  let k = perm.length - 1;
  if (k >= 65536) {
    for (; k > 0; k--) {
      const j = rng.int(0, k);
      const t = perm[k] as number;
      perm[k] = perm[j] as number;
      perm[j] = t;
    }
    return;
  }
  while (k > 0) {
    const word = rng.uint32();
    let s = k + 1;
    let m = (word & 0xffff) * s;
    let low = m & 0xffff;
    if (low < s && low < 65536 % s) continue;
    let j = m >>> 16;
    let t = perm[k] as number;
    perm[k] = perm[j] as number;
    perm[j] = t;
    if (--k === 0) break;
    s = k + 1;
    m = (word >>> 16) * s;
    low = m & 0xffff;
    if (low < s && low < 65536 % s) continue;
    j = m >>> 16;
    t = perm[k] as number;
    perm[k] = perm[j] as number;
    perm[j] = t;
    k--;
  }
}

function randomizeSplit(set: ImageSet, seed: number, stream: string): ImageSet {
  const rng = createRng(seed, stream);
  const positions = set.height * set.width;
  const values = positions * set.channels;
  const images = allocateLike(set.images, set.images.length);
  const perm = new Int32Array(positions);
  for (let j = 0; j < positions; j++) perm[j] = j;
  for (let i = 0, base = 0; i < set.n; i++, base += values) {
    // Shuffling the previous image's arrangement again gives a uniform permutation independent of it.
    shuffleInPlace(perm, rng);
    gatherOne(set.images, images, base, perm, positions, set.channels);
  }
  return { ...set, images };
}

/**
 * Random pixels (Zhang et al. 2017, §2.1): every image of both splits gets its OWN random permutation of its
 * `height × width` pixel positions (channels kept together), drawn independently per image from `seed`
 * (streams `'randomize/random-pixels/train'` and `'…/test'`, so the training images do not depend on the test
 * split). Each image keeps the multiset of its pixels; output images keep the input's type; labels are
 * shared; the input is not modified. The permutations are not returned or listed (there is one per image):
 * the record's seed and streams reproduce them.
 *
 * Throws `ShapeError` for an empty training split or train/test images of different sizes, `ArgumentError`
 * for a non-integer seed or a label outside [0, k).
 *
 * @example
 * ```ts
 * import { imageSet } from 'rethink/data';
 * import { randomPixels } from 'rethink/randomize';
 * const split = imageSet({ images: Uint8Array.of(1, 2, 3, 4, 1, 2, 3, 4), labels: [0, 1], height: 2, width: 2, channels: 1, classes: 2 });
 * const out = randomPixels({ name: 'demo', train: split, test: split }, 5).dataSet.train.images;
 * console.log([...out.subarray(0, 4)].sort().join(), [...out.subarray(4)].sort().join()); // 1,2,3,4 1,2,3,4
 * ```
 */
export function randomPixels(data: DataSet, seed: number): PixelTransformResult<RandomPixelsRecord> {
  const jsonSeed = checkSeed('randomPixels', seed);
  checkDataSet('randomPixels', data);
  const { train, test } = data;
  const record: RandomPixelsRecord = {
    condition: 'random-pixels',
    seed: jsonSeed,
    streams: { ...RANDOM_PIXELS_STREAMS },
    positions: train.height * train.width,
    images: { train: train.n, test: test.n },
  };
  return {
    dataSet: {
      ...data,
      train: randomizeSplit(train, seed, RANDOM_PIXELS_STREAMS.train),
      test: randomizeSplit(test, seed, RANDOM_PIXELS_STREAMS.test),
    },
    record,
  };
}
