import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError, createRng } from 'rethink/core';
import type { ImageSet } from 'rethink/data';
import { buildBatch, resolveView } from '../../src/train/_batch.ts';
import { FLOAT32_EPSILON, isClose } from '../arbitraries/tolerance.ts';
import { randomImageSet, tinyDimsArb } from '../arbitraries/train.ts';

/** The value buildBatch should produce for a stored pixel: uint8 / 255 rounded to float32, float32 as is. */
const scaled = (set: ImageSet, i: number): number =>
  set.images instanceof Uint8Array ? Math.fround((set.images[i] as number) / 255) : (set.images[i] as number);

/** Pixel (y, x, ch) of image `img` in the zero-padded image, as buildBatch should scale it. */
function padded(set: ImageSet, img: number, y: number, x: number, ch: number, padding: number): number {
  const sy = y - padding;
  const sx = x - padding;
  if (sy < 0 || sy >= set.height || sx < 0 || sx >= set.width) return 0;
  return scaled(set, ((img * set.height + sy) * set.width + sx) * set.channels + ch);
}

/** True when output image b equals the padded source window at offset (dy, dx). */
function windowMatches(
  out: Float32Array,
  b: number,
  set: ImageSet,
  img: number,
  oh: number,
  ow: number,
  dy: number,
  dx: number,
  padding: number,
): boolean {
  const c = set.channels;
  for (let y = 0; y < oh; y++)
    for (let x = 0; x < ow; x++)
      for (let ch = 0; ch < c; ch++)
        if (out[((b * oh + y) * ow + x) * c + ch] !== padded(set, img, y + dy, x + dx, ch, padding)) return false;
  return true;
}

const setAndCropArb = fc
  .tuple(
    tinyDimsArb({ n: 6 }),
    fc.integer(),
    fc.constantFrom<'uint8' | 'float32'>('uint8', 'float32'),
    fc.integer({ min: 0, max: 3 }),
  )
  .chain(([dims, seed, dtype, padding]) =>
    fc.record({
      set: fc.constant(randomImageSet(seed, dims, dtype)),
      padding: fc.constant(padding),
      height: fc.integer({ min: 1, max: dims.height + 2 * padding }),
      width: fc.integer({ min: 1, max: dims.width + 2 * padding }),
      perm: fc.constant(createRng(seed, 'perm').permutation(dims.n)),
      start: fc.integer({ min: 0, max: dims.n - 1 }),
      rngSeed: fc.integer(),
    }),
  );

describe('buildBatch (internal)', () => {
  it('without a crop: the images at indices[start…start+count), uint8 scaled to [0, 1] (x / 255), float32 unchanged', () => {
    fc.assert(
      fc.property(setAndCropArb, ({ set, perm, start }) => {
        const count = set.n - start;
        const view = resolveView('spec', set, null, 'unit');
        const out = buildBatch(set, perm, start, count, view, null);
        const size = set.height * set.width * set.channels;
        expect(out.length).toBe(count * size);
        for (let b = 0; b < count; b++)
          for (let i = 0; i < size; i++)
            expect(out[b * size + i]).toBe(scaled(set, (perm[start + b] as number) * size + i));
        const identity = buildBatch(set, null, 0, set.n, view, null);
        for (let i = 0; i < identity.length; i++) expect(identity[i]).toBe(scaled(set, i));
      }),
    );
  });

  it('a random crop is some window of the zero-padded image, the centre crop the centre window', () => {
    fc.assert(
      fc.property(setAndCropArb, ({ set, perm, start, padding, height, width, rngSeed }) => {
        const count = set.n - start;
        const view = resolveView('spec', set, { height, width, padding }, 'unit');
        const maxDy = set.height + 2 * padding - height;
        const maxDx = set.width + 2 * padding - width;
        const random = buildBatch(set, perm, start, count, view, createRng(rngSeed, 'crop'));
        const centre = buildBatch(set, perm, start, count, view, null);
        for (let b = 0; b < count; b++) {
          const img = perm[start + b] as number;
          let found = false;
          for (let dy = 0; dy <= maxDy && !found; dy++)
            for (let dx = 0; dx <= maxDx && !found; dx++)
              found = windowMatches(random, b, set, img, height, width, dy, dx, padding);
          expect(found).toBe(true);
          expect(
            windowMatches(centre, b, set, img, height, width, Math.floor(maxDy / 2), Math.floor(maxDx / 2), padding),
          ).toBe(true);
        }
      }),
    );
  });

  it('a window wholly beside the image (padding wider than the window) is zeros, for uint8 and float32 pixels', () => {
    // FC_SEED=558467086 found it: a 7×1 image padded by 3 with a 1×2 window; runs of such rows were copied to
    // offsets past the batch.
    for (const images of [Uint8Array.from([7, 8, 9]), Float32Array.from([0.1, 0.2, 0.3])]) {
      const set = {
        images,
        labels: Int32Array.from([0]),
        n: 1,
        height: 3,
        width: 1,
        channels: 1,
        classes: 2,
      } as ImageSet;
      const [height, width, padding] = [1, 2, 3];
      const view = resolveView('spec', set, { height, width, padding }, 'unit');
      const rng = createRng(5, 'crop');
      for (let k = 0; k < 40; k++) {
        const out = buildBatch(set, null, 0, 1, view, rng);
        let found = false;
        for (let dy = 0; dy <= 3 + 2 * padding - height && !found; dy++)
          for (let dx = 0; dx <= 1 + 2 * padding - width && !found; dx++)
            found = windowMatches(out, 0, set, 0, height, width, dy, dx, padding);
        expect(found).toBe(true);
      }
    }
  });

  it('random crops use every offset: over many draws each of the 3×3 offsets of a padding-1 crop appears', () => {
    // 4 images × 50 batches = 200 draws of 9 equally likely offsets: P(some offset never drawn) ≤ 9·(8/9)^200 < 1e-9.
    const set = randomImageSet(3, { n: 4, height: 3, width: 3, channels: 1, classes: 2 });
    const view = resolveView('spec', set, { padding: 1 }, 'unit');
    const rng = createRng(11, 'crop');
    const seen = new Set<string>();
    for (let k = 0; k < 50; k++) {
      const out = buildBatch(set, null, 0, 4, view, rng);
      for (let b = 0; b < 4; b++)
        for (let dy = 0; dy <= 2; dy++)
          for (let dx = 0; dx <= 2; dx++) if (windowMatches(out, b, set, b, 3, 3, dy, dx, 1)) seen.add(`${dy},${dx}`);
    }
    expect(seen.size).toBe(9);
  });

  it('standardize: each image has mean 0 and standard deviation 1 (less for a nearly constant image)', () => {
    fc.assert(
      fc.property(setAndCropArb, ({ set, perm, start, padding, height, width }) => {
        const count = set.n - start;
        const view = resolveView('spec', set, { height, width, padding }, 'standardize');
        const out = buildBatch(set, perm, start, count, view, null);
        const size = height * width * set.channels;
        for (let b = 0; b < count; b++) {
          const img = Array.from(out.subarray(b * size, (b + 1) * size));
          const mean = img.reduce((a, v) => a + v, 0) / size;
          const sd = Math.sqrt(img.reduce((a, v) => a + (v - mean) ** 2, 0) / size);
          expect(isClose(mean, 0, FLOAT32_EPSILON * 10)).toBe(true);
          // The divisor is max(sd, 1/√size) of the unstandardized window (TensorFlow's per_image_standardization).
          const raw = Array.from(buildBatch(set, perm, start + b, 1, { ...view, scaling: 'unit' }, null));
          const rawMean = raw.reduce((a, v) => a + v, 0) / size;
          const rawSd = Math.sqrt(raw.reduce((a, v) => a + (v - rawMean) ** 2, 0) / size);
          const expectedSd = rawSd >= 1 / Math.sqrt(size) ? 1 : rawSd * Math.sqrt(size);
          expect(isClose(sd, expectedSd, 1e-4)).toBe(true);
        }
      }),
    );
  });

  it('leaves the image set unchanged and returns a fresh array each call', () => {
    const set = randomImageSet(5, { n: 3, height: 2, width: 2, channels: 1, classes: 2 });
    const before = Uint8Array.from(set.images);
    const view = resolveView('spec', set, null, 'standardize');
    const a = buildBatch(set, null, 0, 3, view, null);
    const b = buildBatch(set, null, 0, 3, view, null);
    expect(a).not.toBe(b);
    expect(set.images).toEqual(before);
  });
});

describe('resolveView (internal)', () => {
  it('defaults to the full image without padding, and refuses crops that do not fit', () => {
    const set = { height: 5, width: 4 };
    expect(resolveView('f', set, null, 'unit')).toEqual({ height: 5, width: 4, padding: 0, scaling: 'unit' });
    expect(resolveView('f', set, { padding: 2 }, 'unit')).toEqual({ height: 5, width: 4, padding: 2, scaling: 'unit' });
    expect(() => resolveView('f', set, { height: 6 }, 'unit')).toThrow(ShapeError);
    expect(() => resolveView('f', set, { height: 6 }, 'unit')).toThrow(
      /f: crop 6×4 does not fit the 5×4 image padded by 0/,
    );
    expect(() => resolveView('f', set, { padding: -1 }, 'unit')).toThrow(ArgumentError);
    expect(() => resolveView('f', set, { width: 0 }, 'unit')).toThrow(/crop.width must be an integer ≥ 1/);
    expect(() => resolveView('f', set, null, 'minmax' as 'unit')).toThrow(/scaling must be 'unit' or 'standardize'/);
  });
});
