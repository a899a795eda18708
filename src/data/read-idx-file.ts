import { readBytes } from './_files.ts';
import { parseIdx, type IdxArray, type ParseIdxOptions } from './idx.ts';

/** Options of {@link readIdxFile}. */
export type ReadIdxFileOptions = Omit<ParseIdxOptions, 'file'>;

/**
 * Reads and decodes one IDX file from disk, plain or gzipped (see {@link parseIdx}). A missing file is a
 * `NotFoundError` naming it; a malformed one a `FormatError` naming it and the byte offset at fault.
 *
 * @example
 * ```ts
 * import { readIdxFile } from 'rethink/data';
 * const labels = await readIdxFile('fixtures/idx-tiny/train-labels-idx1-ubyte.gz');
 * console.log(labels.type, labels.dims); // uint8 [ 24 ]
 * ```
 */
export async function readIdxFile(path: string, options: ReadIdxFileOptions = {}): Promise<IdxArray> {
  return parseIdx(await readBytes('readIdxFile', path), { ...options, file: path });
}
