import * as tf from '@tensorflow/tfjs';
import { Conv2DBackpropInput } from '@tensorflow/tfjs';
import type { Conv2DBackpropInputAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
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
  stockConfig,
} from './_wasm.ts';
import type { KernelArgs, WasmBackend } from './_wasm.ts';

/** dy spread out by the stride (zeros between the rows and columns): [n, (ho − 1)·sh + 1, (wo − 1)·sw + 1, c]. */
function spreadByStride(backend: WasmBackend, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  const [n, ho, wo, c] = dy.shape as [number, number, number, number];
  const hd = (ho - 1) * sh + 1;
  const wd = (wo - 1) * sw + 1;
  const out = backend.makeOutput([n, hd, wd, c], 'float32');
  const heap = heapF32(backend);
  const src = offsetF32(backend, dy, Conv2DBackpropInput);
  const dst = offsetF32(backend, out, Conv2DBackpropInput);
  heap.fill(0, dst, dst + n * hd * wd * c);
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < ho; r++) {
      for (let q = 0; q < wo; q++) {
        const from = src + ((b * ho + r) * wo + q) * c;
        heap.copyWithin(dst + ((b * hd + r * sh) * wd + q * sw) * c, from, from + c);
      }
    }
  }
  return out;
}

/** The filter rotated by 180° with its channel axes swapped: [kh, kw, cin, cout] → [kh, kw, cout, cin]. */
function flipFilter(backend: WasmBackend, filter: TensorInfo): TensorInfo {
  const [kh, kw, cin, cout] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([kh, kw, cout, cin], 'float32');
  const heap = heapF32(backend);
  const src = offsetF32(backend, filter, Conv2DBackpropInput);
  const dst = offsetF32(backend, out, Conv2DBackpropInput);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const from = src + ((kh - 1 - i) * kw + (kw - 1 - j)) * cin * cout;
      const to = dst + (i * kw + j) * cout * cin;
      for (let c = 0; c < cin; c++) {
        for (let o = 0; o < cout; o++) heap[to + o * cin + c] = heap[from + c * cout + o] as number;
      }
    }
  }
  return out;
}

function conv2dBackpropInput({
  inputs,
  backend,
  attrs,
}: KernelArgs<{ dy: TensorInfo; filter: TensorInfo }, Conv2DBackpropInputAttrs>): TensorInfo {
  const { dy, filter } = inputs;
  assertFloat32(Conv2DBackpropInput, { dy, filter });
  if (attrs.dataFormat !== 'NHWC') {
    throw new BackendError(`${Conv2DBackpropInput}: only NHWC is supported on wasm, got ${attrs.dataFormat}`, {
      kernel: Conv2DBackpropInput,
      dataFormat: attrs.dataFormat,
    });
  }
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const { inHeight: h, inWidth: w, outHeight: ho, outWidth: wo } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  // dx is the 'full' correlation of dy (spread out by the stride) with the rotated filter.
  const hd = (ho - 1) * sh + 1;
  const wd = (wo - 1) * sw + 1;
  const padTop = kh - 1 - info.padInfo.top;
  const padLeft = kw - 1 - info.padInfo.left;
  const padBottom = h + kh - 1 - hd - padTop;
  const padRight = w + kw - 1 - wd - padLeft;
  if (Math.min(padTop, padLeft, padBottom, padRight) < 0) {
    // Explicit padding wider than the filter: outside what one convolution expresses; the stock kernel is exact.
    return runWasmKernel(Conv2DBackpropInput, backend, { dy, filter }, { ...attrs });
  }
  const spread = sh === 1 && sw === 1 ? dy : spreadByStride(backend, dy, sh, sw);
  const flipped = flipFilter(backend, filter);
  const dx = backend.makeOutput([...attrs.inputShape], 'float32');
  try {
    rawConv2d(
      backend,
      spread,
      flipped,
      dx,
      { pads: [padTop, padRight, padBottom, padLeft], dilations: [1, 1], strides: [1, 1] },
      Conv2DBackpropInput,
    );
  } catch (error) {
    release(backend, dx);
    throw error;
  } finally {
    release(backend, flipped);
    if (spread !== dy) release(backend, spread);
  }
  return dx;
}

/**
 * `Conv2DBackpropInput` (the input gradient of a 2-D convolution) for the wasm backend: one XNNPACK forward
 * convolution of dy (spread out by the stride) with the rotated, channel-swapped filter, instead of the stock
 * kernel's scalar loops. NHWC only; explicit paddings wider than the filter use the stock kernel.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { selectBackend } from 'rethink/train';
 * await selectBackend({ backend: 'wasm' });
 * const f = tf.ones([3, 3, 1, 2]) as tf.Tensor4D;
 * const dx = tf.grad((x: tf.Tensor4D) => tf.conv2d(x, f, 1, 'same').sum())(tf.ones([1, 4, 4, 1]) as tf.Tensor4D);
 * dx.print();
 * ```
 */
export const conv2dBackpropInputConfig: KernelConfig = markOurs({
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  setupFunc: (backend) => stockConfig(Conv2DBackpropInput)?.setupFunc?.(backend),
  kernelFunc: asKernelFunc(conv2dBackpropInput),
});
