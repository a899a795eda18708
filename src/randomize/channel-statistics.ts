import { ShapeError, ensure } from 'rethink/core';
import type { ImageSet } from 'rethink/data';

/** Per-channel moments of a pool of images. */
export interface ChannelStatistics {
  /** Values per channel (images × height × width). */
  readonly count: number;
  readonly mean: readonly number[];
  /** Population variance (divisor `count`). */
  readonly variance: readonly number[];
}

/**
 * Per-channel mean and population variance (divisor N) of all images of `sets`, pooled. Uint8 images are
 * counted into a 256-bin histogram per channel, so their moments are exact up to one float64 rounding; float
 * images are summed in float64 in two passes (mean, then squared deviations). Non-finite pixels give NaN
 * or ±Infinity moments.
 *
 * Throws `ShapeError` when `sets` hold no image or disagree on the channel count.
 *
 * @example
 * ```ts
 * import { imageSet } from 'rethink/data';
 * import { channelStatistics } from 'rethink/randomize';
 * const set = imageSet({ images: Uint8Array.of(0, 10, 2, 30), labels: [0, 1], height: 1, width: 1, channels: 2, classes: 2 });
 * console.log(channelStatistics([set])); // { count: 2, mean: [ 1, 20 ], variance: [ 1, 100 ] }
 * ```
 */
export function channelStatistics(sets: readonly ImageSet[]): ChannelStatistics {
  const channels = sets[0]?.channels ?? 0;
  for (const set of sets) {
    ensure(
      set.channels === channels,
      () =>
        new ShapeError(`channelStatistics: images with ${set.channels} and ${channels} channels cannot be pooled`, {
          expected: channels,
          actual: set.channels,
        }),
    );
  }
  let values = 0;
  for (const set of sets) values += set.images.length;
  ensure(values > 0, () => new ShapeError('channelStatistics: no images to measure', { sets: sets.length }));
  const count = values / channels;
  const sum = new Float64Array(channels);
  const squares = new Float64Array(channels);
  const histogram = new Float64Array(channels * 256);
  // Stryker disable next-line BooleanLiteral: starting at true only runs the float pass below over uint8 sets, which it skips (`continue`)
  let anyFloat = false;
  for (const { images } of sets) {
    if (images instanceof Uint8Array) {
      for (let e = 0; e < images.length;) {
        for (let o = 0; o < histogram.length; o += 256) {
          const bin = o + (images[e++] as number);
          histogram[bin] = (histogram[bin] as number) + 1;
        }
      }
    } else {
      anyFloat = true;
      for (let e = 0; e < images.length;) {
        for (let c = 0; c < channels; c++) sum[c] = (sum[c] as number) + (images[e++] as number);
      }
    }
  }
  const mean = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    let s = sum[c] as number;
    for (let v = 1; v < 256; v++) s += v * (histogram[c * 256 + v] as number);
    mean[c] = s / count + 0; // JSON has no −0
  }
  for (let c = 0; c < channels; c++) {
    const m = mean[c] as number;
    let q = 0;
    for (let v = 0; v < 256; v++) {
      const h = histogram[c * 256 + v] as number;
      if (h > 0) q += (v - m) * (v - m) * h;
    }
    squares[c] = q;
  }
  if (anyFloat) {
    for (const { images } of sets) {
      if (images instanceof Uint8Array) continue;
      for (let e = 0; e < images.length;) {
        for (let c = 0; c < channels; c++) {
          const d = (images[e++] as number) - (mean[c] as number);
          squares[c] = (squares[c] as number) + d * d;
        }
      }
    }
  }
  return { count, mean: Array.from(mean), variance: Array.from(squares, (q) => q / count) };
}
