import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from 'rethink/core';
import { batchToFloat32, dataChecksum, imageSet, imageSetStats, type ImageSet } from 'rethink/data';
import { expectArraysClose } from '../arbitraries/tolerance.ts';

const setArb = (minN: number) =>
  fc
    .record({
      n: fc.integer({ min: minN, max: 6 }),
      height: fc.integer({ min: 1, max: 3 }),
      width: fc.integer({ min: 1, max: 3 }),
      channels: fc.integer({ min: 1, max: 3 }),
      classes: fc.integer({ min: 1, max: 4 }),
      float: fc.boolean(),
    })
    .chain((s) => {
      const size = s.n * s.height * s.width * s.channels;
      return fc.record({
        s: fc.constant(s),
        pixels: s.float
          ? fc.array(fc.float({ min: -10, max: 10, noNaN: true }), { minLength: size, maxLength: size })
          : fc.array(fc.integer({ min: 0, max: 255 }), { minLength: size, maxLength: size }),
        labels: fc.array(fc.integer({ min: 0, max: s.classes - 1 }), { minLength: s.n, maxLength: s.n }),
      });
    })
    .map(({ s, pixels, labels }) =>
      imageSet({
        images: s.float ? Float32Array.from(pixels) : Uint8Array.from(pixels),
        labels,
        height: s.height,
        width: s.width,
        channels: s.channels,
        classes: s.classes,
      }),
    );

const setCase = setArb(0);
const nonEmpty = setArb(1);

describe('batchToFloat32', () => {
  it('gathers the images at the indices, uint8 as v / 255 and float32 unchanged', () => {
    fc.assert(
      fc.property(
        setCase.chain((set) =>
          fc.tuple(
            fc.constant(set),
            fc.array(fc.nat({ max: Math.max(0, set.n - 1) }), { maxLength: set.n === 0 ? 0 : 8 }),
          ),
        ),
        ([set, indices]) => {
          const batch = batchToFloat32(set, indices);
          const ppi = set.height * set.width * set.channels;
          expect(batch.length).toBe(indices.length * ppi);
          indices.forEach((i, j) => {
            for (let p = 0; p < ppi; p++) {
              const v = set.images[i * ppi + p] as number;
              expect(batch[j * ppi + p]).toBe(set.images instanceof Uint8Array ? Math.fround(v / 255) : v);
            }
          });
        },
      ),
    );
  });

  it('writes into `out` when given, and checks its length and the indices', () => {
    const set = imageSet({
      images: new Uint8Array([0, 51, 102, 255]),
      labels: [0, 1],
      height: 1,
      width: 2,
      channels: 1,
      classes: 2,
    });
    const out = new Float32Array(4);
    expect(batchToFloat32(set, Uint32Array.from([1, 0]), out)).toBe(out);
    expect([...out]).toEqual([0.4, 1, 0, 0.2].map(Math.fround));
    expect(() => batchToFloat32(set, [0], out)).toThrow(ShapeError);
    for (const bad of [2, -1, 0.5]) {
      try {
        batchToFloat32(set, [0, bad]);
        expect.fail('no error');
      } catch (e) {
        expect(e).toBeInstanceOf(ArgumentError);
        expect((e as ArgumentError).details).toMatchObject({ position: 1, index: bad, n: 2 });
      }
    }
  });
});

/** Mean and population std per channel, computed the plain way in float64. */
function naiveStats(set: ImageSet): { mean: number[]; std: number[] } {
  const scale = set.images instanceof Uint8Array ? 255 : 1;
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < set.channels; c++) {
    const values: number[] = [];
    for (let i = c; i < set.images.length; i += set.channels) values.push((set.images[i] as number) / scale);
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    mean.push(m);
    std.push(Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / values.length));
  }
  return { mean, std };
}

describe('imageSetStats', () => {
  it('reports shape, class counts, and the per-channel mean and std of the pixels as batchToFloat32 scales them', () => {
    fc.assert(
      fc.property(nonEmpty, (set) => {
        const s = imageSetStats(set);
        expect(s).toMatchObject({
          n: set.n,
          height: set.height,
          width: set.width,
          channels: set.channels,
          classes: set.classes,
        });
        expect(s.classCounts.reduce((a, b) => a + b, 0)).toBe(set.n);
        s.classCounts.forEach((c, k) => expect(c).toBe([...set.labels].filter((l) => l === k).length));
        const naive = naiveStats(set);
        // uint8 sums are exact; the float32 path is a two-pass float64 sum of ≤ 54 values.
        expectArraysClose(s.mean, naive.mean, 1e-9);
        expectArraysClose(s.std, naive.std, 1e-6);
      }),
    );
  });

  it('gives NaN mean and std for an empty set', () => {
    const s = imageSetStats(
      imageSet({ images: new Uint8Array(0), labels: [], height: 2, width: 2, channels: 3, classes: 2 }),
    );
    expect(s.mean.every(Number.isNaN) && s.std.every(Number.isNaN)).toBe(true);
    expect(s.classCounts).toEqual([0, 0]);
  });
});

describe('dataChecksum', () => {
  it('is a SHA-256 hex that ignores names and class names', () => {
    fc.assert(
      fc.property(setCase, (set) => {
        const sum = dataChecksum(set);
        expect(sum).toMatch(/^[0-9a-f]{64}$/);
        const renamed = imageSet({
          ...set,
          labels: set.labels,
          classNames: Array.from({ length: set.classes }, (_, k) => `c${k}`),
        });
        expect(dataChecksum(renamed)).toBe(sum);
        expect(dataChecksum({ name: 'a', train: set, test: set })).toBe(
          dataChecksum({ name: 'b', train: renamed, test: renamed }),
        );
      }),
    );
  });

  it('changes when any pixel or label changes, or the dtype, or the split order', () => {
    // A SHA-256 collision between two given inputs has probability 2^-256.
    fc.assert(
      fc.property(nonEmpty, fc.nat(), fc.nat(), (set, a, b) => {
        const images = set.images.slice();
        const p = a % images.length;
        images[p] = set.images instanceof Uint8Array ? ((images[p] as number) + 1) % 256 : (images[p] as number) + 1;
        expect(dataChecksum({ ...set, images })).not.toBe(dataChecksum(set));
        if (set.classes > 1) {
          const labels = set.labels.slice();
          const i = b % labels.length;
          labels[i] = ((labels[i] as number) + 1) % set.classes;
          expect(dataChecksum({ ...set, labels })).not.toBe(dataChecksum(set));
        }
        const other =
          set.images instanceof Uint8Array
            ? Float32Array.from(set.images)
            : Uint8Array.from(set.images, (v) => Math.abs(Math.round(v)) % 256);
        expect(dataChecksum({ ...set, images: other })).not.toBe(dataChecksum(set));
        const empty = imageSet({ images: new Uint8Array(0), labels: [], height: 1, width: 1, channels: 1, classes: 1 });
        expect(dataChecksum({ name: 'x', train: set, test: empty })).not.toBe(
          dataChecksum({ name: 'x', train: empty, test: set }),
        );
      }),
    );
  });
});
