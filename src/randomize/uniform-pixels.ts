import { ArgumentError, createRng, ensure } from 'rethink/core';
import type { DataSet, ImageSet } from 'rethink/data';
import type { UniformPixelsRecord } from './records.ts';
import type { PixelTransformResult } from './_result.ts';
import { fillUniform } from './_noise.ts';
import { checkDataSet, checkScale, checkSeed } from './_validate.ts';

/** The `createRng` streams of the uniform noise, one per split. */
export const UNIFORM_STREAMS = {
  train: 'randomize/uniform-pixels/train',
  test: 'randomize/uniform-pixels/test',
} as const;

/** Options of {@link uniformPixels}. */
export interface UniformPixelsOptions {
  /**
   * The range [lo, hi] to draw from. Default: [0, 255] when both splits are uint8; otherwise the minimum and
   * maximum over all pixels of both splits (for data scaled to [0, 1] pass `[0, 1]`, the replication's range).
   */
  readonly range?: readonly [number, number];
  /**
   * Multiplies every output value (the range stays in data units): the noise is uniform on
   * [lo · scale, hi · scale]. Default 1; pass 1/255 for uint8 data that reaches the network as uint8 / 255.
   */
  readonly noiseScale?: number;
}

function observedRange(sets: readonly ImageSet[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const { images } of sets) {
    for (let e = 0; e < images.length; e++) {
      const v = images[e] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      // Stryker disable next-line ArrayDeclaration: `[]` destructures to undefined ends, and undefined + 0 is NaN like NaN + 0: the same range error, message and details
      if (v !== v) return [NaN, NaN];
    }
  }
  return [lo, hi];
}

/**
 * Uniform noise (not in the paper; a well-known replication's variant): every pixel value of both splits
 * replaced by an independent draw, uniform on the data's range — [0, 255] for uint8 data, the observed
 * [min, max] over both splits for float data, or `options.range` — times `options.noiseScale` (default 1). Each
 * value is lo + (hi − lo) · w / 2^32 (lo, hi scaled)
 * for one 32-bit word w (streams `'randomize/uniform-pixels/train'` and `'…/test'`), rounded to float32, so
 * it lies in [fround(lo), fround(hi)] (rounding can reach hi). Output images are float32; labels are shared; the
 * input is not modified; the output depends on the input only through the range and the shapes. Only
 * integer arithmetic and one multiply-add per value: bit-identical on every machine.
 *
 * Throws `ShapeError` for an empty training split or train/test images of different sizes, `ArgumentError`
 * for a non-integer seed, a label outside [0, k), a range that is not finite with lo ≤ hi, or a scale that is
 * not positive and finite.
 *
 * @example
 * ```ts
 * import { imageSet } from 'rethink/data';
 * import { uniformPixels } from 'rethink/randomize';
 * const split = imageSet({ images: new Uint8Array(100), labels: new Array(100).fill(0), height: 1, width: 1, channels: 1, classes: 2 });
 * const { set: dataSet, record } = uniformPixels({ name: 'demo', train: split, test: split }, 1);
 * console.log(record.range, dataSet.train.images.every((v) => v >= 0 && v <= 255)); // [ 0, 255 ] true
 * ```
 */
export function uniformPixels(
  data: DataSet,
  seed: number,
  options: UniformPixelsOptions = {},
): PixelTransformResult<UniformPixelsRecord> {
  const jsonSeed = checkSeed('uniformPixels', seed);
  const scale = options.noiseScale ?? 1;
  checkScale('uniformPixels', scale);
  checkDataSet('uniformPixels', data);
  const { train, test } = data;
  const uint8 = train.images instanceof Uint8Array && test.images instanceof Uint8Array;
  const rangeSource = options.range ? 'option' : uint8 ? 'uint8' : 'observed';
  const [first, last] = options.range ?? (uint8 ? [0, 255] : observedRange([train, test]));
  const [lo, hi] = [first + 0, last + 0]; // JSON has no −0
  ensure(
    Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi,
    () =>
      new ArgumentError(`uniformPixels: range must be finite with lo ≤ hi, got [${lo}, ${hi}] (${rangeSource})`, {
        range: [lo, hi],
        rangeSource,
      }),
  );
  const noise = (set: ImageSet, stream: string): ImageSet => {
    const images = new Float32Array(set.images.length);
    fillUniform(images, lo * scale, hi * scale, createRng(seed, stream));
    return { ...set, images };
  };
  const record: UniformPixelsRecord = {
    condition: 'uniform-pixels',
    seed: jsonSeed,
    streams: { ...UNIFORM_STREAMS },
    range: [lo, hi],
    rangeSource,
    noiseScale: scale,
    images: { train: train.n, test: test.n },
  };
  return {
    set: { ...data, train: noise(train, UNIFORM_STREAMS.train), test: noise(test, UNIFORM_STREAMS.test) },
    record,
  };
}
