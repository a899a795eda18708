import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imageSet } from 'rethink/data';
import type { ImageSet } from 'rethink/data';
import { corruptLabels, indexChecksum, randomLabels, trueLabels, RECORD_LIST_LIMIT } from 'rethink/randomize';
import { assertInputUnchanged, assertSameSeedSameOutput } from '../arbitraries/assertions.ts';
import { assertSplitShapesPreserved } from '../arbitraries/dataset-assertions.ts';
import { dataSetShapeArb, imageSetArb, makeSplit } from '../arbitraries/dataset.ts';
import { FALSE_FAILURE_RATE, chiSquareUniformBound, hoeffdingRadius, pearsonUniform } from './_bounds.ts';

const sets = imageSetArb();
const probability = fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true }));
const setAndP = fc.record({ set: sets, p: probability }, { noNullPrototype: true });

describe('trueLabels', () => {
  it('is the identity: the same split object, nothing copied', () => {
    fc.assert(
      fc.property(sets, fc.integer(), (set, seed) => {
        const { set: out, record } = trueLabels(set, seed);
        expect(out).toBe(set);
        expect(record).toEqual({ condition: 'true-labels', seed });
      }),
    );
  });
});

describe('corruptLabels / randomLabels: structure', () => {
  it('same seed, same output', () => {
    assertSameSeedSameOutput(setAndP, ({ set, p }, seed) => corruptLabels(set, p, seed));
    assertSameSeedSameOutput(sets, (set, seed) => randomLabels(set, seed));
  });

  it('leave the input unchanged', () => {
    assertInputUnchanged(setAndP, ({ set, p }, seed) => corruptLabels(set, p, seed));
    assertInputUnchanged(sets, (set, seed) => randomLabels(set, seed));
  });

  it('preserve shapes, pixel type and class count', () => {
    assertSplitShapesPreserved(sets, (set, seed) => corruptLabels(set, 0.5, seed).set, 'same');
    assertSplitShapesPreserved(sets, (set, seed) => randomLabels(set, seed).set, 'same');
  });

  it('share the images (labels-only transforms copy no pixels) and keep labels in [0, k)', () => {
    fc.assert(
      fc.property(setAndP, fc.integer(), ({ set, p }, seed) => {
        const { set: out } = corruptLabels(set, p, seed);
        expect(out.images).toBe(set.images);
        expect(out.labels).not.toBe(set.labels);
        expect(out.labels.every((l) => l >= 0 && l < set.classes)).toBe(true);
      }),
    );
  });

  it('corruptLabels(0) is the identity on labels', () => {
    fc.assert(
      fc.property(sets, fc.integer(), (set, seed) => {
        const result = corruptLabels(set, 0, seed);
        expect(result.set.labels).toEqual(set.labels);
        expect(result.corrupted.length).toBe(0);
        expect(result.record.changed).toBe(0);
      }),
    );
  });

  it('corruptLabels(1) equals randomLabels for the same seed, and corrupts every index', () => {
    fc.assert(
      fc.property(sets, fc.integer(), (set, seed) => {
        const a = corruptLabels(set, 1, seed);
        const b = randomLabels(set, seed);
        expect(a.set.labels).toEqual(b.set.labels);
        expect(b.corrupted).toEqual(Uint32Array.from({ length: set.n }, (_, i) => i));
        expect(b.record).toEqual({ ...a.record, condition: 'random-labels' });
      }),
    );
  });

  it('couples p: p1 ≤ p2 ⇒ corrupted(p1) ⊆ corrupted(p2), with the same new labels; untouched labels stay true', () => {
    fc.assert(
      fc.property(sets, probability, probability, fc.integer(), (set, a, b, seed) => {
        const [p1, p2] = a <= b ? [a, b] : [b, a];
        const low = corruptLabels(set, p1, seed);
        const high = corruptLabels(set, p2, seed);
        const inHigh = new Set(high.corrupted);
        for (const i of low.corrupted) {
          expect(inHigh.has(i)).toBe(true);
          expect(low.set.labels[i]).toBe(high.set.labels[i]);
        }
        for (let i = 0; i < set.n; i++) {
          if (!inHigh.has(i)) expect(high.set.labels[i]).toBe(set.labels[i]);
        }
      }),
    );
  });

  it('records what they did: corrupted indices (in full up to listLimit), checksum, changed count; JSON round-trips', () => {
    fc.assert(
      fc.property(
        setAndP,
        fc.integer(),
        fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
        ({ set, p }, seed, listLimit) => {
          const { set: out, record, corrupted } = corruptLabels(set, p, seed, { listLimit });
          const limit = listLimit ?? RECORD_LIST_LIMIT;
          for (let j = 1; j < corrupted.length; j++) expect(corrupted[j]).toBeGreaterThan(corrupted[j - 1] as number);
          expect(record).toMatchObject({
            condition: 'corrupt-labels',
            seed,
            p,
            n: set.n,
            classes: set.classes,
            stream: 'randomize/labels',
          });
          expect(record.corrupted.count).toBe(corrupted.length);
          expect(record.corrupted.checksum).toBe(indexChecksum(corrupted));
          expect(record.corrupted.indices).toEqual(corrupted.length <= limit ? [...corrupted] : undefined);
          let changed = 0;
          for (let i = 0; i < set.n; i++) if (out.labels[i] !== set.labels[i]) changed++;
          expect(record.changed).toBe(changed);
          expect(JSON.parse(JSON.stringify(record))).toEqual(record);
        },
      ),
    );
  });

  it('different seeds give different corruptions (n ≥ 200, p ∈ [0.1, 0.9]; P(equal) ≤ (1 − 2p(1−p))^n ≤ 0.82^200 < 1e-17)', () => {
    fc.assert(
      fc.property(
        imageSetArb({ minTrain: 200 }),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.integer(),
        fc.integer(),
        (set, p, s1, s2) => {
          fc.pre(s1 !== s2);
          expect(corruptLabels(set, p, s1).corrupted).not.toEqual(corruptLabels(set, p, s2).corrupted);
        },
      ),
    );
  });

  it('different seeds give different random labels (n ≥ 40; P(equal) = k^−n ≤ 2^−40)', () => {
    fc.assert(
      fc.property(imageSetArb({ minTrain: 40 }), fc.integer(), fc.integer(), (set, s1, s2) => {
        fc.pre(s1 !== s2);
        expect(randomLabels(set, s1).set.labels).not.toEqual(randomLabels(set, s2).set.labels);
      }),
    );
  });

  it('draws per label in order: a prefix of the split gets a prefix of the corrupted labels', () => {
    fc.assert(
      fc.property(sets, probability, fc.integer(), fc.nat(), (set, p, seed, cut) => {
        const m = 1 + (cut % set.n);
        const prefix: ImageSet = imageSet({
          images: set.images.subarray(0, m * set.height * set.width * set.channels),
          labels: set.labels.subarray(0, m),
          height: set.height,
          width: set.width,
          channels: set.channels,
          classes: set.classes,
        });
        expect(corruptLabels(prefix, p, seed).set.labels).toEqual(
          corruptLabels(set, p, seed).set.labels.subarray(0, m),
        );
      }),
    );
  });
});

describe('corruptLabels / randomLabels: statistics', () => {
  const N = 20_000;
  const RUNS = 20;
  const large = dataSetShapeArb({
    minTrain: N,
    maxTrain: N,
    maxTest: 0,
    maxSide: 1,
    maxChannels: 1,
    maxClasses: 20,
  }).map((shape) => makeSplit(shape, shape.trainN, 'spec/train'));

  it(`changes a fraction p·(k−1)/k of the labels and corrupts a fraction p, within Hoeffding bounds (total false-failure rate ≤ ${FALSE_FAILURE_RATE})`, () => {
    // Label i changes iff u_i < p and c_i ≠ y_i: independent Bernoulli(p'·(k−1)/k); corrupted: Bernoulli(p'),
    // where p' = ⌈p·2^32⌉/2^32 (u_i lives on a 2^-32 grid), so |p' − p| < 2^-32: added to the radius.
    // Two checks per run, RUNS runs: each check gets δ = 1e-9 / (2·RUNS) (union bound).
    const t = hoeffdingRadius(N, FALSE_FAILURE_RATE / (2 * RUNS)) + 2 ** -32;
    fc.assert(
      fc.property(large, probability, fc.integer(), (set, p, seed) => {
        const { record } = corruptLabels(set, p, seed);
        const k = set.classes;
        expect(Math.abs(record.changed / N - (p * (k - 1)) / k)).toBeLessThanOrEqual(t);
        expect(Math.abs(record.corrupted.count / N - p)).toBeLessThanOrEqual(t);
      }),
      { numRuns: RUNS },
    );
  });

  it(`random labels are uniform over the k classes: Pearson X² below a McDiarmid bound (total false-failure rate ≤ ${FALSE_FAILURE_RATE})`, () => {
    fc.assert(
      fc.property(large, fc.integer(), (set, seed) => {
        const counts = new Float64Array(set.classes);
        for (const label of randomLabels(set, seed).set.labels) counts[label] = (counts[label] as number) + 1;
        expect(pearsonUniform(counts)).toBeLessThanOrEqual(
          chiSquareUniformBound(set.classes, FALSE_FAILURE_RATE / RUNS),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('the uniformity check is not vacuous: it rejects labels that never take the last class', () => {
    const k = 10;
    const counts = Array.from({ length: k }, (_, j) => (j === k - 1 ? 0 : N / (k - 1)));
    expect(pearsonUniform(counts)).toBeGreaterThan(chiSquareUniformBound(k, FALSE_FAILURE_RATE / RUNS));
  });
});
