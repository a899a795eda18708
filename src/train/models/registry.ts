import type * as tf from '@tensorflow/tfjs';
import { ArgumentError, ensure } from 'rethink/core';
import type { InputShape, ModelOptions } from './_options.ts';
import { alexnet } from './alexnet.ts';
import { cnn } from './cnn.ts';
import { inception } from './inception.ts';
import { mlp } from './mlp.ts';

/** A model builder: input shape `[H, W, C]`, class count and options → an untrained model that outputs logits. */
export type ModelBuilder = (inputShape: InputShape, classes: number, options?: ModelOptions) => tf.LayersModel;

/**
 * The named models: the replication's CNN and the paper's Table 1 models, each a {@link ModelBuilder}.
 *
 * @example
 * ```ts
 * import { MODELS } from 'rethink/train';
 * const model = MODELS['mlp3x512']([28, 28, 3], 10, { seed: 2 });
 * console.log(model.layers.length); // 5: flatten, three hidden layers, logits
 * model.dispose();
 * ```
 */
export const MODELS = {
  cnn: (s, k, o) => cnn(s, k, o),
  mlp1x512: (s, k, o) => mlp(s, k, { ...o, hidden: [512] }),
  mlp3x512: (s, k, o) => mlp(s, k, { ...o, hidden: [512, 512, 512] }),
  alexnet: (s, k, o) => alexnet(s, k, o),
  inception: (s, k, o) => inception(s, k, { ...o, batchNorm: true }),
  'inception-nobn': (s, k, o) => inception(s, k, { ...o, batchNorm: false }),
} as const satisfies Record<string, ModelBuilder>;

/** The name of a registered model. */
export type ModelName = keyof typeof MODELS;

/**
 * Registered model names, in a stable order.
 *
 * @example
 * ```ts
 * import { MODEL_NAMES } from 'rethink/train';
 * console.log(MODEL_NAMES.join(' ')); // cnn mlp1x512 mlp3x512 alexnet inception inception-nobn
 * ```
 */
export const MODEL_NAMES: readonly ModelName[] = Object.keys(MODELS) as ModelName[];

/**
 * True when `name` names a registered model.
 *
 * @example
 * ```ts
 * import { isModelName } from 'rethink/train';
 * console.log(isModelName('alexnet'), isModelName('resnet')); // true false
 * ```
 */
export function isModelName(name: string): name is ModelName {
  return Object.prototype.hasOwnProperty.call(MODELS, name);
}

/**
 * Builds a registered model by name: `'cnn'`, `'mlp1x512'`, `'mlp3x512'`, `'alexnet'`, `'inception'`,
 * `'inception-nobn'`. Throws {@link ArgumentError} for an unknown name (listing the known ones).
 *
 * @example
 * ```ts
 * import { buildModel, countParameters } from 'rethink/train';
 * const model = buildModel('mlp1x512', [28, 28, 3], 10, { seed: 7 });
 * console.log(countParameters(model)); // 1209866
 * model.dispose();
 * ```
 */
export function buildModel(
  name: string,
  inputShape: InputShape,
  classes: number,
  options: ModelOptions = {},
): tf.LayersModel {
  ensure(
    isModelName(name),
    () =>
      new ArgumentError(`buildModel: unknown model '${name}' (known: ${MODEL_NAMES.join(', ')})`, {
        name,
        known: MODEL_NAMES,
      }),
  );
  return MODELS[name](inputShape, classes, options);
}
