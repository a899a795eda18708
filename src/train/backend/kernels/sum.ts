import * as tf from '@tensorflow/tfjs';
import { Sum } from '@tensorflow/tfjs';
import type { KernelConfig, SumAttrs, TensorInfo } from '@tensorflow/tfjs';
import { asKernelFunc, heapF32, markOurs, offsetF32, runWasmKernel, stockConfig } from './_wasm.ts';
import type { KernelArgs } from './_wasm.ts';

function sum({ inputs, backend, attrs }: KernelArgs<{ x: TensorInfo }, SumAttrs>): TensorInfo {
  const { x } = inputs;
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.length < rank && axes.every((axis, i) => axis === i);
  if (x.dtype !== 'float32' || !leading) return runWasmKernel(Sum, backend, { x }, { ...attrs });
  // Reduction over the leading axes (a bias gradient: [n, h, w, c] → [c]): column sums of a rows × inner
  // matrix, accumulated in float64 row by row. The stock kernel transposes the whole tensor first.
  const inner = tf.util.sizeFromShape(x.shape.slice(axes.length));
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const keptShape = x.shape.slice(axes.length);
  const outShape = attrs.keepDims ? [...axes.map(() => 1), ...keptShape] : keptShape;
  const out = backend.makeOutput(outShape, 'float32');
  const heap = heapF32(backend);
  const src = offsetF32(backend, x, Sum);
  const dst = offsetF32(backend, out, Sum);
  const acc = new Float64Array(inner);
  // Four rows per pass: a quarter of the accumulator loads and stores (about 2× faster on a bias gradient). The
  // pairwise sums of float32 values are exact or nearly so in float64.
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const b0 = src + r * inner;
    const b1 = b0 + inner;
    const b2 = b1 + inner;
    const b3 = b2 + inner;
    for (let j = 0; j < inner; j++) {
      acc[j] =
        (acc[j] as number) +
        ((heap[b0 + j] as number) + (heap[b1 + j] as number) + ((heap[b2 + j] as number) + (heap[b3 + j] as number)));
    }
  }
  for (; r < rows; r++) {
    const base = src + r * inner;
    for (let j = 0; j < inner; j++) acc[j] = (acc[j] as number) + (heap[base + j] as number);
  }
  heap.set(acc, dst);
  return out;
}

/**
 * `Sum` for the wasm backend: sums over leading axes (every bias gradient) are column sums in one pass,
 * accumulated in float64; the stock kernel transposes the whole tensor first. Other sums use the stock kernel.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { selectBackend } from 'rethink/train';
 * await selectBackend({ backend: 'wasm' });
 * tf.sum(tf.ones([4, 3, 2]), [0, 1]).print(); // [12, 12]
 * ```
 */
export const sumConfig: KernelConfig = markOurs({
  kernelName: Sum,
  backendName: 'wasm',
  setupFunc: (backend) => stockConfig(Sum)?.setupFunc?.(backend),
  kernelFunc: asKernelFunc(sum),
});
