import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileError, FormatError, NotFoundError, RethinkError } from 'rethink/core';
import { dataChecksum, loadIdxDir, parseIdx, readIdxFile, readIdxImageSet, type IdxArray } from 'rethink/data';
import { idxImageSet } from '../../src/data/_idx-convert.ts';
import { gunzipPrefix } from '../../src/data/_gzip.ts';
import { encodeIdx, gzip, writeIdxDir } from './_writers.ts';
import { fuzzRuns, idxCase, idxTypes, idxValue, splitCase } from './_arbitraries.ts';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'rethink-idx-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Runs `fn` and returns the FormatError it throws (failing when it throws nothing or something else). */
function formatError(fn: () => unknown): FormatError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  return expect.fail('expected a FormatError');
}

/** The invariants of any successful parse; for plain input, re-encoding gives the input back. */
function checkConsistent(result: IdxArray, plain: Uint8Array | undefined): void {
  expect(result.data.length).toBe(result.dims.reduce((a, b) => a * b, 1));
  expect(result.headerLength).toBe(4 + 4 * result.dims.length);
  const hasNaN = Array.from(result.data as ArrayLike<number>).some((v) => Number.isNaN(v));
  if (plain !== undefined && !hasNaN) {
    expect(Buffer.from(encodeIdx(result.type, result.dims, result.data)).equals(Buffer.from(plain))).toBe(true);
  }
}

describe('parseIdx round trip', () => {
  it('reads back what the writer wrote, for every element type', () => {
    fc.assert(
      fc.property(idxCase, ({ type, dims, values }) => {
        const r = parseIdx(encodeIdx(type, dims, values), { file: 'x.idx' });
        expect(r.type).toBe(type);
        expect(r.dims).toEqual(dims);
        const expected = type === 'float32' ? values.map(Math.fround) : values;
        expect(Array.from(r.data as ArrayLike<number>)).toEqual(expected);
      }),
    );
  });

  it('gives the same result for the gzipped file', () => {
    fc.assert(
      fc.property(idxCase, ({ type, dims, values }) => {
        const plain = encodeIdx(type, dims, values);
        expect(parseIdx(gzip(plain))).toStrictEqual(parseIdx(plain));
      }),
    );
  });

  it('covers each element type at least once with a fixed case', () => {
    for (const type of idxTypes) {
      const values = type === 'uint8' ? [0, 255] : type === 'int8' ? [-128, 127] : [-1, 1];
      expect(Array.from(parseIdx(encodeIdx(type, [2], values)).data as ArrayLike<number>)).toEqual(values);
    }
  });
});

describe('parseIdx bad input', () => {
  const valid = () => encodeIdx('uint8', [2, 3], [1, 2, 3, 4, 5, 6]);

  it('rejects a wrong magic number at offset 0', () => {
    for (const at of [0, 1]) {
      const bytes = valid();
      bytes[at] = 7;
      const e = formatError(() => parseIdx(bytes, { file: 'a.idx' }));
      expect(e.details).toMatchObject({ file: 'a.idx', offset: 0, field: 'magic' });
      expect(e.message).toContain('a.idx');
    }
  });

  it('rejects an unknown type code at offset 2', () => {
    for (const code of [0x00, 0x07, 0x0a, 0x0f, 0xff]) {
      const bytes = valid();
      bytes[2] = code;
      expect(formatError(() => parseIdx(bytes, { file: 'b.idx' })).details).toMatchObject({
        file: 'b.idx',
        offset: 2,
        field: 'type',
        value: code,
      });
    }
  });

  it('rejects a truncated header, naming where the file ends', () => {
    expect(formatError(() => parseIdx(new Uint8Array([0, 0, 8]))).details).toMatchObject({
      offset: 3,
      field: 'header',
    });
    const bytes = valid().subarray(0, 9); // rank 2 needs 12 header bytes
    expect(formatError(() => parseIdx(bytes)).details).toMatchObject({ offset: 9, field: 'header' });
  });

  it('rejects dimensions that disagree with the file size (truncated body or trailing bytes)', () => {
    const bytes = valid();
    expect(formatError(() => parseIdx(bytes.subarray(0, bytes.length - 1), { file: 'c' })).details).toMatchObject({
      file: 'c',
      offset: bytes.length - 1,
      expected: bytes.length,
      field: 'dims',
    });
    const longer = new Uint8Array(bytes.length + 2);
    longer.set(bytes);
    expect(formatError(() => parseIdx(longer)).details).toMatchObject({ offset: bytes.length, field: 'dims' });
  });

  it('rejects a header claiming 2^32 items without allocating them', () => {
    const huge = encodeIdx('uint8', [0xffffffff], []);
    expect(formatError(() => parseIdx(huge)).details).toMatchObject({ field: 'dims', limit: 2 ** 31 });
    // With no size limit, the claim is still checked against the file size before anything is allocated.
    expect(formatError(() => parseIdx(huge, { maxBytes: Infinity })).details).toMatchObject({
      offset: huge.length,
      field: 'dims',
    });
    const many = encodeIdx('float64', [65536, 65536, 65536], []);
    expect(formatError(() => parseIdx(many, { maxBytes: Infinity })).details).toMatchObject({ field: 'dims' });
  });

  it('honours maxBytes', () => {
    const bytes = encodeIdx('uint8', [100], new Array<number>(100).fill(1));
    expect(parseIdx(bytes, { maxBytes: 108 }).data.length).toBe(100);
    expect(formatError(() => parseIdx(bytes, { maxBytes: 107 })).details).toMatchObject({ field: 'dims', limit: 107 });
  });

  it('rejects a corrupt or truncated gzip stream', () => {
    const gz = gzip(
      encodeIdx(
        'uint8',
        [64],
        Array.from({ length: 64 }, (_, i) => i),
      ),
    );
    const corrupt = Uint8Array.from(gz);
    corrupt[gz.length - 6] = (corrupt[gz.length - 6] as number) ^ 0xff; // the CRC-32 trailer
    expect(formatError(() => parseIdx(corrupt, { file: 'd.gz' })).details).toMatchObject({
      file: 'd.gz',
      field: 'gzip',
    });
    expect(formatError(() => parseIdx(gz.subarray(0, gz.length - 4), { file: 'e.gz' })).details).toMatchObject({
      file: 'e.gz',
    });
    expect(formatError(() => parseIdx(gz.subarray(0, 12))).details).toMatchObject({ field: 'header' });
  });

  it('rejects a gzip header claim larger than the compressed file can hold', () => {
    const claim = gzip(encodeIdx('uint8', [1 << 20, 1 << 10], [])); // 1 GiB claimed, ~30 bytes of gzip
    expect(formatError(() => parseIdx(claim)).details).toMatchObject({
      offset: 4,
      field: 'dims',
      dims: [1 << 20, 1 << 10],
    });
  });

  it('stops a gzip bomb at the size its header claims', () => {
    // 16 MiB of zeros behind a header claiming 10 bytes; inflation stops at 18 bytes.
    const bomb = gzipSync(
      Buffer.concat([Buffer.from(encodeIdx('uint8', [10], new Array<number>(10).fill(0))), Buffer.alloc(16 << 20)]),
      { level: 1 },
    );
    expect(formatError(() => parseIdx(bomb, { file: 'bomb.gz' })).details).toMatchObject({
      file: 'bomb.gz',
      offset: 18,
      field: 'size',
    });
    // The same bytes under an honest header are accepted up to maxBytes and refused beyond it.
    const honest = gzipSync(Buffer.concat([Buffer.from(encodeIdx('uint8', [16 << 20], [])), Buffer.alloc(16 << 20)]), {
      level: 1,
    });
    expect(parseIdx(honest).data.length).toBe(16 << 20);
    expect(formatError(() => parseIdx(honest, { maxBytes: 1 << 20 })).details).toMatchObject({
      field: 'dims',
      limit: 1 << 20,
    });
  });

  it('bisects the prefix when a longer prefix would inflate past the cap', () => {
    // 3,000 incompressible bytes, then 16 MiB of zeros: the prefix that reaches byte 2,990 of output is
    // found without inflating the zeros.
    const random = Uint8Array.from({ length: 3000 }, (_, i) => (i * 2654435761) >>> 24);
    const gz = gzipSync(Buffer.concat([random, Buffer.alloc(16 << 20)]), { level: 9 });
    const head = gunzipPrefix(gz, 2990, 'spec', 'x');
    expect(head.length).toBeGreaterThanOrEqual(2990);
    expect(head.length).toBeLessThanOrEqual(2990 + 65536);
    expect(Buffer.from(head.subarray(0, 2990)).equals(Buffer.from(random.subarray(0, 2990)))).toBe(true);
  });

  it('decodes a header from a gzip prefix without inflating the rest', () => {
    const honest = gzipSync(Buffer.concat([Buffer.from(encodeIdx('uint8', [1 << 24], [])), Buffer.alloc(1 << 24)]), {
      level: 9,
    });
    const head = gunzipPrefix(honest, 8, 'spec', 'x');
    expect(head.length).toBeGreaterThanOrEqual(8);
    expect(head.length).toBeLessThanOrEqual(8 + 65536);
  });
});

describe('parseIdx fuzzing', () => {
  const mutation = idxCase.chain((c) => {
    const bytes = encodeIdx(c.type, c.dims, c.values);
    return fc.record({
      bytes: fc.constant(bytes),
      at: fc.nat({ max: bytes.length - 1 }),
      value: fc.integer({ min: 0, max: 255 }),
      zip: fc.boolean(),
    });
  });

  it('arbitrary bytes parse consistently or raise FormatError', () => {
    // Biased towards plausible headers: two zero bytes, a type byte, a small rank, then anything.
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc
        .tuple(
          fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x0a),
          fc.integer({ min: 0, max: 3 }),
          fc.uint8Array({ maxLength: 48 }),
        )
        .map(([type, rank, rest]) => Uint8Array.from([0, 0, type, rank, ...rest])),
    );
    fc.assert(
      fc.property(bytes, fc.boolean(), (input, zip) => {
        const data = zip ? gzip(input) : input;
        try {
          checkConsistent(parseIdx(data), zip ? input : data);
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }),
      { numRuns: fuzzRuns(10) },
    );
  });

  it('single-byte mutations of valid files (plain or gzipped) parse consistently or raise FormatError', () => {
    fc.assert(
      fc.property(mutation, ({ bytes, at, value, zip }) => {
        const data = zip ? Uint8Array.from(gzip(bytes)) : Uint8Array.from(bytes);
        data[at % data.length] = value;
        try {
          const r = parseIdx(data);
          checkConsistent(r, zip ? undefined : data);
          if (zip) checkConsistent(parseIdx(gunzipSync(data)), gunzipSync(data));
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }),
      { numRuns: fuzzRuns(10) },
    );
  });

  it('truncations of valid files (plain or gzipped) raise FormatError', () => {
    fc.assert(
      fc.property(mutation, ({ bytes, at, zip }) => {
        const data = zip ? gzip(bytes) : bytes;
        const cut = data.subarray(0, at % data.length);
        expect(() => parseIdx(cut)).toThrow(FormatError);
      }),
      { numRuns: fuzzRuns(5) },
    );
  });
});

describe('IDX image sets', () => {
  const files = { images: 'i.idx', labels: 'l.idx' };
  const idx = (type: Parameters<typeof encodeIdx>[0], dims: number[], values: number[]) =>
    parseIdx(encodeIdx(type, dims, values));

  it('turn [n, h, w] uint8 into N × H × W × 1 uint8, and other types into float32', () => {
    const set = idxImageSet(idx('uint8', [2, 1, 2], [1, 2, 3, 4]), idx('uint8', [2], [0, 9]), files);
    expect(set).toMatchObject({ n: 2, height: 1, width: 2, channels: 1, classes: 10 });
    expect(set.images).toBeInstanceOf(Uint8Array);
    const floats = idxImageSet(idx('int16', [1, 1, 2, 3], [-1, 2, 3, 4, 5, 300]), idx('int32', [1], [7]), files, {
      classes: 8,
      classNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
    });
    expect(floats).toMatchObject({ n: 1, height: 1, width: 2, channels: 3, classes: 8 });
    expect(floats.images).toStrictEqual(Float32Array.from([-1, 2, 3, 4, 5, 300]));
    expect(floats.classNames?.[7]).toBe('h');
    expect(idxImageSet(idx('float64', [1, 1, 1], [0.5]), idx('float32', [1], [3]), files).labels[0]).toBe(3);
  });

  it('reject wrong ranks, zero image sizes, count mismatches and bad labels, naming file and offset', () => {
    expect(
      formatError(() => idxImageSet(idx('uint8', [2, 2], [1, 2, 3, 4]), idx('uint8', [2], [0, 1]), files)).details,
    ).toMatchObject({ file: 'i.idx', field: 'dims' });
    expect(
      formatError(() => idxImageSet(idx('uint8', [1, 0, 2], []), idx('uint8', [1], [0]), files)).details,
    ).toMatchObject({ file: 'i.idx', offset: 8, field: 'dims' });
    expect(
      formatError(() => idxImageSet(idx('uint8', [1, 1, 1], [0]), idx('uint8', [1, 1], [0]), files)).details,
    ).toMatchObject({ file: 'l.idx', field: 'dims' });
    const count = formatError(() => idxImageSet(idx('uint8', [2, 1, 1], [0, 0]), idx('uint8', [3], [0, 0, 0]), files));
    expect(count.details).toMatchObject({ file: 'l.idx', field: 'count', images: 2, labels: 3 });
    expect(count.message).toContain('i.idx');
    expect(
      formatError(() => idxImageSet(idx('uint8', [3, 1, 1], [0, 0, 0]), idx('uint8', [3], [0, 10, 0]), files)).details,
    ).toMatchObject({ file: 'l.idx', offset: 9, field: 'label', index: 1, label: 10 });
    expect(
      formatError(() => idxImageSet(idx('uint8', [1, 1, 1], [0]), idx('int8', [1], [-1]), files)).details,
    ).toMatchObject({ offset: 8, label: -1 });
    expect(
      formatError(() => idxImageSet(idx('uint8', [2, 1, 1], [0, 0]), idx('float32', [2], [1, 2.5]), files)).details,
    ).toMatchObject({ offset: 12, label: 2.5 });
  });

  it('fuzz: arbitrary IDX pairs give a consistent image set or a FormatError', () => {
    fc.assert(
      fc.property(idxCase, idxCase, (a, b) => {
        try {
          const set = idxImageSet(
            parseIdx(encodeIdx(a.type, a.dims, a.values)),
            parseIdx(encodeIdx(b.type, b.dims, b.values)),
            files,
          );
          expect(set.images.length).toBe(set.n * set.height * set.width * set.channels);
          expect(set.labels.every((l) => l >= 0 && l < 10)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
      }),
      { numRuns: fuzzRuns(5) },
    );
  });

  it('round trip through files: a directory of the four files, plain or gzipped, loads identically', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (h, w) =>
        fc.assert(
          fc.asyncProperty(splitCase(h * w, 6), splitCase(h * w, 4), async (train, test) => {
            const plainDir = join(tmp, `plain-${run}`);
            const gzDir = join(tmp, `gz-${run++}`);
            await writeIdxDir(plainDir, h, w, train, test, false);
            await writeIdxDir(gzDir, h, w, train, test, true);
            const plain = await loadIdxDir(plainDir);
            const gz = await loadIdxDir(gzDir, { name: 'g' });
            expect(plain.name).toBe(`idx:${plainDir}`);
            expect(gz.name).toBe('g');
            expect([...plain.train.images]).toEqual([...train.images]);
            expect([...plain.train.labels]).toEqual(train.labels);
            expect([...plain.test.images]).toEqual([...test.images]);
            expect([...plain.test.labels]).toEqual(test.labels);
            expect(plain.train).toMatchObject({ height: h, width: w, channels: 1 });
            expect(dataChecksum(gz)).toBe(dataChecksum(plain));
          }),
          { numRuns: 3 },
        ),
      ),
      { numRuns: 5 },
    );
  });

  it('readIdxFile and readIdxImageSet name a missing file; a directory is an E_IO error', async () => {
    await expect(readIdxFile(join(tmp, 'nope.idx'))).rejects.toThrow(NotFoundError);
    await expect(readIdxFile(join(tmp, 'nope.idx'))).rejects.toMatchObject({
      details: { file: join(tmp, 'nope.idx') },
    });
    await expect(readIdxFile(tmp)).rejects.toMatchObject({ code: 'E_IO', details: { file: tmp } });
    await expect(readIdxFile(tmp)).rejects.toBeInstanceOf(RethinkError);
    await expect(readIdxImageSet(join(tmp, 'a'), join(tmp, 'b'))).rejects.toThrow(NotFoundError);
    // A path through a file (ENOTDIR) is missing too.
    await expect(readIdxFile('fixtures/idx-tiny/train-labels-idx1-ubyte.gz/x')).rejects.toThrow(NotFoundError);
  });

  it('loadIdxDir names a missing file, reads a plain file beside an equal .gz, and rejects splits of different image sizes', async () => {
    const dir = join(tmp, 'dir-cases');
    const split = { images: new Uint8Array(4), labels: [1] };
    await writeIdxDir(dir, 2, 2, split, split, true);
    await rm(join(dir, 't10k-labels-idx1-ubyte.gz'));
    await expect(loadIdxDir(dir)).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
      details: { dir, file: join(dir, 't10k-labels-idx1-ubyte') },
    });
    // A plain copy next to a .gz of the same bytes (as `gunzip -k` leaves them): no ambiguity, the plain file is read.
    await writeFile(join(dir, 't10k-labels-idx1-ubyte'), encodeIdx('uint8', [1], [3]));
    await writeFile(join(dir, 't10k-labels-idx1-ubyte.gz'), gzip(encodeIdx('uint8', [1], [3])));
    expect((await loadIdxDir(dir)).test.labels[0]).toBe(3);
    await rm(join(dir, 't10k-labels-idx1-ubyte.gz'));
    await rm(join(dir, 't10k-images-idx3-ubyte.gz'));
    await writeFile(join(dir, 't10k-images-idx3-ubyte'), encodeIdx('uint8', [1, 1, 4], [1, 2, 3, 4]));
    await expect(loadIdxDir(dir)).rejects.toMatchObject({
      code: 'E_FORMAT',
      details: { file: join(dir, 't10k-images-idx3-ubyte'), field: 'dims' },
    });
    await mkdir(join(tmp, 'empty'));
    await expect(loadIdxDir(join(tmp, 'empty'))).rejects.toThrow(/lacks train-images-idx3-ubyte/);
  });

  it('loadIdxDir refuses a plain file and a .gz of different contents, naming both (#16.8)', async () => {
    const dir = join(tmp, 'ambiguous');
    const split = { images: new Uint8Array(4), labels: [1] };
    await writeIdxDir(dir, 2, 2, split, split, true);
    const plain = join(dir, 't10k-labels-idx1-ubyte');
    for (const gz of [gzip(encodeIdx('uint8', [1], [7])), new Uint8Array([0x1f, 0x8b, 0])]) {
      await writeFile(plain, encodeIdx('uint8', [1], [3]));
      await writeFile(`${plain}.gz`, gz);
      const e = await loadIdxDir(dir).catch((error: unknown) => error);
      expect(e).toBeInstanceOf(FormatError);
      expect((e as FormatError).details).toMatchObject({ file: plain, files: [plain, `${plain}.gz`] });
      expect((e as Error).message).toContain(
        `holds both t10k-labels-idx1-ubyte and t10k-labels-idx1-ubyte.gz, and t10k-labels-idx1-ubyte.gz does not decompress to the bytes of t10k-labels-idx1-ubyte`,
      );
    }
  });

  it('loadIdxDir reports a symbolic link loop as such, naming the path (#16.9)', async () => {
    const dir = join(tmp, 'loop');
    const split = { images: new Uint8Array(4), labels: [1] };
    await writeIdxDir(dir, 2, 2, split, split, true);
    const loop = join(dir, 't10k-labels-idx1-ubyte');
    await rm(`${loop}.gz`);
    await symlink(loop, loop);
    const e = await loadIdxDir(dir).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(FileError);
    expect((e as FileError).details).toMatchObject({ file: loop, reason: 'ELOOP' });
    expect((e as Error).message).toContain(`${loop} is a symbolic link loop (ELOOP)`);
    // A link to nothing is named as one, not as an absent file; and a loop read directly is a loop too.
    await rm(loop);
    await symlink(join(dir, 'nowhere'), loop);
    await expect(loadIdxDir(dir)).rejects.toThrow(`${loop} is a symbolic link to a missing file`);
    await rm(loop);
    await symlink(loop, loop);
    await expect(readIdxFile(loop)).rejects.toMatchObject({ code: 'E_FILE', details: { reason: 'ELOOP' } });
  });

  it('fixture idx-tiny loads with its documented sizes', async () => {
    const data = await loadIdxDir('fixtures/idx-tiny');
    expect([data.train.n, data.test.n, data.train.height, data.train.width]).toEqual([24, 12, 6, 5]);
    const labels = await readIdxFile('fixtures/idx-tiny/train-labels-idx1-ubyte.gz');
    expect(labels).toMatchObject({ type: 'uint8', dims: [24] });
  });
});

describe('idxValue arbitrary', () => {
  it('produces values representable in their type', () => {
    for (const type of idxTypes) {
      fc.assert(
        fc.property(idxValue(type), (v) => {
          const round = Array.from(parseIdx(encodeIdx(type, [1], [v])).data as ArrayLike<number>)[0];
          expect(round).toBe(type === 'float32' ? Math.fround(v) : v);
        }),
        { numRuns: 20 },
      );
    }
  });
});
