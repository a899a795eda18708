import * as tf from '@tensorflow/tfjs';
import { ArgumentError, ShapeError, ensure } from 'rethink/core';
import type { ImageSet } from 'rethink/data';
import { buildBatch, resolveView } from './_batch.ts';
import type { CropOptions, Scaling } from './_batch.ts';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Images per forward pass (default 256); only memory and speed depend on it. */
  readonly batchSize?: number;
  /** The training run's crop: evaluation takes the centre window (default: none). */
  readonly crop?: CropOptions | null;
  /** Input scaling (default `'unit'`), as in training. */
  readonly scaling?: Scaling;
}

/** Defaults of {@link EvaluateOptions}. */
export const EVALUATE_DEFAULTS = { batchSize: 256, crop: null, scaling: 'unit' } as const;

/** Mean softmax cross-entropy and accuracy of a model on a set. */
export interface Evaluation {
  readonly loss: number;
  readonly accuracy: number;
  readonly n: number;
}

/**
 * Evaluates a logits model on every image of `set` in inference mode (`training: false`: batch norm uses its
 * moving statistics): the mean softmax cross-entropy and the fraction of images whose largest logit is the
 * label (ties go to the lower class). Batches are built on the fly from the stored pixels; the sums stay on
 * the device and are read once, asynchronously. An empty set gives `{ loss: NaN, accuracy: NaN, n: 0 }`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { imageSet } from 'rethink/data';
 * import { buildModel, evaluate } from 'rethink/train';
 * await tf.setBackend('cpu');
 * const set = imageSet({ images: new Uint8Array(4 * 8 * 8), labels: [0, 1, 2, 3], height: 8, width: 8, channels: 1, classes: 4 });
 * const model = buildModel('mlp1x512', [8, 8, 1], 4, { seed: 1 });
 * const { accuracy } = await evaluate(model, set);
 * console.log(accuracy); // 0.25: all-zero images give every image the same prediction
 * model.dispose();
 * ```
 */
export async function evaluate(
  model: tf.LayersModel,
  set: ImageSet,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  const batchSize = options.batchSize ?? EVALUATE_DEFAULTS.batchSize;
  ensure(
    Number.isInteger(batchSize) && batchSize > 0,
    () => new ArgumentError(`evaluate: batchSize must be a positive integer, got ${batchSize}`, { batchSize }),
  );
  const view = resolveView('evaluate', set, options.crop, options.scaling ?? EVALUATE_DEFAULTS.scaling);
  const inputShape = model.inputs[0]?.shape;
  const expected = [view.height, view.width, set.channels];
  ensure(
    inputShape !== undefined && inputShape.slice(1).every((d, i) => d === null || d === expected[i]),
    () =>
      new ShapeError(
        `evaluate: model input ${JSON.stringify(inputShape)} does not match images ${JSON.stringify(expected)}`,
        {
          expected,
          actual: inputShape,
        },
      ),
  );
  if (set.n === 0) return { loss: NaN, accuracy: NaN, n: 0 };
  const sums = await evaluateSums(model, set, view, batchSize);
  return { loss: sums.loss / set.n, accuracy: sums.correct / set.n, n: set.n };
}

/** @internal Summed loss and correct count over the set; reads the device once. */
export async function evaluateSums(
  model: tf.LayersModel,
  set: ImageSet,
  view: ReturnType<typeof resolveView>,
  batchSize: number,
): Promise<{ loss: number; correct: number }> {
  let total: tf.Tensor1D = tf.zeros([2]);
  const classes = model.outputs[0]?.shape[1] ?? set.classes;
  for (let start = 0; start < set.n; start += batchSize) {
    const count = Math.min(batchSize, set.n - start);
    const pixels = buildBatch(set, null, start, count, view, null);
    const labels = set.labels.subarray(start, start + count);
    const next = tf.tidy(() => {
      const x = tf.tensor4d(pixels, [count, view.height, view.width, set.channels]);
      const y = tf.tensor1d(labels, 'int32');
      const logits = model.apply(x, { training: false }) as tf.Tensor2D;
      const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(y, classes), logits, undefined, 0, tf.Reduction.SUM);
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'));
      return tf.add(total, tf.stack([loss, correct])) as tf.Tensor1D;
    });
    total.dispose();
    total = next;
  }
  const [loss, correct] = await total.data();
  total.dispose();
  return { loss: loss as number, correct: correct as number };
}
