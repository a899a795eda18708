import { Cast } from '@tensorflow/tfjs';
import type { CastAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { asKernelFunc, markOurs, runWasmKernel } from './_wasm.ts';
import type { KernelArgs } from './_wasm.ts';
import { shareData } from './identity.ts';

function cast(args: KernelArgs<{ x: TensorInfo }, CastAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args;
  if (attrs.dtype === inputs.x.dtype) return shareData(args);
  return runWasmKernel(Cast, backend, { ...inputs }, { ...attrs });
}

/**
 * `Cast` for the wasm backend: a cast to the tensor's own dtype shares its data instead of copying it (the
 * ReLU gradient casts its float32 mask to float32 on every step); other casts use the stock kernel.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { selectBackend } from 'rethink/train';
 * await selectBackend({ backend: 'wasm' });
 * tf.cast(tf.tensor([1.5, 2]), 'int32').print(); // [1, 2]
 * ```
 */
export const castConfig: KernelConfig = markOurs({
  kernelName: Cast,
  backendName: 'wasm',
  kernelFunc: asKernelFunc(cast),
});
