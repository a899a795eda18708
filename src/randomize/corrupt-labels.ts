import type { ImageSet } from 'rethink/data';
import { drawCorruption } from './_corrupt.ts';
import type { CorruptLabelsResult } from './_corrupt.ts';

/** Options of {@link corruptLabels} and `randomLabels`. */
export interface CorruptLabelsOptions {
  /** Corrupted-index lists up to this length are written into the record in full. Default 1024 (`RECORD_LIST_LIMIT`). */
  readonly listLimit?: number;
}

/**
 * Partially corrupted labels (Zhang et al. 2017, §2.1): independently with probability `p`, each label of
 * `set` is replaced by a class drawn uniformly from all `k` classes — so it may keep its class, and the
 * expected fraction actually changed is `p · (k − 1) / k`. The corruption is drawn once, from `seed`.
 *
 * Apply it to the training split only: the test labels stay true, so test accuracy measures generalization
 * to the true labels (`applyCondition` does exactly that). Images are shared with the input, not copied;
 * the input is not modified.
 *
 * Coupling: the draws (per label, a uniform u_i = w_i / 2^32 from one 32-bit word and a candidate class c_i;
 * stream `'randomize/labels'`) do not depend on `p`; label i is corrupted when u_i < p. Under one seed the
 * corrupted set only grows with `p`, the corrupted labels agree across `p`, and `corruptLabels(set, 1, seed)`
 * equals `randomLabels(set, seed)`. (u_i's 2^-32 grid makes the corruption probability p to within 2^-32.)
 *
 * Throws `ArgumentError` for `p` outside [0, 1] or NaN, a non-integer seed, or a label outside [0, k);
 * `ShapeError` for an empty set or an image buffer of the wrong size.
 *
 * @example
 * ```ts
 * import { imageSet } from 'rethink/data';
 * import { corruptLabels } from 'rethink/randomize';
 * const set = imageSet({ images: new Uint8Array(1000), labels: new Array(1000).fill(0), height: 1, width: 1, channels: 1, classes: 10 });
 * const { set: noisy, record } = corruptLabels(set, 0.5, 42);
 * console.log(record.corrupted.count > 400, record.changed === noisy.labels.filter((l) => l !== 0).length); // true true
 * ```
 */
export function corruptLabels(
  set: ImageSet,
  p: number,
  seed: number,
  options: CorruptLabelsOptions = {},
): CorruptLabelsResult {
  return drawCorruption('corruptLabels', 'corrupt-labels', set, p, seed, options.listLimit);
}
