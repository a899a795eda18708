import * as tf from '@tensorflow/tfjs';
import { MaxPoolGrad } from '@tensorflow/tfjs';
import type { KernelConfig, MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs';
import { asKernelFunc, assertFloat32, heapF32, markOurs, offsetF32, stockConfig } from './_wasm.ts';
import type { KernelArgs } from './_wasm.ts';

/**
 * The common 2×2, stride-2 pooling without padding (windows do not overlap, so each input element receives
 * the gradient of at most one window): the same first-maximum rule, unrolled.
 */
function pool2x2(
  heap: Float32Array,
  xOff: number,
  dyOff: number,
  dxOff: number,
  n: number,
  h: number,
  w: number,
  c: number,
  ho: number,
  wo: number,
): void {
  heap.fill(0, dxOff, dxOff + n * h * w * c);
  const rowStride = w * c;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        const p00 = ((b * h + 2 * oy) * w + 2 * ox) * c;
        const p01 = p00 + c;
        const p10 = p00 + rowStride;
        const p11 = p10 + c;
        const g = dyOff + ((b * ho + oy) * wo + ox) * c;
        for (let d = 0; d < c; d++) {
          let best = -Infinity;
          let at = -1;
          let v = heap[xOff + p00 + d] as number;
          if (v > best) {
            best = v;
            at = p00 + d;
          }
          v = heap[xOff + p01 + d] as number;
          if (v > best) {
            best = v;
            at = p01 + d;
          }
          v = heap[xOff + p10 + d] as number;
          if (v > best) {
            best = v;
            at = p10 + d;
          }
          v = heap[xOff + p11 + d] as number;
          if (v > best) at = p11 + d;
          if (at >= 0) heap[dxOff + at] = heap[g + d] as number;
        }
      }
    }
  }
}

function maxPoolGrad({
  inputs,
  backend,
  attrs,
}: KernelArgs<{ dy: TensorInfo; input: TensorInfo; output: TensorInfo }, MaxPoolGradAttrs>): TensorInfo {
  const { dy, input } = inputs;
  assertFloat32(MaxPoolGrad, { dy, input });
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: ho, outWidth: wo } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const { top: pt, left: pl } = info.padInfo;

  const dx = backend.makeOutput([...input.shape], 'float32');
  const heap = heapF32(backend);
  const xOff = offsetF32(backend, input, MaxPoolGrad);
  const dyOff = offsetF32(backend, dy, MaxPoolGrad);
  const dxOff = offsetF32(backend, dx, MaxPoolGrad);
  heap.fill(0, dxOff, dxOff + n * h * w * c);

  if (kh === 2 && kw === 2 && sh === 2 && sw === 2 && pt === 0 && pl === 0 && 2 * ho <= h && 2 * wo <= w) {
    pool2x2(heap, xOff, dyOff, dxOff, n, h, w, c, ho, wo);
    return dx;
  }

  // Each window's gradient goes to its first strict maximum in row-major order (the stock 'cpu' rule), found
  // for all channels at once; the running maximum starts at −∞, so a window whose maximum is negative routes
  // its gradient to that maximum (the stock wasm kernel starts at 0 and misroutes it).
  const best = new Float32Array(c);
  const where = new Int32Array(c);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < ho; oy++) {
      const top = oy * sh - pt;
      const rowMin = Math.max(0, top);
      const rowMax = Math.min(h, top + kh);
      for (let ox = 0; ox < wo; ox++) {
        const left = ox * sw - pl;
        const colMin = Math.max(0, left);
        const colMax = Math.min(w, left + kw);
        best.fill(-Infinity);
        where.fill(-1);
        for (let r = rowMin; r < rowMax; r++) {
          for (let q = colMin; q < colMax; q++) {
            const base = ((b * h + r) * w + q) * c;
            for (let d = 0; d < c; d++) {
              const v = heap[xOff + base + d] as number;
              if (v > (best[d] as number)) {
                best[d] = v;
                where[d] = base + d;
              }
            }
          }
        }
        const g = dyOff + ((b * ho + oy) * wo + ox) * c;
        for (let d = 0; d < c; d++) {
          const at = where[d] as number;
          if (at >= 0) heap[dxOff + at] = (heap[dxOff + at] as number) + (heap[g + d] as number);
        }
      }
    }
  }
  return dx;
}

/**
 * `MaxPoolGrad` for the wasm backend, replacing the stock kernel, which drops the gradient of every window
 * whose maximum is negative. Each window's gradient goes to its first maximum, as on the 'cpu' backend.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { selectBackend } from 'rethink/train';
 * await selectBackend({ backend: 'wasm' });
 * const x = tf.tensor4d([-4, -3, -2, -1], [1, 2, 2, 1]);
 * tf.grad((t: tf.Tensor4D) => tf.maxPool(t, 2, 2, 'valid').sum())(x).print(); // [0, 0, 0, 1]
 * ```
 */
export const maxPoolGradConfig: KernelConfig = markOurs({
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  // The stock kernel is kept set up only so the specs can show the bug this one fixes.
  setupFunc: (backend) => stockConfig(MaxPoolGrad)?.setupFunc?.(backend),
  kernelFunc: asKernelFunc(maxPoolGrad),
});
