/**
 * Boundaries and messages that the broader properties do not pin down: the exact corruption threshold, −0 in
 * a recorded range, the split named by the single-split functions, applyCondition's own checks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError, createRng } from 'rethink/core';
import { imageSet } from 'rethink/data';
import type { DataSet, ImageSet } from 'rethink/data';
import {
  applyCondition,
  corruptLabels,
  invertPermutation,
  permutePixels,
  shufflePixels,
  uniformPixels,
} from 'rethink/randomize';
import { CONDITION_KINDS } from 'rethink/core';
import type { Condition } from 'rethink/core';
import { caught } from '../arbitraries/assertions.ts';

const split = imageSet({
  images: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8),
  labels: [0, 1],
  height: 2,
  width: 2,
  channels: 1,
  classes: 3,
});
const good: DataSet = { name: 'good', train: split, test: split };

describe('corruptLabels at its threshold', () => {
  it('label i is redrawn exactly when w_i / 2^32 < p, also for p equal to one of the w_i / 2^32 (the documented draws: per label a word, then a class)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer(),
        fc.nat(),
        (n, classes, seed, pick) => {
          const set = imageSet({
            images: new Uint8Array(n),
            labels: new Int32Array(n),
            height: 1,
            width: 1,
            channels: 1,
            classes,
          });
          const stream = corruptLabels(set, 0, seed).record.stream;
          const rng = createRng(seed, stream);
          const words: number[] = [];
          for (let i = 0; i < n; i++) {
            words.push(rng.uint32());
            rng.int(0, classes - 1);
          }
          const threshold = words[pick % n] as number;
          const { corrupted } = corruptLabels(set, threshold / 2 ** 32, seed);
          expect(corrupted).toEqual(Uint32Array.from(words.flatMap((w, i) => (w < threshold ? [i] : []))));
        },
      ),
    );
  });
});

describe('−0 and the recorded uniform range', () => {
  it('an upper end of −0, given or observed, is recorded as +0 (JSON has no −0)', () => {
    const given = uniformPixels(good, 1, { range: [-1, -0] }).record.range;
    expect(Object.is(given[1], 0)).toBe(true);
    const negative = imageSet({
      images: Float32Array.of(-2, -0, -1, -0),
      labels: [0],
      height: 2,
      width: 2,
      channels: 1,
      classes: 2,
    });
    const observed = uniformPixels({ name: 'negative', train: negative, test: negative }, 1).record.range;
    expect(observed).toEqual([-2, 0]);
    expect(Object.is(observed[1], 0)).toBe(true);
  });
});

describe('invertPermutation', () => {
  it('returns a plain Uint32Array: its own keys are exactly its indices', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 20 })
          .chain((n) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n })),
        (perm) => {
          const inverse = invertPermutation(perm);
          expect(Object.keys(inverse)).toEqual(perm.map((_, j) => String(j)));
        },
      ),
    );
  });
});

describe('single-split functions name the function and the split "input"', () => {
  const bad: ImageSet = { ...split, images: new Float32Array(3) };

  it('permutePixels', () => {
    const error = caught(() => permutePixels(bad, [0, 1, 2, 3]), ShapeError, 'permutePixels: input.images');
    expect(error.details).toMatchObject({ split: 'input' });
  });

  it('corruptLabels', () => {
    const error = caught(() => corruptLabels(bad, 0.5, 1), ShapeError, 'corruptLabels: input.images');
    expect(error.details).toMatchObject({ split: 'input' });
  });
});

describe("applyCondition's own checks and pass-through", () => {
  it('a bad seed for true-labels is reported by applyCondition', () => {
    caught(
      () => applyCondition(good, { kind: 'true-labels' }, 0.5),
      ArgumentError,
      'applyCondition: seed must be a safe integer',
    );
  });

  it('an unknown kind lists the known ones, comma-separated', () => {
    caught(
      () => applyCondition(good, { kind: 'blurred-pixels' } as unknown as Condition, 1),
      ArgumentError,
      `(expected one of ${CONDITION_KINDS.join(', ')})`,
    );
  });

  it('shuffled-pixels passes listLimit through to the record', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer(), (listLimit, seed) => {
        expect(applyCondition(good, { kind: 'shuffled-pixels' }, seed, { listLimit }).record).toEqual(
          shufflePixels(good, seed, { listLimit }).record,
        );
      }),
    );
  });
});
