import { join } from 'node:path';
import type { DataSet } from './dataset.ts';
import { FormatError, NotFoundError, ensure } from 'rethink/core';
import { exists } from 'rethink/core';
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

async function find(dir: string, base: string): Promise<string> {
  for (const name of [base, `${base}.gz`]) {
    const path = join(dir, name);
    if (await exists(path)) return path;
  }
  throw new NotFoundError(`loadIdxDir: ${dir} lacks ${base} (or ${base}.gz)`, { dir, file: join(dir, base) });
}

/**
 * Loads a directory holding the four standard IDX files (`train-images-idx3-ubyte`,
 * `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each plain or `.gz`;
 * plain wins when both exist) as a train/test pair, as MNIST and Fashion-MNIST ship. Throws
 * `NotFoundError` naming a missing file and `FormatError` for malformed files or splits whose image
 * sizes disagree.
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
