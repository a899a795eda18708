/**
 * randomPixels on large images: whole pixels moved on both sides of the 16-bit limit, and the uniformity of
 * the per-image permutation where the 16-bit draws are most prone to bias (more than 32,768 positions).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImageSet } from 'rethink/data';
import { randomPixels } from 'rethink/randomize';
import { positionCodedSplit } from '../arbitraries/dataset.ts';
import { FALSE_FAILURE_RATE, hoeffdingRadius } from './_bounds.ts';

/** Asserts every output pixel of `image` is a whole input pixel (channel c = j + c/8) and the j form a permutation. */
function expectWholePixelPermutation(set: ImageSet, image: number): void {
  const positions = set.height * set.width;
  const { channels } = set;
  const seen = new Uint8Array(positions);
  const base = image * positions * channels;
  for (let p = 0; p < positions; p++) {
    const j = set.images[base + p * channels] as number;
    for (let c = 1; c < channels; c++) {
      const got = set.images[base + p * channels + c] as number;
      if (got !== j + c / 8) expect.fail(`image ${image} position ${p} channel ${c}: ${got}, expected ${j + c / 8}`);
    }
    if (!Number.isInteger(j) || j < 0 || j >= positions || seen[j] === 1)
      expect.fail(`image ${image} position ${p}: ${j} is not a new position`);
    seen[j] = 1;
  }
}

/**
 * The Fisher–Yates code of a permutation: for k = P − 1 down to 1, the j ∈ [0, k] that a Fisher–Yates shuffle
 * must have swapped with k to produce it (`perm[p]` = the input position at output position p). The map is a
 * bijection, so for a uniform permutation the code entries are independent, each uniform on [0, k].
 */
function fisherYatesCode(perm: ArrayLike<number>): Int32Array {
  const size = perm.length;
  const current = Int32Array.from({ length: size }, (_, p) => p);
  const where = Int32Array.from({ length: size }, (_, p) => p);
  const code = new Int32Array(size);
  for (let k = size - 1; k > 0; k--) {
    const j = where[perm[k] as number] as number;
    code[k] = j;
    const moved = current[k] as number;
    current[j] = moved;
    where[moved] = j;
    current[k] = perm[k] as number;
    where[perm[k] as number] = k;
  }
  return code;
}

/** How many r ∈ [0, 2^16) have ⌊r·s / 2^16⌋ = j: 1 or 2 for 2^15 < s ≤ 2^16. */
function preimages(j: number, s: number): number {
  const ceilDiv = (a: number): number => Math.floor((a + s - 1) / s);
  return ceilDiv((j + 1) * 65536) - ceilDiv(j * 65536);
}

describe('randomPixels on large images', () => {
  it('moves whole pixels (2 channels) in an image of 65,537 positions, just past the 16-bit draws', () => {
    const out = randomPixels(
      { name: 'wide', train: positionCodedSplit(1, 1, 65_537, 2), test: positionCodedSplit(0, 1, 65_537, 2) },
      3,
    ).set;
    expectWholePixelPermutation(out.train, 0);
  });

  it(`draws uniform swap targets with s = k + 1 > 32,768 (Fisher–Yates code vs the 1-or-2 preimage pattern of ⌊r·s/2^16⌋, Hoeffding, false-failure rate ≤ ${FALSE_FAILURE_RATE})`, () => {
    // For a uniform permutation, code entry k is uniform on [0, k]: it is one of the j with two preimages r
    // with probability (65536 − s)/s. A 16-bit draw without its rejection step picks those j with probability
    // 2·(65536 − s)/65536 instead (up to 0.17 more, 0.11 on average over these s). One Hoeffding check per run
    // over 32,768 independent indicators (radius 0.018).
    const RUNS = 1;
    const side = 256;
    const split = positionCodedSplit(1, side, side, 1);
    const empty = positionCodedSplit(0, side, side, 1);
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        // One image, one channel: its values are the input positions (integers, exact in float32).
        const out = randomPixels({ name: 'big', train: split, test: empty }, seed).set.train;
        const code = fisherYatesCode(out.images);
        let sum = 0;
        let count = 0;
        for (let k = side * side - 1; k >= 32_768; k--) {
          const s = k + 1;
          sum += (preimages(code[k] as number, s) === 2 ? 1 : 0) - (65536 - s) / s;
          count++;
        }
        expect(Math.abs(sum / count)).toBeLessThanOrEqual(hoeffdingRadius(count, FALSE_FAILURE_RATE / RUNS));
      }),
      { numRuns: RUNS },
    );
  });
});
