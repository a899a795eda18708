import { ArgumentError, ensure } from 'rethink/core';
import { imageSet, type ImageSet, type PixelArray } from './dataset.ts';

/**
 * The centre `height × width` window of every image (the paper crops CIFAR-10's 32×32 images to 28×28 so):
 * the window starts at ⌊(H − height) / 2⌋, ⌊(W − width) / 2⌋. Labels, classes, names and origins are kept.
 *
 * @example
 * ```ts
 * import { centreCrop, imageSet } from 'rethink/data';
 * const set = imageSet({ images: Uint8Array.from({ length: 16 }, (_, i) => i), labels: [0], height: 4, width: 4, channels: 1, classes: 2 });
 * console.log(Array.from(centreCrop(set, 2, 2).images).join(',')); // 5,6,9,10
 * ```
 */
export function centreCrop(set: ImageSet, height: number, width: number): ImageSet {
  ensure(
    Number.isInteger(height) &&
      Number.isInteger(width) &&
      height >= 1 &&
      width >= 1 &&
      height <= set.height &&
      width <= set.width,
    () =>
      new ArgumentError(
        `centreCrop: the window ${height}×${width} must be whole and fit the ${set.height}×${set.width} images`,
        { height, width, imageHeight: set.height, imageWidth: set.width },
      ),
  );
  if (height === set.height && width === set.width) return set;
  const { channels, n } = set;
  const top = Math.floor((set.height - height) / 2);
  const left = Math.floor((set.width - width) / 2);
  const out: PixelArray =
    set.images instanceof Uint8Array
      ? new Uint8Array(n * height * width * channels)
      : new Float32Array(n * height * width * channels);
  const rowIn = set.width * channels;
  const rowOut = width * channels;
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < height; y++) {
      const from = i * set.height * rowIn + (top + y) * rowIn + left * channels;
      out.set(set.images.subarray(from, from + rowOut), (i * height + y) * rowOut);
    }
  }
  return imageSet({
    images: out,
    labels: set.labels,
    height,
    width,
    channels,
    classes: set.classes,
    ...(set.classNames ? { classNames: set.classNames } : {}),
    ...(set.origin ? { origin: set.origin } : {}),
  });
}
