import { Identity } from '@tensorflow/tfjs';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { asKernelFunc, markOurs, runWasmKernel } from './_wasm.ts';
import type { KernelArgs } from './_wasm.ts';

/** @internal Shares `x`'s data (one more reference) instead of copying it: tensors are immutable. */
export function shareData({ inputs: { x }, backend }: KernelArgs<{ x: TensorInfo }, unknown>): TensorInfo {
  if (x.dtype === 'string') return runWasmKernel(Identity, backend, { x });
  (backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/**
 * `Identity` for the wasm backend without a copy: the output shares the input's heap data (reference-counted,
 * as on the 'cpu' backend). The stock kernel copied every tensor that tfjs-layers and the gradient code pass
 * through `identity` (several full activation tensors per training step).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { selectBackend } from 'rethink/train';
 * await selectBackend({ backend: 'wasm' });
 * tf.clone(tf.ones([2, 2])).print(); // same values, no copy
 * ```
 */
export const identityConfig: KernelConfig = markOurs({
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: asKernelFunc(shareData),
});
