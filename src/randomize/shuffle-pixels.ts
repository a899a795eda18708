import { createRng } from 'rethink/core';
import type { DataSet } from 'rethink/data';
import type { ShufflePixelsRecord } from './records.ts';
import type { PixelTransformResult } from './_result.ts';
import { summarizeIndices } from './summarize-indices.ts';
import { allocateLike, gatherAll } from './_gather.ts';
import { checkDataSet, checkSeed } from './_validate.ts';

/** The `createRng` stream of the shuffled-pixels permutation. */
export const SHUFFLE_STREAM = 'randomize/shuffle-pixels';

/** Options of {@link shufflePixels}. */
export interface ShufflePixelsOptions {
  /** Permutations of at most this many positions are written into the record in full. Default 1024 (`RECORD_LIST_LIMIT`). */
  readonly listLimit?: number;
}

/** What {@link shufflePixels} returns. */
export interface ShufflePixelsResult extends PixelTransformResult<ShufflePixelsRecord> {
  /** The permutation applied (output position j takes input position `permutation[j]`). */
  readonly permutation: Uint32Array;
}

/**
 * Shuffled pixels (Zhang et al. 2017, §2.1): ONE random permutation of the `height × width` pixel positions
 * (channels kept together), drawn from `seed` (stream `'randomize/shuffle-pixels'`), applied to every image
 * of the training AND the test split. Output images keep the input's type (uint8 stays uint8); labels are
 * shared, not copied; the input is not modified. Undo it with `permutePixels(set, invertPermutation(permutation))`.
 *
 * Throws `ShapeError` for an empty training split or train/test images of different sizes, `ArgumentError`
 * for a non-integer seed or a label outside [0, k).
 *
 * @example
 * ```ts
 * import { imageSet } from 'rethink/data';
 * import { shufflePixels } from 'rethink/randomize';
 * const split = imageSet({ images: Uint8Array.of(1, 2, 3, 4), labels: [0], height: 2, width: 2, channels: 1, classes: 2 });
 * const { set: dataSet, permutation } = shufflePixels({ name: 'demo', train: split, test: split }, 3);
 * console.log([...dataSet.train.images].join() === [...permutation].map((j) => j + 1).join()); // true
 * ```
 */
export function shufflePixels(data: DataSet, seed: number, options: ShufflePixelsOptions = {}): ShufflePixelsResult {
  const jsonSeed = checkSeed('shufflePixels', seed);
  checkDataSet('shufflePixels', data);
  const { train, test } = data;
  const positions = train.height * train.width;
  const permutation = createRng(seed, SHUFFLE_STREAM).permutation(positions);
  const permute = (set: typeof train): typeof train => {
    const images = allocateLike(set.images, set.images.length);
    gatherAll(set.images, images, set.n, permutation, set.channels);
    return { ...set, images };
  };
  const record: ShufflePixelsRecord = {
    condition: 'shuffled-pixels',
    seed: jsonSeed,
    stream: SHUFFLE_STREAM,
    positions,
    permutation: summarizeIndices(permutation, { listLimit: options.listLimit }),
  };
  return { set: { ...data, train: permute(train), test: permute(test) }, record, permutation };
}
