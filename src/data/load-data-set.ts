import { join } from 'node:path';
import type { DataSet, ImageSet } from './dataset.ts';
import { NotFoundError, ensure } from 'rethink/core';
import { isPresent } from './_files.ts';
import { dataCacheDir } from './data-cache-dir.ts';
import { DATA_SOURCES } from './data-sources.ts';
import { loadBundledMnist } from './load-bundled-mnist.ts';
import { CIFAR_FILE_NAMES, loadCifar10 } from './load-cifar10.ts';
import { IDX_FILE_NAMES, loadIdxDir } from './load-idx-dir.ts';
import { SampleCountError } from './sample-count-error.ts';
import { parseDataSetSpec } from './parse-data-set-spec.ts';
import { stratifiedSubset } from './stratified-subset.ts';

/** Options of {@link loadDataSet}. */
export interface LoadDataSetOptions {
  /** Keep a seeded, class-stratified subset of this many training images (`--samples`). Default: all. */
  readonly samples?: number;
  /** Likewise for the test split (`--test-samples`). Default: all. */
  readonly testSamples?: number;
  /** Seed of the bundled split and of the subsets. Default 0. */
  readonly seed?: number;
  /** Cache directory of downloaded data sets. Default `dataCacheDir({ env })`. */
  readonly cacheDir?: string;
  /** Environment for `RETHINK_DATA`. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const FASHION_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
const DIGIT_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

function subset(
  set: ImageSet,
  size: number | undefined,
  option: 'samples' | 'testSamples',
  spec: string,
  seed: number,
  stream: string,
): ImageSet {
  if (size === undefined) return set;
  ensure(Number.isInteger(size) && size >= 0 && size <= set.n, () => new SampleCountError(option, size, set.n, spec));
  return stratifiedSubset(set, size, { seed, stream });
}

/** The files a cached data set's loader needs, each given as the names that may stand for it. */
const CACHE_NEEDS: Readonly<Record<'cifar10' | 'mnist' | 'fashion-mnist', readonly (readonly string[])[]>> = {
  cifar10: [...CIFAR_FILE_NAMES.train, ...CIFAR_FILE_NAMES.test].map((name) => [name]),
  mnist: Object.values(IDX_FILE_NAMES).map((name) => [name, `${name}.gz`]),
  'fashion-mnist': Object.values(IDX_FILE_NAMES).map((name) => [name, `${name}.gz`]),
};

/**
 * The cache directory of a downloaded data set, when it holds every file its loader reads. A missing directory
 * and an incomplete one (an interrupted or rejected download, a file removed by hand) are both "not in the
 * cache", with the command that fetches it, rather than a loader's "missing file" deep inside.
 */
async function cached(root: string, download: 'cifar10' | 'mnist' | 'fashion-mnist', spec: string): Promise<string> {
  const dir = join(root, DATA_SOURCES[download].name);
  const fix = `run \`rethink data download ${download}\`, or pass ${spec}:DIR for a copy elsewhere`;
  if (!(await isPresent('loadDataSet', dir))) {
    throw new NotFoundError(`loadDataSet: ${spec} is not in the cache (${dir}); ${fix}`, { dir, file: dir });
  }
  for (const names of CACHE_NEEDS[download]) {
    let found = false;
    for (const name of names) {
      found = await isPresent('loadDataSet', join(dir, name));
      if (found) break;
    }
    if (!found) {
      const file = join(dir, names[0] as string);
      throw new NotFoundError(
        `loadDataSet: ${spec} is not in the cache: ${dir} is incomplete (it lacks ${names[0]}; an interrupted or rejected download leaves it so); ${fix}`,
        { dir, file },
      );
    }
  }
  return dir;
}

/**
 * The one way every command names a data set: resolves a `--dataset` value (see `parseDataSetSpec`:
 * `mnist` — the bundled default, `cifar10`, `cifar10:DIR`, `idx:DIR`, `mnist-full`, `fashion-mnist`),
 * loads it, and keeps seeded, class-stratified subsets of `samples` training and `testSamples` test images
 * when asked. The result is named by the spec as given. Throws `ArgumentError` for a bad spec,
 * {@link SampleCountError} (an `ArgumentError` naming the option, the count and the split's size) for a sample
 * count outside `[0, images in the split]`, `NotFoundError` when a cached data set was never downloaded or its
 * cache directory is incomplete, and the readers' `FormatError`s.
 *
 * @example
 * ```ts
 * import { loadDataSet } from 'rethink/data';
 * const data = await loadDataSet('mnist', { samples: 1000, testSamples: 500, seed: 1 });
 * console.log(data.train.n, data.test.n); // 1000 500
 * ```
 */
export async function loadDataSet(spec: string, options: LoadDataSetOptions = {}): Promise<DataSet> {
  const { samples, testSamples, seed = 0 } = options;
  const parsed = parseDataSetSpec(spec);
  const name = spec.trim();
  const root = () => options.cacheDir ?? dataCacheDir(options.env ? { env: options.env } : {});
  let data: DataSet;
  switch (parsed.kind) {
    case 'mnist':
      data = await loadBundledMnist({ seed });
      break;
    case 'cifar10':
      // Stryker disable next-line ObjectLiteral: the reader's name is never used: the result below is named by the spec itself
      data = await loadCifar10(parsed.dir ?? (await cached(root(), 'cifar10', name)), { name });
      break;
    case 'idx':
      // Stryker disable next-line ObjectLiteral: the reader's name is never used: the result below is named by the spec itself
      data = await loadIdxDir(parsed.dir, { name });
      break;
    case 'mnist-full':
      data = await loadIdxDir(parsed.dir ?? (await cached(root(), 'mnist', name)), { name, classNames: DIGIT_NAMES });
      break;
    case 'fashion-mnist':
      data = await loadIdxDir(parsed.dir ?? (await cached(root(), 'fashion-mnist', name)), {
        name,
        classNames: FASHION_NAMES,
      });
      break;
  }
  return {
    name,
    train: subset(data.train, samples, 'samples', name, seed, 'train-samples'),
    test: subset(data.test, testSamples, 'testSamples', name, seed, 'test-samples'),
  };
}
