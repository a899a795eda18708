import type { ImageSet } from 'rethink/data';
import type { Matrix } from './matrix.ts';

/**
 * The images of `set` as an n × (height·width·channels) float64 matrix of raw pixels, one flattened image a
 * row: uint8 pixels scaled to [0, 1] (v / 255, as the paper's kernel experiments use raw pixel values),
 * float32 pixels (noise, standardized sets) taken as they are.
 *
 * @example
 * ```ts
 * import { imageSet } from 'rethink/data';
 * import { imageMatrix } from 'rethink/implicit';
 * const set = imageSet({ images: Uint8Array.from([0, 255, 51, 102]), labels: [0, 1], height: 1, width: 2, channels: 1, classes: 2 });
 * console.log(imageMatrix(set).rows, [...imageMatrix(set).data].join(' ')); // 2 0 1 0.2 0.4
 * ```
 */
export function imageMatrix(set: ImageSet): Matrix {
  const cols = set.height * set.width * set.channels;
  const data = new Float64Array(set.n * cols);
  const images = set.images;
  if (images instanceof Uint8Array) for (let t = 0; t < data.length; t++) data[t] = images[t]! / 255;
  else data.set(images);
  return { data, rows: set.n, cols };
}
