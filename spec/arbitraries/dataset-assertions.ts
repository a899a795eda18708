/**
 * Reusable properties of data-set transforms (companions of `assertions.ts`): "shapes preserved" and
 * "the other half untouched" (label transforms share the images, pixel transforms share the labels).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { DataSet, ImageSet } from 'rethink/data';

/** What the output pixel type must be: the input's (`'same'`) or float32. */
export type DtypeRule = 'same' | 'float32';

/** Asserts `after` has the shape, class count and class names of `before`, and the pixel type the rule asks. */
export function expectSplitShapePreserved(before: ImageSet, after: ImageSet, dtype: DtypeRule): void {
  expect(after.n).toBe(before.n);
  expect([after.height, after.width, after.channels]).toEqual([before.height, before.width, before.channels]);
  expect(after.classes).toBe(before.classes);
  expect(after.classNames).toEqual(before.classNames);
  expect(after.images.length).toBe(before.images.length);
  expect(after.labels).toBeInstanceOf(Int32Array);
  expect(after.labels.length).toBe(before.labels.length);
  const expected = dtype === 'float32' ? Float32Array : before.images.constructor;
  expect(after.images.constructor).toBe(expected);
}

/** "Shapes preserved" for split transforms: `run(set, seed)` keeps n, H, W, C, k, class names and the pixel type rule. */
export function assertSplitShapesPreserved(
  inputs: fc.Arbitrary<ImageSet>,
  run: (set: ImageSet, seed: number) => ImageSet,
  dtype: DtypeRule,
  parameters: fc.Parameters<[ImageSet, number]> = {},
): void {
  fc.assert(
    fc.property(inputs, fc.integer(), (set, seed) => {
      expectSplitShapePreserved(set, run(set, seed), dtype);
    }),
    parameters,
  );
}

/** "Shapes preserved" for data-set transforms: both splits, and the data set's name. */
export function assertDataSetShapesPreserved(
  inputs: fc.Arbitrary<DataSet>,
  run: (data: DataSet, seed: number) => DataSet,
  dtype: DtypeRule,
  parameters: fc.Parameters<[DataSet, number]> = {},
): void {
  fc.assert(
    fc.property(inputs, fc.integer(), (data, seed) => {
      const out = run(data, seed);
      expect(out.name).toBe(data.name);
      expectSplitShapePreserved(data.train, out.train, dtype);
      expectSplitShapePreserved(data.test, out.test, dtype);
    }),
    parameters,
  );
}

/**
 * Which arrays a transform may replace: `'labels'` (a label transform: images must be the very same array),
 * `'images'` (a pixel transform: labels the very same array), per split.
 */
export function assertOnlyChanges(
  inputs: fc.Arbitrary<DataSet>,
  run: (data: DataSet, seed: number) => DataSet,
  changes: { readonly train: 'labels' | 'images' | 'nothing'; readonly test: 'labels' | 'images' | 'nothing' },
  parameters: fc.Parameters<[DataSet, number]> = {},
): void {
  fc.assert(
    fc.property(inputs, fc.integer(), (data, seed) => {
      const out = run(data, seed);
      for (const split of ['train', 'test'] as const) {
        if (changes[split] !== 'images') expect(out[split].images).toBe(data[split].images);
        if (changes[split] !== 'labels') expect(out[split].labels).toBe(data[split].labels);
      }
    }),
    parameters,
  );
}
