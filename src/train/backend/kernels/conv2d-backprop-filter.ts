import * as tf from '@tensorflow/tfjs';
import { Conv2DBackpropFilter } from '@tensorflow/tfjs';
import type { Conv2DBackpropFilterAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { BackendError } from '../errors.ts';
import { asKernelFunc, assertFloat32, heapF32, markOurs, offsetF32, rawConv2d, release, transposeTemp } from './_wasm.ts';
import type { KernelArgs } from './_wasm.ts';

function conv2dBackpropFilter({
  inputs,
  backend,
  attrs,
}: KernelArgs<{ x: TensorInfo; dy: TensorInfo }, Conv2DBackpropFilterAttrs>): TensorInfo {
  const { x, dy } = inputs;
  assertFloat32(Conv2DBackpropFilter, { x, dy });
  if (attrs.dataFormat !== 'NHWC') {
    throw new BackendError(`${Conv2DBackpropFilter}: only NHWC is supported on wasm, got ${attrs.dataFormat}`, {
      kernel: Conv2DBackpropFilter,
      dataFormat: attrs.dataFormat,
    });
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const { inHeight: h, inWidth: w, inChannels: cin, outHeight: ho, outWidth: wo, outChannels: cout } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top: pt, left: pl } = info.padInfo;

  // dW[i, j, c, o] = Σ_{n, oh, ow} x[n, oh·sh + i − pt, ow·sw + j − pl, c] · dy[n, oh, ow, o]: a forward
  // convolution of xᵀ = [cin, h, w, n] (batch and channels swapped) with dy as the filter [ho, wo, n, cout],
  // dilated by the stride. XNNPACK runs it without an im2col copy; its output [cin, kh, kw, cout] is then
  // reordered. Where the strides leave rows or columns past the last window (negative bottom/right padding),
  // the convolution is computed a little larger and cropped.
  const padBottom = kh + (ho - 1) * sh - h - pt;
  const padRight = kw + (wo - 1) * sw - w - pl;
  const convHeight = h + pt + Math.max(padBottom, 0) - (ho - 1) * sh;
  const convWidth = w + pl + Math.max(padRight, 0) - (wo - 1) * sw;

  const xT = transposeTemp(backend, x, [3, 1, 2, 0]);
  const dyFilter = transposeTemp(backend, dy, [1, 2, 0, 3]);
  const conv = backend.makeOutput([cin, convHeight, convWidth, cout], 'float32');
  const dw = backend.makeOutput([kh, kw, cin, cout], 'float32');
  try {
    rawConv2d(
      backend,
      xT,
      dyFilter,
      conv,
      { pads: [pt, Math.max(padRight, 0), Math.max(padBottom, 0), pl], dilations: [sh, sw], strides: [1, 1] },
      Conv2DBackpropFilter,
    );
    const heap = heapF32(backend);
    const src = offsetF32(backend, conv, Conv2DBackpropFilter);
    const dst = offsetF32(backend, dw, Conv2DBackpropFilter);
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        for (let c = 0; c < cin; c++) {
          const from = src + ((c * convHeight + i) * convWidth + j) * cout;
          heap.copyWithin(dst + ((i * kw + j) * cin + c) * cout, from, from + cout);
        }
      }
    }
  } catch (error) {
    release(backend, dw);
    throw error;
  } finally {
    release(backend, xT, dyFilter, conv);
  }
  return dw;
}

/**
 * `Conv2DBackpropFilter` (the filter gradient of a 2-D convolution) for the wasm backend, which has none:
 * computed as one XNNPACK forward convolution of the transposed input with the output gradient as filter
 * (dilated by the stride), then reordered to `[kh, kw, inChannels, outChannels]`. NHWC only.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { selectBackend } from 'rethink/train';
 * await selectBackend({ backend: 'wasm' });
 * const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
 * const dy = tf.ones([1, 2, 2, 1]) as tf.Tensor4D;
 * tf.conv2dBackpropFilter? // via gradients: tf.grad((f) => tf.conv2d(x, f, 1, 'valid').sum())(tf.ones([3, 3, 1, 1]))
 * ```
 */
export const conv2dBackpropFilterConfig: KernelConfig = markOurs({
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: asKernelFunc(conv2dBackpropFilter),
});
