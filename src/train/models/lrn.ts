import * as tf from '@tensorflow/tfjs';
import { ArgumentError, ensure } from 'rethink/core';

/**
 * Options of {@link localResponseNormalization}; the defaults are those of TensorFlow's CIFAR-10 tutorial model
 * (`tf.nn.lrn(x, 4, bias=1.0, alpha=0.001 / 9.0, beta=0.75)`), the paper's small Alexnet.
 */
export interface LrnOptions {
  /** Half-width of the channel window (default 4: 9 channels). */
  readonly depthRadius?: number;
  readonly bias?: number;
  readonly alpha?: number;
  readonly beta?: number;
  /** Layer name (default: tfjs's unique name). */
  readonly name?: string;
  /** Input shape without the batch dimension, when the layer is a model's first. */
  readonly inputShape?: readonly number[];
}

/** Defaults of {@link LrnOptions}. */
export const LRN_DEFAULTS = { depthRadius: 4, bias: 1, alpha: 0.001 / 9, beta: 0.75 } as const;

/**
 * A Keras layer around `tf.localResponseNormalization` (tfjs has the op but no layer):
 * `y[…, c] = x[…, c] / (bias + alpha · Σ_{|c'−c| ≤ depthRadius} x[…, c']²)^beta`. No weights; shape preserved.
 * Registered with tfjs's serialization as `LocalResponseNormalization`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { LocalResponseNormalization } from 'rethink/train';
 * const model = tf.sequential({ layers: [new LocalResponseNormalization({ inputShape: [4, 4, 16] })] });
 * console.log(model.outputs[0]?.shape); // [null, 4, 4, 16]
 * ```
 */
export class LocalResponseNormalization extends tf.layers.Layer {
  /** The class name tfjs serialization uses. */
  static readonly className = 'LocalResponseNormalization';
  readonly depthRadius: number;
  readonly bias: number;
  readonly alpha: number;
  readonly beta: number;

  constructor(options: LrnOptions = {}) {
    super({
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.inputShape === undefined ? {} : { inputShape: [...options.inputShape] }),
    });
    this.depthRadius = options.depthRadius ?? LRN_DEFAULTS.depthRadius;
    this.bias = options.bias ?? LRN_DEFAULTS.bias;
    this.alpha = options.alpha ?? LRN_DEFAULTS.alpha;
    this.beta = options.beta ?? LRN_DEFAULTS.beta;
    ensure(
      Number.isInteger(this.depthRadius) && this.depthRadius >= 0,
      () =>
        new ArgumentError(
          `localResponseNormalization: depthRadius must be a non-negative integer, got ${this.depthRadius}`,
          {
            depthRadius: this.depthRadius,
          },
        ),
    );
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    ensure(
      x !== undefined && x.rank === 4,
      () =>
        new ArgumentError(`localResponseNormalization: expects a rank-4 input, got rank ${x?.rank}`, { rank: x?.rank }),
    );
    return tf.localResponseNormalization(x as tf.Tensor4D, this.depthRadius, this.bias, this.alpha, this.beta);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), depthRadius: this.depthRadius, bias: this.bias, alpha: this.alpha, beta: this.beta };
  }
}
tf.serialization.registerClass(LocalResponseNormalization);

/**
 * Creates a {@link LocalResponseNormalization} layer, in the style of `tf.layers.*`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { localResponseNormalization } from 'rethink/train';
 * const layer = localResponseNormalization({ depthRadius: 2 });
 * const y = layer.apply(tf.ones([1, 2, 2, 8])) as tf.Tensor;
 * console.log(y.shape); // [1, 2, 2, 8]
 * ```
 */
export function localResponseNormalization(options: LrnOptions = {}): LocalResponseNormalization {
  return new LocalResponseNormalization(options);
}
