/**
 * The machine-readable side of the randomizations' typed errors: every `details` object names the offending
 * field and value (the CLI and the run files report them), every malformed input is a typed error rather than a
 * crash, and each train/test mismatch is caught on its own, whichever single dimension differs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught as expectError, caught } from '../arbitraries/assertions.ts';
import { ArgumentError, ShapeError } from 'rethink/core';
import { imageSet } from 'rethink/data';
import type { DataSet, ImageSet } from 'rethink/data';
import {
  applyCondition,
  channelStatistics,
  corruptLabels,
  gaussianPixels,
  invertPermutation,
  permutePixels,
  randomLabels,
  randomPixels,
  shufflePixels,
  summarizeIndices,
  trueLabels,
  uniformPixels,
} from 'rethink/randomize';
import type { Condition } from 'rethink/core';

describe('messages: each names the function and the offending value', () => {
  const split = imageSet({
    images: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8),
    labels: [0, 1],
    height: 2,
    width: 2,
    channels: 1,
    classes: 2,
  });
  const good: DataSet = { name: 'good', train: split, test: split };

  const pixelTransforms: [string, (d: DataSet, seed: number) => unknown][] = [
    ['shufflePixels', (d, s) => shufflePixels(d, s)],
    ['randomPixels', (d, s) => randomPixels(d, s)],
    ['gaussianPixels', (d, s) => gaussianPixels(d, s)],
    ['uniformPixels', (d, s) => uniformPixels(d, s)],
  ];
  const labelTransforms: [string, (set: ImageSet, seed: number) => unknown][] = [
    ['trueLabels', (set, s) => trueLabels(set, s)],
    ['corruptLabels', (set, s) => corruptLabels(set, 0.5, s)],
    ['randomLabels', (set, s) => randomLabels(set, s)],
  ];

  describe('typed errors name the function and the offending value', () => {
    it('p outside [0, 1] or NaN', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.double({ min: 1, max: 1e9, minExcluded: true }),
            fc.double({ min: -1e9, max: -Number.MIN_VALUE }),
            fc.constantFrom(NaN, Infinity, -Infinity),
          ),
          (p) => {
            const error = expectError(
              () => corruptLabels(split, p, 1),
              ArgumentError,
              'corruptLabels',
              'p must be a number in [0, 1]',
              String(p),
            );
            expect(error.details).toEqual({ p });
            expectError(
              () => applyCondition(good, { kind: 'corrupt-labels', p }, 1),
              ArgumentError,
              'corruptLabels',
              String(p),
            );
          },
        ),
      );
    });

    it('a seed that is not a safe integer', () => {
      for (const seed of [1.5, NaN, Infinity, 2 ** 53]) {
        for (const [name, run] of pixelTransforms)
          expectError(() => run(good, seed), ArgumentError, name, 'seed', String(seed));
        for (const [name, run] of labelTransforms)
          expectError(() => run(split, seed), ArgumentError, name, 'seed', String(seed));
        expectError(
          () => applyCondition(good, { kind: 'random-labels' }, seed),
          ArgumentError,
          'applyCondition',
          String(seed),
        );
      }
    });

    it('an empty data set (no training images)', () => {
      const empty = imageSet({ images: new Uint8Array(0), labels: [], height: 2, width: 2, channels: 1, classes: 2 });
      for (const [name, run] of pixelTransforms)
        expectError(() => run({ name: 'e', train: empty, test: split }, 1), ShapeError, name, 'train split is empty');
      for (const [name, run] of labelTransforms) expectError(() => run(empty, 1), ShapeError, name, 'empty');
      expectError(
        () => applyCondition({ name: 'e', train: empty, test: empty }, { kind: 'true-labels' }, 1),
        ShapeError,
        'applyCondition',
        'empty',
      );
      expectError(() => channelStatistics([]), ShapeError, 'channelStatistics', 'no images');
    });

    it('labels outside [0, k), naming index and label', () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.integer({ min: 2, max: 1000 }), fc.integer({ min: -1000, max: -1 })),
          fc.integer({ min: 0, max: 1 }),
          (label, index) => {
            const labels = Int32Array.of(0, 1);
            labels[index] = label;
            const bad: ImageSet = { ...split, labels };
            for (const [name, run] of labelTransforms) {
              const error = expectError(
                () => run(bad, 1),
                ArgumentError,
                name,
                `label ${label} at index ${index}`,
                '[0, 2)',
              );
              expect(error.details).toMatchObject({ index, label, classes: 2 });
            }
            for (const [name, run] of pixelTransforms)
              expectError(() => run({ name: 'b', train: split, test: bad }, 1), ArgumentError, name, 'test label');
          },
        ),
        { numRuns: 20 },
      );
    });

    it('mismatched image sizes or class counts between splits', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: 1, max: 4 }),
          (h, w, c) => {
            fc.pre(h !== 2 || w !== 2 || c !== 1);
            const other = imageSet({
              images: new Uint8Array(h * w * c),
              labels: [0],
              height: h,
              width: w,
              channels: c,
              classes: 2,
            });
            for (const [name, run] of pixelTransforms) {
              const error = expectError(
                () => run({ name: 'm', train: split, test: other }, 1),
                ShapeError,
                name,
                'train images are 2×2×1',
                `test images are ${h}×${w}×${c}`,
              );
              expect(error.details).toEqual({ train: [2, 2, 1], test: [h, w, c] });
            }
            expectError(
              () => applyCondition({ name: 'm', train: split, test: other }, { kind: 'random-labels' }, 1),
              ShapeError,
              'applyCondition',
              `${h}×${w}×${c}`,
            );
          },
        ),
        { numRuns: 20 },
      );
      const threeClasses = imageSet({
        images: new Uint8Array(4),
        labels: [2],
        height: 2,
        width: 2,
        channels: 1,
        classes: 3,
      });
      for (const [name, run] of pixelTransforms)
        expectError(() => run({ name: 'k', train: split, test: threeClasses }, 1), ShapeError, name, '2 classes', '3');
    });

    it('inconsistent splits: wrong buffer size, label count, dimensions or pixel type', () => {
      const cases: [ImageSet, typeof ShapeError | typeof ArgumentError, string][] = [
        [{ ...split, images: new Uint8Array(7) }, ShapeError, 'images hold 7 values, expected 2 × 2 × 2 × 1 = 8'],
        [{ ...split, labels: Int32Array.of(0) }, ShapeError, 'n = 2 but 1 labels'],
        [{ ...split, height: 0 }, ArgumentError, 'height must be a positive integer, got 0'],
        [{ ...split, classes: 1.5 }, ArgumentError, 'classes must be a positive integer, got 1.5'],
        [
          { ...split, images: new Uint16Array(8) as unknown as Uint8Array },
          ArgumentError,
          'images must be a Uint8Array or Float32Array',
        ],
      ];
      for (const [bad, type, fragment] of cases) {
        for (const [name, run] of labelTransforms) expectError(() => run(bad, 1), type, name, fragment);
        for (const [name, run] of pixelTransforms)
          expectError(() => run({ name: 'i', train: bad, test: split }, 1), type, name, `train`, fragment);
      }
    });

    it('non-finite pixels for the noise transforms, and a bad uniform range', () => {
      const nan = imageSet({
        images: Float32Array.of(0, NaN, 1, 2, 3, 4, 5, 6),
        labels: [0, 1],
        height: 2,
        width: 2,
        channels: 1,
        classes: 2,
      });
      const inf = imageSet({
        images: Float32Array.of(0, 1, Infinity, 2, 3, 4, 5, 6),
        labels: [0, 1],
        height: 2,
        width: 2,
        channels: 1,
        classes: 2,
      });
      for (const bad of [nan, inf]) {
        expectError(
          () => gaussianPixels({ name: 'n', train: bad, test: bad }, 1),
          ArgumentError,
          'gaussianPixels',
          'channel 0',
          'non-finite',
        );
        expectError(
          () => uniformPixels({ name: 'n', train: bad, test: bad }, 1),
          ArgumentError,
          'uniformPixels',
          'range must be finite',
          'observed',
        );
      }
      for (const range of [
        [1, 0],
        [NaN, 1],
        [0, Infinity],
      ] as [number, number][]) {
        expectError(
          () => uniformPixels(good, 1, { range }),
          ArgumentError,
          'uniformPixels',
          `[${range[0]}, ${range[1]}]`,
          'option',
        );
      }
    });

    it('a noise scale that is not positive and finite', () => {
      for (const scale of [0, -1, NaN, Infinity]) {
        expectError(
          () => gaussianPixels(good, 1, { noiseScale: scale }),
          ArgumentError,
          'gaussianPixels',
          'noiseScale must be a positive finite number',
          String(scale),
        );
        expectError(
          () => uniformPixels(good, 1, { noiseScale: scale }),
          ArgumentError,
          'uniformPixels',
          'noiseScale',
          String(scale),
        );
        expectError(
          () => applyCondition(good, { kind: 'gaussian-pixels' }, 1, { noiseScale: scale }),
          ArgumentError,
          'gaussianPixels',
          String(scale),
        );
      }
    });

    it('bad permutations, naming the first bad entry', () => {
      expectError(() => permutePixels(split, [0, 1, 2]), ShapeError, 'permutePixels', '3 entries, expected 4');
      expectError(
        () => permutePixels(split, [0, 1, 1, 3]),
        ArgumentError,
        'permutePixels',
        'entry 1 at index 2 is a repeat',
      );
      expectError(
        () => permutePixels(split, [0, 1, 4, 3]),
        ArgumentError,
        'permutePixels',
        'entry 4 at index 2 is not an integer in [0, 4)',
      );
      expectError(() => invertPermutation([0, -1]), ArgumentError, 'invertPermutation', 'entry -1 at index 1');
      expectError(() => invertPermutation([0.5, 1]), ArgumentError, 'invertPermutation', 'entry 0.5 at index 0');
    });

    it('channelStatistics of images with different channel counts', () => {
      const rgb = imageSet({ images: new Uint8Array(3), labels: [0], height: 1, width: 1, channels: 3, classes: 2 });
      expectError(() => channelStatistics([split, rgb]), ShapeError, 'channelStatistics', '3 and 1 channels');
    });

    it('a bad listLimit, and an unknown condition kind', () => {
      expectError(() => summarizeIndices([1], { listLimit: -1 }), ArgumentError, 'summarizeIndices', 'listLimit', '-1');
      expectError(() => corruptLabels(split, 0.5, 1, { listLimit: 0.5 }), ArgumentError, 'listLimit', '0.5');
      const error = expectError(
        () => applyCondition(good, { kind: 'blurred-pixels' } as unknown as Condition, 1),
        ArgumentError,
        'applyCondition',
        '"blurred-pixels"',
        'true-labels',
      );
      expect(error.details).toEqual({ kind: 'blurred-pixels' });
    });
  });

  describe('edge values', () => {
    it('p = −0 and a range of [−0, 1] are recorded as +0 (JSON has no −0)', () => {
      expect(Object.is(corruptLabels(split, -0, 1).record.p, 0)).toBe(true);
      expect(Object.is(uniformPixels(good, 1, { range: [-0, 1] }).record.range[0], 0)).toBe(true);
      expect(Object.is(trueLabels(split, -0).record.seed, 0)).toBe(true);
    });

    it('a Node Buffer as pixel array (a Uint8Array whose slice() is a view) is left unchanged; outputs are plain arrays', () => {
      const buffer = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
      const set: ImageSet = { ...split, images: buffer };
      const data: DataSet = { name: 'buffer', train: set, test: set };
      for (const [, run] of pixelTransforms) {
        const out = run(data, 3) as { set: DataSet };
        expect([...buffer]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(Buffer.isBuffer(out.set.train.images)).toBe(false);
      }
      expect(Buffer.isBuffer(permutePixels(set, [3, 2, 1, 0]).images)).toBe(false);
    });

    it('an empty test split is allowed for pixel transforms', () => {
      const empty = imageSet({ images: new Uint8Array(0), labels: [], height: 2, width: 2, channels: 1, classes: 2 });
      for (const [, run] of pixelTransforms) {
        const { set } = run({ name: 'no-test', train: split, test: empty }, 1) as { set: DataSet };
        expect([set.test.n, set.test.images.length, set.train.n]).toStrictEqual([0, 0, split.n]);
        expect(set.train.images.length).toBe(split.images.length);
      }
    });

    it('k = 1: random labels leave the single class in place', () => {
      const one = imageSet({
        images: new Uint8Array(3),
        labels: [0, 0, 0],
        height: 1,
        width: 1,
        channels: 1,
        classes: 1,
      });
      const { set, record } = randomLabels(one, 4);
      expect([...set.labels]).toEqual([0, 0, 0]);
      expect(record.changed).toBe(0);
    });
  });
});

describe('details: the fields at fault, machine-readable', () => {
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
        expect(caught(() => gaussianPixels(data, 1, { noiseScale: scale }), ArgumentError).details).toEqual({
          noiseScale: scale,
        });
        expect(caught(() => uniformPixels(data, 1, { noiseScale: scale }), ArgumentError).details).toEqual({
          noiseScale: scale,
        });
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
            asInput({ ...good, images: new Uint16Array(n * h * w * c) as unknown as Uint8Array }, ArgumentError)
              .details,
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
            expect(caught(() => shufflePixels({ name: 'k', train, test: moreClasses }, 1), ShapeError).details).toEqual(
              {
                train: 3,
                test: 3 + delta,
              },
            );
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
          expect(
            caught(() => channelStatistics(Array.from({ length: delta }, () => none)), ShapeError).details,
          ).toEqual({
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
      expect(caught(() => invertPermutation([0, 0]), ArgumentError).message).toContain(
        'entry 0 at index 1 is a repeat',
      );
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
});
