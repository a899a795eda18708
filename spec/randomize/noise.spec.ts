import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from 'rethink/core';
import type { DataSet, ImageSet } from 'rethink/data';
import { channelStatistics, gaussianPixels, shufflePixels, uniformPixels } from 'rethink/randomize';
import { zigguratNormal, ZIGGURAT_R, ZIGGURAT_V, ZIGGURAT_X } from '../../src/core/_ziggurat.ts';
import { FLOAT32_EPSILON, expectArraysClose, isClose } from '../arbitraries/tolerance.ts';
import { assertDataSetShapesPreserved, assertOnlyChanges } from '../arbitraries/dataset-assertions.ts';
import { assertInputUnchanged, assertSameSeedSameOutput } from '../arbitraries/assertions.ts';
import { dataSetArb, dataSetShapeArb, makeDataSet } from '../arbitraries/dataset.ts';
import {
  FALSE_FAILURE_RATE,
  chernoffRelative,
  chiSquareInterval,
  dkwRadius,
  erfc,
  hoeffdingRadius,
  normalRadius,
} from './_bounds.ts';

const data = dataSetArb();

/** Per-channel values of both splits of a data set, pooled. */
function channelValues(d: DataSet, channel: number): Float64Array {
  const { channels } = d.train;
  const out: number[] = [];
  for (const set of [d.train, d.test])
    for (let e = channel; e < set.images.length; e += channels) out.push(set.images[e] as number);
  return Float64Array.from(out);
}

/** Textbook two-pass mean and population variance. */
function moments(values: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, variance: squares / values.length };
}

const phi = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

describe('channelStatistics', () => {
  it('matches a textbook two-pass mean and population variance per channel, train and test pooled (relative 1e-9)', () => {
    fc.assert(
      fc.property(data, (d) => {
        const stats = channelStatistics([d.train, d.test]);
        expect(stats.count).toBe(d.train.n * d.train.height * d.train.width + d.test.n * d.test.height * d.test.width);
        for (let c = 0; c < d.train.channels; c++) {
          const { mean, variance } = moments(channelValues(d, c));
          expect(isClose(stats.mean[c] as number, mean, 1e-9)).toBe(true);
          expect(isClose(stats.variance[c] as number, variance, 1e-9)).toBe(true);
        }
      }),
    );
  });

  it('pools uint8 and float32 splits alike', () => {
    const uint8: ImageSet = {
      images: Uint8Array.of(0, 4),
      labels: Int32Array.of(0, 0),
      n: 2,
      height: 1,
      width: 1,
      channels: 1,
      classes: 2,
    };
    const float: ImageSet = { ...uint8, images: Float32Array.of(8, 12) };
    expect(channelStatistics([uint8, float])).toEqual({ count: 4, mean: [6], variance: [20] });
  });
});

describe('gaussianPixels', () => {
  it('same seed, same output; input unchanged; shapes kept, float32 output; labels shared', () => {
    assertSameSeedSameOutput(data, (d, seed) => gaussianPixels(d, seed));
    assertInputUnchanged(data, (d, seed) => gaussianPixels(d, seed));
    assertDataSetShapesPreserved(data, (d, seed) => gaussianPixels(d, seed).set, 'float32');
    assertOnlyChanges(data, (d, seed) => gaussianPixels(d, seed).set, { train: 'images', test: 'images' });
  });

  it('records the per-channel mean and std of train and test pooled; JSON round-trips', () => {
    fc.assert(
      fc.property(data, fc.integer(), (d, seed) => {
        const { record } = gaussianPixels(d, seed);
        const stats = channelStatistics([d.train, d.test]);
        expect(record).toMatchObject({
          condition: 'gaussian-pixels',
          seed,
          images: { train: d.train.n, test: d.test.n },
        });
        expect(record.mean).toEqual(stats.mean);
        expect(record.std).toEqual(stats.variance.map(Math.sqrt));
        expect(JSON.parse(JSON.stringify(record))).toEqual(record);
      }),
    );
  });

  it('no input pixel survives: inputs with the same per-channel moments give the same noise (uint8: exactly; float32: to float32 rounding)', () => {
    fc.assert(
      fc.property(data, fc.integer(), fc.integer(), (d, seed, other) => {
        // Shuffling pixel positions changes (almost) every pixel but keeps each channel's multiset of values.
        const moved = shufflePixels(d, other).set;
        const a = gaussianPixels(d, seed).set;
        const b = gaussianPixels(moved, seed).set;
        for (const split of ['train', 'test'] as const) {
          if (d.train.images instanceof Uint8Array) expect(b[split].images).toEqual(a[split].images);
          else expectArraysClose(b[split].images, a[split].images, FLOAT32_EPSILON);
        }
      }),
    );
  });

  it('different seeds give different noise (two draws round to the same float32 with probability < 1e-3; ≥ 8 values: < 1e-24)', () => {
    fc.assert(
      fc.property(dataSetArb({ minTrain: 8 }), fc.integer(), fc.integer(), (d, s1, s2) => {
        fc.pre(s1 !== s2);
        fc.pre(channelStatistics([d.train, d.test]).variance.some((v) => v > 0));
        expect(gaussianPixels(d, s1).set.train.images).not.toEqual(gaussianPixels(d, s2).set.train.images);
      }),
    );
  });

  it(`per-channel sample mean and variance match the data set's (Chernoff and Laurent–Massart bounds, false-failure rate ≤ ${FALSE_FAILURE_RATE})`, () => {
    // Per run and channel: two mean tails and two χ² tails; ≤ 4 channels; RUNS runs.
    const RUNS = 6;
    const delta = FALSE_FAILURE_RATE / (RUNS * 4 * 2);
    const fixed = dataSetShapeArb({
      minTrain: 1500,
      maxTrain: 1500,
      minTest: 300,
      maxTest: 300,
      minSide: 6,
      maxSide: 6,
    }).map(makeDataSet);
    fc.assert(
      fc.property(fixed, fc.integer(), (d, seed) => {
        const { set: out, record } = gaussianPixels(d, seed);
        for (let c = 0; c < d.train.channels; c++) {
          const mu = record.mean[c] as number;
          const sigma = record.std[c] as number;
          const values = channelValues(out, c);
          const n = values.length;
          if (sigma === 0) {
            expect(values.every((v) => v === Math.fround(mu))).toBe(true);
            continue;
          }
          // Each stored value v is the float32 rounding of an exact draw x: |x − v| ≤ 2^-23·|v|, so
          // z = (x − μ)/σ is known to within e = 2^-23·|v|/σ; the sums below carry that as explicit slack.
          let sum = 0;
          let squares = 0;
          let meanSlack = 0;
          let squareSlack = 0;
          for (const v of values) {
            const z = (v - mu) / sigma;
            const e = (2 ** -23 * Math.abs(v)) / sigma;
            sum += v;
            squares += z * z;
            meanSlack += 2 ** -23 * Math.abs(v);
            squareSlack += 2 * Math.abs(z) * e + e * e;
          }
          // Sample mean ~ N(μ, σ²/n): |mean − μ| ≤ σ·t/√n except with probability δ, t from 2·exp(−t²/2) = δ.
          expect(Math.abs(sum / n - mu)).toBeLessThanOrEqual(
            (sigma * normalRadius(delta)) / Math.sqrt(n) + meanSlack / n,
          );
          // Σ((x − μ)/σ)² ~ χ²_n: inside the Laurent–Massart interval except with probability δ.
          const [low, high] = chiSquareInterval(n, delta);
          expect(squares).toBeGreaterThanOrEqual(low - squareSlack);
          expect(squares).toBeLessThanOrEqual(high + squareSlack);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the noise scale option', () => {
  const scales = fc.oneof(fc.constant(1 / 255), fc.double({ min: 1e-3, max: 1e3, noNaN: true }));

  it('gaussianPixels: scale s gives s times the unscaled noise (to float32 rounding), recorded', () => {
    fc.assert(
      fc.property(data, fc.integer(), scales, (d, seed, scale) => {
        const plain = gaussianPixels(d, seed);
        const scaled = gaussianPixels(d, seed, { noiseScale: scale });
        expect(scaled.record).toEqual({ ...plain.record, noiseScale: scale });
        expect(plain.record.noiseScale).toBe(1);
        const expected = Float64Array.from(plain.set.train.images, (v) => v * scale);
        const tolerance =
          4 *
          FLOAT32_EPSILON *
          Math.max(1, ...plain.record.mean.map((m, c) => (Math.abs(m) + 8 * (plain.record.std[c] as number)) * scale));
        expectArraysClose(scaled.set.train.images, expected, tolerance);
      }),
    );
  });

  it('uniformPixels: scale s draws on [lo·s, hi·s], s times the unscaled noise (to float32 rounding), recorded', () => {
    fc.assert(
      fc.property(data, fc.integer(), scales, (d, seed, scale) => {
        const plain = uniformPixels(d, seed);
        const scaled = uniformPixels(d, seed, { noiseScale: scale });
        expect(scaled.record).toEqual({ ...plain.record, noiseScale: scale });
        const [lo, hi] = plain.record.range;
        expect(scaled.set.test.images.every((v) => v >= Math.fround(lo * scale) && v <= Math.fround(hi * scale))).toBe(
          true,
        );
        const expected = Float64Array.from(plain.set.train.images, (v) => v * scale);
        expectArraysClose(
          scaled.set.train.images,
          expected,
          4 * FLOAT32_EPSILON * Math.max(1, Math.abs(lo * scale), Math.abs(hi * scale)),
        );
      }),
    );
  });
});

describe('uniformPixels', () => {
  it('same seed, same output; input unchanged; shapes kept, float32 output; labels shared', () => {
    assertSameSeedSameOutput(data, (d, seed) => uniformPixels(d, seed));
    assertInputUnchanged(data, (d, seed) => uniformPixels(d, seed));
    assertDataSetShapesPreserved(data, (d, seed) => uniformPixels(d, seed).set, 'float32');
    assertOnlyChanges(data, (d, seed) => uniformPixels(d, seed).set, { train: 'images', test: 'images' });
  });

  it('draws within the data range: [0, 255] for uint8, the observed [min, max] for float32, or the range option', () => {
    fc.assert(
      fc.property(
        data,
        fc.integer(),
        fc.option(
          fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true })),
          { nil: undefined },
        ),
        (d, seed, option) => {
          const range = option && ([option[0], option[0] + option[1]] as const);
          // The record writes −0 as +0 (JSON has no −0).
          const normalized = (r: readonly [number, number]): [number, number] => [r[0] + 0, r[1] + 0];
          const { set: out, record } = uniformPixels(d, seed, range ? { range } : {});
          let expected: readonly [number, number];
          if (range) expected = normalized(range);
          else if (d.train.images instanceof Uint8Array) expected = [0, 255];
          else {
            const all = [...d.train.images, ...d.test.images];
            expected = [Math.min(...all), Math.max(...all)];
          }
          expect(record.range).toEqual(expected);
          expect(record.rangeSource).toBe(
            range ? 'option' : d.train.images instanceof Uint8Array ? 'uint8' : 'observed',
          );
          const [lo, hi] = [Math.fround(expected[0]), Math.fround(expected[1])];
          for (const split of ['train', 'test'] as const)
            expect(out[split].images.every((v) => v >= lo && v <= hi)).toBe(true);
          expect(JSON.parse(JSON.stringify(record))).toEqual(record);
        },
      ),
    );
  });

  it('no input pixel survives: any uint8 input of the same shape gives the same noise for the same seed', () => {
    fc.assert(
      fc.property(dataSetShapeArb({ dtype: 'uint8' }), fc.integer(), fc.integer(), (shape, contentSeed, seed) => {
        const a = uniformPixels(makeDataSet(shape), seed).set;
        const b = uniformPixels(makeDataSet({ ...shape, contentSeed, levels: 256 }), seed).set;
        expect(b.train.images).toEqual(a.train.images);
        expect(b.test.images).toEqual(a.test.images);
      }),
    );
  });

  it('different seeds give different noise (range [0, 255]: P(equal) ≤ 2^-23 per value; ≥ 8 values)', () => {
    fc.assert(
      fc.property(dataSetArb({ minTrain: 8, dtype: 'uint8' }), fc.integer(), fc.integer(), (d, s1, s2) => {
        fc.pre(s1 !== s2);
        expect(uniformPixels(d, s1).set.train.images).not.toEqual(uniformPixels(d, s2).set.train.images);
      }),
    );
  });

  it(`per-channel sample mean and variance match the uniform law on the range (Hoeffding bounds, false-failure rate ≤ ${FALSE_FAILURE_RATE})`, () => {
    // Per run and channel: the mean of x ∈ [lo, hi] and the mean of (x − m)² ∈ [0, (hi − lo)²/4], each by
    // Hoeffding; ≤ 4 channels; RUNS runs.
    const RUNS = 6;
    const delta = FALSE_FAILURE_RATE / (RUNS * 4 * 2);
    const fixed = dataSetShapeArb({
      minTrain: 1500,
      maxTrain: 1500,
      minTest: 300,
      maxTest: 300,
      minSide: 6,
      maxSide: 6,
    }).map(makeDataSet);
    fc.assert(
      fc.property(fixed, fc.integer(), (d, seed) => {
        const { set: out, record } = uniformPixels(d, seed);
        const [lo, hi] = record.range;
        const width = hi - lo;
        const m = (lo + hi) / 2;
        for (let c = 0; c < d.train.channels; c++) {
          const values = channelValues(out, c);
          const n = values.length;
          let sum = 0;
          let squares = 0;
          for (const v of values) {
            sum += v;
            squares += (v - m) ** 2;
          }
          // float32 rounding moves each value by ≤ 2^-23·|v| ≤ 2^-23·max(|lo|, |hi|), and (v − m)² by at most
          // 2·width·that + that²: slack of that size.
          const shift = 2 ** -23 * Math.max(Math.abs(lo), Math.abs(hi));
          const rounding = 2 * width * shift + shift * shift + shift;
          expect(Math.abs(sum / n - m)).toBeLessThanOrEqual(hoeffdingRadius(n, delta, width) + rounding);
          expect(Math.abs(squares / n - width ** 2 / 12)).toBeLessThanOrEqual(
            hoeffdingRadius(n, delta, width ** 2 / 4) + rounding,
          );
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the Ziggurat normal source', () => {
  it('tables: every layer has area v (relative 1e-8), X decreasing from v/f(r) through r to 0', () => {
    const f = (x: number): number => Math.exp(-0.5 * x * x);
    expect(ZIGGURAT_X[1]).toBe(ZIGGURAT_R);
    expect(isClose((ZIGGURAT_X[0] as number) * f(ZIGGURAT_R), ZIGGURAT_V, 1e-12)).toBe(true);
    for (let i = 1; i < 128; i++) {
      const x = ZIGGURAT_X[i] as number;
      const next = ZIGGURAT_X[i + 1] as number;
      expect(next).toBeLessThan(x);
      expect(Math.abs(x * (f(next) - f(x)) - ZIGGURAT_V) / ZIGGURAT_V).toBeLessThan(1e-8);
    }
  });

  it(`draws N(0, 1): empirical CDF within the DKW radius of Φ, tail mass beyond r within a Chernoff bound (false-failure rate ≤ ${FALSE_FAILURE_RATE})`, () => {
    const n = 1_000_000;
    const sourceRng = createRng(20170101, 'spec/normal');
    const source = { next: () => zigguratNormal(sourceRng) };
    const draws = new Float64Array(n);
    let tail = 0;
    for (let i = 0; i < n; i++) {
      const z = source.next();
      draws[i] = z;
      if (Math.abs(z) > ZIGGURAT_R) tail++;
    }
    draws.sort();
    // Two checks: δ = 1e-9 / 2 each. The 24-bit magnitude grid moves the CDF by < 1e-6: slack.
    const epsilon = dkwRadius(n, FALSE_FAILURE_RATE / 2) + 1e-6 + 1.2e-7;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const cdf = phi(draws[i] as number);
      worst = Math.max(worst, Math.abs(cdf - i / n), Math.abs(cdf - (i + 1) / n));
    }
    expect(worst).toBeLessThanOrEqual(epsilon);
    const mu = n * erfc(ZIGGURAT_R / Math.SQRT2);
    expect(Math.abs(tail - mu)).toBeLessThanOrEqual(chernoffRelative(mu, FALSE_FAILURE_RATE / 2) * mu);
  });
});
