import * as tf from '@tensorflow/tfjs';
import { checkModelArgs, kernelInits } from './_options.ts';
import type { InputShape, KernelInits, ModelOptions } from './_options.ts';

/** Options of {@link inception}. */
export interface InceptionOptions extends ModelOptions {
  /** Batch normalization after every convolution (default true; false is Table 1's "Inception w/o BatchNorm"). */
  readonly batchNorm?: boolean;
}

/** Defaults of {@link InceptionOptions}. */
export const INCEPTION_DEFAULTS = { batchNorm: true } as const;

type Sym = tf.SymbolicTensor;

/**
 * The paper's small Inception (its appendix figure). A *conv module* is Conv(k×k, same, with bias) → batch norm
 * → relu; an *Inception module* (c1, c3) concatenates a 1×1 conv module with c1 channels and a 3×3 conv module
 * with c3 channels; a *downsample module* (c3) concatenates a 3×3 stride-2 conv module with c3 channels and a
 * 3×3 stride-2 max pool (both 'same'). Network: conv module(96, 3×3) → Inception(32, 32) → Inception(32, 48) →
 * Downsample(80) → Inception(112, 48) → Inception(96, 64) → Inception(80, 80) → Inception(48, 96) →
 * Downsample(96) → Inception(176, 160) → Inception(176, 160) → global mean pool → Dense(classes) (logits).
 * For 28×28×3 and 10 classes: 1,649,402 conv/dense weights and biases with or without batch norm (Table 1;
 * batch-norm γ/β and moving statistics are not counted, see {@link countParameters}).
 *
 * @example
 * ```ts
 * import { inception, countParameters } from 'rethink/train';
 * const model = inception([28, 28, 3], 10, { seed: 1, batchNorm: false });
 * console.log(countParameters(model)); // 1649402
 * model.dispose();
 * ```
 */
export function inception(inputShape: InputShape, classes: number, options: InceptionOptions = {}): tf.LayersModel {
  checkModelArgs('inception', inputShape, classes);
  const batchNorm = options.batchNorm ?? INCEPTION_DEFAULTS.batchNorm;
  const inits = kernelInits(options);
  const input = tf.input({ shape: [...inputShape] });
  let x: Sym = convModule(input, 96, 3, 1, batchNorm, inits);
  x = inceptionModule(x, 32, 32, batchNorm, inits);
  x = inceptionModule(x, 32, 48, batchNorm, inits);
  x = downsampleModule(x, 80, batchNorm, inits);
  x = inceptionModule(x, 112, 48, batchNorm, inits);
  x = inceptionModule(x, 96, 64, batchNorm, inits);
  x = inceptionModule(x, 80, 80, batchNorm, inits);
  x = inceptionModule(x, 48, 96, batchNorm, inits);
  x = downsampleModule(x, 96, batchNorm, inits);
  x = inceptionModule(x, 176, 160, batchNorm, inits);
  x = inceptionModule(x, 176, 160, batchNorm, inits);
  x = tf.layers.globalAveragePooling2d({}).apply(x) as Sym;
  const logits = tf.layers.dense({ units: classes, kernelInitializer: inits.next() }).apply(x) as Sym;
  return tf.model({ inputs: input, outputs: logits });
}

function convModule(
  x: Sym,
  filters: number,
  kernelSize: number,
  strides: number,
  batchNorm: boolean,
  inits: KernelInits,
): Sym {
  const conv = tf.layers.conv2d({
    filters,
    kernelSize,
    strides,
    padding: 'same',
    useBias: true,
    activation: batchNorm ? 'linear' : 'relu',
    kernelInitializer: inits.next(),
  });
  let y = conv.apply(x) as Sym;
  if (batchNorm) {
    y = tf.layers.batchNormalization({}).apply(y) as Sym;
    y = tf.layers.activation({ activation: 'relu' }).apply(y) as Sym;
  }
  return y;
}

function inceptionModule(x: Sym, c1: number, c3: number, batchNorm: boolean, inits: KernelInits): Sym {
  const a = convModule(x, c1, 1, 1, batchNorm, inits);
  const b = convModule(x, c3, 3, 1, batchNorm, inits);
  return tf.layers.concatenate({}).apply([a, b]) as Sym;
}

function downsampleModule(x: Sym, c3: number, batchNorm: boolean, inits: KernelInits): Sym {
  const a = convModule(x, c3, 3, 2, batchNorm, inits);
  const b = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(x) as Sym;
  return tf.layers.concatenate({}).apply([a, b]) as Sym;
}
