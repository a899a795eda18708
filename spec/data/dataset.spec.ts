import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from 'rethink/core';
import { imageSet, pixelsPerImage } from 'rethink/data';

const shape = fc.record({
  n: fc.integer({ min: 0, max: 6 }),
  height: fc.integer({ min: 1, max: 4 }),
  width: fc.integer({ min: 1, max: 4 }),
  channels: fc.integer({ min: 1, max: 3 }),
  classes: fc.integer({ min: 1, max: 5 }),
});

describe('imageSet', () => {
  it('accepts consistent fields and keeps them', () => {
    fc.assert(
      fc.property(
        shape.chain((s) =>
          fc.record({
            s: fc.constant(s),
            labels: fc.array(fc.integer({ min: 0, max: s.classes - 1 }), { minLength: s.n, maxLength: s.n }),
            float: fc.boolean(),
          }),
        ),
        ({ s, labels, float }) => {
          const size = s.n * s.height * s.width * s.channels;
          const images = float ? new Float32Array(size) : new Uint8Array(size);
          const set = imageSet({
            images,
            labels,
            height: s.height,
            width: s.width,
            channels: s.channels,
            classes: s.classes,
          });
          expect(set.n).toBe(s.n);
          expect(set.images).toBe(images);
          expect(set.labels).toBeInstanceOf(Int32Array);
          expect([...set.labels]).toEqual(labels);
          expect(pixelsPerImage(set)).toBe(s.height * s.width * s.channels);
          expect('classNames' in set).toBe(false);
        },
      ),
    );
  });

  it('keeps an Int32Array of labels as is, and class names', () => {
    const labels = Int32Array.from([1, 0]);
    const set = imageSet({
      images: new Uint8Array(2),
      labels,
      height: 1,
      width: 1,
      channels: 1,
      classes: 2,
      classNames: ['a', 'b'],
    });
    expect(set.labels).toBe(labels);
    expect(set.classNames).toEqual(['a', 'b']);
  });

  it('rejects an image buffer of the wrong length with a ShapeError giving the expected shape', () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 1, max: 5 }), (s, extra) => {
        const size = s.n * s.height * s.width * s.channels + extra;
        const run = () =>
          imageSet({
            images: new Uint8Array(size),
            labels: new Array<number>(s.n).fill(0),
            height: s.height,
            width: s.width,
            channels: s.channels,
            classes: s.classes,
          });
        expect(run).toThrow(ShapeError);
        try {
          run();
        } catch (e) {
          expect((e as ShapeError).details).toEqual({ expected: [s.n, s.height, s.width, s.channels], actual: size });
        }
      }),
    );
  });

  it('rejects a label outside [0, classes), naming its index', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.boolean(),
        (classes, at, negative) => {
          const labels = new Array<number>(5).fill(0);
          labels[at] = negative ? -1 : classes;
          try {
            imageSet({ images: new Uint8Array(5), labels, height: 1, width: 1, channels: 1, classes });
            expect.fail('no error');
          } catch (e) {
            expect(e).toBeInstanceOf(ArgumentError);
            expect((e as ArgumentError).details).toMatchObject({ index: at, label: labels[at], classes });
          }
        },
      ),
    );
  });

  it.each(['height', 'width', 'channels', 'classes'] as const)('rejects a non-positive or fractional %s', (field) => {
    for (const bad of [0, -1, 1.5]) {
      const options = {
        images: new Uint8Array(0),
        labels: [] as number[],
        height: 1,
        width: 1,
        channels: 1,
        classes: 1,
        [field]: bad,
      };
      expect(() => imageSet(options)).toThrow(ArgumentError);
      expect(() => imageSet(options)).toThrow(new RegExp(`${field} must be a positive integer`));
    }
  });

  it('rejects class names that do not match the class count', () => {
    expect(() =>
      imageSet({
        images: new Uint8Array(0),
        labels: [],
        height: 1,
        width: 1,
        channels: 1,
        classes: 3,
        classNames: ['a'],
      }),
    ).toThrow(ShapeError);
  });
});

describe('image origins', () => {
  it('a CIFAR-10 set names each image by file and record, and subsets and crops keep the names of their images', async () => {
    const { readCifarFiles, stratifiedSubset, centreCrop, describeImage } = await import('rethink/data');
    const dir = 'fixtures/cifar10-tiny';
    const files = ['data_batch_1.bin', 'data_batch_2.bin', 'test_batch.bin'];
    const set = await readCifarFiles(files.map((f) => `${dir}/${f}`));
    // data_batch_1 and _2 hold one record each, test_batch two.
    expect(Array.from({ length: set.n }, (_, i) => describeImage(set, i))).toStrictEqual([
      'image 0 (data_batch_1.bin record 0)',
      'image 1 (data_batch_2.bin record 0)',
      'image 2 (test_batch.bin record 0)',
      'image 3 (test_batch.bin record 1)',
    ]);
    const sub = centreCrop(stratifiedSubset(set, 3, { seed: 5 }), 28, 28);
    const names = Array.from({ length: sub.n }, (_, j) => describeImage(sub, j).replace(/^image \d+ /, ''));
    const all = Array.from({ length: set.n }, (_, i) => describeImage(set, i).replace(/^image \d+ /, ''));
    for (const name of names) expect(all).toContain(name);
    expect(new Set(names).size).toBe(3);
    // The records carry their labels along: the subset's labels are those of the records it names.
    names.forEach((name, j) => expect(sub.labels[j]).toBe(set.labels[all.indexOf(name)]));
    expect(describeImage(sub, 99)).toBe('image 99');
  });
});

describe('centreCrop', () => {
  it('takes the window at ⌊(H − h)/2⌋, ⌊(W − w)/2⌋ of every image, pixel for pixel, and keeps labels and names', async () => {
    const { centreCrop, imageSet } = await import('rethink/data');
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc
          .record({
            n: fc.integer({ min: 0, max: 3 }),
            H: fc.integer({ min: 1, max: 7 }),
            W: fc.integer({ min: 1, max: 7 }),
            c: fc.integer({ min: 1, max: 3 }),
            float: fc.boolean(),
          })
          .chain((s) =>
            fc.record({ s: fc.constant(s), h: fc.integer({ min: 1, max: s.H }), w: fc.integer({ min: 1, max: s.W }) }),
          ),
        ({ s, h, w }) => {
          const size = s.n * s.H * s.W * s.c;
          const values = Array.from({ length: size }, (_, i) => (i * 7) % 251);
          const set = imageSet({
            images: s.float ? Float32Array.from(values, (v) => v / 8) : Uint8Array.from(values),
            labels: Array.from({ length: s.n }, (_, i) => i % 2),
            height: s.H,
            width: s.W,
            channels: s.c,
            classes: 2,
            classNames: ['a', 'b'],
          });
          const out = centreCrop(set, h, w);
          expect([out.n, out.height, out.width, out.channels, out.images.constructor]).toStrictEqual([
            s.n,
            h,
            w,
            s.c,
            set.images.constructor,
          ]);
          expect(out.labels).toStrictEqual(set.labels);
          expect(out.classNames).toStrictEqual(['a', 'b']);
          const top = Math.floor((s.H - h) / 2);
          const left = Math.floor((s.W - w) / 2);
          for (let i = 0; i < s.n; i++)
            for (let y = 0; y < h; y++)
              for (let x = 0; x < w; x++)
                for (let ch = 0; ch < s.c; ch++)
                  expect(out.images[((i * h + y) * w + x) * s.c + ch]).toBe(
                    set.images[((i * s.H + top + y) * s.W + left + x) * s.c + ch],
                  );
          if (h === s.H && w === s.W) expect(out).toBe(set);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a window that is not whole or does not fit, naming both sizes', async () => {
    const { centreCrop, imageSet } = await import('rethink/data');
    const { ArgumentError } = await import('rethink/core');
    const set = imageSet({ images: new Uint8Array(16), labels: [0], height: 4, width: 4, channels: 1, classes: 2 });
    for (const [h, w] of [
      [5, 4],
      [4, 5],
      [0, 2],
      [2, 0],
      [1.5, 2],
      [2, 2.5],
    ] as const) {
      let error: unknown;
      try {
        centreCrop(set, h, w);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ArgumentError);
      expect((error as Error).message).toBe(`centreCrop: the window ${h}×${w} must be whole and fit the 4×4 images`);
      expect((error as InstanceType<typeof ArgumentError>).details).toStrictEqual({
        height: h,
        width: w,
        imageHeight: 4,
        imageWidth: 4,
      });
    }
  });
});
