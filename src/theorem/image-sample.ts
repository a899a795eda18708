import type { ImageSet } from 'rethink/data';
import { ArgumentError, ensure } from 'rethink/core';
import type { Sample } from './sample.ts';

/** Options of {@link imageSample}. */
export interface ImageSampleOptions {
  /**
   * Label columns: 1 (each label is the class index, a scalar output) or the number of classes (one-hot rows).
   * Default 1.
   */
  readonly outputs?: number;
}

/** Defaults of {@link imageSample}. */
export const IMAGE_SAMPLE_DEFAULTS = { outputs: 1 } as const satisfies Required<ImageSampleOptions>;

/**
 * A set of images as a Theorem 1 sample: each image is one point of d = height·width·channels raw pixel values
 * (no copy), and its label is the class index (`outputs` 1) or a one-hot row (`outputs` = classes).
 *
 * @example
 * ```ts
 * import { imageSet } from 'rethink/data';
 * import { imageSample } from 'rethink/theorem';
 * const set = imageSet({ images: Uint8Array.of(0, 1, 2, 3), labels: [1, 0], height: 1, width: 2, channels: 1, classes: 2 });
 * const { sample, labels } = imageSample(set, { outputs: 2 });
 * console.log(sample.n, sample.d, Array.from(labels).join(',')); // 2 2 0,1,1,0
 * ```
 */
export function imageSample(
  set: ImageSet,
  options: ImageSampleOptions = {},
): { readonly sample: Sample; readonly labels: Float64Array } {
  const k = options.outputs ?? IMAGE_SAMPLE_DEFAULTS.outputs;
  ensure(
    k === 1 || k === set.classes,
    () =>
      new ArgumentError(`imageSample: outputs is 1 (class index) or ${set.classes} (one-hot), got ${k}`, {
        outputs: k,
        classes: set.classes,
      }),
  );
  const labels = new Float64Array(set.n * k);
  set.labels.forEach((label, i) => {
    if (k === 1) labels[i] = label;
    else labels[i * k + label] = 1;
  });
  return { sample: { data: set.images, n: set.n, d: set.height * set.width * set.channels }, labels };
}
