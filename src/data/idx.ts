import { FormatError, ensure } from 'rethink/core';
import { gunzipExact, gunzipPrefix, gzipBound, isGzip } from './_gzip.ts';

/** The IDX element types, by their type byte (0x08 … 0x0E). */
export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The decoded values of an IDX file, in a typed array of the file's own element type. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A decoded IDX file: its element type, dimensions (outermost first) and row-major values. */
export interface IdxArray {
  readonly type: IdxType;
  readonly dims: readonly number[];
  /** `dims` multiplied out values. For `uint8` and `int8` this is a view on the input bytes (no copy). */
  readonly data: IdxData;
  /** Bytes taken by the magic number and the dimensions. */
  readonly headerLength: number;
}

/** Options of {@link parseIdx}. */
export interface ParseIdxOptions {
  /** The file name used in error messages. Default `'<bytes>'`. */
  readonly file?: string;
  /** The largest decoded size (header + data, bytes) accepted before anything is allocated. Default 2 GiB. */
  readonly maxBytes?: number;
}

/** Default of {@link ParseIdxOptions.maxBytes}: 2 GiB, far above any IDX data set in use (MNIST is 47 MB). */
export const IDX_MAX_BYTES = 2 ** 31;

/** @internal Element size and name per IDX type byte. */
export const IDX_TYPES: ReadonlyMap<number, { readonly type: IdxType; readonly size: number }> = new Map([
  [0x08, { type: 'uint8', size: 1 }],
  [0x09, { type: 'int8', size: 1 }],
  [0x0b, { type: 'int16', size: 2 }],
  [0x0c, { type: 'int32', size: 4 }],
  [0x0d, { type: 'float32', size: 4 }],
  [0x0e, { type: 'float64', size: 8 }],
]);

interface IdxHeader {
  readonly type: IdxType;
  readonly size: number;
  readonly dims: number[];
  readonly headerLength: number;
  readonly totalLength: number;
}

function truncatedHeader(file: string, length: number, needed: number): FormatError {
  return new FormatError(`parseIdx: ${file} is truncated: the header needs ${needed} bytes, the file has ${length}`, {
    file,
    offset: length,
    field: 'header',
  });
}

function parseHeader(head: Uint8Array, file: string, maxBytes: number): IdxHeader {
  if (head.length < 4) throw truncatedHeader(file, head.length, 4);
  ensure(
    head[0] === 0 && head[1] === 0,
    () =>
      new FormatError(
        `parseIdx: ${file} has a wrong IDX magic number: bytes 0–1 are ${hex(head[0] as number)} ${hex(head[1] as number)}, expected 00 00`,
        { file, offset: 0, field: 'magic' },
      ),
  );
  const code = head[2] as number;
  const info = IDX_TYPES.get(code);
  if (info === undefined) {
    throw new FormatError(
      `parseIdx: ${file} has an unknown IDX type code ${hex(code)} at byte 2 (expected 08, 09, 0b, 0c, 0d or 0e)`,
      { file, offset: 2, field: 'type', value: code },
    );
  }
  const rank = head[3] as number;
  const headerLength = 4 + 4 * rank;
  if (head.length < headerLength) throw truncatedHeader(file, head.length, headerLength);
  const view = new DataView(head.buffer, head.byteOffset, headerLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d;
  }
  // A zero dimension empties the array, even when the product of the others has overflowed to Infinity (Infinity · 0 is NaN).
  if (dims.includes(0)) count = 0;
  const totalLength = headerLength + count * info.size;
  ensure(
    totalLength <= maxBytes,
    () =>
      new FormatError(
        `parseIdx: ${file} claims dimensions [${dims.join(', ')}] (${totalLength} bytes), more than the limit of ${maxBytes} bytes`,
        { file, offset: 4, field: 'dims', dims, limit: maxBytes },
      ),
  );
  return { type: info.type, size: info.size, dims, headerLength, totalLength };
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

function decodeData(bytes: Uint8Array, header: IdxHeader): IdxData {
  const { type, headerLength, totalLength, size } = header;
  const count = (totalLength - headerLength) / size;
  const offset = bytes.byteOffset + headerLength;
  if (type === 'uint8') return new Uint8Array(bytes.buffer, offset, count);
  if (type === 'int8') return new Int8Array(bytes.buffer, offset, count);
  const view = new DataView(bytes.buffer, offset, count * size);
  switch (type) {
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, false);
      return out;
    }
    default: {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, false);
      return out;
    }
  }
}

/**
 * Decodes an IDX file (the MNIST / Fashion-MNIST format), plain or gzipped (detected by the gzip magic
 * number): big-endian, every element type. The size the header claims is checked against the bytes at
 * hand (for gzip, against the most the compressed size can expand to, and then exactly while inflating)
 * before the data is allocated. Bad input throws {@link FormatError} naming the file and the byte offset
 * or field: a wrong magic or type code, a truncated header or body, trailing bytes, a corrupt gzip stream.
 *
 * @example
 * ```ts
 * import { parseIdx } from 'rethink/data';
 * const bytes = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]); // uint8, dims [3]
 * const idx = parseIdx(bytes, { file: 'labels.idx' });
 * console.log(idx.type, idx.dims, [...idx.data]); // uint8 [ 3 ] [ 7, 8, 9 ]
 * ```
 */
export function parseIdx(bytes: Uint8Array, options: ParseIdxOptions = {}): IdxArray {
  const { file = '<bytes>', maxBytes = IDX_MAX_BYTES } = options;
  let body = bytes;
  let header: IdxHeader;
  if (isGzip(bytes)) {
    header = parseHeader(gunzipPrefix(bytes, 4 + 4 * 255, 'parseIdx', file), file, maxBytes);
    ensure(
      header.totalLength <= gzipBound(bytes.length),
      () =>
        new FormatError(
          `parseIdx: ${file} claims dimensions [${header.dims.join(', ')}] (${header.totalLength} bytes), more than ${bytes.length} gzipped bytes can hold`,
          { file, offset: 4, field: 'dims', dims: header.dims },
        ),
    );
    body = gunzipExact(bytes, header.totalLength, 'parseIdx', file);
  } else {
    header = parseHeader(bytes, file, maxBytes);
    ensure(
      bytes.length >= header.totalLength,
      () =>
        new FormatError(
          `parseIdx: ${file} is truncated: dimensions [${header.dims.join(', ')}] need ${header.totalLength} bytes, the file has ${bytes.length}`,
          { file, offset: bytes.length, expected: header.totalLength, field: 'dims' },
        ),
    );
    ensure(
      bytes.length === header.totalLength,
      () =>
        new FormatError(
          `parseIdx: ${file} has ${bytes.length - header.totalLength} trailing bytes after the data (dimensions [${header.dims.join(', ')}] end at byte ${header.totalLength})`,
          { file, offset: header.totalLength, field: 'dims' },
        ),
    );
  }
  return { type: header.type, dims: header.dims, data: decodeData(body, header), headerLength: header.headerLength };
}
