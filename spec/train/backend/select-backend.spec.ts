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
  wasmHeapStats,
} from 'rethink/train';
import type { BackendInfo } from 'rethink/core';
import { adapterName } from '../../../src/train/backend/_webgpu-loader.ts';
import { TRAINING_KERNEL_CONFIGS } from '../../../src/train/backend/register-training-kernels.ts';

const notInstalled = (specifier: string): Promise<never> =>
  Promise.reject(
    Object.assign(new Error(`Cannot find package '${specifier}' imported from /x.js`), {
      code: 'ERR_MODULE_NOT_FOUND',
    }),
  );

/** A stand-in for tfjs-node: registers a fresh cpu backend under the name 'tensorflow'. */
function fakeTfjsNode(specifier: string): Promise<unknown> {
  const Cpu = tf.findBackend('cpu').constructor as new () => tf.KernelBackend;
  tf.registerBackend('tensorflow', () => new Cpu(), 3);
  return Promise.resolve({ version: { 'tfjs-node': `fake-${specifier}` } });
}

describe('selectBackend', () => {
  it('starts the stock cpu backend and reports it in a JSON-serializable record', async () => {
    const info = await selectBackend({ backend: 'cpu', env: {} });
    expect(info).toMatchObject({
      requested: 'cpu',
      requestedFrom: 'option',
      name: 'cpu',
      tfBackend: 'cpu',
      threads: 1,
      wasmVariant: null,
    });
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
    expect(fromOption).toMatchObject({
      requested: 'wasm',
      requestedFrom: 'option',
      name: 'wasm',
      threads: 1,
      wasmVariant: 'simd',
    });
    expect(fromOption.trainingKernels).toEqual(TRAINING_KERNEL_CONFIGS.map((c) => c.kernelName));
    expect(fromOption.versions['tfjs-backend-wasm']).toBe(PINNED_TFJS_VERSION);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown backend name with a BackendError naming it and where it came from', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 12 }).map((s) => `x${s}`),
        fc.boolean(),
        async (name, viaEnv) => {
          const options = viaEnv ? { env: { RETHINK_BACKEND: name } } : { backend: name, env: {} };
          const error = await selectBackend(options).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(BackendError);
          expect((error as BackendError).details).toMatchObject({
            backend: name,
            from: viaEnv ? 'RETHINK_BACKEND' : 'option backend',
          });
        },
      ),
      { numRuns: 20 },
    );
    expect(BACKEND_CHOICES).toEqual(['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu']);
  });

  it('rejects thread counts that are not integers from 1 to 8', async () => {
    const bad = fc.oneof(
      fc.integer({ min: -5, max: 0 }),
      fc.integer({ min: MAX_WASM_THREADS + 1, max: 1000 }),
      fc.integer({ min: 1, max: 7 }).map((n) => n + 0.5),
    );
    await fc.assert(
      fc.asyncProperty(bad, fc.boolean(), async (threads, viaEnv) => {
        const options = viaEnv
          ? { backend: 'cpu', env: { RETHINK_THREADS: String(threads) } }
          : { backend: 'cpu', threads, env: {} };
        await expect(selectBackend(options)).rejects.toThrow(BackendError);
      }),
      { numRuns: 20 },
    );
    await expect(selectBackend({ backend: 'cpu', env: { RETHINK_THREADS: 'two' } })).rejects.toThrow(/RETHINK_THREADS/);
  });

  it("'auto' falls through to wasm with one line per package passed over", async () => {
    const info = await selectBackend({ backend: 'auto', threads: 1, env: {}, importModule: notInstalled });
    expect(info).toMatchObject({ requested: 'auto', requestedFrom: 'option', name: 'wasm', adapter: null });
    expect(info.fallbacks).toEqual([
      'tensorflow: @tensorflow/tfjs-node-gpu is not installed',
      'tensorflow: @tensorflow/tfjs-node is not installed',
      'webgpu: the webgpu package (Dawn) is not installed',
    ]);
    expect(formatBackendInfo(info)).toContain('passed over: tensorflow: @tensorflow/tfjs-node-gpu is not installed; ');
  });

  it('reports a package that is present but fails to load by the first line of its error', async () => {
    const broken = (specifier: string): Promise<unknown> =>
      specifier.endsWith('-gpu')
        ? Promise.reject(new Error('libcudart.so.11.0: cannot open shared object file\n    at dlopen'))
        : specifier === 'webgpu'
          ? // a package that is there but lacks its platform's binary: not "not installed"
            Promise.reject(
              Object.assign(
                new Error("Cannot find module '/x/node_modules/webgpu/dist/linux-x64/dawn.node'\nRequire stack:"),
                { code: 'MODULE_NOT_FOUND' },
              ),
            )
          : Promise.resolve({});
    const info = await selectBackend({ threads: 1, env: {}, importModule: broken });
    expect(info.name).toBe('wasm');
    expect(info.fallbacks).toEqual([
      'tensorflow: @tensorflow/tfjs-node-gpu failed to load (libcudart.so.11.0: cannot open shared object file)',
      "tensorflow: @tensorflow/tfjs-node loaded but registered no 'tensorflow' backend with this @tensorflow/tfjs (a second copy of tfjs-core?)",
      "webgpu: the webgpu package (Dawn) failed to load (Cannot find module '/x/node_modules/webgpu/dist/linux-x64/dawn.node')",
    ]);
  });

  it('reads "not installed" from Node\'s errors and from the stub vite puts in for a missing optional peer', async () => {
    const viteStub = (specifier: string): Promise<never> =>
      Promise.reject(new Error(`Could not resolve "${specifier}" imported by "rethink". Is it installed?`));
    const info = await selectBackend({ threads: 1, env: {}, importModule: viteStub });
    expect(info.fallbacks).toEqual([
      'tensorflow: @tensorflow/tfjs-node-gpu is not installed',
      'tensorflow: @tensorflow/tfjs-node is not installed',
      'webgpu: the webgpu package (Dawn) is not installed',
    ]);
    // A package that is there but cannot load something it needs is not "not installed".
    const inner = (): Promise<never> =>
      Promise.reject(
        Object.assign(new Error("Cannot find package 'long' imported from /x/node_modules/webgpu/index.js"), {
          code: 'ERR_MODULE_NOT_FOUND',
        }),
      );
    const broken = await selectBackend({ threads: 1, env: {}, importModule: inner });
    expect(broken.fallbacks.at(-1)).toBe(
      "webgpu: the webgpu package (Dawn) failed to load (Cannot find package 'long' imported from /x/node_modules/webgpu/index.js)",
    );
  });

  it("an explicit 'tensorflow' that cannot load throws instead of falling back", async () => {
    const error = await selectBackend({ backend: 'tensorflow', env: {}, importModule: notInstalled }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toMatch(/tfjs-node-gpu is not installed; .*tfjs-node is not installed/);
  });

  it("uses the 'tensorflow' backend a tfjs-node package registers", async () => {
    try {
      const info = await selectBackend({ backend: 'auto', env: {}, importModule: fakeTfjsNode });
      expect(info).toMatchObject({
        name: 'tensorflow',
        tfBackend: 'tensorflow',
        package: '@tensorflow/tfjs-node-gpu',
        wasmVariant: null,
      });
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
      name: fc.constantFrom('tensorflow' as const, 'webgpu' as const, 'wasm' as const, 'cpu' as const),
      tfBackend: fc.string(),
      package: fc.constantFrom(
        '@tensorflow/tfjs-node',
        '@tensorflow/tfjs-backend-webgpu',
        '@tensorflow/tfjs-backend-wasm',
        '@tensorflow/tfjs-backend-cpu',
      ),
      threads: fc.integer({ min: 1, max: 8 }),
      wasmVariant: fc.constantFrom(null, 'threaded-simd' as const, 'simd' as const, 'plain' as const),
      adapter: fc.option(
        fc.record({
          description: fc.string(),
          vendor: fc.string(),
          architecture: fc.string(),
          device: fc.string(),
          software: fc.boolean(),
        }),
      ),
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
        if (info.adapter !== null) {
          expect(line).toContain(
            `adapter ${JSON.stringify(adapterName(info.adapter))}${info.adapter.software ? ' (software)' : ''}`,
          );
          expect(adapterName(info.adapter).length).toBeGreaterThan(0);
        }
        expect(line.includes('\n')).toBe(info.fallbacks.some((r) => r.includes('\n')));
      }),
    );
  });
});

/** A stand-in for Dawn's `webgpu` package offering one adapter (or none), and recording the device requests. */
function fakeDawn(adapterInfo: Record<string, unknown> | null, options: { deviceFails?: boolean } = {}) {
  const requests: unknown[] = [];
  const adapter =
    adapterInfo === null
      ? null
      : {
          info: adapterInfo,
          features: new Set(['timestamp-query', 'shader-f16']),
          limits: {
            maxBufferSize: 2 ** 32 - 1,
            maxStorageBufferBindingSize: 2 ** 31,
            maxComputeWorkgroupSizeX: 1024,
            maxTextureDimension2D: 8192,
          },
          requestDevice: (descriptor: unknown) => {
            requests.push(descriptor);
            return options.deviceFails
              ? Promise.reject(new Error('device lost\n  at requestDevice'))
              : Promise.resolve({ fake: 'device' });
          },
        };
  const gpu = { requestAdapter: () => Promise.resolve(adapter) };
  return { module: { create: () => gpu, globals: { RETHINK_FAKE_GPU_GLOBAL: 42 } }, gpu, requests };
}

/** A stand-in for `@tensorflow/tfjs-backend-webgpu` whose WebGPUBackend is a fresh cpu backend. */
const fakeWebGpuBackend = {
  WebGPUBackend: class {
    constructor() {
      const Cpu = tf.findBackend('cpu').constructor as new () => tf.KernelBackend;
      return new Cpu();
    }
  },
};

/** importModule for specs: the given fakes, and "not installed" for everything else. */
function modules(fakes: Record<string, unknown>): (specifier: string) => Promise<unknown> {
  return (specifier) => (specifier in fakes ? Promise.resolve(fakes[specifier]) : notInstalled(specifier));
}

describe('selectBackend: webgpu', () => {
  const gpuInfo = {
    vendor: 'nvidia',
    architecture: 'hopper',
    device: '',
    description: 'NVIDIA H100 80GB HBM3',
    isFallbackAdapter: false,
  };
  const lavapipe = {
    vendor: 'mesa',
    architecture: '',
    device: '',
    description: 'llvmpipe (LLVM 15.0.6, 256 bits)',
    isFallbackAdapter: true,
  };

  it("an explicit 'webgpu' without the webgpu package throws, naming it", async () => {
    const error = await selectBackend({ backend: 'webgpu', env: {}, importModule: notInstalled }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).message).toBe(
      'selectBackend: the webgpu backend is unavailable: the webgpu package (Dawn) is not installed',
    );
    expect((error as BackendError).details).toEqual({ backend: 'webgpu' });
  });

  it('RETHINK_BACKEND=webgpu asks for it', async () => {
    const error = await selectBackend({ env: { RETHINK_BACKEND: 'WebGPU' }, importModule: notInstalled }).catch(
      (e: unknown) => e,
    );
    expect((error as BackendError).details).toEqual({ backend: 'webgpu' });
  });

  it("'auto' passes over Dawn without an adapter, and without tfjs's webgpu backend, with a one-line reason", async () => {
    const none = fakeDawn(null);
    const info = await selectBackend({
      threads: 1,
      env: {},
      importModule: modules({ webgpu: none.module, '@tensorflow/tfjs-backend-webgpu': fakeWebGpuBackend }),
    });
    expect(info.name).toBe('wasm');
    expect(info.fallbacks.at(-1)).toMatch(
      /^webgpu: Dawn found no WebGPU adapter \(on Linux it needs the Vulkan loader/,
    );
    const noTfjs = await selectBackend({
      threads: 1,
      env: {},
      importModule: modules({ webgpu: fakeDawn(gpuInfo).module }),
    });
    expect(noTfjs.fallbacks.at(-1)).toBe('webgpu: @tensorflow/tfjs-backend-webgpu is not installed');
    const odd = await selectBackend({
      threads: 1,
      env: {},
      importModule: modules({ webgpu: {}, '@tensorflow/tfjs-backend-webgpu': fakeWebGpuBackend }),
    });
    expect(odd.fallbacks.at(-1)).toBe(
      'webgpu: the webgpu package does not export create() and globals (an unsupported version?)',
    );
  });

  it('uses the adapter Dawn finds, records its name, and installs the WebGPU globals and navigator.gpu', async () => {
    const dawn = fakeDawn(gpuInfo);
    const importModule = modules({ webgpu: dawn.module, '@tensorflow/tfjs-backend-webgpu': fakeWebGpuBackend });
    try {
      const info = await selectBackend({ env: {}, importModule });
      expect(info).toMatchObject({
        requested: 'auto',
        name: 'webgpu',
        tfBackend: 'webgpu',
        package: '@tensorflow/tfjs-backend-webgpu',
        threads: 1,
        wasmVariant: null,
      });
      expect(info.adapter).toEqual({
        description: 'NVIDIA H100 80GB HBM3',
        vendor: 'nvidia',
        architecture: 'hopper',
        device: '',
        software: false,
      });
      expect(info.fallbacks).toEqual([
        'tensorflow: @tensorflow/tfjs-node-gpu is not installed',
        'tensorflow: @tensorflow/tfjs-node is not installed',
      ]);
      expect(formatBackendInfo(info)).toMatch(
        /^backend webgpu \(@tensorflow\/tfjs-backend-webgpu \S+, adapter "NVIDIA H100 80GB HBM3", 1 thread\); passed over: /,
      );
      expect(JSON.parse(JSON.stringify(info))).toEqual(info);
      expect(tf.getBackend()).toBe('webgpu');
      expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBe(dawn.gpu);
      expect((globalThis as Record<string, unknown>).RETHINK_FAKE_GPU_GLOBAL).toBe(42);
      // The device gets the adapter's limits (those tfjs raises) and timestamp queries when offered.
      expect(dawn.requests).toEqual([
        {
          requiredFeatures: ['timestamp-query'],
          requiredLimits: {
            maxBufferSize: 2 ** 32 - 1,
            maxStorageBufferBindingSize: 2 ** 31,
            maxComputeWorkgroupSizeX: 1024,
          },
        },
      ]);
      // Asked again with the same packages, the running backend is kept.
      const again = await selectBackend({ backend: 'webgpu', env: {}, importModule });
      expect(again.adapter).toEqual(info.adapter);
      expect(dawn.requests).toHaveLength(1);
      // (No ops here: the kernels registered for 'webgpu' are the real package's once it has been imported.)
    } finally {
      await tf.setBackend('cpu');
      tf.removeBackend('webgpu');
    }
  });

  it("'auto' passes over a software adapter; asked for by name, it is used and marked software", async () => {
    const importModule = modules({
      webgpu: fakeDawn(lavapipe).module,
      '@tensorflow/tfjs-backend-webgpu': fakeWebGpuBackend,
    });
    try {
      const auto = await selectBackend({ threads: 1, env: {}, importModule });
      expect(auto.name).toBe('wasm');
      expect(auto.fallbacks.at(-1)).toBe(
        'webgpu: only a software adapter was found (llvmpipe (LLVM 15.0.6, 256 bits)), slower than wasm; ask for --backend webgpu to use it',
      );
      const named = await selectBackend({ backend: 'webgpu', env: {}, importModule });
      expect(named.adapter).toMatchObject({ software: true, vendor: 'mesa' });
      expect(formatBackendInfo(named)).toContain('adapter "llvmpipe (LLVM 15.0.6, 256 bits)" (software)');
      // Once running, 'auto' still passes over it.
      const autoAgain = await selectBackend({ threads: 1, env: {}, importModule });
      expect(autoAgain.name).toBe('wasm');
    } finally {
      await tf.setBackend('cpu');
      tf.removeBackend('webgpu');
    }
  });

  it('names an adapter without a description by vendor, architecture and device, and spots software ones by name', async () => {
    const swiftshader = { vendor: 'google', architecture: '', device: 'SwiftShader Device (Subzero)', description: '' };
    const importModule = modules({
      webgpu: fakeDawn(swiftshader).module,
      '@tensorflow/tfjs-backend-webgpu': fakeWebGpuBackend,
    });
    try {
      const info = await selectBackend({ backend: 'webgpu', env: {}, importModule });
      expect(info.adapter?.software).toBe(true);
      expect(adapterName(info.adapter as NonNullable<BackendInfo['adapter']>)).toBe(
        'google SwiftShader Device (Subzero)',
      );
      expect(adapterName({ description: '', vendor: '', architecture: '', device: '', software: false })).toBe(
        'unnamed adapter',
      );
    } finally {
      await tf.setBackend('cpu');
      tf.removeBackend('webgpu');
    }
  });

  it('a device that fails to start is a reason, and leaves no webgpu backend registered', async () => {
    const importModule = modules({
      webgpu: fakeDawn(gpuInfo, { deviceFails: true }).module,
      '@tensorflow/tfjs-backend-webgpu': fakeWebGpuBackend,
    });
    const info = await selectBackend({ threads: 1, env: {}, importModule });
    expect(info.name).toBe('wasm');
    expect(info.fallbacks.at(-1)).toBe(
      'webgpu: the WebGPU device on NVIDIA H100 80GB HBM3 failed to start (device lost)',
    );
    expect(tf.findBackendFactory('webgpu')).toBeNull();
  });
});
