/**
 * What the pixel randomizations record, field by field: the streams the draws came from (with the seed, enough
 * to reproduce the run), the per-split image counts, and the range the uniform noise was drawn from, including
 * when it comes from a range option and a scale other than 1 or from mixed uint8/float32 splits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from 'rethink/core';
import { imageSet } from 'rethink/data';
import type { DataSet } from 'rethink/data';
import {
  GAUSSIAN_STREAMS,
  RANDOM_PIXELS_STREAMS,
  UNIFORM_STREAMS,
  gaussianPixels,
  randomPixels,
  summarizeIndices,
  uniformPixels,
} from 'rethink/randomize';
import { dataSetArb } from '../arbitraries/dataset.ts';

const data = dataSetArb({ maxTrain: 20, maxTest: 10, maxSide: 4 });

describe('pixel randomization records', () => {
  it('name the streams of both splits and count the images of each', () => {
    fc.assert(
      fc.property(data, fc.integer(), (d, seed) => {
        const images = { train: d.train.n, test: d.test.n };
        expect(randomPixels(d, seed).record).toMatchObject({ streams: RANDOM_PIXELS_STREAMS, images });
        expect(gaussianPixels(d, seed).record).toMatchObject({ streams: GAUSSIAN_STREAMS, images });
        expect(uniformPixels(d, seed).record).toMatchObject({ streams: UNIFORM_STREAMS, images });
      }),
      { numRuns: 10 },
    );
  });

  it('uniform noise: the recorded range is the one drawn from, scaled by `scale` in the output', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -8, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(0.5, 2, 0.25),
        (lo, width, scale) => {
          const split = imageSet({
            images: new Uint8Array(64),
            labels: new Array<number>(64).fill(0),
            height: 1,
            width: 1,
            channels: 1,
            classes: 2,
          });
          const { set: dataSet, record } = uniformPixels({ name: 'u', train: split, test: split }, 1, {
            range: [lo, lo + width],
            noiseScale: scale,
          });
          expect(record).toMatchObject({ range: [lo, lo + width], rangeSource: 'option', noiseScale: scale });
          for (const v of dataSet.train.images) {
            expect(v).toBeGreaterThanOrEqual(Math.fround(lo * scale));
            expect(v).toBeLessThanOrEqual(Math.fround((lo + width) * scale));
          }
        },
      ),
      { numRuns: 10 },
    );
  });

  it('uniform noise: uint8 training images with float32 test images use the observed range of both', () => {
    const train = imageSet({
      images: Uint8Array.of(3, 200),
      labels: [0, 1],
      height: 1,
      width: 1,
      channels: 1,
      classes: 2,
    });
    const test = imageSet({
      images: Float32Array.of(-1.5, 7),
      labels: [0, 1],
      height: 1,
      width: 1,
      channels: 1,
      classes: 2,
    });
    for (const d of [
      { name: 'm', train, test },
      { name: 'm', train: test, test: train },
    ] as DataSet[]) {
      expect(uniformPixels(d, 1).record).toMatchObject({ range: [-1.5, 200], rangeSource: 'observed' });
    }
  });

  it('errors name the range, the channel and the list limit', () => {
    const nan = imageSet({
      images: Float32Array.of(0, NaN),
      labels: [0, 1],
      height: 1,
      width: 1,
      channels: 1,
      classes: 2,
    });
    const d = { name: 'n', train: nan, test: nan };
    expect(() => uniformPixels(d, 1)).toThrow(
      expect.objectContaining({ details: { range: [NaN, NaN], rangeSource: 'observed' } }),
    );
    expect(() => gaussianPixels(d, 1)).toThrow(
      expect.objectContaining({ details: { channel: 0, mean: NaN, std: NaN } }),
    );
    expect(() => summarizeIndices([1], { listLimit: -1 })).toThrow(
      expect.objectContaining({ details: { listLimit: -1 } }),
    );
    expect(() => summarizeIndices([1], { listLimit: -1 })).toThrow(ArgumentError);
  });
});
