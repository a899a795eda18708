import { Cast } from '@tensorflow/tfjs';
import type { CastAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { asKernelFunc, heapBuffer, markOurs, record, runWasmKernel } from './_wasm.ts';
import type { KernelArgs } from './_wasm.ts';
import { shareData } from './identity.ts';

function cast(args: KernelArgs<{ x: TensorInfo }, CastAttrs>): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  if (attrs.dtype === x.dtype) return shareData(args);
  if (attrs.dtype === 'bool' && x.dtype !== 'string') {
    // The stock kernel copies the numbers into the bool buffer (2 → 2, −5 → 251); a bool is x ≠ 0.
    const out = backend.makeOutput([...x.shape], 'bool');
    const size = x.shape.reduce((a, b) => a * b, 1);
    const buffer = heapBuffer(backend);
    const from = record(backend, x, Cast).memoryOffset;
    const target = new Uint8Array(buffer, record(backend, out, Cast).memoryOffset, size);
    const source =
      x.dtype === 'float32'
        ? new Float32Array(buffer, from, size)
        : x.dtype === 'int32'
          ? new Int32Array(buffer, from, size)
          : new Uint8Array(buffer, from, size);
    for (let i = 0; i < size; i++) target[i] = source[i] !== 0 ? 1 : 0;
    return out;
  }
  return runWasmKernel(Cast, backend, { ...inputs }, { ...attrs });
}

/**
 * `Cast` for the wasm backend: a cast to the tensor's own dtype shares its data instead of copying it (the
 * ReLU gradient casts its float32 mask to float32 on every step); a cast to bool is `x ≠ 0` (the stock kernel
 * wraps numbers into the byte instead: −5 became 251); other casts use the stock kernel.
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
