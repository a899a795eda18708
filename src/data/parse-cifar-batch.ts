import { imageSet, type ImageSet } from './dataset.ts';
import { CIFAR_CLASSES, CIFAR_CLASS_NAMES, CIFAR_PIXELS, CifarDecoder, cifarRecordCount } from './_cifar.ts';

/** Options of {@link parseCifarBatch}. */
export interface ParseCifarBatchOptions {
  /** The file name used in error messages. Default `'<bytes>'`. */
  readonly file?: string;
  /** Class names (10). Default the CIFAR-10 names, `airplane` … `truck`. */
  readonly classNames?: readonly string[];
}

/**
 * Decodes one CIFAR-10 binary batch held in memory: records of one label byte (0–9) and 3072 pixel bytes
 * (the red, green and blue 32 × 32 planes) become uint8 images N × 32 × 32 × 3, channels last. Throws
 * `FormatError` naming the file and byte offset for an empty file, a size that is not a whole number of
 * 3073-byte records, or a label outside [0, 9].
 *
 * @example
 * ```ts
 * import { parseCifarBatch } from 'rethink/data';
 * const record = new Uint8Array(3073);
 * record[0] = 3; // label "cat"
 * record[1] = 255; // red of pixel (0, 0)
 * const set = parseCifarBatch(record);
 * console.log(set.n, set.labels[0], set.images[0], set.images[1]); // 1 3 255 0
 * ```
 */
export function parseCifarBatch(bytes: Uint8Array, options: ParseCifarBatchOptions = {}): ImageSet {
  const { file = '<bytes>', classNames = CIFAR_CLASS_NAMES } = options;
  const n = cifarRecordCount('parseCifarBatch', file, bytes.length);
  const images = new Uint8Array(n * CIFAR_PIXELS);
  const labels = new Int32Array(n);
  new CifarDecoder(images, labels).decode('parseCifarBatch', file, bytes, n, 0, 0);
  return imageSet({ images, labels, height: 32, width: 32, channels: 3, classes: CIFAR_CLASSES, classNames });
}
