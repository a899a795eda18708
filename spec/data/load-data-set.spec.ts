import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import envPaths from 'env-paths';
import { ArgumentError, NotFoundError } from 'rethink/core';
import {
  dataCacheDir,
  dataChecksum,
  imageSetStats,
  loadCifar10,
  loadDataSet,
  loadIdxDir,
  parseDataSetSpec,
  stratifiedSubset,
} from 'rethink/data';

let cache: string;
beforeAll(async () => {
  cache = await mkdtemp(join(tmpdir(), 'rethink-cache-'));
});
afterAll(async () => {
  await rm(cache, { recursive: true, force: true });
});

describe('parseDataSetSpec', () => {
  it.each([
    ['mnist', { kind: 'mnist' }],
    [' mnist ', { kind: 'mnist' }],
    ['cifar10', { kind: 'cifar10' }],
    ['cifar10:/data/c', { kind: 'cifar10', dir: '/data/c' }],
    ['idx:rel/dir', { kind: 'idx', dir: 'rel/dir' }],
    ['idx:C:\\data', { kind: 'idx', dir: 'C:\\data' }],
    ['mnist-full', { kind: 'mnist-full' }],
    ['mnist-full:/m', { kind: 'mnist-full', dir: '/m' }],
    ['fashion-mnist', { kind: 'fashion-mnist' }],
    ['fashion-mnist:/f', { kind: 'fashion-mnist', dir: '/f' }],
  ])('parses %j', (spec, expected) => {
    expect(parseDataSetSpec(spec)).toEqual(expected);
  });

  it.each(['', 'foo', 'mnist:/x', 'idx', 'idx:', 'cifar10:', 'CIFAR10'])(
    'rejects %j, listing the accepted forms',
    (spec) => {
      expect(() => parseDataSetSpec(spec)).toThrow(ArgumentError);
      expect(() => parseDataSetSpec(spec)).toThrow(/accepted: mnist, cifar10, cifar10:DIR, idx:DIR/);
    },
  );
});

describe('dataCacheDir', () => {
  it('takes --dir first, then RETHINK_DATA, then the user cache directory, always absolute', () => {
    expect(dataCacheDir({ dir: '/a', env: { RETHINK_DATA: '/b' } })).toBe('/a');
    expect(dataCacheDir({ env: { RETHINK_DATA: '/b' } })).toBe('/b');
    expect(dataCacheDir({ dir: 'rel', env: {} })).toBe(resolve('rel'));
    expect(dataCacheDir({ dir: '', env: { RETHINK_DATA: '' } })).toBe(envPaths('rethink', { suffix: '' }).cache);
    expect(dataCacheDir({ env: {} })).toBe(envPaths('rethink', { suffix: '' }).cache);
    expect(dataCacheDir()).toBe(resolve(process.env.RETHINK_DATA || envPaths('rethink', { suffix: '' }).cache));
  });
});

describe('loadDataSet', () => {
  it('loads the bundled default with seeded, class-stratified subsets', async () => {
    const data = await loadDataSet('mnist', { samples: 100, testSamples: 50, seed: 3 });
    expect([data.name, data.train.n, data.test.n]).toEqual(['mnist', 100, 50]);
    const full = await loadDataSet('mnist', { seed: 3 });
    expect(dataChecksum(data.train)).toBe(
      dataChecksum(stratifiedSubset(full.train, 100, { seed: 3, stream: 'train-samples' })),
    );
    expect(dataChecksum(data.test)).toBe(
      dataChecksum(stratifiedSubset(full.test, 50, { seed: 3, stream: 'test-samples' })),
    );
    const counts = imageSetStats(full.train).classCounts;
    imageSetStats(data.train).classCounts.forEach((c, k) =>
      expect(Math.abs(c - (100 * (counts[k] as number)) / 8000)).toBeLessThan(1),
    );
    expect(dataChecksum(await loadDataSet('mnist', { samples: 100, testSamples: 50, seed: 3 }))).toBe(
      dataChecksum(data),
    );
  });

  it('rejects sample counts outside the split, naming the option', async () => {
    await expect(loadDataSet('mnist', { samples: 8001 })).rejects.toThrow(/samples must be an integer in \[0, 8000\]/);
    await expect(loadDataSet('mnist', { testSamples: -1 })).rejects.toThrow(ArgumentError);
    await expect(loadDataSet('mnist', { samples: 2.5 })).rejects.toThrow(ArgumentError);
    await expect(loadDataSet('nope')).rejects.toThrow(ArgumentError);
  });

  it('reads cifar10:DIR and idx:DIR, named as given', async () => {
    const cifar = await loadDataSet('cifar10:fixtures/cifar10-tiny');
    expect(cifar.name).toBe('cifar10:fixtures/cifar10-tiny');
    expect(dataChecksum(cifar)).toBe(dataChecksum(await loadCifar10('fixtures/cifar10-tiny')));
    const idx = await loadDataSet('idx:fixtures/idx-tiny', { samples: 10, testSamples: 12 });
    expect([idx.train.n, idx.test.n]).toEqual([10, 12]);
    expect(idx.train.classNames).toBeUndefined();
  });

  it('says how to download a data set missing from the cache', async () => {
    for (const [spec, command] of [
      ['cifar10', 'cifar10'],
      ['mnist-full', 'mnist'],
      ['fashion-mnist', 'fashion-mnist'],
    ] as const) {
      const e = await loadDataSet(spec, { cacheDir: cache }).catch((error: unknown) => error);
      expect(e).toBeInstanceOf(NotFoundError);
      expect((e as Error).message).toContain(`rethink data download ${command}`);
      expect((e as NotFoundError).details.dir).toBe(join(cache, command));
    }
  });

  it('says an incomplete cache directory is not in the cache, with the command that fetches it (#16.17)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rethink-partial-'));
    try {
      await mkdir(join(root, 'cifar10'));
      await writeFile(join(root, 'cifar10', 'cifar-10-binary.tar.gz.rejected'), 'garbage');
      await cp('fixtures/idx-tiny', join(root, 'mnist'), { recursive: true });
      await rm(join(root, 'mnist', 't10k-labels-idx1-ubyte.gz'));
      for (const [spec, command, lacks] of [
        ['cifar10', 'cifar10', 'data_batch_1.bin'],
        ['mnist-full', 'mnist', 't10k-labels-idx1-ubyte'],
      ] as const) {
        const e = await loadDataSet(spec, { cacheDir: root }).catch((error: unknown) => error);
        expect(e).toBeInstanceOf(NotFoundError);
        const dir = join(root, command);
        expect((e as Error).message).toBe(
          `loadDataSet: ${spec} is not in the cache: ${dir} is incomplete (it lacks ${lacks}; an interrupted or rejected download leaves it so); run \`rethink data download ${command}\`, or pass ${spec}:DIR for a copy elsewhere`,
        );
        expect((e as NotFoundError).details).toEqual({ dir, file: join(dir, lacks) });
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('reads cifar10, mnist-full and fashion-mnist from the cache (cacheDir, else RETHINK_DATA)', async () => {
    await cp('fixtures/cifar10-tiny', join(cache, 'cifar10'), { recursive: true });
    await cp('fixtures/idx-tiny', join(cache, 'mnist'), { recursive: true });
    await cp('fixtures/idx-tiny', join(cache, 'fashion-mnist'), { recursive: true });
    expect((await loadDataSet('cifar10', { cacheDir: cache })).train.n).toBe(5);
    const viaEnv = await loadDataSet('cifar10', { env: { RETHINK_DATA: cache } });
    expect(viaEnv.name).toBe('cifar10');
    vi.stubEnv('RETHINK_DATA', cache);
    try {
      expect((await loadDataSet('cifar10')).test.n).toBe(2); // process.env by default
    } finally {
      vi.unstubAllEnvs();
    }
    const digits = await loadDataSet('mnist-full', { cacheDir: cache });
    expect(digits.train.classNames?.[9]).toBe('9');
    const fashion = await loadDataSet('fashion-mnist', { cacheDir: cache });
    expect(fashion.train.classNames?.[9]).toBe('Ankle boot');
    expect(dataChecksum(fashion)).toBe(dataChecksum(await loadIdxDir('fixtures/idx-tiny')));
    expect((await loadDataSet('fashion-mnist:fixtures/idx-tiny')).test.n).toBe(12);
    expect((await loadDataSet('mnist-full:fixtures/idx-tiny')).test.n).toBe(12);
  });
});
