import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';

/** Options of {@link defaultWorkers}. */
export interface DefaultWorkersOptions {
  /** The backend choice the workers will use (`auto`, `tensorflow`, `webgpu`, `wasm`, `cpu`); default `auto`. */
  readonly backend?: string;
  /** Environment (`RETHINK_BACKEND`, `CUDA_VISIBLE_DEVICES`); default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Logical cores (default `os.availableParallelism()`). */
  readonly cores?: number;
  /** Whether a package can be imported (default: resolved from this project). */
  readonly installed?: (name: string) => boolean;
}

/** The defaults of {@link defaultWorkers}. */
export const DEFAULT_WORKERS_DEFAULTS = {
  backend: 'auto',
  cores: (): number => availableParallelism(),
  installed: (name: string): boolean => {
    try {
      createRequire(import.meta.url).resolve(name);
      return true;
    } catch {
      return false;
    }
  },
};

/** The GPUs CUDA shows this process: `CUDA_VISIBLE_DEVICES`' entries, else 1. */
function gpus(env: Readonly<Record<string, string | undefined>>): number {
  const visible = env.CUDA_VISIBLE_DEVICES;
  if (visible === undefined || visible.trim() === '') return 1;
  const ids = visible.split(',').filter((id) => id.trim() !== '' && id.trim() !== '-1');
  return Math.max(1, ids.length);
}

/**
 * How many cells to train at once on this machine, as measured: on the `wasm` and `cpu` backends one one-thread
 * worker per logical core (the wasm backend's second thread barely helps a cell — 16.0 vs 15.7 ms per step
 * here — while a second process nearly halves the wall time); on `tensorflow` and `webgpu` one worker per GPU
 * (`CUDA_VISIBLE_DEVICES`' entries, 1 when unknown). `auto` is resolved the way `selectBackend` would, from
 * the installed packages, without loading them.
 *
 * @example
 * ```ts
 * import { defaultWorkers } from 'rethink/experiment';
 * const gpu = { backend: 'tensorflow', env: { CUDA_VISIBLE_DEVICES: '0,1' }, installed: () => true };
 * console.log(defaultWorkers({ backend: 'wasm', cores: 4 }), defaultWorkers(gpu)); // 4 2
 * ```
 */
export function defaultWorkers(options: DefaultWorkersOptions = {}): number {
  const env = options.env ?? process.env;
  const cores = Math.max(1, options.cores ?? DEFAULT_WORKERS_DEFAULTS.cores());
  const installed = options.installed ?? DEFAULT_WORKERS_DEFAULTS.installed;
  const fromEnv = env.RETHINK_BACKEND !== undefined && env.RETHINK_BACKEND !== '' ? env.RETHINK_BACKEND : undefined;
  const choice = options.backend ?? fromEnv ?? DEFAULT_WORKERS_DEFAULTS.backend;
  switch (choice) {
    case 'wasm':
    case 'cpu':
      return cores;
    case 'tensorflow':
      return installed('@tensorflow/tfjs-node-gpu') ? gpus(env) : 1;
    case 'webgpu':
      return 1;
    default:
      if (installed('@tensorflow/tfjs-node-gpu')) return gpus(env);
      if (installed('@tensorflow/tfjs-node') || installed('webgpu')) return 1;
      return cores;
  }
}
