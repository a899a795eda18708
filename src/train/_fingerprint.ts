import { createHash } from 'node:crypto';
import type { DataSet, ImageSet } from 'rethink/data';

/** @internal SHA-256 over both splits' shapes, class counts, labels and pixels (pixel type included). */
export function dataFingerprint(data: DataSet): string {
  const hash = createHash('sha256');
  const add = (set: ImageSet): void => {
    hash.update(JSON.stringify([set.n, set.height, set.width, set.channels, set.classes, set.images.constructor.name]));
    hash.update(new Uint8Array(set.labels.buffer, set.labels.byteOffset, set.labels.byteLength));
    hash.update(new Uint8Array(set.images.buffer, set.images.byteOffset, set.images.byteLength));
  };
  add(data.train);
  add(data.test);
  return hash.digest('hex');
}
