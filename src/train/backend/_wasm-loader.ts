/**
 * @internal Loads the `@tensorflow/tfjs-backend-wasm` binaries in Node and registers the 'wasm' backend with a
 * chosen number of XNNPACK threads.
 *
 * The package's own loader never multithreads in Node: its `WASM_HAS_MULTITHREAD_SUPPORT` flag is hard-coded
 * false there, its pthread workers are created from `blob:` URLs (which Node's `Worker` rejects), and the C++
 * side caps the pool at `logical cores / 2`. This loader instead
 * - instantiates the emscripten module itself (`instantiateWasm`), reading the binary from the installed package,
 *   and reports `2 × threads` logical cores to the module so the cap becomes the requested count;
 * - writes the package's pthread worker script to a file in the OS temp directory (once per content hash) and
 *   points emscripten's `locateFile` and `mainScriptUrlOrBlob` at real files, which Node's workers can load.
 * Any failure (no SharedArrayBuffer, a worker that does not start within the timeout, an instantiation error)
 * falls back to the single-threaded SIMD binary, then the plain one, with a one-line reason each.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeAtomicSync, type BackendInfo } from 'rethink/core';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { WasmMemory, WasmModule } from './kernels/_wasm.ts';

/** The slice of the WebAssembly JS API used here (the project's TypeScript lib has no WebAssembly types). */
interface WebAssemblyApi {
  instantiate(
    bytes: Uint8Array,
    imports: object,
  ): Promise<{ instance: { exports: Record<string, unknown> }; module: unknown }>;
}
const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

const require = createRequire(import.meta.url);

/** Which binary of the package runs. */
export type WasmVariant = NonNullable<BackendInfo['wasmVariant']>;

/** What {@link installWasmBackend} set up. */
export interface WasmInstall {
  readonly variant: WasmVariant;
  readonly threads: number;
  /** One line per variant tried and abandoned. */
  readonly fallbacks: readonly string[];
}

interface EmscriptenConfig {
  locateFile(path: string, prefix: string): string;
  instantiateWasm(
    imports: Record<string, Record<string, unknown>>,
    receive: (instance: unknown, module: unknown) => void,
  ): object;
  mainScriptUrlOrBlob?: string;
  PThread?: { terminateAllThreads(): void };
}

/** The emscripten module once this loader has added the bridge `BackendWasm` expects. */
interface LoadedModule extends WasmModule {
  tfjs: Record<string, (...args: unknown[]) => unknown> & { getThreadsCount(): number };
  /** emscripten's pthread bookkeeping (threaded binary only). */
  PThread?: { runningWorkers?: { unref?(): void }[]; terminateAllThreads(): void };
}

type Factory = (config: EmscriptenConfig) => Promise<WasmModule>;

const BINARIES: Record<WasmVariant, { glue: string; binary: string }> = {
  'threaded-simd': { glue: 'tfjs-backend-wasm-threaded-simd.js', binary: 'tfjs-backend-wasm-threaded-simd.wasm' },
  simd: { glue: 'tfjs-backend-wasm.js', binary: 'tfjs-backend-wasm-simd.wasm' },
  plain: { glue: 'tfjs-backend-wasm.js', binary: 'tfjs-backend-wasm.wasm' },
};

/** The folder holding the package's emscripten glue and binaries. */
export function wasmOutDir(): string {
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
}

let workerPath: string | undefined;

/** The pthread worker script as a real file (written atomically once per content hash). */
function workerScript(dir: string): string {
  if (workerPath !== undefined) return workerPath;
  const { wasmWorkerContents } = require(join(dir, 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  // The package ships the script inside a template literal, which turned its "\n" escapes into real newlines;
  // the package's browser loader escapes them back the same way before making a Blob.
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const path = join(tmpdir(), `rethink-tfjs-wasm-worker-${hash}.cjs`);
  if (!existsSync(path)) writeAtomicSync('selectBackend', path, source);
  workerPath = path;
  return path;
}

/** Instantiates one variant; resolves to the ready emscripten module. */
async function instantiate(variant: WasmVariant, threads: number, timeoutMs: number): Promise<LoadedModule> {
  const dir = wasmOutDir();
  const { glue, binary } = BINARIES[variant];
  const factory = require(join(dir, glue)) as Factory;
  let memory: WasmMemory | undefined;
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const config: EmscriptenConfig = {
    locateFile: (path) => (path.endsWith('.worker.js') ? workerScript(dir) : join(dir, path)),
    instantiateWasm: (imports, receive) => {
      const env = imports.env as Record<string, unknown>;
      // The C++ side caps the thread pool at (logical cores / 2): report twice the requested count.
      if (variant === 'threaded-simd') env.emscripten_num_logical_cores = () => 2 * threads;
      wasmApi.instantiate(readFileSync(join(dir, binary)), imports).then(({ instance, module }) => {
        memory = (instance.exports.memory as WasmMemory | undefined) ?? (env.memory as WasmMemory | undefined);
        receive(instance, module);
      }, fail);
      return {};
    },
  };
  if (variant === 'threaded-simd') config.mainScriptUrlOrBlob = join(dir, glue);
  // Only the threaded binary can hang (a pthread worker that never starts); the others have no deadline.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    if (variant !== 'threaded-simd') return;
    timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  // The emscripten glue adds process-wide 'uncaughtException'/'unhandledRejection' handlers that only rethrow
  // (Node's default anyway), which makes Node print the whole minified glue line with every uncaught error;
  // they are removed once the module is up.
  const emitter = process as NodeJS.EventEmitter;
  const events = ['uncaughtException', 'unhandledRejection'] as const;
  const before = new Set(events.flatMap((event) => emitter.listeners(event)));
  const dropGlueListeners = (): void => {
    for (const event of events) {
      for (const listener of emitter.listeners(event)) {
        if (!before.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  };
  try {
    const module = await Promise.race([factory(config), failed, timeout]);
    module.rethinkMemory = memory;
    const cwrap = module.cwrap.bind(module);
    const loaded = module as LoadedModule;
    loaded.tfjs = {
      init: cwrap('init', null, []),
      initWithThreadsCount: cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: cwrap('get_threads_count', 'number', []) as () => number,
      registerTensor: cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: cwrap('dispose_data', null, ['number']),
      dispose: cwrap('dispose', null, []),
    };
    return loaded;
  } catch (error) {
    config.PThread?.terminateAllThreads();
    throw error;
  } finally {
    clearTimeout(timer);
    dropGlueListeners();
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/** Loads the best variant for `threads`, falling back as described in the module comment. */
async function loadBest(
  threads: number,
  simd: boolean,
  timeoutMs: number,
): Promise<{ module: LoadedModule; variant: WasmVariant; fallbacks: string[] }> {
  const fallbacks: string[] = [];
  const order: WasmVariant[] = [];
  if (threads > 1) {
    if (!simd)
      fallbacks.push(
        `wasm threads: ${threads} requested, but the threaded binary needs SIMD, which this runtime lacks`,
      );
    else if (typeof SharedArrayBuffer !== 'function')
      fallbacks.push(`wasm threads: ${threads} requested, but SharedArrayBuffer is unavailable`);
    else order.push('threaded-simd');
  }
  if (simd) order.push('simd');
  order.push('plain');
  for (const variant of order) {
    try {
      return {
        module: await instantiate(variant, variant === 'threaded-simd' ? threads : 1, timeoutMs),
        variant,
        fallbacks,
      };
    } catch (error) {
      fallbacks.push(`wasm ${variant}: failed to start (${firstLine(error)})`);
    }
  }
  throw new Error(fallbacks.join('; '));
}

let current: { install: WasmInstall; requested: number; factory: () => Promise<tf.KernelBackend> } | undefined;

/**
 * Registers the 'wasm' backend loaded by this module with `threads` XNNPACK threads, replacing any earlier
 * registration (and disposing its tensors), and makes it the active backend. Calling it again with the same
 * count keeps the running backend (unless that one had fallen back to fewer threads: then it tries again).
 */
export async function installWasmBackend(threads: number, timeoutMs: number): Promise<WasmInstall> {
  const reusable = current !== undefined && current.requested === threads && current.install.fallbacks.length === 0;
  if (reusable && current !== undefined && tf.findBackendFactory('wasm') === current.factory) {
    if (await tf.setBackend('wasm')) return current.install;
  }
  current = undefined;
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  let loaded: WasmInstall | undefined;
  let failure: unknown;
  const factory = async (): Promise<tf.KernelBackend> => {
    try {
      const { module, variant, fallbacks } = await loadBest(threads, simd, timeoutMs);
      setThreadsCount(variant === 'threaded-simd' ? threads : 1);
      const backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
      // The pool's pthreads (started just now) hold a reference on Node's event loop, so a program that has
      // finished would never exit. They talk to this thread through shared memory and futexes, not events:
      // unreferenced, they still work, and the process can end.
      for (const worker of module.PThread?.runningWorkers ?? []) worker.unref?.();
      loaded = { variant, threads: module.tfjs.getThreadsCount(), fallbacks };
      return backend;
    } catch (error) {
      failure = error;
      throw error;
    }
  };
  if (tf.findBackendFactory('wasm') !== null) tf.removeBackend('wasm');
  tf.registerBackend('wasm', factory, 2);
  const ok = await tf.setBackend('wasm');
  if (!ok || loaded === undefined) {
    throw new Error(`the wasm backend failed to initialize: ${firstLine(failure ?? 'unknown error')}`);
  }
  current = { install: loaded, requested: threads, factory };
  return loaded;
}
