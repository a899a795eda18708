import type { ImageSet } from 'rethink/data';
import type { TrueLabelsRecord } from './records.ts';
import { checkSeed, checkSplit } from './_validate.ts';

/** What {@link trueLabels} returns. */
export interface TrueLabelsResult {
  /** The input split itself (nothing is copied). */
  readonly set: ImageSet;
  readonly record: TrueLabelsRecord;
}

/**
 * True labels (Zhang et al. 2017, §2.1): the identity. It takes a seed only so that every randomization can
 * be called the same way; nothing is drawn. It validates `set` like the other transforms (`ShapeError` for
 * an empty set or a wrong-sized buffer, `ArgumentError` for a label outside [0, k) or a non-integer seed).
 *
 * @example
 * ```ts
 * import { imageSet } from 'rethink/data';
 * import { trueLabels } from 'rethink/randomize';
 * const set = imageSet({ images: new Uint8Array(2), labels: [0, 1], height: 1, width: 1, channels: 1, classes: 2 });
 * console.log(trueLabels(set).set === set); // true
 * ```
 */
export function trueLabels(set: ImageSet, seed = 0): TrueLabelsResult {
  const jsonSeed = checkSeed('trueLabels', seed);
  checkSplit('trueLabels', set, 'input', false);
  return { set, record: { condition: 'true-labels', seed: jsonSeed } };
}
