import * as tf from '@tensorflow/tfjs';
import { FusedConv2D } from '@tensorflow/tfjs';
import type { FusedConv2DAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { asKernelFunc, explicitPadding, markOurs, runWasmKernel, stockConfig } from './_wasm.ts';
import type { KernelArgs } from './_wasm.ts';

interface FusedConvInputs {
  x: TensorInfo;
  filter: TensorInfo;
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
}

function fusedConv2d({ inputs, backend, attrs }: KernelArgs<FusedConvInputs, FusedConv2DAttrs>): TensorInfo {
  const { x, filter } = inputs;
  if (typeof attrs.pad !== 'string' || attrs.pad === 'valid' || attrs.dataFormat !== 'NHWC') {
    return runWasmKernel(FusedConv2D, backend, { ...inputs }, { ...attrs });
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  return runWasmKernel(FusedConv2D, backend, { ...inputs }, { ...attrs, pad: explicitPadding(info) });
}

/**
 * `FusedConv2D` (convolution + bias + activation) for the wasm backend, with 'same' padding passed as
 * explicit padding for the reason given at {@link conv2dConfig}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { selectBackend } from 'rethink/train';
 * await selectBackend({ backend: 'wasm' });
 * const x = tf.ones([1, 4, 6, 1]) as tf.Tensor4D;
 * tf.fused.conv2d({ x, filter: tf.ones([1, 2, 1, 1]) as tf.Tensor4D, strides: [1, 3], pad: 'same', bias: tf.ones([1]), activation: 'relu' }).print();
 * ```
 */
export const fusedConv2dConfig: KernelConfig = markOurs({
  kernelName: FusedConv2D,
  backendName: 'wasm',
  setupFunc: (backend) => stockConfig(FusedConv2D)?.setupFunc?.(backend),
  kernelFunc: asKernelFunc(fusedConv2d),
});
