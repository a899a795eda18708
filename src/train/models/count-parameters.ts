import type * as tf from '@tensorflow/tfjs';

/** Options of {@link countParameters}. */
export interface CountParametersOptions {
  /** Also count batch-normalization weights (γ, β, moving mean and variance); default false, as in Table 1. */
  readonly includeBatchNorm?: boolean;
}

/**
 * Counts a model's parameters the way the paper's Table 1 does: every weight of every layer (conv and dense
 * kernels and biases — the only layers with weights in these models) except batch-normalization layers, whose
 * γ, β and moving statistics are not counted (Table 1 gives Inception the same 1,649,402 with and without batch
 * norm). With `includeBatchNorm: true` it counts every weight the model holds, trainable or not.
 *
 * @example
 * ```ts
 * import { buildModel, countParameters } from 'rethink/train';
 * const model = buildModel('mlp3x512', [28, 28, 3], 10);
 * console.log(countParameters(model)); // 1735178
 * model.dispose();
 * ```
 */
export function countParameters(model: tf.LayersModel, options: CountParametersOptions = {}): number {
  let total = 0;
  for (const layer of model.layers) {
    if (!options.includeBatchNorm && layer.getClassName() === 'BatchNormalization') continue;
    for (const w of layer.weights) total += w.shape.reduce<number>((a, b) => a * (b ?? 1), 1);
  }
  return total;
}
