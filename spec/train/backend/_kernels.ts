/**
 * Helpers shared by the wasm training-kernel specs: start the wasm backend (with the project's kernels) next to
 * the stock cpu backend, run one kernel on both, and compare.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { expectArraysClose, FLOAT32_EPSILON, valuesOn } from '../../arbitraries/index.ts';
import { selectBackend, wasmHeapStats } from 'rethink/train';
import type { BackendInfo } from 'rethink/core';

/** Starts the wasm backend with the training kernels (one thread: the kernels' results do not depend on it). */
export async function startWasm(threads = 1): Promise<BackendInfo> {
  const info = await selectBackend({ backend: 'wasm', threads, env: {} });
  expect(info.name).toBe('wasm');
  return info;
}

/** Runs kernel `name` through the engine (so tfjs validates and tracks it) and returns the output tensor. */
export function runKernel(name: string, inputs: NamedTensorMap, attrs: NamedAttrMap = {}): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs) as tf.Tensor;
}

/**
 * Computes `compute(false)` on the stock cpu backend and on wasm (each building its own input tensors) and
 * asserts every element agrees within float32 tolerance relative to the scale of the terms summed:
 *
 *   |wasm − cpu| ≤ 1e-5 · max(1, |cpu|, S),   S = `compute(true)` on cpu,
 *
 * where `compute(true)` is the same computation on the absolute values of its inputs (Σ|terms| for a sum of
 * products). Rounding errors of float32 sums are proportional to that scale, not to the result, so a result
 * that cancels to near zero is still held to 1e-5 of the magnitudes that produced it. Without `compute(true)`
 * differing from `compute(false)` this is the plain relative check.
 */
export async function expectWasmMatchesCpu(
  compute: (abs: boolean) => tf.Tensor,
  epsilon = FLOAT32_EPSILON,
): Promise<void> {
  const expected = await valuesOn('cpu', () => compute(false));
  const actual = await valuesOn('wasm', () => compute(false));
  const scale = await valuesOn('cpu', () => compute(true));
  const d = expected.map((e, i) => Math.max(1, Math.abs(e), Math.abs(scale[i] ?? 0)));
  expectArraysClose(
    actual.map((a, i) => a / (d[i] as number)),
    expected.map((e, i) => e / (d[i] as number)),
    epsilon,
  );
}

/** `values`, or their absolute values when `abs` (for the scale of {@link expectWasmMatchesCpu}). */
export function maybeAbs(values: Float32Array, abs: boolean): Float32Array {
  return abs ? values.map(Math.abs) : values;
}

/** The live tensor count (engine) and the wasm backend's tensor count and heap size. */
export async function memoryMark(): Promise<{ tensors: number; dataIds: number; heapBytes: number }> {
  await tf.setBackend('wasm');
  const heap = wasmHeapStats();
  if (heap === null) throw new Error('memoryMark: the wasm backend is not active');
  return { tensors: tf.memory().numTensors, dataIds: heap.dataIds, heapBytes: heap.heapBytes };
}
