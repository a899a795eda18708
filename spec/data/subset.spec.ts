import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from 'rethink/core';
import { imageSet, imageSetStats, stratifiedSubset, type ImageSet } from 'rethink/data';
import { classQuotas } from '../../src/data/_stratify.ts';
import { labelsCase } from './_arbitraries.ts';

/** An image set whose image i holds the bytes of i (so picked images reveal their index). */
function indexed(labels: number[], classes: number, float = false): ImageSet {
  const images = float ? new Float32Array(labels.length * 2) : new Uint8Array(labels.length * 2);
  labels.forEach((_, i) => {
    images[2 * i] = i & 0xff;
    images[2 * i + 1] = i >> 8;
  });
  return imageSet({ images, labels, height: 1, width: 2, channels: 1, classes });
}

const setAndSize = fc
  .integer({ min: 1, max: 6 })
  .chain((classes) => fc.tuple(fc.constant(classes), labelsCase(classes, 300), fc.boolean()))
  .chain(([classes, labels, float]) =>
    fc.record({
      set: fc.constant(indexed(labels, classes, float)),
      size: fc.integer({ min: 0, max: labels.length }),
      seed: fc.integer(),
    }),
  );

describe('classQuotas', () => {
  it('sums to the size, stays within one of each exact share, and never exceeds a class', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }).chain((counts) => {
          const total = counts.reduce((a, b) => a + b, 0);
          return fc.tuple(fc.constant(counts), fc.integer({ min: 0, max: total }));
        }),
        ([counts, size]) => {
          const total = counts.reduce((a, b) => a + b, 0);
          const quotas = classQuotas(counts, size);
          expect(quotas.reduce((a, b) => a + b, 0)).toBe(total === 0 ? 0 : size);
          quotas.forEach((q, k) => {
            const share = total === 0 ? 0 : (size * (counts[k] as number)) / total;
            expect(q >= Math.floor(share) && q <= Math.ceil(share)).toBe(true);
            expect(q).toBeLessThanOrEqual(counts[k] as number);
          });
        },
      ),
    );
  });
});

describe('classQuotas edge cases', () => {
  it('gives zero quotas when there is nothing to split', () => {
    expect(classQuotas([0, 0, 0], 0)).toEqual([0, 0, 0]);
    expect(classQuotas([], 0)).toEqual([]);
  });
});

describe('stratifiedSubset', () => {
  it('keeps `size` images, class counts within one of the exact share, each a distinct image of the set in its order', () => {
    fc.assert(
      fc.property(setAndSize, ({ set, size, seed }) => {
        const sub = stratifiedSubset(set, size, { seed });
        expect(sub.n).toBe(size);
        const full = imageSetStats(set).classCounts;
        imageSetStats(sub).classCounts.forEach((c, k) => {
          expect(Math.abs(c - (size * (full[k] as number)) / set.n)).toBeLessThan(1);
        });
        let previous = -1;
        for (let j = 0; j < sub.n; j++) {
          const i = (sub.images[2 * j] as number) + 256 * (sub.images[2 * j + 1] as number);
          expect(i).toBeGreaterThan(previous); // distinct and in the set's order
          expect(sub.labels[j]).toBe(set.labels[i]);
          previous = i;
        }
        expect(sub.images.constructor).toBe(set.images.constructor);
      }),
    );
  });

  it('is deterministic per seed and stream, and returns the set itself at full size', () => {
    fc.assert(
      fc.property(setAndSize, ({ set, size, seed }) => {
        expect(stratifiedSubset(set, size, { seed, stream: 's' })).toStrictEqual(
          stratifiedSubset(set, size, { seed, stream: 's' }),
        );
        expect(stratifiedSubset(set, set.n)).toBe(set);
      }),
    );
  });

  it('draws uniformly within a class: every image of a class is eventually picked', () => {
    // 40 images of one class, 4 picked per seed, 200 seeds: a given image is missed with probability
    // (36/40)^200 < 1e-9, so some image is missed with probability < 40 · 1e-9.
    const set = indexed(new Array<number>(40).fill(0), 1);
    const seen = new Set<number>();
    for (let seed = 0; seed < 200; seed++) {
      const sub = stratifiedSubset(set, 4, { seed });
      for (let j = 0; j < 4; j++) seen.add(sub.images[2 * j] as number);
    }
    expect(seen.size).toBe(40);
  });

  it('rejects sizes outside [0, n] and fractional sizes', () => {
    const set = indexed([0, 1, 0], 2);
    for (const size of [-1, 4, 1.5, Number.NaN]) expect(() => stratifiedSubset(set, size)).toThrow(ArgumentError);
    expect(stratifiedSubset(set, 0).n).toBe(0);
  });

  it('keeps class names', () => {
    const set = imageSet({
      images: new Uint8Array(4),
      labels: [0, 1, 0, 1],
      height: 1,
      width: 1,
      channels: 1,
      classes: 2,
      classNames: ['a', 'b'],
    });
    expect(stratifiedSubset(set, 2).classNames).toEqual(['a', 'b']);
  });
});
