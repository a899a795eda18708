import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSet } from './dataset.ts';
import { CIFAR_CLASS_NAMES, parseCifarMeta } from './_cifar.ts';
import { exists } from 'rethink/core';
import { readCifarFiles, type ReadCifarFilesOptions } from './read-cifar-files.ts';

/** Options of {@link loadCifar10}. */
export interface LoadCifar10Options extends Omit<ReadCifarFilesOptions, 'classNames'> {
  /** The data set's name. Default `'cifar10'`. */
  readonly name?: string;
}

/** The batch files of the CIFAR-10 binary version. */
export const CIFAR_FILE_NAMES = {
  train: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  test: ['test_batch.bin'],
  meta: 'batches.meta.txt',
} as const;

/**
 * Loads the CIFAR-10 binary version from a directory (`data_batch_1.bin` … `data_batch_5.bin`,
 * `test_batch.bin`, optionally `batches.meta.txt` for the class names, which must then list 10):
 * train 50,000 and test 10,000 uint8 images 32 × 32 × 3, channels last (see {@link readCifarFiles}).
 * Throws `NotFoundError` naming a missing batch, `FormatError` naming the file and offset of bad data.
 *
 * @example
 * ```ts
 * import { loadCifar10 } from 'rethink/data';
 * const data = await loadCifar10('fixtures/cifar10-tiny');
 * console.log(data.train.n, data.test.n, data.train.classNames?.[3]); // 5 2 cat
 * ```
 */
export async function loadCifar10(dir: string, options: LoadCifar10Options = {}): Promise<DataSet> {
  const metaPath = join(dir, CIFAR_FILE_NAMES.meta);
  const classNames = (await exists(metaPath))
    ? parseCifarMeta('loadCifar10', metaPath, await readFile(metaPath, 'utf8'))
    : CIFAR_CLASS_NAMES;
  const read = (names: readonly string[]) =>
    readCifarFiles(
      names.map((name) => join(dir, name)),
      { ...options, classNames },
    );
  const train = await read(CIFAR_FILE_NAMES.train);
  const test = await read(CIFAR_FILE_NAMES.test);
  return { name: options.name ?? 'cifar10', train, test };
}
