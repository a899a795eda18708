import type { ImageSet } from 'rethink/data';
import { drawCorruption } from './_corrupt.ts';
import type { CorruptLabelsResult } from './_corrupt.ts';
import type { CorruptLabelsOptions } from './corrupt-labels.ts';

/**
 * Random labels (Zhang et al. 2017, §2.1): every label of `set` replaced by a class drawn uniformly from all
 * `k` classes — `corruptLabels` with p = 1, giving exactly the same labels for the same seed (only the
 * record's `condition` differs). Apply it to the training split only (test labels stay true). Images are
 * shared with the input, not copied. Errors as `corruptLabels`.
 *
 * @example
 * ```ts
 * import { imageSet } from 'rethink/data';
 * import { corruptLabels, randomLabels } from 'rethink/randomize';
 * const set = imageSet({ images: new Uint8Array(4), labels: [0, 1, 2, 3], height: 1, width: 1, channels: 1, classes: 4 });
 * const a = randomLabels(set, 7).set.labels;
 * const b = corruptLabels(set, 1, 7).set.labels;
 * console.log(a.join() === b.join()); // true
 * ```
 */
export function randomLabels(set: ImageSet, seed: number, options: CorruptLabelsOptions = {}): CorruptLabelsResult {
  return drawCorruption('randomLabels', 'random-labels', set, 1, seed, options.listLimit);
}
