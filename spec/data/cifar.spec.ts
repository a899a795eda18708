import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError, NotFoundError } from 'rethink/core';
import { dataChecksum, loadCifar10, parseCifarBatch, readCifarFiles } from 'rethink/data';
import { CifarDecoder } from '../../src/data/_cifar.ts';
import { encodeCifarBatch, writeCifarDir } from './_writers.ts';
import { fuzzRuns, splitCase } from './_arbitraries.ts';

const PIXELS = 3072;
const NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'rethink-cifar-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function formatError(fn: () => unknown): FormatError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  return expect.fail('expected a FormatError');
}

describe('parseCifarBatch', () => {
  it('round trip: planar records decode to the channels-last images the writer started from', () => {
    fc.assert(
      fc.property(splitCase(PIXELS, 4, 10, 1), ({ images, labels }) => {
        const set = parseCifarBatch(encodeCifarBatch(images, labels), { file: 'b.bin' });
        expect(set).toMatchObject({ n: labels.length, height: 32, width: 32, channels: 3, classes: 10 });
        expect(set.classNames).toEqual(NAMES);
        expect(Buffer.from(set.images).equals(Buffer.from(images))).toBe(true);
        expect([...set.labels]).toEqual(labels);
      }),
    );
  });

  it('puts red, green and blue of pixel (y, x) at ((y·32 + x)·3 + c)', () => {
    const record = new Uint8Array(3073);
    record[0] = 9;
    record[1 + 5 * 32 + 7] = 11; // red (5, 7)
    record[1 + 1024 + 5 * 32 + 7] = 22; // green
    record[1 + 2048 + 5 * 32 + 7] = 33; // blue
    const set = parseCifarBatch(record, { classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });
    const at = (5 * 32 + 7) * 3;
    expect([set.images[at], set.images[at + 1], set.images[at + 2]]).toEqual([11, 22, 33]);
    expect(Array.from(set.images).reduce((a, b) => a + b, 0)).toBe(66);
    expect(set.classNames?.[9]).toBe('9');
  });

  it('rejects an empty file, a partial record and a label outside [0, 9], naming file and offset', () => {
    expect(formatError(() => parseCifarBatch(new Uint8Array(0), { file: 'e.bin' })).details).toMatchObject({
      file: 'e.bin',
      offset: 0,
      field: 'size',
    });
    const e = formatError(() => parseCifarBatch(new Uint8Array(3073 * 2 + 5), { file: 'p.bin' }));
    expect(e.details).toMatchObject({ file: 'p.bin', offset: 6146, field: 'size', size: 6151 });
    expect(e.message).toContain('p.bin');
    const bytes = new Uint8Array(3073 * 3);
    bytes[3073 * 2] = 10;
    expect(formatError(() => parseCifarBatch(bytes, { file: 'l.bin' })).details).toMatchObject({
      file: 'l.bin',
      offset: 6146,
      field: 'label',
      label: 10,
    });
  });
});

describe('CifarDecoder', () => {
  it('gives the same images through the word-wise (aligned) and byte-wise (unaligned) paths', () => {
    fc.assert(
      fc.property(splitCase(PIXELS, 3, 10, 1), ({ images, labels }) => {
        const bytes = encodeCifarBatch(images, labels);
        const n = labels.length;
        const aligned = new Uint8Array(n * PIXELS);
        const unaligned = new Uint8Array(n * PIXELS + 1).subarray(1);
        new CifarDecoder(aligned, new Int32Array(n)).decode('spec', 'x', bytes, n, 0, 0);
        new CifarDecoder(unaligned, new Int32Array(n)).decode('spec', 'x', bytes, n, 0, 0);
        expect(Buffer.from(unaligned).equals(Buffer.from(images))).toBe(true);
        expect(Buffer.from(aligned).equals(Buffer.from(images))).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});

describe('parseCifarBatch fuzzing', () => {
  /** A successful parse must re-encode to exactly the input. */
  const consistent = (bytes: Uint8Array) => {
    try {
      const set = parseCifarBatch(bytes);
      expect(set.n * 3073).toBe(bytes.length);
      expect(set.images).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(encodeCifarBatch(set.images as Uint8Array, set.labels)).equals(Buffer.from(bytes))).toBe(true);
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError);
    }
  };

  it('arbitrary byte strings parse consistently or raise FormatError', () => {
    // Lengths near whole records, labels mostly small, so both outcomes occur.
    const bytes = fc
      .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: -2, max: 2 }), fc.integer({ min: 0, max: 13 }))
      .chain(([records, delta, label]) => {
        const length = Math.max(0, records * 3073 + delta);
        return fc.uint8Array({ minLength: length, maxLength: length }).map((b) => {
          for (let r = 0; r * 3073 < b.length; r++) b[r * 3073] = (label + r) % 14;
          return b;
        });
      });
    fc.assert(fc.property(fc.oneof(bytes, fc.uint8Array({ maxLength: 64 })), consistent), { numRuns: fuzzRuns(3) });
  });

  it('single-byte mutations and truncations of valid batches parse consistently or raise FormatError', () => {
    const mutated = splitCase(PIXELS, 2, 10, 1).chain(({ images, labels }) => {
      const valid = encodeCifarBatch(images, labels);
      return fc.record({
        valid: fc.constant(valid),
        at: fc.nat({ max: valid.length - 1 }),
        value: fc.integer({ min: 0, max: 255 }),
        cut: fc.boolean(),
      });
    });
    fc.assert(
      fc.property(mutated, ({ valid, at, value, cut }) => {
        const bytes = cut ? valid.slice(0, at) : Uint8Array.from(valid);
        if (!cut) bytes[at] = value;
        consistent(bytes);
        if (cut) expect(() => parseCifarBatch(bytes)).toThrow(FormatError); // a cut batch is never whole
      }),
      { numRuns: fuzzRuns(5) },
    );
  });
});

describe('readCifarFiles and loadCifar10', () => {
  it('round trip through a directory: five training batches (at least one record each) and a test batch, any chunk size', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        splitCase(PIXELS, 9, 10, 5),
        splitCase(PIXELS, 3, 10, 1),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        async (train, test, chunkRecords, meta) => {
          const dir = join(tmp, `dir-${run++}`);
          const names = meta ? NAMES.map((n) => n.toUpperCase()) : undefined;
          await writeCifarDir(dir, train, test, names);
          const data = await loadCifar10(dir, { chunkRecords });
          expect(data.name).toBe('cifar10');
          expect(Buffer.from(data.train.images).equals(Buffer.from(train.images))).toBe(true);
          expect([...data.train.labels]).toEqual(train.labels);
          expect(Buffer.from(data.test.images).equals(Buffer.from(test.images))).toBe(true);
          expect([...data.test.labels]).toEqual(test.labels);
          expect(data.train.classNames).toEqual(names ?? NAMES);
          // Parsing the concatenated batches in memory gives the same arrays.
          expect(dataChecksum(parseCifarBatch(encodeCifarBatch(train.images, train.labels)))).toBe(
            dataChecksum(data.train),
          );
        },
      ),
      { numRuns: 15 },
    );
  });

  it('names a missing batch, and rejects a truncated file or a bad label with file and offset', async () => {
    const dir = join(tmp, 'bad');
    const one = { images: new Uint8Array(PIXELS), labels: [1] };
    await writeCifarDir(dir, { images: new Uint8Array(5 * PIXELS), labels: [0, 1, 2, 3, 4] }, one);
    await rm(join(dir, 'data_batch_3.bin'));
    await expect(loadCifar10(dir)).rejects.toThrow(NotFoundError);
    await expect(loadCifar10(dir)).rejects.toMatchObject({ details: { file: join(dir, 'data_batch_3.bin') } });
    await writeFile(join(dir, 'data_batch_3.bin'), new Uint8Array(3073 + 100));
    await expect(loadCifar10(dir)).rejects.toMatchObject({
      code: 'E_FORMAT',
      details: { file: join(dir, 'data_batch_3.bin'), offset: 3073, field: 'size' },
    });
    const labels = new Uint8Array(3073 * 3);
    labels[3073 * 2] = 200;
    await writeFile(join(dir, 'data_batch_3.bin'), labels);
    await expect(loadCifar10(dir, { chunkRecords: 2 })).rejects.toMatchObject({
      details: { file: join(dir, 'data_batch_3.bin'), offset: 6146, field: 'label', label: 200 },
    });
    await writeFile(join(dir, 'data_batch_3.bin'), new Uint8Array(0));
    await expect(loadCifar10(dir)).rejects.toMatchObject({ details: { offset: 0, field: 'size' } });
  });

  it('rejects a batches.meta.txt that does not list 10 names, and a directory in place of a batch', async () => {
    const dir = join(tmp, 'meta');
    const one = { images: new Uint8Array(PIXELS), labels: [1] };
    await writeCifarDir(dir, { images: new Uint8Array(5 * PIXELS), labels: [0, 1, 2, 3, 4] }, one, NAMES.slice(0, 9));
    await expect(loadCifar10(dir)).rejects.toMatchObject({
      code: 'E_FORMAT',
      details: { file: join(dir, 'batches.meta.txt'), field: 'classNames', count: 9 },
    });
    await rm(join(dir, 'batches.meta.txt'));
    await rm(join(dir, 'test_batch.bin'));
    await mkdir(join(dir, 'test_batch.bin'));
    await expect(loadCifar10(dir)).rejects.toMatchObject({
      code: 'E_IO',
      details: { file: join(dir, 'test_batch.bin') },
    });
  });

  it('readCifarFiles of no files is an empty set; the fixture loads with its documented sizes', async () => {
    expect((await readCifarFiles([])).n).toBe(0);
    const data = await loadCifar10('fixtures/cifar10-tiny', { name: 'tiny' });
    expect([data.name, data.train.n, data.test.n, data.train.classNames?.[3]]).toEqual(['tiny', 5, 2, 'cat']);
    expect((await readCifarFiles(['fixtures/cifar10-tiny/test_batch.bin'])).n).toBe(2);
  });
});
