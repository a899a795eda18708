/** Class-stratified selection (internal): largest-remainder quotas and seeded picks within each class. */
import { imageSet, pixelsPerImage, type ImageSet } from './dataset.ts';
import type { Rng } from 'rethink/core';

/** How many images of each class a set of `labels` holds. */
export function classCounts(labels: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i] as number]! += 1;
  return counts;
}

/**
 * Splits `size` among classes in proportion to `counts` (Hamilton's largest-remainder method): each class
 * gets ⌊size·count/total⌋ or one more, the extras going to the largest remainders (ties to the lower class).
 * Requires 0 ≤ size ≤ total. The quotas sum to `size` and never exceed a class's count.
 */
export function classQuotas(counts: readonly number[], size: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return counts.map(() => 0);
  const quotas = counts.map((c) => Math.floor((size * c) / total));
  let left = size - quotas.reduce((a, b) => a + b, 0);
  const order = counts
    .map((c, k) => ({ k, remainder: (size * c) % total }))
    .sort((a, b) => b.remainder - a.remainder || a.k - b.k);
  for (const { k } of order) {
    if (left === 0) break;
    quotas[k]! += 1;
    left -= 1;
  }
  return quotas;
}

/**
 * Picks `size` indices of `labels`, stratified by class (quotas from {@link classQuotas}), uniformly at
 * random within each class; returns them sorted ascending so the picked images keep their order.
 */
export function stratifiedPick(labels: Int32Array, classes: number, size: number, rng: Rng): Uint32Array {
  const counts = classCounts(labels, classes);
  const quotas = classQuotas(counts, size);
  const byClass = counts.map((c) => new Uint32Array(c));
  const filled = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const k = labels[i] as number;
    byClass[k]![filled[k]!++] = i;
  }
  const picked = new Uint32Array(size);
  let at = 0;
  for (let k = 0; k < classes; k++) {
    const pool = byClass[k] as Uint32Array;
    const q = quotas[k] as number;
    for (let j = 0; j < q; j++) {
      const r = rng.int(j, pool.length - 1);
      const t = pool[j] as number;
      pool[j] = pool[r] as number;
      pool[r] = t;
    }
    picked.set(pool.subarray(0, q), at);
    at += q;
  }
  return picked.sort();
}

/** A new image set holding the images of `set` at `indices`, in that order (copies the pixels). */
export function gather(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const ppi = pixelsPerImage(set);
  const images =
    set.images instanceof Uint8Array ? new Uint8Array(indices.length * ppi) : new Float32Array(indices.length * ppi);
  const labels = new Int32Array(indices.length);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j] as number;
    images.set(set.images.subarray(i * ppi, (i + 1) * ppi), j * ppi);
    labels[j] = set.labels[i] as number;
  }
  const { height, width, channels, classes, classNames, origin } = set;
  return imageSet({
    images,
    labels,
    height,
    width,
    channels,
    classes,
    ...(classNames ? { classNames } : {}),
    ...(origin
      ? {
          origin: {
            files: origin.files,
            file: Uint16Array.from(indices, (i) => origin.file[i] as number),
            record: Uint32Array.from(indices, (i) => origin.record[i] as number),
          },
        }
      : {}),
  });
}
