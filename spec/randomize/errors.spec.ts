import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught as expectError } from '../arbitraries/assertions.ts';
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
import type { Condition } from 'rethink/randomize';

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
        () => gaussianPixels(good, 1, { scale }),
        ArgumentError,
        'gaussianPixels',
        'scale must be a positive finite number',
        String(scale),
      );
      expectError(() => uniformPixels(good, 1, { scale }), ArgumentError, 'uniformPixels', 'scale', String(scale));
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
      const out = run(data, 3) as { dataSet: DataSet };
      expect([...buffer]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(Buffer.isBuffer(out.dataSet.train.images)).toBe(false);
    }
    expect(Buffer.isBuffer(permutePixels(set, [3, 2, 1, 0]).images)).toBe(false);
  });

  it('an empty test split is allowed for pixel transforms', () => {
    const empty = imageSet({ images: new Uint8Array(0), labels: [], height: 2, width: 2, channels: 1, classes: 2 });
    for (const [, run] of pixelTransforms)
      expect(() => run({ name: 'no-test', train: split, test: empty }, 1)).not.toThrow();
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
