import type { ImageSet } from './dataset.ts';

/**
 * Image `i` of a set in words a user can find in the files: its position, and its file and record number when the
 * loader recorded them (`image 3 (data_batch_2.bin record 17)`).
 *
 * @example
 * ```ts
 * import { describeImage, imageSet } from 'rethink/data';
 * const set = imageSet({ images: new Uint8Array(2), labels: [0, 1], height: 1, width: 1, channels: 1, classes: 2,
 *   origin: { files: ['a.bin'], file: Uint16Array.of(0, 0), record: Uint32Array.of(5, 9) } });
 * console.log(describeImage(set, 1)); // image 1 (a.bin record 9)
 * ```
 */
export function describeImage(set: ImageSet, i: number): string {
  const o = set.origin;
  if (o === undefined || i < 0 || i >= o.record.length) return `image ${i}`;
  return `image ${i} (${o.files[o.file[i] as number] ?? '?'} record ${o.record[i] as number})`;
}
