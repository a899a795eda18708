/**
 * The machine-readable side of the randomizations' typed errors: every `details` object names the offending
 * field and value (the CLI and the run files report them), every malformed input is a typed error rather than a
 * crash, and each train/test mismatch is caught on its own, whichever single dimension differs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught } from '../arbitraries/assertions.ts';
import { ArgumentError, ShapeError } from 'rethink/core';
import { imageSet } from 'rethink/data';
import type { DataSet, ImageSet } from 'rethink/data';
import {
  channelStatistics,
  corruptLabels,
  gaussianPixels,
  invertPermutation,
  permutePixels,
  randomLabels,
  shufflePixels,
  trueLabels,
  uniformPixels,
} from 'rethink/randomize';

/** A valid split of `n` uint8 images of h × w × c, labels cycling through k classes. */
function split(n: number, h: number, w: number, c: number, k = 3): ImageSet {
  return imageSet({
    images: new Uint8Array(n * h * w * c),
    labels: Array.from({ length: n }, (_, i) => i % k),
    height: h,
    width: w,
    channels: c,
    classes: k,
  });
}

const dims = fc.record(
  {
    n: fc.integer({ min: 1, max: 4 }),
    h: fc.integer({ min: 1, max: 4 }),
    w: fc.integer({ min: 1, max: 4 }),
    c: fc.integer({ min: 1, max: 3 }),
  },
  { noNullPrototype: true },
);

describe('randomization errors carry the offending value in their details', () => {
  it('seed and noise scale', () => {
    const data: DataSet = { name: 'd', train: split(2, 2, 2, 1), test: split(1, 2, 2, 1) };
    for (const seed of [0.5, -1.25, NaN, 2 ** 53]) {
      expect(caught(() => randomLabels(data.train, seed), ArgumentError).details).toEqual({ seed });
      expect(caught(() => shufflePixels(data, seed), ArgumentError).details).toEqual({ seed });
    }
    for (const scale of [0, -2, NaN, -Infinity]) {
      expect(caught(() => gaussianPixels(data, 1, { scale }), ArgumentError).details).toEqual({ scale });
      expect(caught(() => uniformPixels(data, 1, { scale }), ArgumentError).details).toEqual({ scale });
    }
  });

  it('p that is not a number at all (a JavaScript caller, a JSON config) is rejected like one outside [0, 1]', () => {
    for (const p of [null, '0.5', true, [0.5]] as unknown[]) {
      const error = caught(() => corruptLabels(split(2, 1, 1, 1), p as number, 1), ArgumentError);
      expect(error.message).toContain('p must be a number in [0, 1]');
      expect(error.details).toEqual({ p });
    }
  });

  it('each malformed split field, naming the split and the field', () => {
    fc.assert(
      fc.property(
        dims,
        fc.constantFrom('height', 'width', 'channels', 'classes'),
        fc.constantFrom(0, -1, 1.5),
        ({ n, h, w, c }, field, value) => {
          const bad = { ...split(n, h, w, c), [field]: value } as ImageSet;
          expect(caught(() => trueLabels(bad), ArgumentError).details).toEqual({ split: 'input', [field]: value });
          const data: DataSet = { name: 'd', train: split(n, h, w, c), test: bad };
          expect(caught(() => shufflePixels(data, 1), ArgumentError).details).toEqual({
            split: 'test',
            [field]: value,
          });
        },
      ),
    );
  });

  it('a wrong pixel type, a wrong or missing label array, a wrong buffer size, an empty split', () => {
    fc.assert(
      fc.property(dims, fc.integer({ min: 1, max: 3 }), ({ n, h, w, c }, extra) => {
        const good = split(n, h, w, c);
        const asInput = (bad: ImageSet, type: typeof ShapeError | typeof ArgumentError) =>
          caught(() => trueLabels(bad), type);
        expect(
          asInput({ ...good, images: new Uint16Array(n * h * w * c) as unknown as Uint8Array }, ArgumentError).details,
        ).toEqual({ split: 'input' });
        const shortLabels = asInput({ ...good, labels: new Int32Array(n - 1) }, ShapeError);
        expect(shortLabels.details).toEqual({ split: 'input', expected: n, actual: n - 1 });
        // Labels missing altogether (untyped callers): still a ShapeError naming the split, not a TypeError.
        const missing = asInput({ ...good, labels: undefined as unknown as Int32Array }, ShapeError);
        expect(missing.message).toContain(`input has n = ${n} but undefined labels`);
        expect(missing.details).toEqual({ split: 'input', expected: n, actual: undefined });
        const long = asInput({ ...good, images: new Uint8Array(n * h * w * c + extra) }, ShapeError);
        expect(long.details).toEqual({ split: 'input', expected: [n, h, w, c], actual: n * h * w * c + extra });
        const empty = asInput({ ...good, images: new Uint8Array(0), labels: new Int32Array(0), n: 0 }, ShapeError);
        expect(empty.details).toEqual({ split: 'input', n: 0 });
      }),
    );
  });

  it('train and test that differ in height only, width only, channels only, or classes only', () => {
    fc.assert(
      fc.property(
        dims,
        fc.constantFrom('height', 'width', 'channels'),
        fc.integer({ min: 1, max: 3 }),
        ({ n, h, w, c }, field, delta) => {
          const size = { height: h, width: w, channels: c };
          const other = { ...size, [field]: size[field] + delta };
          const train = split(n, h, w, c);
          const test = split(1, other.height, other.width, other.channels);
          for (const run of [(d: DataSet) => shufflePixels(d, 1), (d: DataSet) => uniformPixels(d, 1)]) {
            const error = caught(() => run({ name: 'm', train, test }), ShapeError);
            expect(error.details).toEqual({ train: [h, w, c], test: [other.height, other.width, other.channels] });
          }
          const moreClasses = split(1, h, w, c, 3 + delta);
          expect(caught(() => shufflePixels({ name: 'k', train, test: moreClasses }, 1), ShapeError).details).toEqual({
            train: 3,
            test: 3 + delta,
          });
        },
      ),
    );
  });

  it('channelStatistics: mixed channel counts name both, and nothing to measure names how many sets were given', () => {
    fc.assert(
      fc.property(dims, fc.integer({ min: 1, max: 2 }), ({ n, h, w, c }, delta) => {
        const error = caught(() => channelStatistics([split(n, h, w, c), split(1, h, w, c + delta)]), ShapeError);
        expect(error.details).toEqual({ expected: c, actual: c + delta });
        const empty = split(1, h, w, c);
        const none = { ...empty, images: new Uint8Array(0), labels: new Int32Array(0), n: 0 };
        expect(caught(() => channelStatistics(Array.from({ length: delta }, () => none)), ShapeError).details).toEqual({
          sets: delta,
        });
      }),
    );
    expect(caught(() => channelStatistics([]), ShapeError).details).toEqual({ sets: 0 });
  });
});

describe('permutation errors name the first bad entry and what is wrong with it', () => {
  /** A permutation of 0 … L−1 (L ≥ 2) from a shuffle key, and two distinct positions in it. */
  const permCase = fc.integer({ min: 2, max: 8 }).chain((length) =>
    fc.record(
      {
        perm: fc.array(fc.nat(), { minLength: length, maxLength: length }).map((keys) =>
          keys
            .map((key, i) => ({ key, i }))
            .sort((a, b) => a.key - b.key || a.i - b.i)
            .map(({ i }) => i),
        ),
        at: fc.integer({ min: 0, max: length - 1 }),
        other: fc.integer({ min: 1, max: length - 1 }),
      },
      { noNullPrototype: true },
    ),
  );

  it('a repeated entry (0 included) is "a repeat" at its second occurrence', () => {
    fc.assert(
      fc.property(permCase, ({ perm, at, other }) => {
        const j = (at + other) % perm.length;
        const bad = [...perm];
        bad[j] = perm[at] as number;
        const index = Math.max(at, j);
        const error = caught(() => invertPermutation(bad), ArgumentError);
        expect(error.message).toContain(`entry ${perm[at]} at index ${index} is a repeat`);
        expect(error.details).toEqual({ index, value: perm[at] });
      }),
    );
    expect(caught(() => invertPermutation([0, 0]), ArgumentError).message).toContain('entry 0 at index 1 is a repeat');
  });

  it('an entry outside [0, L) or not an integer is named as such, even when it lies between two valid entries', () => {
    fc.assert(
      fc.property(permCase, fc.constantFrom(-1, 0.5, 1.5, 'L', 'L+0.5'), ({ perm, at }, kind) => {
        const L = perm.length;
        const value = kind === 'L' ? L : kind === 'L+0.5' ? L + 0.5 : (kind as number);
        const bad = [...perm];
        bad[at] = value;
        const error = caught(() => invertPermutation(bad), ArgumentError);
        expect(error.message).toContain(`entry ${value} at index ${at} is not an integer in [0, ${L})`);
        expect(error.details).toEqual({ index: at, value });
      }),
    );
  });

  it('a permutation of the wrong length names both lengths', () => {
    fc.assert(
      fc.property(dims, fc.integer({ min: 1, max: 3 }), ({ h, w }, extra) => {
        const positions = h * w;
        const error = caught(
          () =>
            permutePixels(
              split(1, h, w, 1),
              Array.from({ length: positions + extra }, (_, i) => i),
            ),
          ShapeError,
        );
        expect(error.details).toEqual({ expected: positions, actual: positions + extra });
      }),
    );
  });
});
