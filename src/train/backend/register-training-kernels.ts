import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { batchMatMulConfig } from './kernels/batch-mat-mul.ts';
import { castConfig } from './kernels/cast.ts';
import { conv2dConfig } from './kernels/conv2d.ts';
import { conv2dBackpropFilterConfig } from './kernels/conv2d-backprop-filter.ts';
import { conv2dBackpropInputConfig } from './kernels/conv2d-backprop-input.ts';
import { fusedConv2dConfig } from './kernels/fused-conv2d.ts';
import { fusedMatMulConfig } from './kernels/fused-mat-mul.ts';
import { identityConfig } from './kernels/identity.ts';
import { maxPoolGradConfig } from './kernels/max-pool-grad.ts';
import { sumConfig } from './kernels/sum.ts';
import { rememberStock } from './kernels/_wasm.ts';

/** This project's training kernels for the wasm backend, in registration order. */
export const TRAINING_KERNEL_CONFIGS: readonly KernelConfig[] = [
  batchMatMulConfig,
  fusedMatMulConfig,
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  maxPoolGradConfig,
  sumConfig,
  identityConfig,
  castConfig,
  conv2dConfig,
  fusedConv2dConfig,
];

/**
 * Registers this project's training kernels for the 'wasm' backend (idempotent), keeping the stock kernels
 * they replace so they can delegate to them. Returns the kernel names. Register before the backend starts
 * (`selectBackend` does), so that a backend created later runs the stock kernels' setup through ours.
 *
 * @example
 * ```ts
 * import { registerTrainingKernels } from 'rethink/train';
 * console.log(registerTrainingKernels()); // ['BatchMatMul', '_FusedMatMul', 'Conv2DBackpropFilter', …]
 * ```
 */
export function registerTrainingKernels(): string[] {
  for (const config of TRAINING_KERNEL_CONFIGS) {
    const registered = tf.getKernel(config.kernelName, 'wasm') as KernelConfig | undefined;
    if (registered === config) continue;
    if (registered !== undefined) {
      rememberStock(config.kernelName);
      tf.unregisterKernel(config.kernelName, 'wasm');
    }
    tf.registerKernel(config);
  }
  return TRAINING_KERNEL_CONFIGS.map((config) => config.kernelName);
}
