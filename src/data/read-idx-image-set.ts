import type { ImageSet } from './dataset.ts';
import { idxImageSet, type IdxImageSetOptions } from './_idx-convert.ts';
import { readIdxFile, type ReadIdxFileOptions } from './read-idx-file.ts';

/** Options of {@link readIdxImageSet}. */
export interface ReadIdxImageSetOptions extends IdxImageSetOptions, ReadIdxFileOptions {}

/**
 * Reads one split from an IDX images file (dims `[n, rows, cols]`, or `[n, rows, cols, channels]`) and an
 * IDX labels file (dims `[n]`), each plain or gzipped, into an {@link ImageSet} N × H × W × C. uint8
 * pixels stay uint8; other element types become float32 with their values unchanged. Throws
 * `FormatError` (naming the file and offset) when the counts differ, a label lies outside `[0, classes)`
 * or either file is malformed, `NotFoundError` when a file is missing.
 *
 * @example
 * ```ts
 * import { readIdxImageSet } from 'rethink/data';
 * const set = await readIdxImageSet('fixtures/idx-tiny/t10k-images-idx3-ubyte.gz', 'fixtures/idx-tiny/t10k-labels-idx1-ubyte.gz');
 * console.log(set.n, set.height, set.width, set.channels); // 12 6 5 1
 * ```
 */
export async function readIdxImageSet(
  imagesPath: string,
  labelsPath: string,
  options: ReadIdxImageSetOptions = {},
): Promise<ImageSet> {
  const [images, labels] = await Promise.all([readIdxFile(imagesPath, options), readIdxFile(labelsPath, options)]);
  return idxImageSet(images, labels, { images: imagesPath, labels: labelsPath }, options);
}
