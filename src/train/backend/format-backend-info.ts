import { adapterName } from './_webgpu-loader.ts';
import type { BackendInfo } from 'rethink/core';

/** Options of {@link formatBackendInfo}. */
export interface FormatBackendInfoOptions {
  /** List the backends passed over, with their reasons (default true). */
  readonly fallbacks?: boolean;
}

/**
 * One line describing the active backend, for printing at the start of a run: the backend, its package and
 * version, the wasm binary or the WebGPU adapter (marked `software` when it is one), the thread count, and
 * every backend passed over with its reason (unless `fallbacks: false`).
 *
 * @example
 * ```ts
 * import { formatBackendInfo, selectBackend } from 'rethink/train';
 * console.log(formatBackendInfo(await selectBackend({ backend: 'cpu' })));
 * // backend cpu (@tensorflow/tfjs-backend-cpu 4.22.0, 1 thread)
 * // on WebGPU: backend webgpu (@tensorflow/tfjs-backend-webgpu 4.22.0, adapter "NVIDIA H100 80GB HBM3", 1 thread)
 * ```
 */
export function formatBackendInfo(info: BackendInfo, options: FormatBackendInfoOptions = {}): string {
  const short = info.package.slice(info.package.lastIndexOf('/') + 1);
  const version = info.versions[short] ?? info.versions.tfjs ?? 'unknown';
  const parts = [`${info.package} ${version}`];
  if (info.wasmVariant !== null) parts.push(info.wasmVariant);
  if (info.adapter !== null)
    parts.push(`adapter ${JSON.stringify(adapterName(info.adapter))}${info.adapter.software ? ' (software)' : ''}`);
  parts.push(`${info.threads} thread${info.threads === 1 ? '' : 's'}`);
  const kernels = info.trainingKernels.length;
  if (kernels > 0) parts.push(`${kernels} training kernel${kernels === 1 ? '' : 's'}`);
  const head = `backend ${info.name} (${parts.join(', ')})`;
  const fallbacks = options.fallbacks ?? true;
  return info.fallbacks.length === 0 || !fallbacks ? head : `${head}; passed over: ${info.fallbacks.join('; ')}`;
}
