import { BatchMatMul } from '@tensorflow/tfjs';
import type { BatchMatMulAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { asKernelFunc, assertFloat32, markOurs, release, runWasmKernel, stockConfig, transposeInner } from './_wasm.ts';
import type { KernelArgs } from './_wasm.ts';

function batchMatMul({
  inputs,
  backend,
  attrs,
}: KernelArgs<{ a: TensorInfo; b: TensorInfo }, BatchMatMulAttrs>): TensorInfo {
  const { a, b } = inputs;
  assertFloat32(BatchMatMul, { a, b });
  if (!attrs.transposeA && !attrs.transposeB) return runWasmKernel(BatchMatMul, backend, { a, b }, { ...attrs });
  // The stock kernel reaches XNNPACK only with untransposed operands; otherwise it falls back to a scalar loop.
  const a2 = attrs.transposeA ? transposeInner(backend, a) : a;
  const b2 = attrs.transposeB ? transposeInner(backend, b) : b;
  try {
    return runWasmKernel(BatchMatMul, backend, { a: a2, b: b2 }, { transposeA: false, transposeB: false });
  } finally {
    if (a2 !== a) release(backend, a2);
    if (b2 !== b) release(backend, b2);
  }
}

/**
 * `BatchMatMul` for the wasm backend: transposed operands are transposed first (one XNNPACK-speed pass) so the
 * product always runs through XNNPACK's GEMM; the stock kernel computes transposed products in a scalar loop,
 * which made the dense layers' gradients ~20× slower.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { selectBackend } from 'rethink/train';
 * await selectBackend({ backend: 'wasm' }); // registers batchMatMulConfig among the training kernels
 * tf.matMul(tf.ones([3, 2]), tf.ones([3, 4]), true, false).print(); // 2×4 of 3s
 * ```
 */
export const batchMatMulConfig: KernelConfig = markOurs({
  kernelName: BatchMatMul,
  backendName: 'wasm',
  setupFunc: (backend) => stockConfig(BatchMatMul)?.setupFunc?.(backend),
  kernelFunc: asKernelFunc(batchMatMul),
});
