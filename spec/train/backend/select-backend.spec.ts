import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import {
  BACKEND_CHOICES,
  BackendError,
  formatBackendInfo,
  MAX_WASM_THREADS,
  PINNED_TFJS_VERSION,
  selectBackend,
  TRAINING_KERNEL_CONFIGS,
  wasmHeapStats,
} from '../../../src/train/backend/index.ts';
import type { BackendInfo } from '../../../src/train/backend/index.ts';

const notInstalled = (specifier: string): Promise<never> =>
  Promise.reject(Object.assign(new Error(`Cannot find package '${specifier}' imported from /x.js`), { code: 'ERR_MODULE_NOT_FOUND' }));

/** A stand-in for tfjs-node: registers a fresh cpu backend under the name 'tensorflow'. */
function fakeTfjsNode(specifier: string): Promise<unknown> {
  const Cpu = tf.findBackend('cpu').constructor as new () => tf.KernelBackend;
  tf.registerBackend('tensorflow', () => new Cpu(), 3);
  return Promise.resolve({ version: { 'tfjs-node': `fake-${specifier}` } });
}

describe('selectBackend', () => {
  it('starts the stock cpu backend and reports it in a JSON-serializable record', async () => {
    const info = await selectBackend({ backend: 'cpu', env: {} });
    expect(info).toMatchObject({ requested: 'cpu', requestedFrom: 'option', name: 'cpu', tfBackend: 'cpu', threads: 1, wasmVariant: null });
    expect(info.versions.tfjs).toBe(PINNED_TFJS_VERSION);
    expect(tf.getBackend()).toBe('cpu');
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
    expect(formatBackendInfo(info)).toBe(`backend cpu (@tensorflow/tfjs-backend-cpu ${PINNED_TFJS_VERSION}, 1 thread)`);
  });

  it('reports wasm heap figures only while wasm is the active backend', async () => {
    await selectBackend({ backend: 'cpu', env: {} });
    expect(wasmHeapStats()).toBeNull();
    await selectBackend({ backend: 'wasm', threads: 1, env: {} });
    const before = wasmHeapStats();
    expect(before?.heapBytes).toBeGreaterThan(0);
    const t = tf.ones([1000]);
    expect(wasmHeapStats()?.dataIds).toBe((before?.dataIds ?? NaN) + 1);
    t.dispose();
    expect(wasmHeapStats()).toEqual(before);
  });

  it('reads RETHINK_BACKEND and RETHINK_THREADS from the given env, and an option overrides them', async () => {
    const fromEnv = await selectBackend({ env: { RETHINK_BACKEND: ' CPU ', RETHINK_THREADS: '1' } });
    expect(fromEnv).toMatchObject({ requested: 'cpu', requestedFrom: 'env', name: 'cpu' });
    const fromOption = await selectBackend({ backend: 'wasm', env: { RETHINK_BACKEND: 'cpu', RETHINK_THREADS: '1' } });
    expect(fromOption).toMatchObject({ requested: 'wasm', requestedFrom: 'option', name: 'wasm', threads: 1, wasmVariant: 'simd' });
    expect(fromOption.trainingKernels).toEqual(TRAINING_KERNEL_CONFIGS.map((c) => c.kernelName));
    expect(fromOption.versions['tfjs-backend-wasm']).toBe(PINNED_TFJS_VERSION);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown backend name with a BackendError naming it and where it came from', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 12 }).map((s) => `x${s}`), fc.boolean(), async (name, viaEnv) => {
        const options = viaEnv ? { env: { RETHINK_BACKEND: name } } : { backend: name, env: {} };
        const error = await selectBackend(options).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(BackendError);
        expect((error as BackendError).details).toMatchObject({ backend: name, from: viaEnv ? 'RETHINK_BACKEND' : 'option backend' });
      }),
      { numRuns: 20 },
    );
    expect(BACKEND_CHOICES).toEqual(['auto', 'tensorflow', 'wasm', 'cpu']);
  });

  it('rejects thread counts that are not integers from 1 to 8', async () => {
    const bad = fc.oneof(
      fc.integer({ min: -5, max: 0 }),
      fc.integer({ min: MAX_WASM_THREADS + 1, max: 1000 }),
      fc.integer({ min: 1, max: 7 }).map((n) => n + 0.5),
    );
    await fc.assert(
      fc.asyncProperty(bad, fc.boolean(), async (threads, viaEnv) => {
        const options = viaEnv ? { backend: 'cpu', env: { RETHINK_THREADS: String(threads) } } : { backend: 'cpu', threads, env: {} };
        await expect(selectBackend(options)).rejects.toThrow(BackendError);
      }),
      { numRuns: 20 },
    );
    await expect(selectBackend({ backend: 'cpu', env: { RETHINK_THREADS: 'two' } })).rejects.toThrow(/RETHINK_THREADS/);
  });

  it("'auto' falls through to wasm with one line per tfjs-node package passed over", async () => {
    const info = await selectBackend({ backend: 'auto', threads: 1, env: {}, importModule: notInstalled });
    expect(info).toMatchObject({ requested: 'auto', requestedFrom: 'option', name: 'wasm' });
    expect(info.fallbacks).toEqual([
      'tensorflow: @tensorflow/tfjs-node-gpu is not installed',
      'tensorflow: @tensorflow/tfjs-node is not installed',
    ]);
    expect(formatBackendInfo(info)).toContain('passed over: tensorflow: @tensorflow/tfjs-node-gpu is not installed; ');
  });

  it('reports a package that is present but fails to load by the first line of its error', async () => {
    const broken = (specifier: string): Promise<unknown> =>
      specifier.endsWith('-gpu')
        ? Promise.reject(new Error('libcudart.so.11.0: cannot open shared object file\n    at dlopen'))
        : Promise.resolve({});
    const info = await selectBackend({ threads: 1, env: {}, importModule: broken });
    expect(info.name).toBe('wasm');
    expect(info.fallbacks).toEqual([
      'tensorflow: @tensorflow/tfjs-node-gpu failed to load (libcudart.so.11.0: cannot open shared object file)',
      "tensorflow: @tensorflow/tfjs-node loaded but registered no 'tensorflow' backend with this @tensorflow/tfjs (a second copy of tfjs-core?)",
    ]);
  });

  it("an explicit 'tensorflow' that cannot load throws instead of falling back", async () => {
    const error = await selectBackend({ backend: 'tensorflow', env: {}, importModule: notInstalled }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toMatch(/tfjs-node-gpu is not installed; .*tfjs-node is not installed/);
  });

  it("uses the 'tensorflow' backend a tfjs-node package registers", async () => {
    try {
      const info = await selectBackend({ backend: 'auto', env: {}, importModule: fakeTfjsNode });
      expect(info).toMatchObject({ name: 'tensorflow', tfBackend: 'tensorflow', package: '@tensorflow/tfjs-node-gpu', wasmVariant: null });
      expect(info.versions['tfjs-node-gpu']).toBe('fake-@tensorflow/tfjs-node-gpu');
      expect(info.fallbacks).toEqual([]);
      expect(tf.getBackend()).toBe('tensorflow');
    } finally {
      tf.removeBackend('tensorflow');
    }
  });

  it('without tfjs-node installed, the real dynamic import falls through (or picks tensorflow where it is installed)', async () => {
    const info = await selectBackend({ backend: 'auto', threads: 1, env: {} });
    if (info.name === 'tensorflow') expect(info.fallbacks.length).toBeLessThanOrEqual(1);
    else expect(info.fallbacks.filter((line) => line.startsWith('tensorflow: '))).toHaveLength(2);
  });

  it('formats any record with its backend, thread count and every fallback', () => {
    const infoArb: fc.Arbitrary<BackendInfo> = fc.record({
      requested: fc.constantFrom(...BACKEND_CHOICES),
      requestedFrom: fc.constantFrom('option' as const, 'env' as const, 'default' as const),
      name: fc.constantFrom('tensorflow' as const, 'wasm' as const, 'cpu' as const),
      tfBackend: fc.string(),
      package: fc.constantFrom('@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu'),
      threads: fc.integer({ min: 1, max: 8 }),
      wasmVariant: fc.constantFrom(null, 'threaded-simd' as const, 'simd' as const, 'plain' as const),
      trainingKernels: fc.array(fc.string(), { maxLength: 3 }),
      versions: fc.constant({ tfjs: '4.22.0' }),
      fallbacks: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(infoArb, (info) => {
        const line = formatBackendInfo(info);
        expect(line.startsWith(`backend ${info.name} (${info.package} `)).toBe(true);
        expect(line).toContain(`${info.threads} thread`);
        for (const reason of info.fallbacks) expect(line).toContain(reason);
        expect(line.includes('\n')).toBe(info.fallbacks.some((r) => r.includes('\n')));
      }),
    );
  });
});
