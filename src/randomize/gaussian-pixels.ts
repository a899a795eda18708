import { ArgumentError, createRng, ensure } from 'rethink/core';
import type { DataSet, ImageSet } from 'rethink/data';
import type { GaussianPixelsRecord } from './records.ts';
import type { PixelTransformResult } from './_result.ts';
import { channelStatistics } from './channel-statistics.ts';
import { fillGaussian } from './_noise.ts';
import { checkDataSet, checkScale, checkSeed } from './_validate.ts';

/** The `createRng` streams of the Gaussian noise, one per split. */
export const GAUSSIAN_STREAMS = {
  train: 'randomize/gaussian-pixels/train',
  test: 'randomize/gaussian-pixels/test',
} as const;

/** Options of {@link gaussianPixels}. */
export interface GaussianPixelsOptions {
  /**
   * Multiplies every output value: the noise is drawn in data units and stored times `noiseScale`. Default 1.
   * Pass 1/255 for uint8 data whose true images reach the network as uint8 / 255 (`batchToFloat32`), so
   * the noise arrives on the same scale.
   */
  readonly noiseScale?: number;
}

/**
 * Gaussian (Zhang et al. 2017, §2.1): every image of both splits replaced by independent noise with the
 * moments of the original data set — PER CHANNEL: channel c's values are drawn from N(μ_c, σ_c²), where μ_c
 * and σ_c² are the mean and population variance of channel c over all images of the training and the test
 * split pooled (see `channelStatistics`), times `options.noiseScale` (default 1). Values are not clipped to the
 * data's range. The output images are
 * float32 (whatever the input type); labels are shared; the input is not modified; the output depends on
 * the input only through (μ, σ) and the shapes.
 *
 * Deviates come from the Ziggurat method on `Rng.uint32()` words (streams `'randomize/gaussian-pixels/train'`
 * and `'…/test'`). They are bit-identical wherever `Math.exp`/`Math.log` round alike (every Node.js / V8;
 * other engines may differ in the last bit in rare wedge and tail draws).
 *
 * Throws `ShapeError` for an empty training split or train/test images of different sizes, `ArgumentError`
 * for a non-integer seed, a label outside [0, k), non-finite pixels, or a scale that is not positive and finite.
 *
 * @example
 * ```ts
 * import { imageSet } from 'rethink/data';
 * import { gaussianPixels } from 'rethink/randomize';
 * const images = Uint8Array.from({ length: 1000 }, (_, i) => (i % 2) * 200); // mean 100, std 100
 * const split = imageSet({ images, labels: new Array(1000).fill(0), height: 1, width: 1, channels: 1, classes: 2 });
 * const { set: dataSet, record } = gaussianPixels({ name: 'demo', train: split, test: split }, 1);
 * console.log(record.mean, record.std, dataSet.train.images instanceof Float32Array); // [ 100 ] [ 100 ] true
 * ```
 */
export function gaussianPixels(
  data: DataSet,
  seed: number,
  options: GaussianPixelsOptions = {},
): PixelTransformResult<GaussianPixelsRecord> {
  const jsonSeed = checkSeed('gaussianPixels', seed);
  const scale = options.noiseScale ?? 1;
  checkScale('gaussianPixels', scale);
  checkDataSet('gaussianPixels', data);
  const { train, test } = data;
  const stats = channelStatistics([train, test]);
  const mean = Float64Array.from(stats.mean);
  const std = Float64Array.from(stats.variance, Math.sqrt);
  for (let c = 0; c < mean.length; c++) {
    // Stryker disable LogicalOperator: the mean is finite exactly when every pixel is (float32 sums cannot overflow float64), and then so is the std; `||` never differs
    ensure(
      Number.isFinite(mean[c]) && Number.isFinite(std[c]),
      () =>
        new ArgumentError(
          `gaussianPixels: channel ${c} has non-finite mean ${mean[c]} or std ${std[c]} (non-finite pixels?)`,
          {
            channel: c,
            mean: mean[c],
            std: std[c],
          },
        ),
    );
    // Stryker restore LogicalOperator
  }
  const scaledMean = mean.map((m) => m * scale);
  const scaledStd = std.map((s) => s * scale);
  const noise = (set: ImageSet, stream: string): ImageSet => {
    const images = new Float32Array(set.images.length);
    fillGaussian(images, scaledMean, scaledStd, createRng(seed, stream));
    return { ...set, images };
  };
  const record: GaussianPixelsRecord = {
    condition: 'gaussian-pixels',
    seed: jsonSeed,
    streams: { ...GAUSSIAN_STREAMS },
    mean: Array.from(mean),
    std: Array.from(std),
    noiseScale: scale,
    images: { train: train.n, test: test.n },
  };
  return {
    set: { ...data, train: noise(train, GAUSSIAN_STREAMS.train), test: noise(test, GAUSSIAN_STREAMS.test) },
    record,
  };
}
