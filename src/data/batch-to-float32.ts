import { pixelsPerImage, type ImageSet } from './dataset.ts';
import { ArgumentError, ShapeError, ensure } from 'rethink/core';

/** v / 255 as float32 for every byte v: the exact scaling, looked up. */
const SCALE = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/**
 * Gathers the images at `indices` into a float32 batch `indices.length × height × width × channels`,
 * scaling uint8 pixels to [0, 1] (v / 255); float32 pixels are copied unchanged. Convert per batch, not
 * the whole set, to keep memory near the raw uint8 size. Writes into `out` when given (it must have the
 * batch's length). Throws `ArgumentError` naming the position of an index outside `[0, set.n)`.
 *
 * @example
 * ```ts
 * import { batchToFloat32, imageSet } from 'rethink/data';
 * const set = imageSet({ images: new Uint8Array([0, 255, 51, 102]), labels: [0, 1], height: 1, width: 2, channels: 1, classes: 2 });
 * console.log(batchToFloat32(set, [1, 0])); // Float32Array(4) [ 0.2, 0.4, 0, 1 ] (to float32 precision)
 * ```
 */
export function batchToFloat32(set: ImageSet, indices: ArrayLike<number>, out?: Float32Array): Float32Array {
  const ppi = pixelsPerImage(set);
  const length = indices.length * ppi;
  const batch = out ?? new Float32Array(length);
  ensure(
    batch.length === length,
    () =>
      new ShapeError(
        `batchToFloat32: out holds ${batch.length} values, the batch needs ${indices.length} × ${ppi} = ${length}`,
        {
          expected: length,
          actual: batch.length,
        },
      ),
  );
  const src = set.images;
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j] as number;
    ensure(
      Number.isInteger(i) && i >= 0 && i < set.n,
      () =>
        new ArgumentError(`batchToFloat32: index ${i} at position ${j} is outside [0, ${set.n})`, {
          position: j,
          index: i,
          n: set.n,
        }),
    );
    const from = i * ppi;
    const to = j * ppi;
    if (src instanceof Uint8Array) {
      for (let p = 0; p < ppi; p++) batch[to + p] = SCALE[src[from + p] as number] as number;
    } else {
      batch.set(src.subarray(from, from + ppi), to);
    }
  }
  return batch;
}
