import { _FusedMatMul } from '@tensorflow/tfjs';
import type { _FusedMatMulAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { asKernelFunc, assertFloat32, markOurs, release, runWasmKernel, stockConfig, transposeInner } from './_wasm.ts';
import type { KernelArgs } from './_wasm.ts';

interface FusedInputs {
  a: TensorInfo;
  b: TensorInfo;
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
}

function fusedMatMul({ inputs, backend, attrs }: KernelArgs<FusedInputs, _FusedMatMulAttrs>): TensorInfo {
  const { a, b } = inputs;
  assertFloat32(_FusedMatMul, { a, b });
  if (!attrs.transposeA && !attrs.transposeB) return runWasmKernel(_FusedMatMul, backend, { ...inputs }, { ...attrs });
  const a2 = attrs.transposeA ? transposeInner(backend, a) : a;
  const b2 = attrs.transposeB ? transposeInner(backend, b) : b;
  try {
    return runWasmKernel(_FusedMatMul, backend, { ...inputs, a: a2, b: b2 }, { ...attrs, transposeA: false, transposeB: false });
  } finally {
    if (a2 !== a) release(backend, a2);
    if (b2 !== b) release(backend, b2);
  }
}

/**
 * `_FusedMatMul` (matrix product + bias + activation, what `tf.layers.dense` runs) for the wasm backend:
 * transposed operands are transposed first so the product runs through XNNPACK, as in {@link batchMatMulConfig}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { selectBackend } from 'rethink/train';
 * await selectBackend({ backend: 'wasm' });
 * tf.fused.matMul({ a: tf.ones([2, 3]), b: tf.ones([4, 3]), transposeB: true, bias: tf.ones([4]), activation: 'relu' }).print();
 * ```
 */
export const fusedMatMulConfig: KernelConfig = markOurs({
  kernelName: _FusedMatMul,
  backendName: 'wasm',
  setupFunc: (backend) => stockConfig(_FusedMatMul)?.setupFunc?.(backend),
  kernelFunc: asKernelFunc(fusedMatMul),
});
