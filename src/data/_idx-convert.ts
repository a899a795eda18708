import { basename } from 'node:path';
/** Turning decoded IDX arrays into image sets (internal). */
import { imageSet, type ImageSet, type PixelArray } from './dataset.ts';
import { FormatError, ensure } from 'rethink/core';
import type { IdxArray } from './idx.ts';

/** Images and labels files of one split, for messages. */
export interface IdxFiles {
  readonly images: string;
  readonly labels: string;
}

/** Options shared by the IDX image-set readers. */
export interface IdxImageSetOptions {
  /** Number of classes; every label must lie in `[0, classes)`. Default 10. */
  readonly classes?: number;
  /** Names of the classes (length `classes`). */
  readonly classNames?: readonly string[];
}

/**
 * Checks an images array (dims `[n, h, w]` or `[n, h, w, c]`) and a labels array (dims `[n]`) and builds the
 * image set: uint8 pixels stay uint8 (shared, not copied), every other element type becomes float32.
 */
export function idxImageSet(
  images: IdxArray,
  labels: IdxArray,
  files: IdxFiles,
  options: IdxImageSetOptions = {},
): ImageSet {
  const { classes = 10, classNames } = options;
  const dims = images.dims;
  ensure(
    dims.length === 3 || dims.length === 4,
    () =>
      new FormatError(
        `readIdxImageSet: ${files.images} has ${dims.length} dimensions, expected 3 (n, rows, cols) or 4 (n, rows, cols, channels)`,
        {
          file: files.images,
          offset: 3,
          field: 'dims',
          dims,
        },
      ),
  );
  const [n, height, width, channels = 1] = dims as [number, number, number, number?];
  for (const [i, d] of [height, width, channels].entries()) {
    ensure(
      d > 0,
      () =>
        new FormatError(`readIdxImageSet: ${files.images} has a zero image dimension (dimension ${i + 1})`, {
          file: files.images,
          offset: 8 + 4 * i,
          field: 'dims',
          dims,
        }),
    );
  }
  ensure(
    labels.dims.length === 1,
    () =>
      new FormatError(`readIdxImageSet: ${files.labels} has ${labels.dims.length} dimensions, expected 1 (n)`, {
        file: files.labels,
        offset: 3,
        field: 'dims',
        dims: labels.dims,
      }),
  );
  ensure(
    labels.dims[0] === n,
    () =>
      new FormatError(
        `readIdxImageSet: ${files.images} holds ${n} images but ${files.labels} holds ${labels.dims[0]} labels`,
        {
          file: files.labels,
          offset: 4,
          field: 'count',
          images: n,
          labels: labels.dims[0],
        },
      ),
  );
  const size = labels.data.BYTES_PER_ELEMENT;
  const out = new Int32Array(n);
  const src = labels.data;
  for (let i = 0; i < n; i++) {
    const v = src[i] as number;
    if (!(Number.isInteger(v) && v >= 0 && v < classes)) {
      throw new FormatError(`readIdxImageSet: label ${v} at index ${i} of ${files.labels} is outside [0, ${classes})`, {
        file: files.labels,
        offset: labels.headerLength + i * size,
        field: 'label',
        index: i,
        label: v,
      });
    }
    out[i] = v;
  }
  const pixels: PixelArray = images.data instanceof Uint8Array ? images.data : Float32Array.from(images.data);
  return imageSet({
    images: pixels,
    labels: out,
    height,
    width,
    channels,
    classes,
    ...(classNames ? { classNames } : {}),
    origin: {
      files: [basename(files.images)],
      file: new Uint16Array(n),
      record: Uint32Array.from({ length: n }, (_, i) => i),
    },
  });
}
