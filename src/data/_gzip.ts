/**
 * Bounded gzip decompression (internal). Nothing here allocates more than a caller-stated bound: a header
 * is decoded from a prefix of the compressed stream, and the full stream is inflated with
 * `maxOutputLength` equal to the size the header claims, so a gzip bomb or a lying header fails with a
 * {@link FormatError} instead of exhausting memory.
 */
import { constants, gunzipSync } from 'node:zlib';
import { FormatError } from 'rethink/core';

/**
 * The most output a deflate stream can produce per input byte (zlib's documented worst case is 1032:1),
 * plus slack for the gzip header. A header claiming more than this for its file size is a lie.
 */
export const GZIP_MAX_RATIO = 1032;

/** True when `bytes` starts with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The most bytes `compressedLength` bytes of gzip can decompress to. */
export function gzipBound(compressedLength: number): number {
  return compressedLength * GZIP_MAX_RATIO + 64;
}

function zlibError(fn: string, file: string, error: unknown): FormatError {
  const message = error instanceof Error ? error.message : String(error);
  return new FormatError(
    `${fn}: corrupt gzip stream in ${file}: ${message}`,
    { file, field: 'gzip' },
    { cause: error },
  );
}

/**
 * Decompresses at least `wanted` leading bytes of the gzip stream `bytes` (fewer only when the stream holds
 * fewer) and never more than `wanted` + 64 KiB, whatever the stream holds: it inflates growing prefixes of
 * the input, and bisects the prefix length when a prefix would inflate past that cap.
 */
export function gunzipPrefix(bytes: Uint8Array, wanted: number, fn: string, file: string): Uint8Array {
  const cap = wanted + PREFIX_SLACK;
  const inflate = (take: number): Uint8Array | undefined => {
    try {
      return gunzipSync(bytes.subarray(0, take), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: cap });
    } catch (error) {
      if (error instanceof RangeError) return undefined; // this prefix inflates past the cap
      throw zlibError(fn, file, error);
    }
  };
  let lo = 0; // a prefix length known to inflate to fewer than `wanted` bytes
  // Stryker disable next-line ArithmeticOperator: hi is always reassigned (hi = take) before it is read: the loop below only leaves by returning or by setting it
  let hi = bytes.length + 1; // a prefix length known to inflate past the cap
  for (let take = Math.min(64, bytes.length); ; take = Math.min(take * 4, bytes.length)) {
    const out = inflate(take);
    if (out === undefined) {
      hi = take;
      break;
    }
    if (out.length >= wanted || take === bytes.length) return out;
    lo = take;
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const out = inflate(mid);
    if (out === undefined) hi = mid;
    else if (out.length >= wanted) return out;
    else lo = mid;
  }
  /* v8 ignore next -- one input byte cannot inflate to more than 64 KiB */
  throw new FormatError(`${fn}: corrupt gzip stream in ${file}: one byte inflates to more than ${PREFIX_SLACK} bytes`, {
    file,
    field: 'gzip',
  });
}

/** Output allowed beyond what {@link gunzipPrefix} was asked for. */
const PREFIX_SLACK = 65536;

/**
 * Decompresses the whole gzip stream, which must hold exactly `expected` bytes: more fails before
 * anything past `expected` is allocated, fewer is reported as a truncation at the offset where data ends.
 */
export function gunzipExact(bytes: Uint8Array, expected: number, fn: string, file: string): Uint8Array {
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes, { maxOutputLength: Math.max(1, expected) });
  } catch (error) {
    if (error instanceof RangeError) {
      throw new FormatError(`${fn}: ${file} decompresses to more than the ${expected} bytes its header claims`, {
        file,
        offset: expected,
        field: 'size',
      });
    }
    throw zlibError(fn, file, error);
  }
  if (out.length !== expected) {
    throw new FormatError(
      `${fn}: ${file} is truncated: its header claims ${expected} bytes, the data ends at byte ${out.length} (after decompression)`,
      { file, offset: out.length, expected, field: 'size' },
    );
  }
  return out;
}
