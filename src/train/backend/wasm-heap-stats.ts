import * as tf from '@tensorflow/tfjs';
import type { WasmBackend } from './kernels/_wasm.ts';

/** The wasm backend's memory figures (see {@link wasmHeapStats}). */
export interface WasmHeapStats {
  /** Bytes of wasm linear memory (it only grows: a leak shows as growth over repeated steps). */
  readonly heapBytes: number;
  /** Tensors the backend holds on its heap. */
  readonly dataIds: number;
}

/**
 * The active wasm backend's heap size and tensor count, or `null` when the active backend is not wasm. Used by
 * the specs to check that the training kernels leak nothing, and usable by a trainer to watch memory per epoch.
 *
 * @example
 * ```ts
 * import { selectBackend, wasmHeapStats } from 'rethink/train';
 * await selectBackend({ backend: 'wasm' });
 * console.log(wasmHeapStats()); // { heapBytes: 16777216, dataIds: 0 }
 * ```
 */
export function wasmHeapStats(): WasmHeapStats | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as WasmBackend;
  const memory = backend.wasm.rethinkMemory;
  return {
    heapBytes: memory !== undefined ? memory.buffer.byteLength : backend.wasm.HEAPU8.buffer.byteLength,
    dataIds: backend.numDataIds(),
  };
}
