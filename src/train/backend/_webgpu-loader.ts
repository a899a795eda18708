/**
 * @internal Starts tfjs's WebGPU backend in Node on Dawn (the `webgpu` npm package).
 *
 * - `webgpu` (optional: a native binary for every platform, ≈130 MB installed) provides `create(flags)`, a
 *   `GPU` object, and the WebGPU globals (`GPUBufferUsage`, `GPUMapMode`, …) that tfjs's backend reads from
 *   `globalThis`. This loader installs them there and sets `navigator.gpu`, which the backend checks for.
 * - It asks Dawn for an adapter (high performance, as tfjs does) and records its name; none found (on Linux:
 *   no Vulkan loader, or a driver Dawn rejects) is a one-line reason. A software adapter (llvmpipe / lavapipe,
 *   SwiftShader) works but is far slower than the wasm backend: with `allowSoftware: false` it is passed over.
 * - `@tensorflow/tfjs-backend-webgpu` provides `WebGPUBackend`; this loader registers its own factory for
 *   'webgpu' (the package's own registration happens only if `navigator.gpu` existed when it was first
 *   imported), requesting a device with the adapter's limits, as the package's factory does.
 *
 * The packages are loaded through `importModule` and typed here by the slice this loader uses: the project
 * typechecks the same with or without them (`@webgpu/types` comes only with `webgpu`).
 *
 * On this backend only asynchronous reads work in Node (`dataSync()` needs `OffscreenCanvas`).
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { firstLine, isMissing } from './_reasons.ts';
import type { WebGpuAdapter } from 'rethink/core';

/** The package with Dawn's Node binding. */
export const DAWN_PACKAGE = 'webgpu';
/** tfjs's WebGPU backend. */
export const WEBGPU_BACKEND_PACKAGE = '@tensorflow/tfjs-backend-webgpu';

/** What {@link installWebGpuBackend} set up. */
export interface WebGpuInstall {
  readonly adapter: WebGpuAdapter;
  /** The version of `@tensorflow/tfjs-backend-webgpu` and of `webgpu` ('unknown' when unreadable). */
  readonly versions: Readonly<Record<string, string>>;
}

/** The slice of WebGPU's `GPUAdapterInfo` read here. */
interface AdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

/** The slice of WebGPU's `GPUAdapter` used here. */
interface AdapterLike {
  readonly info?: AdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
  readonly features: { has(name: string): boolean };
  readonly limits: Readonly<Record<string, number>>;
  requestDevice(descriptor?: object): Promise<unknown>;
}

/** The slice of the `webgpu` package used here. */
interface DawnModule {
  create(flags: string[]): { requestAdapter(options?: object): Promise<AdapterLike | null> };
  globals: Record<string, unknown>;
}

/** The slice of `@tensorflow/tfjs-backend-webgpu` used here. */
interface WebGpuBackendModule {
  WebGPUBackend: new (device: unknown, adapterInfo?: unknown) => tf.KernelBackend;
}

/** The limits tfjs's own factory raises to the adapter's maximum. */
const RAISED_LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
] as const;

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|softpipe/i;

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The adapter's name for printing: its description, else vendor, architecture and device. */
export function adapterName(adapter: WebGpuAdapter): string {
  const parts =
    adapter.description !== ''
      ? [adapter.description]
      : [adapter.vendor, adapter.architecture, adapter.device].filter((p) => p !== '');
  return parts.join(' ') || 'unnamed adapter';
}

function describeAdapter(adapter: AdapterLike): WebGpuAdapter {
  const info = adapter.info ?? {};
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const described = {
    description: text(info.description),
    vendor: text(info.vendor),
    architecture: text(info.architecture),
    device: text(info.device),
  };
  const software =
    info.isFallbackAdapter === true ||
    adapter.isFallbackAdapter === true ||
    SOFTWARE.test(`${described.description} ${described.vendor} ${described.architecture} ${described.device}`);
  return { ...described, software };
}

async function load<T>(
  importModule: (specifier: string) => Promise<unknown>,
  specifier: string,
  what: string,
): Promise<T> {
  try {
    return (await importModule(specifier)) as T;
  } catch (error) {
    throw new Error(
      isMissing(error, specifier) ? `${what} is not installed` : `${what} failed to load (${firstLine(error)})`,
      { cause: error },
    );
  }
}

/** Puts Dawn's WebGPU globals and `navigator.gpu` on `globalThis` (Node ≥ 21 has a `navigator` already). */
function installGlobals(dawn: DawnModule, gpu: unknown): void {
  const g = globalThis as Record<string, unknown>;
  for (const [key, value] of Object.entries(dawn.globals)) g[key] = value;
  const navigator = g.navigator as object | undefined;
  if (navigator === undefined || navigator === null) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else {
    Object.defineProperty(navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  }
}

let current:
  | { dawn: unknown; backendModule: unknown; factory: () => Promise<tf.KernelBackend>; install: WebGpuInstall }
  | undefined;

/**
 * Registers a 'webgpu' backend on the first WebGPU adapter Dawn offers and makes it the active backend.
 * Throws an `Error` whose message is the one-line reason when a package is missing or fails to load, no
 * adapter is found, only a software adapter is found and `allowSoftware` is false, or the device does not
 * start. Called again with the same packages, it keeps the running backend.
 */
export async function installWebGpuBackend(
  importModule: (specifier: string) => Promise<unknown>,
  options: { readonly allowSoftware: boolean; readonly pinnedVersion: string },
): Promise<WebGpuInstall> {
  const dawn = await load<DawnModule>(importModule, DAWN_PACKAGE, `the ${DAWN_PACKAGE} package (Dawn)`);
  if (typeof dawn?.create !== 'function' || typeof dawn.globals !== 'object' || dawn.globals === null) {
    throw new Error(`the ${DAWN_PACKAGE} package does not export create() and globals (an unsupported version?)`);
  }
  const backendModule = await load<WebGpuBackendModule>(importModule, WEBGPU_BACKEND_PACKAGE, WEBGPU_BACKEND_PACKAGE);
  if (typeof backendModule?.WebGPUBackend !== 'function') {
    throw new Error(`${WEBGPU_BACKEND_PACKAGE} does not export WebGPUBackend`);
  }
  const backendVersion = packageVersion(WEBGPU_BACKEND_PACKAGE);
  if (backendVersion !== 'unknown' && backendVersion !== options.pinnedVersion) {
    throw new Error(
      `${WEBGPU_BACKEND_PACKAGE} ${backendVersion} found, but it must match @tensorflow/tfjs ${options.pinnedVersion} exactly`,
    );
  }
  const reused = current;
  if (
    reused !== undefined &&
    reused.dawn === dawn &&
    reused.backendModule === backendModule &&
    tf.findBackendFactory('webgpu') === reused.factory
  ) {
    refuseSoftware(reused.install.adapter, options.allowSoftware);
    if (await tf.setBackend('webgpu')) return reused.install;
  }
  current = undefined;

  const gpu = dawn.create([]);
  installGlobals(dawn, gpu);
  let adapter: AdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    throw new Error(`requesting a WebGPU adapter failed (${firstLine(error)})`, { cause: error });
  }
  if (adapter === null || adapter === undefined) {
    throw new Error(
      'Dawn found no WebGPU adapter (on Linux it needs the Vulkan loader, libvulkan1, and a Vulkan driver it accepts)',
    );
  }
  const found = describeAdapter(adapter);
  refuseSoftware(found, options.allowSoftware);

  const chosen = adapter;
  let failure: unknown;
  const factory = async (): Promise<tf.KernelBackend> => {
    try {
      const requiredLimits: Record<string, number> = {};
      for (const name of RAISED_LIMITS) {
        const value = chosen.limits[name];
        if (typeof value === 'number') requiredLimits[name] = value;
      }
      const requiredFeatures = chosen.features.has('timestamp-query') ? ['timestamp-query'] : [];
      const device = await chosen.requestDevice({ requiredFeatures, requiredLimits });
      return new backendModule.WebGPUBackend(device, chosen.info);
    } catch (error) {
      failure = error;
      throw error;
    }
  };
  if (tf.findBackendFactory('webgpu') !== null) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', factory, 2);
  if (!(await tf.setBackend('webgpu'))) {
    tf.removeBackend('webgpu');
    throw new Error(
      `the WebGPU device on ${adapterName(found)} failed to start (${firstLine(failure ?? 'unknown error')})`,
    );
  }
  const install: WebGpuInstall = {
    adapter: found,
    versions: { 'tfjs-backend-webgpu': backendVersion, webgpu: packageVersion(DAWN_PACKAGE) },
  };
  current = { dawn, backendModule, factory, install };
  return install;
}

function refuseSoftware(adapter: WebGpuAdapter, allowSoftware: boolean): void {
  if (adapter.software && !allowSoftware) {
    throw new Error(
      `only a software adapter was found (${adapterName(adapter)}), slower than wasm; ask for --backend webgpu to use it`,
    );
  }
}
