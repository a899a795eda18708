import type { ImageSet } from './dataset.ts';
import { ArgumentError, ensure } from 'rethink/core';
import { createRng } from 'rethink/core';
import { gather, stratifiedPick } from './_stratify.ts';

/** Options of {@link stratifiedSubset}. */
export interface StratifiedSubsetOptions {
  /** Seed of the draw. Default 0. */
  readonly seed?: number;
  /** Random stream name (see `createRng`), so different subsets of one seed are independent. Default `'subset'`. */
  readonly stream?: string;
}

/**
 * A seeded, class-stratified subset of `size` images: each class contributes ⌊size·share⌋ or one more
 * (largest remainders, ties to the lower class), picked uniformly within the class; the picked images keep
 * their order in `set`. `size === set.n` returns `set` itself. Throws `ArgumentError` for a size that is
 * not an integer in `[0, set.n]`.
 *
 * @example
 * ```ts
 * import { imageSet, stratifiedSubset } from 'rethink/data';
 * const set = imageSet({ images: new Uint8Array(6), labels: [0, 0, 0, 0, 1, 1], height: 1, width: 1, channels: 1, classes: 2 });
 * const sub = stratifiedSubset(set, 3, { seed: 1 });
 * console.log([...sub.labels].sort()); // [ 0, 0, 1 ]
 * ```
 */
export function stratifiedSubset(set: ImageSet, size: number, options: StratifiedSubsetOptions = {}): ImageSet {
  const { seed = 0, stream = 'subset' } = options;
  ensure(
    Number.isInteger(size) && size >= 0 && size <= set.n,
    () =>
      new ArgumentError(`stratifiedSubset: size must be an integer in [0, ${set.n}], got ${size}`, { size, n: set.n }),
  );
  if (size === set.n) return set;
  return gather(set, stratifiedPick(set.labels, set.classes, size, createRng(seed, stream)));
}
