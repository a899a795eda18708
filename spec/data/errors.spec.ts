/**
 * The machine-readable side of the data module's typed errors: `details` names the offending field, value and
 * bound (the CLI prints them), on small inputs. loadDataSet's option checks are exercised on the idx fixture
 * (24 training and 12 test images), so they need no bundled-MNIST decode.
 *
 * The messages of the data module's errors: each names the function, the file, and the offset, index, value or
 * bound at fault (the user reads them to find the bad byte or option), and keeps the underlying system error as
 * its `cause`. Small inputs only.
 */
import { describe, expect, it, afterAll, beforeAll } from 'vitest';
import {
  ArgumentError,
  DownloadError,
  FormatError,
  IntegrityError,
  NotFoundError,
  RethinkError,
  ShapeError,
  ensure,
} from 'rethink/core';
import fc from 'fast-check';
import { caught } from '../arbitraries/assertions.ts';
import {
  SampleCountError,
  batchToFloat32,
  dataChecksum,
  imageSet,
  loadDataSet,
  loadIdxDir,
  parseDataSetSpec,
  stratifiedSubset,
  dataCacheDir,
  loadCifar10,
  parseCifarBatch,
  parseIdx,
  readCifarFiles,
  readIdxFile,
  readIdxImageSet,
} from 'rethink/data';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { idxImageSet } from '../../src/data/_idx-convert.ts';
import { parseCifarMeta } from '../../src/data/_cifar.ts';
import { bundledDigits, decodeDigitsFile } from '../../src/data/_mnist-digits.ts';
import { encodeIdx, gzip, writeCifarDir, writeIdxDir } from './_writers.ts';

describe('error classes and codes', () => {
  describe('error classes', () => {
    it.each([
      [ShapeError, 'E_SHAPE'],
      [ArgumentError, 'E_ARGUMENT'],
      [FormatError, 'E_FORMAT'],
      [NotFoundError, 'E_NOT_FOUND'],
      [DownloadError, 'E_DOWNLOAD'],
      [IntegrityError, 'E_INTEGRITY'],
    ] as const)('%o carries its code, name, message and details', (Class, code) => {
      const e = new Class('f: bad thing', { file: 'x.bin', offset: 3 });
      expect(e).toBeInstanceOf(RethinkError);
      expect(e).toBeInstanceOf(Error);
      expect(e.code).toBe(code);
      expect(e.name).toBe(Class.name);
      expect(e.message).toBe('f: bad thing');
      expect(e.details).toEqual({ file: 'x.bin', offset: 3 });
      expect(new Class('m').details).toEqual({});
    });

    it('keeps a cause where one is given', () => {
      const cause = new Error('root');
      expect(new FormatError('m', {}, { cause }).cause).toBe(cause);
      expect(new NotFoundError('m', {}, { cause }).cause).toBe(cause);
      expect(new DownloadError('m', {}, { cause }).cause).toBe(cause);
      expect(new RethinkError('E_X', 'm', {}, { cause }).cause).toBe(cause);
    });
  });

  describe('ensure', () => {
    it('builds the error only on failure', () => {
      let built = 0;
      const make = () => {
        built++;
        return new ShapeError('demo');
      };
      ensure(true, make);
      ensure(1, make);
      expect(built).toBe(0);
      expect(() => ensure(false, make)).toThrow(ShapeError);
      expect(() => ensure(0, make)).toThrow('demo');
      expect(built).toBe(2);
    });
  });
});

describe('details: the file, offset and field at fault', () => {
  async function rejected<E extends RethinkError>(
    promise: Promise<unknown>,
    type: new (...args: never[]) => E,
  ): Promise<E> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(type);
    return error as E;
  }

  const dims = fc.record(
    {
      n: fc.integer({ min: 1, max: 4 }),
      h: fc.integer({ min: 1, max: 3 }),
      w: fc.integer({ min: 1, max: 3 }),
      c: fc.integer({ min: 1, max: 3 }),
      k: fc.integer({ min: 1, max: 4 }),
    },
    { noNullPrototype: true },
  );

  describe('data errors carry the offending value in their details', () => {
    it('imageSet: each non-positive or fractional dimension, and class names that do not match the count', () => {
      fc.assert(
        fc.property(
          dims,
          fc.constantFrom('height', 'width', 'channels', 'classes'),
          fc.constantFrom(0, -2, 0.5),
          ({ n, h, w, c, k }, field, value) => {
            const options = {
              images: new Uint8Array(n * h * w * c),
              labels: new Array<number>(n).fill(0),
              height: h,
              width: w,
              channels: c,
              classes: k,
            };
            const error = caught(() => imageSet({ ...options, [field]: value }), ArgumentError);
            expect(error.message).toContain(`imageSet: ${field} must be a positive integer, got ${value}`);
            expect(error.details).toEqual({ [field]: value });
            const names = caught(
              () => imageSet({ ...options, classNames: new Array<string>(k + 1).fill('x') }),
              ShapeError,
            );
            expect(names.details).toEqual({ expected: k, actual: k + 1 });
            expect(imageSet({ ...options, classNames: new Array<string>(k).fill('x') }).classNames).toHaveLength(k);
          },
        ),
      );
    });

    it('batchToFloat32: an output buffer of the wrong length names both lengths', () => {
      fc.assert(
        fc.property(dims, fc.integer({ min: 1, max: 3 }), ({ n, h, w, c, k }, extra) => {
          const set = imageSet({
            images: new Uint8Array(n * h * w * c),
            labels: new Array<number>(n).fill(0),
            height: h,
            width: w,
            channels: c,
            classes: k,
          });
          const indices = Array.from({ length: n }, (_, i) => i);
          const error = caught(() => batchToFloat32(set, indices, new Float32Array(n * h * w * c + extra)), ShapeError);
          expect(error.details).toEqual({ expected: n * h * w * c, actual: n * h * w * c + extra });
        }),
      );
    });

    it('stratifiedSubset: a size outside [0, n] names the size and n', () => {
      fc.assert(
        fc.property(dims, fc.integer({ min: 1, max: 3 }), ({ n, k }, extra) => {
          const set = imageSet({
            images: new Uint8Array(n),
            labels: Array.from({ length: n }, (_, i) => i % k),
            height: 1,
            width: 1,
            channels: 1,
            classes: k,
          });
          for (const size of [n + extra, -extra, n - 0.5]) {
            expect(caught(() => stratifiedSubset(set, size), ArgumentError).details).toEqual({ size, n });
          }
        }),
      );
    });

    it('parseDataSetSpec: the spec as given', () => {
      for (const spec of ['', ' foo ', 'mnist:/x', 'idx', 'idx:', 'cifar10:']) {
        expect(caught(() => parseDataSetSpec(spec), ArgumentError).details).toEqual({ spec });
      }
    });
  });

  describe('loadDataSet on a directory (the idx fixture: 24 training, 12 test images)', () => {
    it('rejects sample counts outside each split, naming the option, its value and the split size', async () => {
      for (const [options, flag, value, n] of [
        [{ samples: 25 }, 'samples', 25, 24],
        [{ samples: 2.5 }, 'samples', 2.5, 24],
        [{ testSamples: 13 }, 'testSamples', 13, 12],
        [{ testSamples: -1 }, 'testSamples', -1, 12],
      ] as const) {
        const error = await rejected(loadDataSet('idx:fixtures/idx-tiny', options), ArgumentError);
        const split = flag === 'samples' ? 'training' : 'test';
        expect(error.message).toContain(
          `loadDataSet: ${flag} must be an integer in [0, ${n}] for idx:fixtures/idx-tiny (its ${split} split holds ${n} images), got ${value}`,
        );
        expect(error.details).toEqual({ [flag]: value, n });
        // A SampleCountError: the option, the value, the split and its size, for a command line to name its flag.
        expect(error).toBeInstanceOf(SampleCountError);
        expect(error).toMatchObject({ option: flag, value, available: n, split, dataset: 'idx:fixtures/idx-tiny' });
      }
    });

    it('accepts the bounds: 0 and all of each split; all of a split is the split itself', async () => {
      const whole = await loadIdxDir('fixtures/idx-tiny');
      const all = await loadDataSet(' idx:fixtures/idx-tiny ', { samples: 24, testSamples: 12 });
      expect(all.name).toBe('idx:fixtures/idx-tiny');
      expect(dataChecksum(all)).toBe(dataChecksum(whole));
      const none = await loadDataSet('idx:fixtures/idx-tiny', { samples: 0, testSamples: 0 });
      expect([none.train.n, none.test.n]).toEqual([0, 0]);
    });
  });
});

describe('messages: what a user reads', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'rethink-messages-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  /** The rejection of `promise`, which must be an instance of `type` with every fragment in its message. */
  async function rejection<E extends Error>(
    promise: Promise<unknown>,
    type: new (...args: never[]) => E,
    ...fragments: string[]
  ): Promise<E> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(type);
    for (const fragment of fragments) expect((error as Error).message).toContain(fragment);
    return error as E;
  }

  describe('file errors (readIdxFile, readCifarFiles)', () => {
    it('a missing file names the function and the path, and keeps the system error as the cause', async () => {
      const path = join(tmp, 'nope.idx');
      const e = await rejection(readIdxFile(path), NotFoundError);
      expect(e.message).toBe(`readIdxFile: missing file ${path}`);
      expect((e.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
      const c = await rejection(readCifarFiles([path]), NotFoundError);
      expect(c.message).toBe(`readCifarFiles: missing file ${path}`);
      expect((c.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    });

    it('an unreadable path (a directory) is E_IO naming the path and the system error', async () => {
      const e = await rejection(readIdxFile(tmp), RethinkError, `readIdxFile: cannot read ${tmp}: `, 'EISDIR');
      expect(e.details).toEqual({ file: tmp, errno: 'EISDIR' });
      expect((e.cause as NodeJS.ErrnoException).code).toBe('EISDIR');
      const c = await rejection(readCifarFiles([tmp]), RethinkError);
      expect(c.message).toBe(`readCifarFiles: ${tmp} is not a regular file`);
    });
  });

  describe('readIdxFile and readIdxImageSet', () => {
    it('name the file in format errors and pass the options on', async () => {
      const path = join(tmp, 'bad.idx');
      await writeFile(path, encodeIdx('uint8', [3], [1, 2]));
      const e = await rejection(readIdxFile(path), FormatError, `parseIdx: ${path} is truncated`);
      expect(e.details.file).toBe(path);
      const ok = join(tmp, 'ok.idx');
      await writeFile(ok, encodeIdx('uint8', [3], [1, 2, 3]));
      expect((await rejection(readIdxFile(ok, { maxBytes: 10 }), FormatError)).details).toMatchObject({
        file: ok,
        limit: 10,
      });
    });

    it('readIdxImageSet names both files when the counts differ', async () => {
      const images = join(tmp, 'images.idx');
      const labels = join(tmp, 'labels.idx');
      await writeFile(images, encodeIdx('uint8', [2, 1, 1], [0, 0]));
      await writeFile(labels, encodeIdx('uint8', [3], [0, 0, 0]));
      const e = await rejection(readIdxImageSet(images, labels), FormatError);
      expect(e.message).toBe(`readIdxImageSet: ${images} holds 2 images but ${labels} holds 3 labels`);
      expect(e.details.file).toBe(labels);
    });
  });

  describe('parseCifarBatch and loadCifar10', () => {
    it('name the function and the file (default <bytes>) in each error', () => {
      expect(caught(() => parseCifarBatch(new Uint8Array(0)), FormatError).message).toBe(
        'parseCifarBatch: <bytes> is empty',
      );
      expect(caught(() => parseCifarBatch(new Uint8Array(3073 * 2 + 5), { file: 'p.bin' }), FormatError).message).toBe(
        'parseCifarBatch: p.bin is truncated: 6151 bytes is not a whole number of 3073-byte records (the last record starts at byte 6146 and has 5 bytes)',
      );
      const bytes = new Uint8Array(3073 * 3);
      bytes[3073 * 2] = 10;
      expect(caught(() => parseCifarBatch(bytes, { file: 'l.bin' }), FormatError).message).toBe(
        'parseCifarBatch: label 10 of record 2 in l.bin (byte 6146) is outside [0, 9]',
      );
    });

    it('readCifarFiles counts records from the start of the file, across chunks', async () => {
      const path = join(tmp, 'labels.bin');
      const bytes = new Uint8Array(3073 * 3);
      bytes[3073 * 2] = 200;
      await writeFile(path, bytes);
      const e = await rejection(readCifarFiles([path], { chunkRecords: 2 }), FormatError);
      expect(e.message).toBe(`readCifarFiles: label 200 of record 2 in ${path} (byte 6146) is outside [0, 9]`);
      // The second record of the second chunk.
      const four = new Uint8Array(3073 * 4);
      four[3073 * 3] = 11;
      await writeFile(path, four);
      const second = await rejection(readCifarFiles([path], { chunkRecords: 2 }), FormatError);
      expect(second.message).toBe(`readCifarFiles: label 11 of record 3 in ${path} (byte 9219) is outside [0, 9]`);
      expect(second.details).toEqual({ file: path, offset: 9219, field: 'label', label: 11 });
    });

    it('loadCifar10 names batches.meta.txt when it does not list 10 names', async () => {
      const dir = join(tmp, 'meta');
      const one = { images: new Uint8Array(3072), labels: [1] };
      await writeCifarDir(dir, { images: new Uint8Array(5 * 3072), labels: [0, 1, 2, 3, 4] }, one, ['a', 'b']);
      const meta = join(dir, 'batches.meta.txt');
      const e = await rejection(loadCifar10(dir), FormatError);
      expect(e.message).toBe(`loadCifar10: ${meta} lists 2 class names, expected 10`);
    });
  });

  describe('batchToFloat32, stratifiedSubset', () => {
    const set = imageSet({
      images: new Uint8Array([0, 51, 102, 255]),
      labels: [0, 1],
      height: 1,
      width: 2,
      channels: 1,
      classes: 2,
    });

    it('batchToFloat32 names the lengths, or the index, its position and the bound', () => {
      expect(caught(() => batchToFloat32(set, [1], new Float32Array(3)), ShapeError).message).toBe(
        'batchToFloat32: out holds 3 values, the batch needs 1 × 2 = 2',
      );
      expect(caught(() => batchToFloat32(set, [0, 2]), ArgumentError).message).toBe(
        'batchToFloat32: index 2 at position 1 is outside [0, 2)',
      );
    });

    it('stratifiedSubset names the size and the bound', () => {
      expect(caught(() => stratifiedSubset(set, 3), ArgumentError).message).toBe(
        'stratifiedSubset: size must be an integer in [0, 2], got 3',
      );
    });

    it('stratifiedSubset draws from the stream "subset" unless told otherwise', () => {
      const many = imageSet({
        images: Uint8Array.from({ length: 40 }, (_, i) => i),
        labels: new Array<number>(40).fill(0),
        height: 1,
        width: 1,
        channels: 1,
        classes: 1,
      });
      fc.assert(
        fc.property(fc.integer(), (seed) => {
          expect(stratifiedSubset(many, 4, { seed })).toStrictEqual(
            stratifiedSubset(many, 4, { seed, stream: 'subset' }),
          );
        }),
        { numRuns: 5 },
      );
    });
  });

  describe('parseDataSetSpec and dataCacheDir', () => {
    it('says why a spec is refused', () => {
      const why = (spec: string) => caught(() => parseDataSetSpec(spec), ArgumentError).message;
      const forms = '; accepted: mnist, cifar10, cifar10:DIR, idx:DIR, mnist-full, fashion-mnist';
      expect(why('idx:')).toBe(`parseDataSetSpec: an empty directory in "idx:"${forms}`);
      expect(why(':')).toBe(`parseDataSetSpec: an empty directory in ":"${forms}`);
      expect(why(':x')).toBe(`parseDataSetSpec: unknown data set "" in ":x"${forms}`);
      expect(why('mnist:/x')).toBe(
        `parseDataSetSpec: the bundled "mnist" takes no directory (use idx:DIR or mnist-full:DIR) in "mnist:/x"${forms}`,
      );
      expect(why('idx')).toBe(`parseDataSetSpec: idx needs a directory (idx:DIR) in "idx"${forms}`);
      expect(why(' foo ')).toBe(`parseDataSetSpec: unknown data set "foo" in " foo "${forms}`);
    });

    it('gives a dir field only when the spec names a directory', () => {
      for (const kind of ['cifar10', 'mnist-full', 'fashion-mnist'] as const) {
        expect(parseDataSetSpec(kind)).toStrictEqual({ kind });
        expect(parseDataSetSpec(`${kind}:d`)).toStrictEqual({ kind, dir: 'd' });
      }
    });

    it('an empty --dir falls through to RETHINK_DATA', () => {
      expect(dataCacheDir({ dir: '', env: { RETHINK_DATA: '/b' } })).toBe('/b');
      expect(dataCacheDir({ env: { RETHINK_DATA: '' } })).toBe(resolve(envPaths('rethink', { suffix: '' }).cache));
    });
  });

  describe('parseIdx', () => {
    const valid = () => encodeIdx('uint8', [2, 3], [1, 2, 3, 4, 5, 6]);

    it('names the file (default <bytes>) and the bytes at fault in each header error', () => {
      const message = (bytes: Uint8Array, file?: string) =>
        caught(() => parseIdx(bytes, file === undefined ? {} : { file }), FormatError).message;
      expect(message(new Uint8Array([0, 0, 8]))).toBe(
        'parseIdx: <bytes> is truncated: the header needs 4 bytes, the file has 3',
      );
      expect(message(valid().subarray(0, 9), 'h')).toBe(
        'parseIdx: h is truncated: the header needs 12 bytes, the file has 9',
      );
      const magic = valid();
      magic[0] = 0x1a;
      magic[1] = 7;
      expect(message(magic, 'm')).toBe('parseIdx: m has a wrong IDX magic number: bytes 0–1 are 1a 07, expected 00 00');
      const type = valid();
      type[2] = 0x0a;
      expect(message(type, 't')).toBe(
        'parseIdx: t has an unknown IDX type code 0a at byte 2 (expected 08, 09, 0b, 0c, 0d or 0e)',
      );
    });

    it('names the dimensions and the sizes when they disagree with the file or the limit', () => {
      const bytes = valid();
      expect(caught(() => parseIdx(bytes, { file: 'c', maxBytes: 13 }), FormatError).message).toBe(
        'parseIdx: c claims dimensions [2, 3] (18 bytes), more than the limit of 13 bytes',
      );
      const limit = caught(() => parseIdx(bytes, { maxBytes: 17 }), FormatError);
      expect(limit.details).toEqual({ file: '<bytes>', offset: 4, field: 'dims', dims: [2, 3], limit: 17 });
      expect(parseIdx(bytes, { maxBytes: 18 }).dims).toEqual([2, 3]);
      expect(caught(() => parseIdx(bytes.subarray(0, 17), { file: 'c' }), FormatError).message).toBe(
        'parseIdx: c is truncated: dimensions [2, 3] need 18 bytes, the file has 17',
      );
      const longer = new Uint8Array(20);
      longer.set(bytes);
      expect(caught(() => parseIdx(longer, { file: 'c' }), FormatError).message).toBe(
        'parseIdx: c has 2 trailing bytes after the data (dimensions [2, 3] end at byte 18)',
      );
    });

    it('names the sizes of a gzipped file whose header lies', () => {
      const claim = gzip(encodeIdx('uint8', [1 << 20, 1 << 10], []));
      const e = caught(() => parseIdx(claim, { file: 'z.gz' }), FormatError);
      expect(e.message).toBe(
        `parseIdx: z.gz claims dimensions [1048576, 1024] (${(1 << 30) + 12} bytes), more than ${claim.length} gzipped bytes can hold`,
      );
      expect(e.details).toEqual({ file: 'z.gz', offset: 4, field: 'dims', dims: [1 << 20, 1 << 10] });
      const bomb = gzip(Uint8Array.from([...encodeIdx('uint8', [2], [1, 2]), 3, 4, 5]));
      expect(caught(() => parseIdx(bomb, { file: 'b.gz' }), FormatError).message).toBe(
        'parseIdx: b.gz decompresses to more than the 10 bytes its header claims',
      );
      const short = gzip(encodeIdx('uint8', [5], [1, 2]));
      const s = caught(() => parseIdx(short, { file: 's.gz' }), FormatError);
      expect(s.message).toBe(
        'parseIdx: s.gz is truncated: its header claims 13 bytes, the data ends at byte 10 (after decompression)',
      );
      expect(s.details).toEqual({ file: 's.gz', offset: 10, expected: 13, field: 'size' });
      const corrupt = Uint8Array.from(gzip(valid()));
      corrupt[corrupt.length - 6] = (corrupt[corrupt.length - 6] as number) ^ 0xff;
      const c = caught(
        () => parseIdx(corrupt, { file: 'c.gz' }),
        FormatError,
        'parseIdx: corrupt gzip stream in c.gz: ',
      );
      expect(c.cause).toBeInstanceOf(Error);
      expect((c.cause as Error).message.length).toBeGreaterThan(0);
      expect(c.message).toBe(`parseIdx: corrupt gzip stream in c.gz: ${(c.cause as Error).message}`);
    });
  });

  describe('idxImageSet (readIdxImageSet on decoded arrays)', () => {
    const files = { images: 'i.idx', labels: 'l.idx' };
    const idx = (dims: number[], values: number[], type: 'uint8' | 'int8' | 'float32' = 'uint8') =>
      parseIdx(encodeIdx(type, dims, values));

    it('names the file, the offset of the dimension and the rank', () => {
      for (const dims of [
        [2, 2],
        [1, 1, 1, 1, 1],
      ]) {
        const e = caught(
          () =>
            idxImageSet(
              idx(
                dims,
                [0, 0, 0, 0].slice(
                  0,
                  dims.reduce((a, b) => a * b, 1),
                ),
              ),
              idx([1], [0]),
              files,
            ),
          FormatError,
        );
        expect(e.message).toBe(
          `readIdxImageSet: i.idx has ${dims.length} dimensions, expected 3 (n, rows, cols) or 4 (n, rows, cols, channels)`,
        );
        expect(e.details).toEqual({ file: 'i.idx', offset: 3, field: 'dims', dims });
      }
      for (const i of [0, 1, 2]) {
        const dims = [1, 1, 1, 1];
        dims[i + 1] = 0;
        const e = caught(() => idxImageSet(idx(dims, []), idx([1], [0]), files), FormatError);
        expect(e.message).toBe(`readIdxImageSet: i.idx has a zero image dimension (dimension ${i + 1})`);
        expect(e.details).toEqual({ file: 'i.idx', offset: 8 + 4 * i, field: 'dims', dims });
      }
      const rank = caught(() => idxImageSet(idx([1, 1, 1], [0]), idx([1, 1], [0]), files), FormatError);
      expect(rank.message).toBe('readIdxImageSet: l.idx has 2 dimensions, expected 1 (n)');
      expect(rank.details).toEqual({ file: 'l.idx', offset: 3, field: 'dims', dims: [1, 1] });
      const count = caught(() => idxImageSet(idx([2, 1, 1], [0, 0]), idx([3], [0, 0, 0]), files), FormatError);
      expect(count.details).toEqual({ file: 'l.idx', offset: 4, field: 'count', images: 2, labels: 3 });
    });

    it('names a label outside [0, classes), its index and its byte offset', () => {
      const e = caught(
        () => idxImageSet(idx([3, 1, 1], [0, 0, 0]), idx([3], [0, 4, 0]), files, { classes: 4 }),
        FormatError,
      );
      expect(e.message).toBe('readIdxImageSet: label 4 at index 1 of l.idx is outside [0, 4)');
      expect(e.details).toEqual({ file: 'l.idx', offset: 9, field: 'label', index: 1, label: 4 });
      expect(idxImageSet(idx([3, 1, 1], [0, 0, 0]), idx([3], [0, 3, 0]), files, { classes: 4 }).labels[1]).toBe(3);
    });
  });

  describe('parseCifarMeta', () => {
    it('reads one name a line, trimmed, with CRLF or LF line ends and blank lines ignored', () => {
      const names = Array.from({ length: 10 }, (_, k) => `class ${k}`);
      expect(parseCifarMeta('f', 'm.txt', `\n ${names.join(' \r\n')}\r\n\n`)).toEqual(names);
      const e = caught(() => parseCifarMeta('f', 'm.txt', names.slice(1).join('\n')), FormatError);
      expect(e.message).toBe('f: m.txt lists 9 class names, expected 10');
      expect(e.details).toEqual({ file: 'm.txt', field: 'classNames', count: 9 });
    });
  });

  describe('imageSet', () => {
    it('names the lengths and the shape, the label and its index, and the class-name count', () => {
      const shape = caught(
        () => imageSet({ images: new Uint8Array(13), labels: [0, 1], height: 2, width: 3, channels: 1, classes: 2 }),
        ShapeError,
      );
      expect(shape.message).toBe('imageSet: images hold 13 values, expected 2 × 2 × 3 × 1 = 12');
      const label = caught(
        () => imageSet({ images: new Uint8Array(3), labels: [0, 1, 2], height: 1, width: 1, channels: 1, classes: 2 }),
        ArgumentError,
      );
      expect(label.message).toBe('imageSet: label 2 at index 2 is outside [0, 2)');
      const names = caught(
        () =>
          imageSet({
            images: new Uint8Array(0),
            labels: [],
            height: 1,
            width: 1,
            channels: 1,
            classes: 3,
            classNames: ['a'],
          }),
        ShapeError,
      );
      expect(names.message).toBe('imageSet: 1 class names for 3 classes');
    });
  });

  describe('loadIdxDir and loadDataSet', () => {
    it('loadIdxDir names the missing file, and both files and shapes when the splits disagree', async () => {
      const dir = join(tmp, 'idx-missing');
      await rm(dir, { recursive: true, force: true });
      const split = { images: new Uint8Array(4), labels: [1] };
      await writeIdxDir(dir, 2, 2, split, split, false);
      await rm(join(dir, 'train-labels-idx1-ubyte'));
      const missing = await rejection(loadIdxDir(dir), NotFoundError);
      expect(missing.message).toBe(`loadIdxDir: ${dir} lacks train-labels-idx1-ubyte (or train-labels-idx1-ubyte.gz)`);
      await writeFile(join(dir, 'train-labels-idx1-ubyte'), encodeIdx('uint8', [1], [1]));
      await writeFile(join(dir, 't10k-images-idx3-ubyte'), encodeIdx('uint8', [1, 1, 4], [1, 2, 3, 4]));
      const test = join(dir, 't10k-images-idx3-ubyte');
      const shapes = await rejection(loadIdxDir(dir), FormatError);
      expect(shapes.message).toBe(
        `loadIdxDir: ${test} holds 1×4×1 images but ${join(dir, 'train-images-idx3-ubyte')} holds 2×2×1`,
      );
      expect(shapes.details).toEqual({ file: test, offset: 8, field: 'dims' });
    });

    it('loadDataSet says how to get a data set missing from the cache', async () => {
      const dir = join(tmp, 'no-cache');
      const e = await rejection(loadDataSet('mnist-full', { cacheDir: dir }), NotFoundError);
      expect(e.message).toBe(
        `loadDataSet: mnist-full is not in the cache (${join(dir, 'mnist')}); run \`rethink data download mnist\`, or pass mnist-full:DIR for a copy elsewhere`,
      );
      expect(e.details).toEqual({ dir: join(dir, 'mnist'), file: join(dir, 'mnist') });
    });

    it('loadDataSet draws the training and test subsets from their own streams of the seed (default 0)', async () => {
      const full = await loadIdxDir('fixtures/idx-tiny');
      for (const seed of [undefined, 5]) {
        const data = await loadDataSet('idx:fixtures/idx-tiny', {
          samples: 10,
          testSamples: 6,
          ...(seed === undefined ? {} : { seed }),
        });
        expect(data.train).toStrictEqual(
          stratifiedSubset(full.train, 10, { seed: seed ?? 0, stream: 'train-samples' }),
        );
        expect(data.test).toStrictEqual(stratifiedSubset(full.test, 6, { seed: seed ?? 0, stream: 'test-samples' }));
      }
    });

    it('loadDataSet reads mnist-full:DIR and fashion-mnist:DIR with their class names', async () => {
      const digits = await loadDataSet('mnist-full:fixtures/idx-tiny');
      expect(digits.name).toBe('mnist-full:fixtures/idx-tiny');
      expect(digits.train.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
      const fashion = await loadDataSet('fashion-mnist:fixtures/idx-tiny');
      expect(fashion.test.classNames).toEqual([
        'T-shirt/top',
        'Trouser',
        'Pullover',
        'Dress',
        'Coat',
        'Sandal',
        'Shirt',
        'Sneaker',
        'Bag',
        'Ankle boot',
      ]);
    });
  });

  describe('digits files (the bundled mnist package format)', () => {
    const decode = (text: string) => () => decodeDigitsFile(new TextEncoder().encode(text), 'x.json');

    it('name the file and say what is wrong', () => {
      const json = caught(decode('{"data":[0.5,'), FormatError, 'loadBundledMnist: x.json is not valid JSON: ');
      expect(json.cause).toBeInstanceOf(SyntaxError);
      expect(json.message).toBe(`loadBundledMnist: x.json is not valid JSON: ${(json.cause as Error).message}`);
      for (const text of ['{"values":[]}', 'null', '{"data":{}}']) {
        const e = caught(decode(text), FormatError);
        expect(e.message).toBe('loadBundledMnist: x.json has no "data" array');
        expect(e.details).toEqual({ file: 'x.json', field: 'data' });
      }
      const value = caught(decode('{"data":[0.5, "a"]}'), FormatError);
      expect(value.message).toBe('loadBundledMnist: value "a" at data[1] of x.json is not a grey value in [0, 1]');
      expect(value.details).toEqual({ file: 'x.json', field: 'data[1]' });
      for (const bad of ['-0.001', '1.001'])
        expect(caught(decode(`{"data":[${bad}]}`), FormatError).details.field).toBe('data[0]');
      const count = caught(decode('{"data":[0.5]}'), FormatError);
      expect(count.message).toBe('loadBundledMnist: x.json holds 1 values, not a whole number of 784-pixel digits');
      expect(count.details).toEqual({ file: 'x.json', field: 'data' });
    });

    it('a missing file is named, with the hint that the package may be missing', async () => {
      const dir = join(tmp, 'no-digits');
      const e = await rejection(bundledDigits(dir), FormatError);
      // The ten files are read concurrently: any of them may be the one named.
      const file = e.details.file as string;
      expect(file).toMatch(/^.*[0-9]\.json$/);
      expect(file.startsWith(dir)).toBe(true);
      expect(e.message).toBe(`loadBundledMnist: cannot read ${file} (is the "mnist" package installed?)`);
      expect((e.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    });
  });

  describe('loadIdxDir split shapes', () => {
    it('rejects splits that differ in height only, width only or channels only', async () => {
      const cases: [number[], number[]][] = [
        [
          [1, 2, 2],
          [1, 3, 2],
        ],
        [
          [1, 2, 2],
          [1, 2, 3],
        ],
        [
          [1, 2, 2],
          [1, 2, 2, 3],
        ],
      ];
      for (const [k, [trainDims, testDims]] of cases.entries()) {
        const dir = join(tmp, `shapes-${k}`);
        const split = { images: new Uint8Array(4), labels: [1] };
        await writeIdxDir(dir, 2, 2, split, split, false);
        await writeFile(
          join(dir, 'train-images-idx3-ubyte'),
          encodeIdx('uint8', trainDims, new Array<number>(trainDims.reduce((a, b) => a * b, 1)).fill(0)),
        );
        await writeFile(
          join(dir, 't10k-images-idx3-ubyte'),
          encodeIdx('uint8', testDims, new Array<number>(testDims.reduce((a, b) => a * b, 1)).fill(0)),
        );
        const e = await rejection(loadIdxDir(dir), FormatError);
        expect(e.details).toEqual({ file: join(dir, 't10k-images-idx3-ubyte'), offset: 8, field: 'dims' });
      }
    });
  });

  describe('loadDataSet environment and readCifarFiles resources', () => {
    it('loadDataSet looks for cached data sets under RETHINK_DATA of the given environment', async () => {
      const dir = join(tmp, 'env-cache');
      const e = await rejection(loadDataSet('cifar10', { env: { RETHINK_DATA: dir } }), NotFoundError);
      expect(e.details.dir).toBe(join(dir, 'cifar10'));
    });

    it('readCifarFiles names itself for a truncated file', async () => {
      const path = join(tmp, 'cut.bin');
      await writeFile(path, new Uint8Array(3073 + 7));
      const e = await rejection(readCifarFiles([path]), FormatError);
      expect(e.message).toMatch(new RegExp(`^readCifarFiles: ${path} is truncated: 3080 bytes`));
    });

    it.runIf(existsSync('/proc/self/fd'))(
      'readCifarFiles closes its files, after success and after a bad label',
      async () => {
        const good = join(tmp, 'fd-good.bin');
        const bad = join(tmp, 'fd-bad.bin');
        await writeFile(good, new Uint8Array(3073 * 2));
        const labels = new Uint8Array(3073 * 2);
        labels[3073] = 10;
        await writeFile(bad, labels);
        const open = () => readdirSync('/proc/self/fd').length;
        await readCifarFiles([good]); // warm up whatever the first call opens for good
        const before = open();
        for (let k = 0; k < 5; k++) {
          await readCifarFiles([good, good]);
          await readCifarFiles([good, bad]).catch(() => undefined);
        }
        expect(open()).toBeLessThanOrEqual(before);
      },
    );
  });
});
