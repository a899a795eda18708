import * as tf from '@tensorflow/tfjs';
import { _FusedMatMul } from '@tensorflow/tfjs';
import { BackendError } from '../errors.ts';
import { batchMatMulConfig } from './batch-mat-mul.ts';
import type { _FusedMatMulAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { asKernelFunc, assertFloat32, markOurs, release, runWasmKernel, stockConfig, transposeInner } from './_wasm.ts';
import type { KernelArgs } from './_wasm.ts';

interface FusedInputs {
  a: TensorInfo;
  b: TensorInfo;
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
}

/** The activation kernels a fused product may carry, applied separately after a batched product. */
function activate(
  backend: KernelArgs<unknown, unknown>['backend'],
  y: TensorInfo,
  attrs: _FusedMatMulAttrs,
  prelu?: TensorInfo,
): TensorInfo {
  switch (attrs.activation) {
    case 'linear':
      return y;
    case 'relu':
      return runWasmKernel('Relu', backend, { x: y });
    case 'relu6':
      return runWasmKernel('Relu6', backend, { x: y });
    case 'elu':
      return runWasmKernel('Elu', backend, { x: y });
    case 'sigmoid':
      return runWasmKernel('Sigmoid', backend, { x: y });
    case 'leakyrelu':
      return runWasmKernel('LeakyRelu', backend, { x: y }, { alpha: attrs.leakyreluAlpha ?? 0.2 });
    case 'prelu':
      return runWasmKernel('Prelu', backend, { x: y, alpha: prelu as TensorInfo });
    default:
      throw new BackendError(`${_FusedMatMul}: unsupported activation ${String(attrs.activation)}`, {
        kernel: _FusedMatMul,
        activation: attrs.activation,
      });
  }
}

function fusedMatMul({ inputs, backend, attrs }: KernelArgs<FusedInputs, _FusedMatMulAttrs>): TensorInfo {
  const { a, b, bias, preluActivationWeights } = inputs;
  assertFloat32(_FusedMatMul, { a, b });
  const batch = Math.max(tf.util.sizeFromShape(a.shape.slice(0, -2)), tf.util.sizeFromShape(b.shape.slice(0, -2)));
  if (batch > 1) {
    // The stock kernel adds the bias wrongly on its batched path (every row after the first gets the last
    // bias entry): product, bias and activation run as separate kernels instead.
    const product = batchMatMulConfig.kernelFunc({
      inputs: { a, b },
      backend: backend as unknown as object,
      attrs: { transposeA: attrs.transposeA, transposeB: attrs.transposeB },
    }) as TensorInfo;
    const biased = bias === undefined ? product : runWasmKernel('Add', backend, { a: product, b: bias });
    const out = activate(backend, biased, attrs, preluActivationWeights);
    for (const t of [product, biased]) if (t !== out) release(backend, t);
    return out;
  }
  if (!attrs.transposeA && !attrs.transposeB) return runWasmKernel(_FusedMatMul, backend, { ...inputs }, { ...attrs });
  // Transposed operands are transposed first so the product runs through XNNPACK (see batchMatMulConfig).
  const a2 = attrs.transposeA ? transposeInner(backend, a) : a;
  const b2 = attrs.transposeB ? transposeInner(backend, b) : b;
  try {
    return runWasmKernel(
      _FusedMatMul,
      backend,
      { ...inputs, a: a2, b: b2 },
      { ...attrs, transposeA: false, transposeB: false },
    );
  } finally {
    if (a2 !== a) release(backend, a2);
    if (b2 !== b) release(backend, b2);
  }
}

/**
 * `_FusedMatMul` (matrix product + bias + activation, what `tf.layers.dense` runs) for the wasm backend:
 * transposed operands are transposed first so the product runs through XNNPACK, as in {@link batchMatMulConfig};
 * batched products add the bias and activation as separate kernels (the stock batched path mis-broadcasts the
 * bias).
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
