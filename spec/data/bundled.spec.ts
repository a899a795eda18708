import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError } from 'rethink/core';
import {
  BUNDLED_MNIST_SIZE,
  BUNDLED_MNIST_TEST_SIZE,
  dataChecksum,
  imageSetStats,
  loadBundledMnist,
  type DataSet,
} from 'rethink/data';
import { digitsDir } from '../../src/data/_mnist-digits.ts';

/** The package's digits decoded independently: JSON.parse and round(v · 255), per class. */
function referenceDigits(): Uint8Array[][] {
  return Array.from({ length: 10 }, (_, d) => {
    const values = (JSON.parse(readFileSync(join(digitsDir(), `${d}.json`), 'utf8')) as { data: number[] }).data;
    return Array.from({ length: values.length / 784 }, (_, i) =>
      Uint8Array.from(values.slice(i * 784, (i + 1) * 784), (v) => Math.round(v * 255)),
    );
  });
}

let data: DataSet;
let reference: Uint8Array[][];
beforeAll(async () => {
  data = await loadBundledMnist();
  reference = referenceDigits();
});

// The decoder itself (scanner and JSON path) is specified on small generated files in digits.spec.ts.
describe('loadBundledMnist (the bundled default)', () => {
  it('holds the documented 8,000 / 2,000 digits, 28 × 28 × 1 uint8, 10 classes', () => {
    expect(BUNDLED_MNIST_SIZE).toBe(10_000);
    expect(BUNDLED_MNIST_TEST_SIZE).toBe(2_000);
    expect(data.name).toBe('mnist');
    for (const [set, n] of [
      [data.train, 8000],
      [data.test, 2000],
    ] as const) {
      expect(set).toMatchObject({ n, height: 28, width: 28, channels: 1, classes: 10 });
      expect(set.images).toBeInstanceOf(Uint8Array);
      expect(set.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    }
  });

  it("class totals are the package's (863 to 1,127 per class), and the test split is stratified", () => {
    const train = imageSetStats(data.train).classCounts;
    const test = imageSetStats(data.test).classCounts;
    for (let k = 0; k < 10; k++) {
      const total = (train[k] as number) + (test[k] as number);
      expect(total).toBe(reference[k]?.length);
      expect(total >= 863 && total <= 1127).toBe(true);
      expect(Math.abs((test[k] as number) - total / 5)).toBeLessThan(1); // 2,000 / 10,000 of each class, rounded
    }
  });

  it("is exactly the package's digits as round(v · 255), each once", () => {
    const key = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
    const expected = reference.flatMap((digits, k) => digits.map((d) => `${k}:${key(d)}`)).sort();
    const actual: string[] = [];
    for (const set of [data.train, data.test]) {
      for (let i = 0; i < set.n; i++)
        actual.push(`${set.labels[i]}:${key(set.images.subarray(i * 784, (i + 1) * 784) as Uint8Array)}`);
    }
    expect(actual.sort()).toEqual(expected);
  });

  it('is seeded: the same seed gives the same split and order, another seed another', async () => {
    expect(dataChecksum(await loadBundledMnist({ seed: 0 }))).toBe(dataChecksum(data));
    const other = await loadBundledMnist({ seed: 1 });
    // Two seeds giving the same ordered split: probability far below 1e-100.
    expect(dataChecksum(other)).not.toBe(dataChecksum(data));
    expect(imageSetStats(other.test).classCounts).toEqual(imageSetStats(data.test).classCounts);
  });

  it('takes any test size in [0, 10,000] and rejects others', async () => {
    expect((await loadBundledMnist({ testSize: 0 })).train.n).toBe(10_000);
    expect((await loadBundledMnist({ testSize: 10_000 })).test.n).toBe(10_000);
    await expect(loadBundledMnist({ testSize: 10_001 })).rejects.toThrow(ArgumentError);
    await expect(loadBundledMnist({ testSize: 1.5 })).rejects.toThrow(ArgumentError);
  });
});
