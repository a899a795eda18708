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
export type { BackendChoice, BackendInfo, BackendName, SelectBackendOptions } from './select-backend.ts';
export type { WasmVariant } from './_wasm-loader.ts';
export type { WebGpuAdapter } from './_webgpu-loader.ts';
export { formatBackendInfo } from './format-backend-info.ts';
export { registerTrainingKernels, TRAINING_KERNEL_CONFIGS } from './register-training-kernels.ts';
export { wasmHeapStats } from './wasm-heap-stats.ts';
export type { WasmHeapStats } from './wasm-heap-stats.ts';
export { batchMatMulConfig } from './kernels/batch-mat-mul.ts';
export { fusedMatMulConfig } from './kernels/fused-mat-mul.ts';
export { conv2dBackpropFilterConfig } from './kernels/conv2d-backprop-filter.ts';
export { conv2dBackpropInputConfig } from './kernels/conv2d-backprop-input.ts';
export { maxPoolGradConfig } from './kernels/max-pool-grad.ts';
export { sumConfig } from './kernels/sum.ts';
export { identityConfig } from './kernels/identity.ts';
export { castConfig } from './kernels/cast.ts';
export { conv2dConfig } from './kernels/conv2d.ts';
export { fusedConv2dConfig } from './kernels/fused-conv2d.ts';
