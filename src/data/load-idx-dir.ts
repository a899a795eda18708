import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DataSet } from './dataset.ts';
import { FormatError, NotFoundError, ensure } from 'rethink/core';
import { isPresent, readBytes } from './_files.ts';
import { readIdxImageSet, type ReadIdxImageSetOptions } from './read-idx-image-set.ts';

/** Options of {@link loadIdxDir}. */
export interface LoadIdxDirOptions extends ReadIdxImageSetOptions {
  /** The data set's name. Default `idx:<dir>`. */
  readonly name?: string;
}

/** The four standard IDX file names (each may also end in `.gz`). */
export const IDX_FILE_NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/**
 * True when the gzip file `gz` decompresses to exactly the bytes `plain` (never inflating more than one byte past
 * them; a corrupt stream counts as different).
 */
function sameBytes(plain: Uint8Array, gz: Uint8Array): boolean {
  let inflated: Uint8Array;
  try {
    inflated = gunzipSync(gz, { maxOutputLength: plain.length + 1 });
  } catch {
    return false;
  }
  return Buffer.compare(Buffer.from(inflated), Buffer.from(plain.buffer, plain.byteOffset, plain.length)) === 0;
}

async function find(dir: string, base: string): Promise<string> {
  const plain = join(dir, base);
  const gz = `${plain}.gz`;
  const hasPlain = await isPresent('loadIdxDir', plain);
  const hasGz = await isPresent('loadIdxDir', gz);
  if (hasPlain && hasGz) {
    const same = sameBytes(await readBytes('loadIdxDir', plain), await readBytes('loadIdxDir', gz));
    ensure(
      same,
      () =>
        new FormatError(
          `loadIdxDir: ${dir} holds both ${base} and ${base}.gz, and ${base}.gz does not decompress to the bytes of ${base}; ` +
            'it is not clear which one is meant: remove the wrong one',
          { dir, file: plain, files: [plain, gz], field: 'duplicate' },
        ),
    );
    return plain;
  }
  if (hasPlain) return plain;
  if (hasGz) return gz;
  throw new NotFoundError(`loadIdxDir: ${dir} lacks ${base} (or ${base}.gz)`, { dir, file: plain });
}

/**
 * Loads a directory holding the four standard IDX files (`train-images-idx3-ubyte`,
 * `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each plain or `.gz`) as a
 * train/test pair, as MNIST and Fashion-MNIST ship. When a file exists both plain and as `.gz` (as `gunzip -k`
 * leaves them), the two are compared: equal contents are read from the plain file; different contents (or a
 * `.gz` that does not decompress) are refused with a `FormatError` naming both files (`details.files`), since
 * picking either silently could train on data the user did not mean. Throws `NotFoundError` naming a
 * missing file, `FileError` (`reason: 'ELOOP'`) naming a symbolic link loop, and `FormatError` for
 * malformed files or splits whose image sizes disagree.
 *
 * @example
 * ```ts
 * import { loadIdxDir } from 'rethink/data';
 * const data = await loadIdxDir('fixtures/idx-tiny');
 * console.log(data.train.n, data.test.n); // 24 12
 * ```
 */
export async function loadIdxDir(dir: string, options: LoadIdxDirOptions = {}): Promise<DataSet> {
  // One after the other, so that a directory missing several files always names the first of them (with
  // Promise.all the error was whichever lookup failed first, which varied from run to run).
  const found: string[] = [];
  for (const base of [
    IDX_FILE_NAMES.trainImages,
    IDX_FILE_NAMES.trainLabels,
    IDX_FILE_NAMES.testImages,
    IDX_FILE_NAMES.testLabels,
  ]) {
    found.push(await find(dir, base));
  }
  const [trainImages, trainLabels, testImages, testLabels] = found;
  const train = await readIdxImageSet(trainImages as string, trainLabels as string, options);
  const test = await readIdxImageSet(testImages as string, testLabels as string, options);
  ensure(
    train.height === test.height && train.width === test.width && train.channels === test.channels,
    () =>
      new FormatError(
        `loadIdxDir: ${testImages} holds ${test.height}×${test.width}×${test.channels} images but ${trainImages} holds ${train.height}×${train.width}×${train.channels}`,
        { file: testImages, offset: 8, field: 'dims' },
      ),
  );
  return { name: options.name ?? `idx:${dir}`, train, test };
}
