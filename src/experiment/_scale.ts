import type { DataSet, ImageSet } from 'rethink/data';

/**
 * @internal Noise conditions on uint8 data produce float32 pixels on the data's 0–255 scale; the trainer feeds
 * float32 pixels as they are and divides uint8 pixels by 255. This puts such float32 splits on the unit scale
 * too, so every condition reaches the network on the same scale as the original images.
 */
export function toUnitScale(original: DataSet, randomized: DataSet): DataSet {
  const fix = (before: ImageSet, after: ImageSet): ImageSet => {
    if (!(before.images instanceof Uint8Array) || !(after.images instanceof Float32Array)) return after;
    const images = new Float32Array(after.images.length);
    for (let i = 0; i < images.length; i++) images[i] = (after.images[i] as number) / 255;
    return { ...after, images };
  };
  return { ...randomized, train: fix(original.train, randomized.train), test: fix(original.test, randomized.test) };
}
