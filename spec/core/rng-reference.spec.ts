/**
 * The seeded random source against its documented construction, written plainly here: floats are built from
 * two 32-bit words (27 + 26 high bits), `normal()` is the Ziggurat deviate of its words, and the
 * stream name enters as its FNV-1a hash XORed into the seed. Likewise dataChecksum against its described input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { digitsDir, scanDigits } from '../../src/data/_mnist-digits.ts';
import { GZIP_MAX_RATIO } from '../../src/data/_gzip.ts';
import { classQuotas } from '../../src/data/_stratify.ts';
import { FormatError, createRng, restoreRng } from 'rethink/core';
import { dataChecksum, imageSet, parseIdx, type DataSet, type ImageSet } from 'rethink/data';
import { caught } from '../arbitraries/assertions.ts';
import { zigguratNormal } from '../../src/core/_ziggurat.ts';
import { encodeIdx, gzip } from '../data/_writers.ts';

/** FNV-1a (32 bits) of the UTF-16 code units of `text`: offset basis 0x811c9dc5, prime 0x01000193. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const unit of Array.from({ length: text.length }, (_, i) => text.charCodeAt(i))) {
    h = Math.imul(h ^ unit, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

describe('Rng against its construction', () => {
  it('float() is (27 high bits of one word · 2^26 + 26 high bits of the next) / 2^53', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat({ max: 5 }), (seed, skip) => {
        const rng = createRng(seed, 'float-words');
        for (let i = 0; i < skip; i++) rng.uint32();
        const words = restoreRng(rng.snapshot());
        const hi = words.uint32() >>> 5;
        const lo = words.uint32() >>> 6;
        expect(rng.float()).toBe((hi * 2 ** 26 + lo) / 2 ** 53);
      }),
    );
  });

  it('normal() is the Ziggurat deviate of the generator’s own words: no pending state, a snapshot resumes it', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat({ max: 7 }), (seed, before) => {
        const rng = createRng(seed, 'normal-words');
        for (let i = 0; i < before; i++) rng.normal();
        const state = rng.snapshot();
        expect(state.spare).toBeNull();
        const twin = restoreRng(state);
        expect(rng.normal()).toBe(zigguratNormal(twin));
        expect(rng.snapshot().words).toStrictEqual(twin.snapshot().words);
      }),
    );
  });

  it('the stream name enters as its FNV-1a hash XORed into the seed', () => {
    fc.assert(
      fc.property(fc.integer(), fc.string({ maxLength: 8 }), (seed, stream) => {
        const named = createRng(seed, stream);
        const mixed = createRng(seed ^ fnv1a(stream) ^ fnv1a(''), '');
        const draws = (r: typeof named) => [r.uint32(), r.uint32(), r.uint32()];
        expect(draws(named)).toEqual(draws(mixed));
      }),
    );
  });
});

/** dataChecksum written plainly from its description: a header line per split, the pixels, the labels (little-endian). */
function referenceChecksum(data: DataSet | ImageSet): string {
  const hash = createHash('sha256');
  const split = (set: ImageSet) => {
    const dtype = set.images instanceof Uint8Array ? 'uint8' : 'float32';
    hash.update(`imageset v1 ${dtype} ${set.n} ${set.height} ${set.width} ${set.channels} ${set.classes}\n`);
    const pixels = Buffer.alloc(set.images.length * set.images.BYTES_PER_ELEMENT);
    set.images.forEach((v, i) =>
      set.images instanceof Uint8Array ? pixels.writeUInt8(v, i) : pixels.writeFloatLE(v, 4 * i),
    );
    hash.update(pixels);
    const labels = Buffer.alloc(4 * set.labels.length);
    set.labels.forEach((l, i) => labels.writeInt32LE(l, 4 * i));
    hash.update(labels);
  };
  if ('train' in data) {
    hash.update('dataset v1\n');
    split(data.train);
    split(data.test);
  } else {
    split(data);
  }
  return hash.digest('hex');
}

describe('dataChecksum against its description', () => {
  it('hashes a header line with dtype, shape and class count, then the pixels and the labels, per split', () => {
    const shapes = fc.record({
      n: fc.nat({ max: 3 }),
      height: fc.integer({ min: 1, max: 3 }),
      width: fc.integer({ min: 1, max: 3 }),
      channels: fc.integer({ min: 1, max: 3 }),
      classes: fc.integer({ min: 1, max: 3 }),
      float: fc.boolean(),
    });
    const sets = shapes.chain((s) => {
      const size = s.n * s.height * s.width * s.channels;
      return fc
        .tuple(
          fc.array(fc.integer({ min: 0, max: 255 }), { minLength: size, maxLength: size }),
          fc.array(fc.nat({ max: s.classes - 1 }), { minLength: s.n, maxLength: s.n }),
        )
        .map(([pixels, labels]) =>
          imageSet({
            images: s.float ? Float32Array.from(pixels, (v) => v / 7) : Uint8Array.from(pixels),
            labels,
            height: s.height,
            width: s.width,
            channels: s.channels,
            classes: s.classes,
          }),
        );
    });
    fc.assert(
      fc.property(sets, sets, (a, b) => {
        expect(dataChecksum(a)).toBe(referenceChecksum(a));
        expect(dataChecksum({ name: 'x', train: a, test: b })).toBe(
          referenceChecksum({ name: 'x', train: a, test: b }),
        );
      }),
    );
  });
});

/** Hamilton's largest-remainder method written plainly: floors, then one extra each to the largest remainders, ties to the lower class. */
function referenceQuotas(counts: readonly number[], size: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return counts.map(() => 0);
  const quotas = counts.map((c) => Math.floor((size * c) / total));
  let left = size - quotas.reduce((a, b) => a + b, 0);
  const remainders = counts.map((c) => (size * c) % total);
  while (left > 0) {
    let best = -1;
    for (let k = 0; k < counts.length; k++) {
      if (remainders[k]! >= 0 && (best < 0 || remainders[k]! > remainders[best]!)) best = k;
    }
    quotas[best]! += 1;
    remainders[best] = -1;
    left -= 1;
  }
  return quotas;
}

describe('classQuotas against the largest-remainder method', () => {
  it('gives the extras to the largest remainders, ties to the lower class', () => {
    const cases = fc
      .array(fc.nat({ max: 6 }), { minLength: 1, maxLength: 6 })
      .chain((counts) => fc.tuple(fc.constant(counts), fc.nat({ max: counts.reduce((a, b) => a + b, 0) })));
    fc.assert(
      fc.property(cases, ([counts, size]) => {
        expect(classQuotas(counts, size)).toEqual(referenceQuotas(counts, size));
      }),
    );
    expect(classQuotas([1, 1, 1], 1)).toEqual([1, 0, 0]);
    expect(classQuotas([1, 2, 2, 1], 3)).toEqual([1, 1, 1, 0]);
  });
});

describe('parseIdx headers at the extremes', () => {
  it('a gzipped file with a rank-255 header (1,024 header bytes, incompressible dimensions) parses like the plain file', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 2 ** 32 - 1 }), { minLength: 254, maxLength: 254 }),
        fc.nat({ max: 254 }),
        (dims, zeroAt) => {
          const withZero = [...dims.slice(0, zeroAt), 0, ...dims.slice(zeroAt)];
          const plain = encodeIdx('uint8', withZero, []);
          const parsed = parseIdx(gzip(plain));
          expect(parsed.dims).toEqual(withZero);
          expect(parsed.headerLength).toBe(1024);
          expect(parsed.data.length).toBe(0);
          expect(parsed).toStrictEqual(parseIdx(plain));
        },
      ),
      { numRuns: 3 },
    );
  });

  it('a zero dimension makes an empty array even after the product of the others overflows (regression: it was NaN bytes)', () => {
    const dims = [...new Array<number>(40).fill(2 ** 32 - 1), 0];
    const parsed = parseIdx(encodeIdx('int16', dims, []));
    expect(parsed.dims).toEqual(dims);
    expect(parsed.data.length).toBe(0);
  });

  it('a gzip header may claim up to 1032 bytes per compressed byte plus 64, not one byte more', () => {
    // Find d with gzip(header claiming d values).length = L and 8 + d = L · 1032 + 64 (L barely depends on d).
    let d = 0;
    let gz = gzip(encodeIdx('uint8', [d], []));
    for (let i = 0; i < 10 && 8 + d !== gz.length * GZIP_MAX_RATIO + 64; i++) {
      d = gz.length * GZIP_MAX_RATIO + 56;
      gz = gzip(encodeIdx('uint8', [d], []));
    }
    expect(8 + d).toBe(gz.length * GZIP_MAX_RATIO + 64);
    // At the bound the claim is believed, and the short stream is then a truncation; past it, the claim is refused.
    expect(caught(() => parseIdx(gz), FormatError).details).toMatchObject({ field: 'size', expected: 8 + d });
    const over = gzip(encodeIdx('uint8', [d + 1], []));
    if (over.length === gz.length)
      expect(caught(() => parseIdx(over), FormatError).details).toMatchObject({ field: 'dims', offset: 4 });
  });

  it("a deflate stream that is corrupt from its first block is a corrupt gzip stream, named with zlib's reason", () => {
    const bytes = Uint8Array.from([
      0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    const e = caught(() => parseIdx(bytes, { file: 'g.gz' }), FormatError);
    expect(e.cause).toBeInstanceOf(Error);
    expect(e.message).toBe(`parseIdx: corrupt gzip stream in g.gz: ${(e.cause as Error).message}`);
    expect(e.details).toEqual({ file: 'g.gz', field: 'gzip' });
  });

  it('only the two bytes 1f 8b mark a gzip stream', () => {
    // Two bytes 1f 8b are a gzip stream cut after its magic: no decompressed byte, so the header is cut at offset 0.
    expect(caught(() => parseIdx(new Uint8Array([0x1f, 0x8b])), FormatError).details).toEqual({
      file: '<bytes>',
      offset: 0,
      field: 'header',
    });
    expect(caught(() => parseIdx(new Uint8Array([0x00, 0x8b, 8, 0, 1])), FormatError).details.field).toBe('magic');
    expect(caught(() => parseIdx(new Uint8Array([0x1f, 0x00, 8, 0, 1])), FormatError).details.field).toBe('magic');
  });

  it('a rank-0 header (4 bytes) holds one value: the 4 bytes alone are a truncated body, not a truncated header', () => {
    const e = caught(() => parseIdx(new Uint8Array([0, 0, 8, 0])), FormatError);
    expect(e.details).toEqual({ file: '<bytes>', offset: 4, expected: 5, field: 'dims' });
    expect(Array.from(parseIdx(new Uint8Array([0, 0, 8, 0, 42])).data)).toEqual([42]);
  });
});

describe('createRng default stream', () => {
  it('is the empty name', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = createRng(seed);
        const b = createRng(seed, '');
        expect([a.uint32(), a.uint32()]).toEqual([b.uint32(), b.uint32()]);
      }),
      { numRuns: 5 },
    );
  });
});

describe('scanDigits on the edges of its form', () => {
  const scan = (text: string) => scanDigits(new TextEncoder().encode(text));

  it('reads 1, 1.0 and 1.000 as 255, and blanks between a value and its comma', () => {
    expect(scan('{"data":[1, 1.0 ,1.000,0.999 ,0 ]}')).toStrictEqual(Uint8Array.from([255, 255, 255, 255, 0]));
    expect(scan('{"data":[1]}')).toStrictEqual(Uint8Array.from([255]));
  });

  it('declines what JSON does not allow: stray commas, a bare or dangling point, text before the object', () => {
    for (const text of [
      '{"data":[,0.5]}',
      '{"data":[0.5,]}',
      '{"data":[0.]}',
      '{"data":[0. ]}',
      '{"data":[.5]}',
      '{"data":[0.5.5]}',
      'x{"data":[0.5]}',
      '{0.5]}',
    ]) {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      expect(scan(text)).toBeUndefined();
    }
  });

  it("digitsDir is the mnist package's src/digits directory", () => {
    expect(existsSync(join(digitsDir(), '0.json'))).toBe(true);
    expect(digitsDir().endsWith(join('mnist', 'src', 'digits'))).toBe(true);
  });
});
