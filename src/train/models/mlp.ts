import * as tf from '@tensorflow/tfjs';
import { ArgumentError, ensure } from 'rethink/core';
import { checkModelArgs, kernelInits } from './_options.ts';
import type { InputShape, ModelOptions } from './_options.ts';

/** Options of {@link mlp}: the widths of the hidden ReLU layers, plus the common {@link ModelOptions}. */
export interface MlpOptions extends ModelOptions {
  /** Hidden layer widths (default `[512]`, the paper's MLP 1x512; `[512, 512, 512]` is MLP 3x512). */
  readonly hidden?: readonly number[];
}

/** Defaults of {@link MlpOptions}. */
export const MLP_DEFAULTS = { hidden: [512] } as const;

/**
 * A multilayer perceptron: Flatten → Dense(h, relu) for each hidden width h → Dense(classes) (logits).
 * Kernels are seeded (see {@link ModelOptions}), biases zero. For a 28×28×3 input and 10 classes,
 * `hidden: [512]` has 1,209,866 parameters and `hidden: [512, 512, 512]` 1,735,178 (Table 1).
 *
 * @example
 * ```ts
 * import { mlp, countParameters } from 'rethink/train';
 * const model = mlp([28, 28, 3], 10, { seed: 1 });
 * console.log(countParameters(model)); // 1209866
 * model.dispose();
 * ```
 */
export function mlp(inputShape: InputShape, classes: number, options: MlpOptions = {}): tf.Sequential {
  checkModelArgs('mlp', inputShape, classes);
  const hidden = options.hidden ?? MLP_DEFAULTS.hidden;
  for (const [i, h] of hidden.entries()) {
    ensure(
      Number.isInteger(h) && h > 0,
      () => new ArgumentError(`mlp: hidden width ${i} must be a positive integer, got ${h}`, { index: i, width: h }),
    );
  }
  const inits = kernelInits(options);
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [...inputShape] }));
  for (const units of hidden) {
    model.add(tf.layers.dense({ units, activation: 'relu', kernelInitializer: inits.next() }));
  }
  model.add(tf.layers.dense({ units: classes, kernelInitializer: inits.next() }));
  return model;
}
