import type { ImageSet } from './dataset.ts';
import { classCounts } from './_stratify.ts';

/** What {@link imageSetStats} reports for one split. */
export interface ImageSetStats {
  readonly n: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly classes: number;
  /** Images per class, index = label. */
  readonly classCounts: number[];
  /** Mean pixel value per channel, on the scale a network sees (uint8 pixels / 255; float32 as stored). NaN for an empty set. */
  readonly mean: number[];
  /** Population standard deviation per channel, same scale as `mean`. */
  readonly std: number[];
}

/**
 * Shape, class counts, and per-channel pixel mean and standard deviation of an image set, with pixels on the
 * scale `batchToFloat32` produces (uint8 / 255). uint8 sums are exact integers, so the figures do not depend
 * on the order of the images.
 *
 * @example
 * ```ts
 * import { imageSet, imageSetStats } from 'rethink/data';
 * const set = imageSet({ images: new Uint8Array([0, 255]), labels: [1, 1], height: 1, width: 1, channels: 1, classes: 2 });
 * const s = imageSetStats(set);
 * console.log(s.classCounts, s.mean, s.std); // [ 0, 2 ] [ 0.5 ] [ 0.5 ]
 * ```
 */
export function imageSetStats(set: ImageSet): ImageSetStats {
  const { n, height, width, channels, classes, images } = set;
  const perChannel = n * height * width;
  const mean: number[] = [];
  const std: number[] = [];
  if (images instanceof Uint8Array) {
    const sum = new Array<number>(channels).fill(0);
    const sumSq = new Array<number>(channels).fill(0);
    // Histogram per channel first: integer counts, then exact integer sums.
    const hist = new Float64Array(256 * channels);
    for (let c = 0; c < channels; c++) {
      const h = hist.subarray(c * 256, (c + 1) * 256);
      for (let i = c; i < images.length; i += channels) h[images[i] as number]! += 1;
      for (let v = 0; v < 256; v++) {
        const count = hist[c * 256 + v] as number;
        sum[c]! += count * v;
        sumSq[c]! += count * v * v;
      }
      const m = (sum[c] as number) / perChannel;
      mean.push(m / 255);
      std.push(Math.sqrt(Math.max(0, (sumSq[c] as number) / perChannel - m * m)) / 255);
    }
  } else {
    for (let c = 0; c < channels; c++) {
      let s = 0;
      for (let i = c; i < images.length; i += channels) s += images[i] as number;
      const m = s / perChannel;
      let q = 0;
      for (let i = c; i < images.length; i += channels) q += ((images[i] as number) - m) ** 2;
      mean.push(m);
      std.push(Math.sqrt(q / perChannel));
    }
  }
  return { n, height, width, channels, classes, classCounts: classCounts(set.labels, classes), mean, std };
}
