import { ArgumentError, ShapeError, ensure } from 'rethink/core';

/** Pixel storage: uint8 (raw 0–255 files) or float32 (noise, standardized data). */
export type PixelArray = Uint8Array | Float32Array;

/**
 * One split of an image data set, stored compactly: `images` holds `n × height × width × channels`
 * values, channels last, row-major; `labels` holds `n` integer classes in `[0, classes)`.
 * Objects of this type are treated as immutable: transforms return new objects and share unchanged arrays.
 */
export interface ImageSet {
  readonly images: PixelArray;
  readonly labels: Int32Array;
  readonly n: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Number of classes k; labels lie in `[0, k)`. */
  readonly classes: number;
  /** Optional names of the k classes. */
  readonly classNames?: readonly string[];
  /**
   * Where each image came from, when the loader knows: its file and record number, so that a message about an
   * image can name the record in the files (`data_batch_3.bin record 17`; see `describeImage`). Subsets keep it.
   */
  readonly origin?: ImageOrigin;
}

/** The source of every image of a set: image i is record `record[i]` of file `files[file[i]]`. */
export interface ImageOrigin {
  readonly files: readonly string[];
  readonly file: Uint16Array;
  readonly record: Uint32Array;
}

/** A named train/test pair. Both splits share image size, channel count and class count. */
export interface DataSet {
  readonly name: string;
  readonly train: ImageSet;
  readonly test: ImageSet;
}

/** The fields of an {@link ImageSet}; `n` is derived from `labels.length`. */
export interface ImageSetOptions {
  readonly images: PixelArray;
  readonly labels: Int32Array | readonly number[];
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly classes: number;
  readonly classNames?: readonly string[];
  /** Where each image came from (see {@link ImageSet.origin}). */
  readonly origin?: ImageOrigin;
}

/**
 * Builds a validated {@link ImageSet}. Throws {@link ShapeError} when the image buffer does not hold
 * `labels.length × height × width × channels` values and {@link ArgumentError} for a label outside
 * `[0, classes)` (naming its index) or a non-positive dimension.
 *
 * @example
 * ```ts
 * import { imageSet } from 'rethink/data';
 * const set = imageSet({ images: new Uint8Array(2 * 2 * 2 * 1), labels: [0, 1], height: 2, width: 2, channels: 1, classes: 2 });
 * console.log(set.n); // 2
 * ```
 */
export function imageSet(options: ImageSetOptions): ImageSet {
  const { images, height, width, channels, classes, classNames } = options;
  for (const [name, value] of Object.entries({ height, width, channels, classes })) {
    ensure(
      Number.isInteger(value) && value > 0,
      () => new ArgumentError(`imageSet: ${name} must be a positive integer, got ${value}`, { [name]: value }),
    );
  }
  const labels = options.labels instanceof Int32Array ? options.labels : Int32Array.from(options.labels);
  const n = labels.length;
  const pixels = height * width * channels;
  ensure(
    images.length === n * pixels,
    () =>
      new ShapeError(
        `imageSet: images hold ${images.length} values, expected ${n} × ${height} × ${width} × ${channels} = ${n * pixels}`,
        { expected: [n, height, width, channels], actual: images.length },
      ),
  );
  for (let i = 0; i < n; i++) {
    const label = labels[i] as number;
    ensure(
      label >= 0 && label < classes,
      () =>
        new ArgumentError(`imageSet: label ${label} at index ${i} is outside [0, ${classes})`, {
          index: i,
          label,
          classes,
        }),
    );
  }
  ensure(
    classNames === undefined || classNames.length === classes,
    () =>
      // Stryker disable next-line OptionalChaining: the error is built only when classNames is defined (the check above)
      new ShapeError(`imageSet: ${classNames?.length} class names for ${classes} classes`, {
        expected: classes,
        // Stryker disable OptionalChaining: the error is built only when classNames is defined (the check above)
        actual: classNames?.length,
        // Stryker restore OptionalChaining
      }),
  );
  return {
    images,
    labels,
    n,
    height,
    width,
    channels,
    classes,
    ...(classNames ? { classNames } : {}),
    ...(options.origin ? { origin: options.origin } : {}),
  };
}

/**
 * Values per image (`height × width × channels`).
 *
 * @example
 * ```ts
 * import { imageSet, pixelsPerImage } from 'rethink/data';
 * const set = imageSet({ images: new Uint8Array(12), labels: [0], height: 2, width: 2, channels: 3, classes: 2 });
 * console.log(pixelsPerImage(set)); // 12
 * ```
 */
export function pixelsPerImage(set: Pick<ImageSet, 'height' | 'width' | 'channels'>): number {
  return set.height * set.width * set.channels;
}
