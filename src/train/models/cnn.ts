import * as tf from '@tensorflow/tfjs';
import { checkModelArgs, kernelInits } from './_options.ts';
import type { InputShape, ModelOptions } from './_options.ts';

/**
 * The Keras replication's small CNN: Conv2D(32, 3×3, relu) → Conv2D(64, 3×3, relu) → MaxPool 2×2 → Flatten →
 * Dense(128, relu) → Dense(classes) (logits; the softmax lives in the loss). Convolutions are 'valid', so the
 * input must be at least 6×6. For 32×32×3 and 10 classes it has 1,626,442 parameters.
 *
 * @example
 * ```ts
 * import { cnn, countParameters } from 'rethink/train';
 * const model = cnn([28, 28, 1], 10, { seed: 1 });
 * console.log(countParameters(model)); // 1199882
 * model.dispose();
 * ```
 */
export function cnn(inputShape: InputShape, classes: number, options: ModelOptions = {}): tf.Sequential {
  checkModelArgs('cnn', inputShape, classes, 6);
  const inits = kernelInits(options);
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({
      inputShape: [...inputShape],
      filters: 32,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: inits.next(),
    }),
  );
  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: inits.next() }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: inits.next() }));
  model.add(tf.layers.dense({ units: classes, kernelInitializer: inits.next() }));
  return model;
}
