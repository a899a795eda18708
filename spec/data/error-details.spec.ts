/**
 * The machine-readable side of the data module's typed errors: `details` names the offending field, value and
 * bound (the CLI prints them), on small inputs. loadDataSet's option checks are exercised on the idx fixture
 * (24 training and 12 test images), so they need no bundled-MNIST decode.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught } from '../arbitraries/assertions.ts';
import { ArgumentError, ShapeError } from 'rethink/core';
import {
  SampleCountError,
  batchToFloat32,
  dataChecksum,
  imageSet,
  loadDataSet,
  loadIdxDir,
  parseDataSetSpec,
  stratifiedSubset,
} from 'rethink/data';
import type { RethinkError } from 'rethink/core';

async function rejected<E extends RethinkError>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E,
): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

const dims = fc.record(
  {
    n: fc.integer({ min: 1, max: 4 }),
    h: fc.integer({ min: 1, max: 3 }),
    w: fc.integer({ min: 1, max: 3 }),
    c: fc.integer({ min: 1, max: 3 }),
    k: fc.integer({ min: 1, max: 4 }),
  },
  { noNullPrototype: true },
);

describe('data errors carry the offending value in their details', () => {
  it('imageSet: each non-positive or fractional dimension, and class names that do not match the count', () => {
    fc.assert(
      fc.property(
        dims,
        fc.constantFrom('height', 'width', 'channels', 'classes'),
        fc.constantFrom(0, -2, 0.5),
        ({ n, h, w, c, k }, field, value) => {
          const options = {
            images: new Uint8Array(n * h * w * c),
            labels: new Array<number>(n).fill(0),
            height: h,
            width: w,
            channels: c,
            classes: k,
          };
          const error = caught(() => imageSet({ ...options, [field]: value }), ArgumentError);
          expect(error.message).toContain(`imageSet: ${field} must be a positive integer, got ${value}`);
          expect(error.details).toEqual({ [field]: value });
          const names = caught(
            () => imageSet({ ...options, classNames: new Array<string>(k + 1).fill('x') }),
            ShapeError,
          );
          expect(names.details).toEqual({ expected: k, actual: k + 1 });
          expect(imageSet({ ...options, classNames: new Array<string>(k).fill('x') }).classNames).toHaveLength(k);
        },
      ),
    );
  });

  it('batchToFloat32: an output buffer of the wrong length names both lengths', () => {
    fc.assert(
      fc.property(dims, fc.integer({ min: 1, max: 3 }), ({ n, h, w, c, k }, extra) => {
        const set = imageSet({
          images: new Uint8Array(n * h * w * c),
          labels: new Array<number>(n).fill(0),
          height: h,
          width: w,
          channels: c,
          classes: k,
        });
        const indices = Array.from({ length: n }, (_, i) => i);
        const error = caught(() => batchToFloat32(set, indices, new Float32Array(n * h * w * c + extra)), ShapeError);
        expect(error.details).toEqual({ expected: n * h * w * c, actual: n * h * w * c + extra });
      }),
    );
  });

  it('stratifiedSubset: a size outside [0, n] names the size and n', () => {
    fc.assert(
      fc.property(dims, fc.integer({ min: 1, max: 3 }), ({ n, k }, extra) => {
        const set = imageSet({
          images: new Uint8Array(n),
          labels: Array.from({ length: n }, (_, i) => i % k),
          height: 1,
          width: 1,
          channels: 1,
          classes: k,
        });
        for (const size of [n + extra, -extra, n - 0.5]) {
          expect(caught(() => stratifiedSubset(set, size), ArgumentError).details).toEqual({ size, n });
        }
      }),
    );
  });

  it('parseDataSetSpec: the spec as given', () => {
    for (const spec of ['', ' foo ', 'mnist:/x', 'idx', 'idx:', 'cifar10:']) {
      expect(caught(() => parseDataSetSpec(spec), ArgumentError).details).toEqual({ spec });
    }
  });
});

describe('loadDataSet on a directory (the idx fixture: 24 training, 12 test images)', () => {
  it('rejects sample counts outside each split, naming the option, its value and the split size', async () => {
    for (const [options, flag, value, n] of [
      [{ samples: 25 }, 'samples', 25, 24],
      [{ samples: 2.5 }, 'samples', 2.5, 24],
      [{ testSamples: 13 }, 'testSamples', 13, 12],
      [{ testSamples: -1 }, 'testSamples', -1, 12],
    ] as const) {
      const error = await rejected(loadDataSet('idx:fixtures/idx-tiny', options), ArgumentError);
      const split = flag === 'samples' ? 'training' : 'test';
      expect(error.message).toContain(
        `loadDataSet: ${flag} must be an integer in [0, ${n}] for idx:fixtures/idx-tiny (its ${split} split holds ${n} images), got ${value}`,
      );
      expect(error.details).toEqual({ [flag]: value, n });
      // A SampleCountError: the option, the value, the split and its size, for a command line to name its flag.
      expect(error).toBeInstanceOf(SampleCountError);
      expect(error).toMatchObject({ option: flag, value, available: n, split, dataset: 'idx:fixtures/idx-tiny' });
    }
  });

  it('accepts the bounds: 0 and all of each split; all of a split is the split itself', async () => {
    const whole = await loadIdxDir('fixtures/idx-tiny');
    const all = await loadDataSet(' idx:fixtures/idx-tiny ', { samples: 24, testSamples: 12 });
    expect(all.name).toBe('idx:fixtures/idx-tiny');
    expect(dataChecksum(all)).toBe(dataChecksum(whole));
    const none = await loadDataSet('idx:fixtures/idx-tiny', { samples: 0, testSamples: 0 });
    expect([none.train.n, none.test.n]).toEqual([0, 0]);
  });
});
