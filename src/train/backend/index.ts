/**
 * Backend selection and the wasm training kernels: `selectBackend` starts tfjs-node(-gpu), WebGPU on Dawn,
 * the wasm backend with this project's kernels, or the stock cpu backend, and reports which (see the README's
 * "Backends").
 */
export { BackendError } from './errors.ts';
export {
  selectBackend,
  SELECT_BACKEND_DEFAULTS,
  BACKEND_CHOICES,
  PINNED_TFJS_VERSION,
  MAX_WASM_THREADS,
} from './select-backend.ts';
export type { BackendChoice, SelectBackendOptions } from './select-backend.ts';
export { formatBackendInfo } from './format-backend-info.ts';
export type { FormatBackendInfoOptions } from './format-backend-info.ts';

export { wasmHeapStats } from './wasm-heap-stats.ts';
export type { WasmHeapStats } from './wasm-heap-stats.ts';
