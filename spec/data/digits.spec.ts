/**
 * The decoder of the `mnist` package's digit files, on small generated files: the byte scanner agrees with
 * JSON.parse, declines what it does not handle, and the loader names bad files. (The bundled package itself is
 * checked in bundled.spec.ts; these small-input properties also run in mutation runs, which skip that file.)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from 'rethink/core';
import {
  bundledDigits,
  decodeDigitsFile,
  greyToByte,
  parseDigitsJson,
  scanDigits,
} from '../../src/data/_mnist-digits.ts';
import { encodeDigitsJson } from './_writers.ts';
import { fuzzRuns } from './_arbitraries.ts';

describe('digits decoding: the byte scanner agrees with JSON.parse', () => {
  /** Grey values with 0–3 decimals in [0, 1], printed in the ways JSON allows. */
  const value = fc.integer({ min: 0, max: 1000 }).chain((m) =>
    fc.constantFrom(0, 1, 2, 3).map((extra) => {
      if (m === 0) return extra === 0 ? '0' : `0.${'0'.repeat(Math.min(3, extra))}`;
      if (m === 1000) return extra === 0 ? '1' : `1.${'0'.repeat(Math.min(3, extra))}`;
      return `0.${String(m).padStart(3, '0')}`.replace(/0+$/, '').replace(/\.$/, '');
    }),
  );
  const blank = fc.constantFrom('', ' ', '\n', ' \t\r\n');
  const json = fc
    .tuple(fc.array(fc.tuple(blank, value, blank), { maxLength: 30 }), blank, blank)
    .map(([items, a, b]) => `${a}{${b}"data"${a}:${b}[${items.map(([x, v, y]) => `${x}${v}${y}`).join(',')}]${a}}${b}`);

  it('both decoders give round(v · 255) for every well-formed file', () => {
    fc.assert(
      fc.property(json, (text) => {
        const bytes = new TextEncoder().encode(text);
        const expected = Uint8Array.from((JSON.parse(text) as { data: number[] }).data, greyToByte);
        expect(scanDigits(bytes)).toStrictEqual(expected);
        expect(parseDigitsJson(bytes, 'f.json')).toStrictEqual(expected);
      }),
    );
  });

  it('fuzz: after any single-byte change the scanner gives the JSON result or declines', () => {
    const mutated = json.chain((text) => {
      const bytes = new TextEncoder().encode(text);
      return fc.tuple(
        fc.constant(bytes),
        fc.nat({ max: bytes.length - 1 }),
        fc.constantFrom(...'0123456789.,[]{}" e-+x:'.split('').map((c) => c.charCodeAt(0))),
      );
    });
    fc.assert(
      fc.property(mutated, ([original, at, byte]) => {
        const bytes = Uint8Array.from(original);
        bytes[at] = byte;
        let reference: Uint8Array | undefined;
        try {
          reference = parseDigitsJson(bytes, 'f.json');
        } catch (e) {
          expect(e).toBeInstanceOf(FormatError);
        }
        const scanned = scanDigits(bytes);
        if (scanned !== undefined) expect(scanned).toStrictEqual(reference);
      }),
      { numRuns: fuzzRuns(10) },
    );
  });

  it('the scanner declines what it does not handle, and the JSON path still decodes it', () => {
    for (const text of [
      '{"data":[5e-1]}',
      '{"data":[0.1234]}',
      '{"data":[0.5],"x":1}',
      '{"data":[-0]}',
      '{"data":[1.5]}',
    ]) {
      const bytes = new TextEncoder().encode(text);
      expect(scanDigits(bytes)).toBeUndefined();
    }
    expect([...parseDigitsJson(new TextEncoder().encode('{"data":[5e-1, 0.1234]}'), 'f')]).toEqual([128, 31]);
    expect(scanDigits(new TextEncoder().encode('{"data":[]}'))).toStrictEqual(new Uint8Array(0));
  });

  it('rejects files that are not digits, naming file and field', () => {
    const bad = (text: string) => () => decodeDigitsFile(new TextEncoder().encode(text), 'x.json');
    expect(bad('{"data":[0.5,')).toThrow(
      expect.objectContaining({
        code: 'E_FORMAT',
        details: expect.objectContaining({ file: 'x.json', field: 'json' }),
      }),
    );
    expect(bad('{"values":[]}')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'data' }) }),
    );
    expect(bad('{"data":[0.5, 2]}')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'data[1]' }) }),
    );
    expect(bad('{"data":[0.5, "a"]}')).toThrow(FormatError);
    expect(bad('{"data":[0.5]}')).toThrow(/not a whole number of 784-pixel digits/);
  });

  it('reads the ten files of another directory, and names a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rethink-digits-'));
    try {
      const pixels = (d: number) => Array.from({ length: 784 }, (_, i) => ((i + d) % 11) / 10);
      for (let d = 0; d < 10; d++)
        await writeFile(join(dir, `${d}.json`), encodeDigitsJson([...pixels(d), ...(d === 3 ? pixels(d) : [])]));
      const digits = await bundledDigits(dir);
      expect(digits.labels.length).toBe(11);
      expect([...digits.labels]).toEqual([0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9]);
      expect(digits.images[784 * 4 + 5]).toBe(greyToByte(((5 + 3) % 11) / 10));
      await rm(join(dir, '7.json'));
      await expect(bundledDigits(dir)).rejects.toMatchObject({
        code: 'E_FORMAT',
        details: { file: join(dir, '7.json') },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
