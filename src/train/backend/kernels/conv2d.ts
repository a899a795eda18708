import * as tf from '@tensorflow/tfjs';
import { Conv2D } from '@tensorflow/tfjs';
import type { Conv2DAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { asKernelFunc, explicitPadding, markOurs, runWasmKernel, stockConfig } from './_wasm.ts';
import type { KernelArgs } from './_wasm.ts';

function conv2d({
  inputs,
  backend,
  attrs,
}: KernelArgs<{ x: TensorInfo; filter: TensorInfo }, Conv2DAttrs>): TensorInfo {
  const { x, filter } = inputs;
  if (typeof attrs.pad !== 'string' || attrs.pad === 'valid' || attrs.dataFormat !== 'NHWC') {
    return runWasmKernel(Conv2D, backend, { x, filter }, { ...attrs });
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  return runWasmKernel(Conv2D, backend, { x, filter }, { ...attrs, pad: explicitPadding(info) });
}

/**
 * `Conv2D` for the wasm backend: 'same' padding is passed to XNNPACK as the explicit padding tfjs computes.
 * The stock kernel hands XNNPACK its TensorFlow-SAME flag instead, which gives wrong outputs whenever a stride
 * exceeds the filter size along that axis (e.g. a 1×2 filter with stride 3); explicit padding is right in
 * every case. Everything else is the stock XNNPACK convolution.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { selectBackend } from 'rethink/train';
 * await selectBackend({ backend: 'wasm' });
 * tf.conv2d(tf.ones([1, 4, 6, 1]) as tf.Tensor4D, tf.ones([1, 2, 1, 1]) as tf.Tensor4D, [1, 3], 'same').print();
 * ```
 */
export const conv2dConfig: KernelConfig = markOurs({
  kernelName: Conv2D,
  backendName: 'wasm',
  setupFunc: (backend) => stockConfig(Conv2D)?.setupFunc?.(backend),
  kernelFunc: asKernelFunc(conv2d),
});
