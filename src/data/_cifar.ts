/** The CIFAR-10 binary record layout and its planar → channels-last decoder (internal). */
import { FormatError } from 'rethink/core';

/** Pixels per CIFAR-10 image: 32 × 32 × 3. */
export const CIFAR_PIXELS = 3072;
/** Bytes per record: one label byte, then the red, green and blue planes. */
export const CIFAR_RECORD = 3073;
/** Classes (labels 0–9). */
export const CIFAR_CLASSES = 10;
/** The class names `batches.meta.txt` lists, in label order. */
export const CIFAR_CLASS_NAMES: readonly string[] = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Checks that a file of `size` bytes holds a positive whole number of records; returns the count. */
export function cifarRecordCount(fn: string, file: string, size: number): number {
  if (size === 0) throw new FormatError(`${fn}: ${file} is empty`, { file, offset: 0, field: 'size' });
  if (size % CIFAR_RECORD !== 0) {
    const whole = size - (size % CIFAR_RECORD);
    throw new FormatError(
      `${fn}: ${file} is truncated: ${size} bytes is not a whole number of ${CIFAR_RECORD}-byte records (the last record starts at byte ${whole} and has ${size - whole} bytes)`,
      { file, offset: whole, field: 'size', size },
    );
  }
  return size / CIFAR_RECORD;
}

/**
 * A reusable decoder: converts `count` records from `src` (starting at its index 0) into `images` / `labels`
 * from record `at` on. Labels outside [0, 9] throw a {@link FormatError} naming the file and the byte offset
 * (`fileOffset` is the file position of `src[0]`).
 */
export class CifarDecoder {
  private readonly scratch = new Uint8Array(CIFAR_PIXELS);
  private readonly scratch32 = new Uint32Array(this.scratch.buffer);
  private readonly images: Uint8Array;
  private readonly images32: Uint32Array | undefined;
  private readonly labels: Int32Array;

  constructor(images: Uint8Array, labels: Int32Array) {
    this.images = images;
    this.labels = labels;
    this.images32 =
      littleEndian && images.byteOffset % 4 === 0
        ? new Uint32Array(images.buffer, images.byteOffset, images.length >>> 2)
        : undefined;
  }

  decode(fn: string, file: string, src: Uint8Array, count: number, at: number, fileOffset: number): void {
    const { images, labels, images32, scratch, scratch32 } = this;
    for (let r = 0; r < count; r++) {
      const base = r * CIFAR_RECORD;
      const label = src[base] as number;
      if (label >= CIFAR_CLASSES) {
        throw new FormatError(
          `${fn}: label ${label} of record ${r + fileOffset / CIFAR_RECORD} in ${file} (byte ${fileOffset + base}) is outside [0, 9]`,
          {
            file,
            offset: fileOffset + base,
            field: 'label',
            label,
          },
        );
      }
      labels[at + r] = label;
      const out = (at + r) * CIFAR_PIXELS;
      if (images32 !== undefined) {
        // Four pixels at a time: the words of four red, four green and four blue bytes become the three
        // words r0 g0 b0 r1 | g1 b1 r2 g2 | b2 r3 g3 b3 (little-endian byte order within each word).
        scratch.set(src.subarray(base + 1, base + CIFAR_RECORD));
        let o = out >>> 2;
        for (let k = 0; k < 256; k++) {
          const rw = scratch32[k] as number;
          const gw = scratch32[k + 256] as number;
          const bw = scratch32[k + 512] as number;
          images32[o++] = (rw & 0xff) | ((gw & 0xff) << 8) | ((bw & 0xff) << 16) | ((rw & 0xff00) << 16);
          images32[o++] = ((gw >>> 8) & 0xff) | (bw & 0xff00) | (rw & 0xff0000) | ((gw & 0xff0000) << 8);
          images32[o++] = ((bw >>> 16) & 0xff) | ((rw >>> 16) & 0xff00) | ((gw >>> 8) & 0xff0000) | (bw & 0xff000000);
        }
      } else {
        // Big-endian hosts and unaligned outputs: byte by byte.
        for (let p = 0; p < 1024; p++) {
          images[out + 3 * p] = src[base + 1 + p] as number;
          images[out + 3 * p + 1] = src[base + 1025 + p] as number;
          images[out + 3 * p + 2] = src[base + 2049 + p] as number;
        }
      }
    }
  }
}

/** Parses `batches.meta.txt`: the class names, one a line (blank lines ignored); there must be 10. */
export function parseCifarMeta(fn: string, file: string, text: string): readonly string[] {
  const names = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (names.length !== CIFAR_CLASSES) {
    throw new FormatError(`${fn}: ${file} lists ${names.length} class names, expected ${CIFAR_CLASSES}`, {
      file,
      field: 'classNames',
      count: names.length,
    });
  }
  return names;
}
