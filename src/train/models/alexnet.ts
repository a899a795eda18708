import * as tf from '@tensorflow/tfjs';
import { checkModelArgs, kernelInits } from './_options.ts';
import type { InputShape, ModelOptions } from './_options.ts';
import { localResponseNormalization } from './lrn.ts';

/**
 * The paper's small Alexnet (the shape of TensorFlow's CIFAR-10 tutorial model): Conv(64, 5×5, same, relu) →
 * MaxPool(3×3, stride 2, same) → LRN → Conv(64, 5×5, same, relu) → LRN → MaxPool(3×3, stride 2, same) →
 * Flatten → Dense(384, relu) → Dense(192, relu) → Dense(classes) (logits). LRN uses
 * {@link LRN_DEFAULTS} (depth radius 4, bias 1, alpha 0.001/9, beta 0.75). For 28×28×3 and 10 classes it
 * has 1,387,786 parameters (Table 1).
 *
 * @example
 * ```ts
 * import { alexnet, countParameters } from 'rethink/train';
 * const model = alexnet([28, 28, 3], 10, { seed: 1 });
 * console.log(countParameters(model)); // 1387786
 * model.dispose();
 * ```
 */
export function alexnet(inputShape: InputShape, classes: number, options: ModelOptions = {}): tf.Sequential {
  checkModelArgs('alexnet', inputShape, classes);
  const inits = kernelInits(options);
  const model = tf.sequential();
  const conv = (extra: { inputShape?: number[] } = {}) =>
    tf.layers.conv2d({
      ...extra,
      filters: 64,
      kernelSize: 5,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: inits.next(),
    });
  const pool = () => tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' });
  model.add(conv({ inputShape: [...inputShape] }));
  model.add(pool());
  model.add(localResponseNormalization());
  model.add(conv());
  model.add(localResponseNormalization());
  model.add(pool());
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 384, activation: 'relu', kernelInitializer: inits.next() }));
  model.add(tf.layers.dense({ units: 192, activation: 'relu', kernelInitializer: inits.next() }));
  model.add(tf.layers.dense({ units: classes, kernelInitializer: inits.next() }));
  return model;
}
