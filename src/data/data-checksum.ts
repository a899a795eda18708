import { createHash, type Hash } from 'node:crypto';
import type { DataSet, ImageSet } from './dataset.ts';

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The bytes of a typed array in little-endian order (a view on little-endian hosts). */
function leBytes(array: Int32Array | Float32Array): Uint8Array {
  // Stryker disable all: big-endian hosts only; on a little-endian host both branches give the same little-endian bytes
  /* v8 ignore if -- big-endian hosts only */
  if (!littleEndian) return swapped(array);
  // Stryker restore all
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

// Stryker disable all: big-endian hosts only; this function never runs on a little-endian host (see leBytes)
/* v8 ignore next -- big-endian hosts only */
function swapped(array: Int32Array | Float32Array): Uint8Array {
  const out = new Uint8Array(array.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < array.length; i++) {
    if (array instanceof Int32Array) view.setInt32(4 * i, array[i] as number, true);
    else view.setFloat32(4 * i, array[i] as number, true);
  }
  return out;
}
// Stryker restore all

function hashSet(hash: Hash, set: ImageSet): void {
  const dtype = set.images instanceof Uint8Array ? 'uint8' : 'float32';
  hash.update(`imageset v1 ${dtype} ${set.n} ${set.height} ${set.width} ${set.channels} ${set.classes}\n`);
  hash.update(set.images instanceof Uint8Array ? set.images : leBytes(set.images));
  hash.update(leBytes(set.labels));
}

/**
 * A deterministic SHA-256 (hex) of the decoded arrays of a data set or one split: dtype, shape, class count,
 * pixel values and labels (little-endian), so it is the same on every machine and for every path the
 * same data was loaded from (names and class names do not enter). Record it in experiment configs.
 *
 * @example
 * ```ts
 * import { dataChecksum, imageSet } from 'rethink/data';
 * const set = imageSet({ images: new Uint8Array(4), labels: [0], height: 2, width: 2, channels: 1, classes: 2 });
 * console.log(dataChecksum(set).length); // 64
 * ```
 */
export function dataChecksum(data: DataSet | ImageSet): string {
  const hash = createHash('sha256');
  if ('train' in data) {
    hash.update('dataset v1\n');
    hashSet(hash, data.train);
    hashSet(hash, data.test);
  } else {
    hashSet(hash, data);
  }
  return hash.digest('hex');
}
