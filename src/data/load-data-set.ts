import { join } from 'node:path';
import type { DataSet, ImageSet } from './dataset.ts';
import { ArgumentError, NotFoundError, ensure } from 'rethink/core';
import { exists } from 'rethink/core';
import { dataCacheDir } from './data-cache-dir.ts';
import { DATA_SOURCES } from './data-sources.ts';
import { loadBundledMnist } from './load-bundled-mnist.ts';
import { loadCifar10 } from './load-cifar10.ts';
import { loadIdxDir } from './load-idx-dir.ts';
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
  flag: string,
  spec: string,
  seed: number,
  stream: string,
): ImageSet {
  if (size === undefined) return set;
  ensure(
    Number.isInteger(size) && size >= 0 && size <= set.n,
    () =>
      new ArgumentError(`loadDataSet: ${flag} must be an integer in [0, ${set.n}] for ${spec}, got ${size}`, {
        [flag]: size,
        n: set.n,
      }),
  );
  return stratifiedSubset(set, size, { seed, stream });
}

async function cached(root: string, download: 'cifar10' | 'mnist' | 'fashion-mnist', spec: string): Promise<string> {
  const dir = join(root, DATA_SOURCES[download].name);
  if (!(await exists(dir))) {
    throw new NotFoundError(
      `loadDataSet: ${spec} is not in the cache (${dir}); run \`rethink data download ${download}\`, or pass ${spec}:DIR for a copy elsewhere`,
      { dir, file: dir },
    );
  }
  return dir;
}

/**
 * The one way every command names a data set: resolves a `--dataset` value (see `parseDataSetSpec`:
 * `mnist` — the bundled default, `cifar10`, `cifar10:DIR`, `idx:DIR`, `mnist-full`, `fashion-mnist`),
 * loads it, and keeps seeded, class-stratified subsets of `samples` training and `testSamples` test images
 * when asked. The result is named by the spec as given. Throws `ArgumentError` for a bad spec or sample
 * count, `NotFoundError` when a cached data set was never downloaded, and the readers' `FormatError`s.
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
