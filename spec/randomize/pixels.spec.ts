import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DataSet, ImageSet } from 'rethink/data';
import { indexChecksum, invertPermutation, permutePixels, randomPixels, shufflePixels } from 'rethink/randomize';
import { assertDataSetShapesPreserved, assertOnlyChanges } from '../arbitraries/dataset-assertions.ts';
import { assertInputUnchanged, assertSameSeedSameOutput } from '../arbitraries/assertions.ts';
import { dataSetArb, decodePositions, positionCodedSplit } from '../arbitraries/dataset.ts';
import { FALSE_FAILURE_RATE, chiSquareUniformBound, pearsonUniform } from './_bounds.ts';

const data = dataSetArb();

/**
 * Asserts output image `image` of `out` holds, at each position j, input position perm[j] of the same image
 * of `input`, every channel (one expect per image, naming the first mismatch).
 */
function expectMoved(out: ImageSet, input: ImageSet, image: number, perm: ArrayLike<number>): void {
  const channels = input.channels;
  const base = image * input.height * input.width * channels;
  for (let j = 0; j < perm.length; j++) {
    for (let c = 0; c < channels; c++) {
      const got = out.images[base + j * channels + c];
      const want = input.images[base + (perm[j] as number) * channels + c];
      if (!Object.is(got, want))
        expect.fail(`image ${image} position ${j} channel ${c}: ${got}, expected ${want} (from position ${perm[j]})`);
    }
  }
}

/** The multiset of an image's pixels (channel tuples), as the tuples in lexicographic order. */
function pixelMultiset(set: ImageSet, image: number): Float64Array {
  const { channels } = set;
  const positions = set.height * set.width;
  const values = set.images.subarray(image * positions * channels, (image + 1) * positions * channels);
  const order = Array.from({ length: positions }, (_, j) => j).sort((a, b) => {
    for (let c = 0; c < channels; c++) {
      const d = (values[a * channels + c] as number) - (values[b * channels + c] as number);
      if (d !== 0) return d;
    }
    return 0;
  });
  const sorted = new Float64Array(positions * channels);
  order.forEach((j, k) => sorted.set(values.subarray(j * channels, (j + 1) * channels), k * channels));
  return sorted;
}

/** A permutation of 0 … n − 1, as fast-check shrinks it (toward shorter, more ordered ones). */
const permutationArb = fc
  .integer({ min: 0, max: 64 })
  .chain((n) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }));

/** Position-coded train/test pairs with at least 20 positions per image (20! > 2.4e18 permutations). */
const codedData = fc
  .record({
    n: fc.integer({ min: 1, max: 300 }),
    testN: fc.integer({ min: 1, max: 20 }),
    h: fc.integer({ min: 4, max: 8 }),
    w: fc.integer({ min: 5, max: 8 }),
    c: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ n, testN, h, w, c }): DataSet => ({
    name: 'coded',
    train: positionCodedSplit(n, h, w, c),
    test: positionCodedSplit(testN, h, w, c),
  }));

describe('invertPermutation', () => {
  it('undoes the permutation both ways and is an involution', () => {
    fc.assert(
      fc.property(permutationArb, (perm) => {
        const inverse = invertPermutation(perm);
        for (let j = 0; j < perm.length; j++) {
          expect(inverse[perm[j] as number]).toBe(j);
          expect(perm[inverse[j] as number]).toBe(j);
        }
        expect([...invertPermutation(inverse)]).toEqual(perm);
      }),
    );
  });
});

describe('permutePixels', () => {
  it('moves whole pixels: output position j holds input position perm[j], labels shared, input unchanged', () => {
    fc.assert(
      fc.property(data, fc.integer(), (d, seed) => {
        const perm = shufflePixels(d, seed).permutation;
        const before = structuredClone(d.train);
        const out = permutePixels(d.train, perm);
        expect(d.train).toStrictEqual(before);
        expect(out.labels).toBe(d.train.labels);
        expect(out.images.constructor).toBe(d.train.images.constructor);
        for (let i = 0; i < d.train.n; i++) expectMoved(out, d.train, i, perm);
      }),
    );
  });

  it('with the identity permutation copies the images exactly', () => {
    fc.assert(
      fc.property(data, (d) => {
        const out = permutePixels(d.train, [...Array(d.train.height * d.train.width).keys()]);
        expect(out.images).toEqual(d.train.images);
        expect(out.images).not.toBe(d.train.images);
      }),
    );
  });
});

describe('shufflePixels', () => {
  it('same seed, same output; input unchanged; shapes and pixel type preserved; labels shared', () => {
    assertSameSeedSameOutput(data, (d, seed) => shufflePixels(d, seed));
    assertInputUnchanged(data, (d, seed) => shufflePixels(d, seed));
    assertDataSetShapesPreserved(data, (d, seed) => shufflePixels(d, seed).set, 'same');
    assertOnlyChanges(data, (d, seed) => shufflePixels(d, seed).set, { train: 'images', test: 'images' });
  });

  it('applies ONE permutation of positions to every image of train and test, channels together', () => {
    fc.assert(
      fc.property(data, fc.integer(), (d, seed) => {
        const { set: out, permutation } = shufflePixels(d, seed);
        expect([...permutation].sort((a, b) => a - b)).toEqual([...Array(d.train.height * d.train.width).keys()]);
        for (const split of ['train', 'test'] as const) {
          for (let i = 0; i < d[split].n; i++) expectMoved(out[split], d[split], i, permutation);
        }
      }),
    );
  });

  it('is undone exactly by the inverse permutation, and every image keeps its multiset of pixels', () => {
    fc.assert(
      fc.property(data, fc.integer(), (d, seed) => {
        const { set: out, permutation } = shufflePixels(d, seed);
        const inverse = invertPermutation(permutation);
        for (const split of ['train', 'test'] as const) {
          expect(permutePixels(out[split], inverse).images).toStrictEqual(d[split].images);
          for (let i = 0; i < d[split].n; i++) expect(pixelMultiset(out[split], i)).toEqual(pixelMultiset(d[split], i));
        }
      }),
    );
  });

  it('records the permutation (in full up to listLimit) and its checksum; JSON round-trips', () => {
    fc.assert(
      fc.property(data, fc.integer(), fc.integer({ min: 0, max: 64 }), (d, seed, listLimit) => {
        const { record, permutation } = shufflePixels(d, seed, { listLimit });
        expect(record).toMatchObject({
          condition: 'shuffled-pixels',
          seed,
          positions: permutation.length,
          stream: 'randomize/shuffle-pixels',
        });
        expect(record.permutation.count).toBe(permutation.length);
        expect(record.permutation.checksum).toBe(indexChecksum(permutation));
        expect(record.permutation.indices).toEqual(permutation.length <= listLimit ? [...permutation] : undefined);
        expect(JSON.parse(JSON.stringify(record))).toEqual(record);
      }),
    );
  });

  it('different seeds give different permutations (≥ 20 positions: P(equal) = 1/P! < 4.2e-19)', () => {
    fc.assert(
      fc.property(codedData, fc.integer(), fc.integer(), (d, s1, s2) => {
        fc.pre(s1 !== s2);
        expect(shufflePixels(d, s1).permutation).not.toEqual(shufflePixels(d, s2).permutation);
      }),
    );
  });

  it(`draws each of the 6 permutations of 3 positions equally often over seeds (X² McDiarmid bound, false-failure rate ≤ ${FALSE_FAILURE_RATE})`, () => {
    const seeds = 6000;
    const one: DataSet = { name: 'three', train: positionCodedSplit(1, 1, 3, 1), test: positionCodedSplit(0, 1, 3, 1) };
    const counts = new Map<string, number>();
    for (let seed = 0; seed < seeds; seed++) {
      const key = shufflePixels(one, seed).permutation.join();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    expect(pearsonUniform([...counts.values()])).toBeLessThanOrEqual(chiSquareUniformBound(6, FALSE_FAILURE_RATE));
  });
});

describe('randomPixels', () => {
  it('same seed, same output; input unchanged; shapes and pixel type preserved; labels shared', () => {
    assertSameSeedSameOutput(data, (d, seed) => randomPixels(d, seed));
    assertInputUnchanged(data, (d, seed) => randomPixels(d, seed));
    assertDataSetShapesPreserved(data, (d, seed) => randomPixels(d, seed).set, 'same');
    assertOnlyChanges(data, (d, seed) => randomPixels(d, seed).set, { train: 'images', test: 'images' });
  });

  it('every image keeps the multiset of its pixels (channel tuples), in both splits', () => {
    fc.assert(
      fc.property(data, fc.integer(), (d, seed) => {
        const out = randomPixels(d, seed).set;
        for (const split of ['train', 'test'] as const) {
          for (let i = 0; i < d[split].n; i++) expect(pixelMultiset(out[split], i)).toEqual(pixelMultiset(d[split], i));
        }
      }),
    );
  });

  it('permutes positions with channels kept together, a different permutation per image (P(any two of n equal) ≤ C(n,2)/20! < 2e-14)', () => {
    fc.assert(
      fc.property(codedData, fc.integer(), (d, seed) => {
        const { set: out, record } = randomPixels(d, seed);
        const positions = d.train.height * d.train.width;
        expect(record).toMatchObject({
          condition: 'random-pixels',
          seed,
          positions,
          images: { train: d.train.n, test: d.test.n },
        });
        const seen = new Set<string>();
        for (const split of ['train', 'test'] as const) {
          for (let i = 0; i < out[split].n; i++) {
            const perm = decodePositions(out[split], i);
            expect([...perm].sort((a, b) => a - b)).toEqual([...Array(positions).keys()]);
            expectMoved(out[split], d[split], i, perm);
            const key = perm.join();
            expect(seen.has(key)).toBe(false);
            seen.add(key);
          }
        }
      }),
    );
  });

  it('different seeds give different outputs (P(equal) ≤ 1/20! per image)', () => {
    fc.assert(
      fc.property(codedData, fc.integer(), fc.integer(), (d, s1, s2) => {
        fc.pre(s1 !== s2);
        expect(decodePositions(randomPixels(d, s1).set.train, 0)).not.toEqual(
          decodePositions(randomPixels(d, s2).set.train, 0),
        );
      }),
    );
  });

  it('handles images of exactly 65,536 positions (the 16-bit draws at their limit, where rejections are frequent)', () => {
    const big = positionCodedSplit(2, 256, 256, 1);
    const out = randomPixels({ name: 'square', train: big, test: positionCodedSplit(1, 256, 256, 1) }, 5).set;
    const perms = [decodePositions(out.train, 0), decodePositions(out.train, 1), decodePositions(out.test, 0)];
    const identity = Float64Array.from({ length: 65_536 }, (_, j) => j);
    for (const perm of perms) expect(Float64Array.from(perm).sort()).toEqual(identity);
    expect(perms[0]).not.toEqual(perms[1]);
    expect(perms[0]).not.toEqual(perms[2]);
  });

  it('handles images of more than 65,536 positions (the rng.int fallback)', () => {
    const big = positionCodedSplit(2, 1, 70_000, 1);
    const out = randomPixels({ name: 'wide', train: big, test: big }, 11).set;
    const perms = [decodePositions(out.train, 0), decodePositions(out.train, 1), decodePositions(out.test, 0)];
    for (const perm of perms)
      expect(Float64Array.from(perm).sort()).toEqual(Float64Array.from({ length: 70_000 }, (_, j) => j));
    expect(perms[0]).not.toEqual(perms[1]);
    expect(perms[0]).not.toEqual(perms[2]);
  });

  it(`draws the permutations of 3 and of 4 positions uniformly per image (X² McDiarmid bound, false-failure rate ≤ ${FALSE_FAILURE_RATE})`, () => {
    const RUNS = 4;
    const images = 12_000;
    fc.assert(
      fc.property(fc.constantFrom([1, 3], [2, 2]), fc.integer(), ([h, w], seed) => {
        const split = positionCodedSplit(images, h as number, w as number, 1);
        const out = randomPixels(
          { name: 'uniformity', train: split, test: positionCodedSplit(0, h as number, w as number, 1) },
          seed,
        ).set.train;
        const categories = (h as number) * (w as number) === 3 ? 6 : 24;
        const counts = new Map<string, number>();
        for (let i = 0; i < images; i++) {
          const key = decodePositions(out, i).join();
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        expect(counts.size).toBe(categories);
        expect(pearsonUniform([...counts.values()])).toBeLessThanOrEqual(
          chiSquareUniformBound(categories, FALSE_FAILURE_RATE / RUNS),
        );
      }),
      { numRuns: RUNS },
    );
  });
});
