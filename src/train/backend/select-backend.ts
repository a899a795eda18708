import * as tf from '@tensorflow/tfjs';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { availableParallelism } from 'node:os';
import { BackendError } from './errors.ts';
import { firstLine, isMissing } from './_reasons.ts';
import { installWasmBackend } from './_wasm-loader.ts';
import { installWebGpuBackend, WEBGPU_BACKEND_PACKAGE } from './_webgpu-loader.ts';
import { registerTrainingKernels } from './register-training-kernels.ts';
import type { BackendInfo, BackendName } from 'rethink/core';

/** What may be asked for: a backend, or `auto` (the fastest that loads). */
export type BackendChoice = 'auto' | BackendName;

/** The choices, in the order `auto` tries them. */
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'];

/** The exact tfjs version the wasm training kernels are written against (they use the backend's internals). */
export const PINNED_TFJS_VERSION = '4.22.0';

/** The largest wasm thread count (the package pre-creates 8 pthread workers). */
export const MAX_WASM_THREADS = 8;

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** The backend to use; when omitted, `env.RETHINK_BACKEND`, else `auto`. */
  readonly backend?: string;
  /** XNNPACK threads for 'wasm'; when omitted, `env.RETHINK_THREADS`, else the logical cores (at most 8). */
  readonly threads?: number;
  /** Where `RETHINK_BACKEND` and `RETHINK_THREADS` are read (the caller's environment; default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Loads an optional package by name (default: dynamic `import`); a seam for specs. */
  readonly importModule?: (specifier: string) => Promise<unknown>;
  /** How long the multithreaded wasm binary may take to start before falling back to one thread (ms). */
  readonly threadStartTimeoutMs?: number;
}

/** Defaults of {@link SelectBackendOptions}. */
export const SELECT_BACKEND_DEFAULTS = {
  backend: 'auto' as BackendChoice,
  threads: (): number => Math.min(availableParallelism(), MAX_WASM_THREADS),
  importModule: (specifier: string): Promise<unknown> => import(specifier),
  threadStartTimeoutMs: 30_000,
};

const TENSORFLOW_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

function parseChoice(value: string, from: string): BackendChoice {
  const choice = value.trim().toLowerCase();
  if (!(BACKEND_CHOICES as readonly string[]).includes(choice)) {
    throw new BackendError(
      `selectBackend: unknown backend ${JSON.stringify(value)} (${from}); expected one of ${BACKEND_CHOICES.join(', ')}`,
      {
        backend: value,
        from,
      },
    );
  }
  return choice as BackendChoice;
}

function parseThreads(value: number | string, from: string): number {
  const threads = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
    throw new BackendError(
      `selectBackend: threads must be an integer from 1 to ${MAX_WASM_THREADS}, got ${JSON.stringify(value)} (${from})`,
      {
        threads: value,
        from,
      },
    );
  }
  return threads;
}

function baseVersions(): Record<string, string> {
  return { tfjs: tf.version.tfjs, 'tfjs-core': tf.version_core };
}

/** Tries tfjs-node-gpu, then tfjs-node; returns the info or undefined after recording why each was passed over. */
async function tryTensorflow(
  importModule: (specifier: string) => Promise<unknown>,
  fallbacks: string[],
): Promise<Omit<BackendInfo, 'requested' | 'requestedFrom' | 'fallbacks'> | undefined> {
  for (const specifier of TENSORFLOW_PACKAGES) {
    let loaded: unknown;
    try {
      loaded = await importModule(specifier);
    } catch (error) {
      fallbacks.push(
        `tensorflow: ${specifier} ${isMissing(error, specifier) ? 'is not installed' : `failed to load (${firstLine(error)})`}`,
      );
      continue;
    }
    if (tf.findBackendFactory('tensorflow') === null) {
      fallbacks.push(
        `tensorflow: ${specifier} loaded but registered no 'tensorflow' backend with this @tensorflow/tfjs (a second copy of tfjs-core?)`,
      );
      continue;
    }
    if (!(await tf.setBackend('tensorflow'))) {
      fallbacks.push(`tensorflow: ${specifier} loaded but its backend failed to initialize`);
      continue;
    }
    const version = (loaded as { version?: Record<string, string> } | null)?.version?.['tfjs-node'];
    return {
      name: 'tensorflow',
      tfBackend: tf.getBackend(),
      package: specifier,
      threads: availableParallelism(),
      wasmVariant: null,
      adapter: null,
      trainingKernels: [],
      versions: { ...baseVersions(), [specifier.slice('@tensorflow/'.length)]: version ?? 'unknown' },
    };
  }
  return undefined;
}

async function useCpu(): Promise<Omit<BackendInfo, 'requested' | 'requestedFrom' | 'fallbacks'>> {
  if (!(await tf.setBackend('cpu'))) {
    throw new BackendError("selectBackend: tfjs's stock 'cpu' backend failed to initialize", { backend: 'cpu' });
  }
  return {
    name: 'cpu',
    tfBackend: tf.getBackend(),
    package: '@tensorflow/tfjs-backend-cpu',
    threads: 1,
    wasmVariant: null,
    adapter: null,
    trainingKernels: [],
    versions: { ...baseVersions(), 'tfjs-backend-cpu': tf.version.tfjs },
  };
}

async function useWasm(
  threads: number,
  timeoutMs: number,
  fallbacks: string[],
): Promise<Omit<BackendInfo, 'requested' | 'requestedFrom' | 'fallbacks'>> {
  const mismatch = [
    ['@tensorflow/tfjs-core', tf.version_core],
    ['@tensorflow/tfjs-backend-wasm', version_wasm],
  ].find(([, v]) => v !== PINNED_TFJS_VERSION);
  if (mismatch !== undefined) {
    throw new BackendError(
      `selectBackend: the wasm training kernels need ${mismatch[0]} ${PINNED_TFJS_VERSION} exactly, found ${mismatch[1]}`,
      { package: mismatch[0], version: mismatch[1], pinned: PINNED_TFJS_VERSION },
    );
  }
  const kernels = registerTrainingKernels();
  const install = await installWasmBackend(threads, timeoutMs);
  fallbacks.push(...install.fallbacks);
  return {
    name: 'wasm',
    tfBackend: tf.getBackend(),
    package: '@tensorflow/tfjs-backend-wasm',
    threads: install.threads,
    wasmVariant: install.variant,
    adapter: null,
    trainingKernels: kernels,
    versions: { ...baseVersions(), 'tfjs-backend-wasm': version_wasm },
  };
}

async function useWebGpu(
  importModule: (specifier: string) => Promise<unknown>,
  allowSoftware: boolean,
): Promise<Omit<BackendInfo, 'requested' | 'requestedFrom' | 'fallbacks'>> {
  const install = await installWebGpuBackend(importModule, { allowSoftware, pinnedVersion: PINNED_TFJS_VERSION });
  return {
    name: 'webgpu',
    tfBackend: tf.getBackend(),
    package: WEBGPU_BACKEND_PACKAGE,
    threads: 1,
    wasmVariant: null,
    adapter: install.adapter,
    trainingKernels: [],
    versions: { ...baseVersions(), ...install.versions },
  };
}

/**
 * Chooses and starts the compute backend, and says what it chose.
 *
 * - `tensorflow`: `@tensorflow/tfjs-node-gpu`, else `@tensorflow/tfjs-node` (optional peer dependencies, loaded
 *   only when installed; libtensorflow, on the GPU when the -gpu package finds CUDA).
 * - `webgpu`: `@tensorflow/tfjs-backend-webgpu` on Dawn (the optional `webgpu` package), on the first WebGPU
 *   adapter Dawn finds (its name is recorded in `adapter`). Only asynchronous tensor reads work on it in Node.
 *   `auto` passes over a software adapter (llvmpipe, SwiftShader: slower than wasm); asked for by name, any
 *   adapter is used.
 * - `wasm`: `@tensorflow/tfjs-backend-wasm` with this project's training kernels, on `threads` XNNPACK threads
 *   (falling back to one thread, with the reason recorded, when the threaded binary cannot start).
 * - `cpu`: tfjs's stock JavaScript backend, the reference the wasm kernels are checked against (slow).
 * - `auto` (default): the first of tensorflow, webgpu, wasm, cpu that starts; each one passed over adds a line to
 *   `fallbacks`. An explicitly requested backend that cannot start throws a {@link BackendError}.
 *
 * Switching away from a backend leaves its tensors unusable: select once, before building models.
 *
 * @example
 * ```ts
 * import { selectBackend, formatBackendInfo } from 'rethink/train';
 * const info = await selectBackend({ backend: 'auto', env: process.env });
 * console.log(formatBackendInfo(info)); // e.g. "backend wasm (threaded-simd, 2 threads, …)"
 * ```
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendInfo> {
  const env = options.env ?? process.env;
  const fromEnv = env.RETHINK_BACKEND !== undefined && env.RETHINK_BACKEND !== '';
  const requestedFrom = options.backend !== undefined ? 'option' : fromEnv ? 'env' : 'default';
  const requested =
    options.backend !== undefined
      ? parseChoice(options.backend, 'option backend')
      : fromEnv
        ? parseChoice(env.RETHINK_BACKEND as string, 'RETHINK_BACKEND')
        : SELECT_BACKEND_DEFAULTS.backend;
  const threads =
    options.threads !== undefined
      ? parseThreads(options.threads, 'option threads')
      : env.RETHINK_THREADS !== undefined && env.RETHINK_THREADS !== ''
        ? parseThreads(env.RETHINK_THREADS, 'RETHINK_THREADS')
        : SELECT_BACKEND_DEFAULTS.threads();
  const importModule = options.importModule ?? SELECT_BACKEND_DEFAULTS.importModule;
  const timeoutMs = options.threadStartTimeoutMs ?? SELECT_BACKEND_DEFAULTS.threadStartTimeoutMs;
  const fallbacks: string[] = [];
  const done = (chosen: Omit<BackendInfo, 'requested' | 'requestedFrom' | 'fallbacks'>): BackendInfo => ({
    requested,
    requestedFrom,
    ...chosen,
    fallbacks,
  });

  if (requested === 'cpu') return done(await useCpu());
  if (requested === 'tensorflow' || requested === 'auto') {
    const chosen = await tryTensorflow(importModule, fallbacks);
    if (chosen !== undefined) return done(chosen);
    if (requested === 'tensorflow') {
      throw new BackendError(`selectBackend: the tensorflow backend is unavailable: ${fallbacks.join('; ')}`, {
        backend: 'tensorflow',
        fallbacks,
      });
    }
  }
  if (requested === 'webgpu' || requested === 'auto') {
    try {
      return done(await useWebGpu(importModule, requested === 'webgpu'));
    } catch (error) {
      if (requested === 'webgpu') {
        throw new BackendError(
          `selectBackend: the webgpu backend is unavailable: ${firstLine(error)}`,
          { backend: 'webgpu' },
          { cause: error },
        );
      }
      fallbacks.push(`webgpu: ${firstLine(error)}`);
    }
  }
  try {
    return done(await useWasm(threads, timeoutMs, fallbacks));
  } catch (error) {
    if (requested === 'wasm') {
      if (error instanceof BackendError) throw error;
      throw new BackendError(
        `selectBackend: the wasm backend is unavailable: ${firstLine(error)}`,
        { backend: 'wasm' },
        { cause: error },
      );
    }
    fallbacks.push(`wasm: ${firstLine(error)}`);
  }
  return done(await useCpu());
}
