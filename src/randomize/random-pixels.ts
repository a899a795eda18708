import { createRng } from 'rethink/core';
import type { Rng } from 'rethink/core';
import type { DataSet, ImageSet, PixelArray } from 'rethink/data';
import type { RandomPixelsRecord } from './records.ts';
import type { PixelTransformResult } from './_result.ts';
import { allocateLike } from './_gather.ts';
import { checkDataSet, checkSeed } from './_validate.ts';

/** The `createRng` streams of the per-image permutations, one per split. */
export const RANDOM_PIXELS_STREAMS = {
  train: 'randomize/random-pixels/train',
  test: 'randomize/random-pixels/test',
} as const;

/** Swaps the pixels (all channels) starting at value offsets `a` and `b`. */
function swapPixels(images: PixelArray, a: number, b: number, channels: number): void {
  if (channels === 1) {
    const t = images[a] as number;
    images[a] = images[b] as number;
    images[b] = t;
  } else if (channels === 3) {
    const t0 = images[a] as number;
    const t1 = images[a + 1] as number;
    const t2 = images[a + 2] as number;
    images[a] = images[b] as number;
    images[a + 1] = images[b + 1] as number;
    images[a + 2] = images[b + 2] as number;
    images[b] = t0;
    images[b + 1] = t1;
    images[b + 2] = t2;
  } else {
    for (let q = 0; q < channels; q++) {
      const t = images[a + q] as number;
      images[a + q] = images[b + q] as number;
      images[b + q] = t;
    }
  }
}

/**
 * Shuffles the pixels of the image at value offset `base` in place (Fisher–Yates over its positions,
 * k = P − 1 down to 1, swapping position k with a uniform j ∈ [0, k]; channels move together). For up to
 * 65,536 positions each word of `rng.uint32()` serves two steps, its low 16 bits then its high 16 bits,
 * each turned into j by Lemire's multiply-and-reject: j = ⌊r·s / 2^16⌋ for s = k + 1, rejecting r when
 * (r·s mod 2^16) < 2^16 mod s, which makes j exactly uniform; a rejection discards the rest of the word and
 * redraws that step from a fresh word. Larger images fall back to `rng.int(0, k)`.
 */
function shuffleImage(images: PixelArray, base: number, positions: number, channels: number, rng: Rng): void {
  let k = positions - 1;
  if (k >= 65536) {
    for (; k > 0; k--) swapPixels(images, base + k * channels, base + rng.int(0, k) * channels, channels);
    return;
  }
  while (k > 0) {
    const word = rng.uint32();
    let s = k + 1;
    let m = (word & 0xffff) * s;
    let low = m & 0xffff;
    if (low < s && low < 65536 % s) continue;
    swapPixels(images, base + k * channels, base + (m >>> 16) * channels, channels);
    if (--k === 0) break;
    s = k + 1;
    m = (word >>> 16) * s;
    low = m & 0xffff;
    if (low < s && low < 65536 % s) continue;
    swapPixels(images, base + k * channels, base + (m >>> 16) * channels, channels);
    k--;
  }
}

function randomizeSplit(set: ImageSet, seed: number, stream: string): ImageSet {
  const rng = createRng(seed, stream);
  const values = set.height * set.width * set.channels;
  // One copy of the split, then each image shuffled in place: a fresh uniform permutation per image. (Not
  // `slice()`: on a Node Buffer, a Uint8Array subclass, slice returns a view of the input.)
  const images = allocateLike(set.images, set.images.length);
  images.set(set.images);
  for (let i = 0, base = 0; i < set.n; i++, base += values) {
    shuffleImage(images, base, set.height * set.width, set.channels, rng);
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
    set: {
      ...data,
      train: randomizeSplit(train, seed, RANDOM_PIXELS_STREAMS.train),
      test: randomizeSplit(test, seed, RANDOM_PIXELS_STREAMS.test),
    },
    record,
  };
}
