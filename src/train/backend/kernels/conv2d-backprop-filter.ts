import * as tf from '@tensorflow/tfjs';
import { BatchMatMul, Conv2DBackpropFilter } from '@tensorflow/tfjs';
import type { Conv2DBackpropFilterAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { BackendError } from '../errors.ts';
import {
  asKernelFunc,
  assertFloat32,
  heapF32,
  markOurs,
  offsetF32,
  rawConv2d,
  release,
  runWasmKernel,
  transposeTemp,
  view,
} from './_wasm.ts';
import type { KernelArgs, WasmBackend } from './_wasm.ts';

type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/**
 * The transposed patch matrix of x: [1, kh·kw·cin, n·ho·wo], row (i, j, c) holding
 * x[b, oh·sh + i − pt, ow·sw + j − pl, c] for every output position (zero in the padding).
 */
function patchesTransposed(backend: WasmBackend, x: TensorInfo, info: ConvInfo): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outHeight: ho, outWidth: wo } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top: pt, left: pl } = info.padInfo;
  const positions = n * ho * wo;
  const out = backend.makeOutput([1, kh * kw * cin, positions], 'float32');
  const heap = heapF32(backend);
  const src = offsetF32(backend, x, Conv2DBackpropFilter);
  let dst = offsetF32(backend, out, Conv2DBackpropFilter);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      // Output columns whose input column ow·sw + j − pl lies inside the image.
      const owMin = Math.min(wo, Math.max(0, Math.ceil((pl - j) / sw)));
      const owMax = Math.max(owMin, Math.min(wo, Math.floor((w - 1 + pl - j) / sw) + 1));
      for (let c = 0; c < cin; c++) {
        for (let b = 0; b < n; b++) {
          for (let oh = 0; oh < ho; oh++, dst += wo) {
            const r = oh * sh + i - pt;
            if (r < 0 || r >= h) {
              heap.fill(0, dst, dst + wo);
              continue;
            }
            heap.fill(0, dst, dst + owMin);
            heap.fill(0, dst + owMax, dst + wo);
            let from = src + ((b * h + r) * w + owMin * sw + j - pl) * cin + c;
            const step = sw * cin;
            for (let ow = owMin; ow < owMax; ow++, from += step) heap[dst + ow] = heap[from] as number;
          }
        }
      }
    }
  }
  return out;
}

/** dW as one XNNPACK matrix product: patchesᵀ [kh·kw·cin, positions] × dy [positions, cout]. */
function viaPatches(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, info: ConvInfo): TensorInfo {
  const { filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout } = info;
  const patches = patchesTransposed(backend, x, info);
  try {
    const positions = patches.shape[2] as number;
    const product = runWasmKernel(
      BatchMatMul,
      backend,
      { a: patches, b: view(dy, [1, positions, cout]) },
      { transposeA: false, transposeB: false },
    );
    return { dataId: product.dataId, shape: [kh, kw, cin, cout], dtype: 'float32' };
  } finally {
    release(backend, patches);
  }
}

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
  // Few filter rows (a first layer: 1–3 input channels): building the patch matrix in JavaScript costs less
  // than the two transposes and the large filter the convolution route needs.
  const patchElements = info.filterHeight * info.filterWidth * cin * info.batchSize * ho * wo;
  if (patchElements <= 2 * (tf.util.sizeFromShape(x.shape) + tf.util.sizeFromShape(dy.shape))) {
    return viaPatches(backend, x, dy, info);
  }
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
 * `Conv2DBackpropFilter` (the filter gradient of a 2-D convolution) for the wasm backend, which has none. Two
 * routes, both ending in XNNPACK: for filters with few rows (kh·kw·inChannels small, as in a first layer) the
 * transposed patch matrix is built in JavaScript and multiplied by dy in one matrix product; otherwise one
 * forward convolution of the transposed input with dy as the filter (dilated by the stride) gives the result
 * without any patch matrix, reordered to `[kh, kw, inChannels, outChannels]`. NHWC only.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { selectBackend } from 'rethink/train';
 * await selectBackend({ backend: 'wasm' });
 * const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
 * const dw = tf.grad((f: tf.Tensor) => tf.conv2d(x, f as tf.Tensor4D, 1, 'valid').sum())(tf.ones([3, 3, 1, 1]));
 * dw.print(); // 3×3 of 4s: each filter tap sees 4 input pixels
 * ```
 */
export const conv2dBackpropFilterConfig: KernelConfig = markOurs({
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: asKernelFunc(conv2dBackpropFilter),
});
