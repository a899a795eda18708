/**
 * @internal The narrow view of `@tensorflow/tfjs-backend-wasm` 4.22.0 internals that the training kernels use:
 * tensor ids and heap offsets, typed views of the wasm heap, the module's exported C functions (through
 * emscripten's `cwrap`) and the stock kernels the overrides delegate to. Everything here depends on the pinned
 * version; `selectBackend` refuses to install the kernels on any other.
 */
import * as tf from '@tensorflow/tfjs';
import type {
  DataType,
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs';
import { BackendError } from '../errors.ts';

/** The emscripten module of the wasm backend (the members the kernels use). */
export interface WasmModule {
  HEAPF32: Float32Array;
  HEAPU8: Uint8Array;
  cwrap(name: string, returnType: null | 'number', argTypes: readonly string[]): (...args: unknown[]) => unknown;
  /** Set by this project's loader: the module's memory, so views can be rebuilt after growth on another thread. */
  rethinkMemory?: WasmMemory;
}

/** A WebAssembly.Memory (typed here: the project's TypeScript lib has no DOM/WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}

/** What the wasm backend records for each tensor. */
export interface WasmTensorRecord {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: DataType;
  refCount: number;
}

/** The members of `BackendWasm` the kernels use. */
export interface WasmBackend {
  wasm: WasmModule;
  dataIdMap: { get(dataId: object): WasmTensorRecord | undefined; numDataIds(): number };
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  numDataIds(): number;
}

/** The kernel function arguments, typed for one kernel's inputs and attributes. */
export interface KernelArgs<I, A> {
  inputs: I;
  backend: WasmBackend;
  attrs: A;
}

/** Wraps a typed kernel implementation as a tfjs `KernelFunc`. */
export function asKernelFunc<I, A>(impl: (args: KernelArgs<I, A>) => TensorInfo): KernelFunc {
  return ((args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }) =>
    impl(args as unknown as KernelArgs<I, A>)) as KernelFunc;
}

/** The backend's record of `info`; throws a BackendError naming `kernel` when the tensor is not on this backend. */
export function record(backend: WasmBackend, info: TensorInfo, kernel: string): WasmTensorRecord {
  const rec = backend.dataIdMap.get(info.dataId);
  if (rec === undefined) {
    throw new BackendError(`${kernel}: input tensor of shape [${info.shape.join(', ')}] is not on the wasm backend`, {
      kernel,
      shape: info.shape,
    });
  }
  return rec;
}

/** The wasm-side id of `info`. */
export function idOf(backend: WasmBackend, info: TensorInfo, kernel: string): number {
  return record(backend, info, kernel).id;
}

/** The wasm heap's current buffer; fetch it again after anything that may allocate (growth replaces it). */
export function heapBuffer(backend: WasmBackend): ArrayBufferLike {
  const { wasm } = backend;
  const memory = wasm.rethinkMemory;
  return memory !== undefined && wasm.HEAPU8.buffer !== memory.buffer ? memory.buffer : wasm.HEAPU8.buffer;
}

/** The whole wasm heap as float32 (see {@link heapBuffer}). */
export function heapF32(backend: WasmBackend): Float32Array {
  const buffer = heapBuffer(backend);
  return backend.wasm.HEAPF32.buffer === buffer ? backend.wasm.HEAPF32 : new Float32Array(buffer);
}

/** Element offset (in float32 units) of a float32 tensor in {@link heapF32}. */
export function offsetF32(backend: WasmBackend, info: TensorInfo, kernel: string): number {
  return record(backend, info, kernel).memoryOffset >>> 2;
}

/** Throws a BackendError naming `kernel` unless every tensor is float32. */
export function assertFloat32(kernel: string, tensors: Readonly<Record<string, TensorInfo>>): void {
  for (const [name, t] of Object.entries(tensors)) {
    if (t.dtype !== 'float32') {
      throw new BackendError(
        `${kernel}: input '${name}' must be float32, got ${t.dtype} (shape [${t.shape.join(', ')}])`,
        {
          kernel,
          input: name,
          dtype: t.dtype,
          shape: t.shape,
        },
      );
    }
  }
}

const wrapped = new WeakMap<WasmModule, Map<string, (...args: unknown[]) => unknown>>();

/** The module's exported C function `name` taking `arity` numbers (cwrap'd once per module). */
export function wasmFunction(backend: WasmBackend, name: string, arity: number): (...args: number[]) => void {
  let table = wrapped.get(backend.wasm);
  if (table === undefined) {
    table = new Map();
    wrapped.set(backend.wasm, table);
  }
  let fn = table.get(name);
  if (fn === undefined) {
    fn = backend.wasm.cwrap(name, null, new Array<string>(arity).fill('number'));
    table.set(name, fn);
  }
  return fn as (...args: number[]) => void;
}

/**
 * Runs the exported `Conv2D` (XNNPACK, NHWC input, HWIO filter) with explicit padding, dilation and stride,
 * writing into `out` (which must already have the output shape).
 */
export function rawConv2d(
  backend: WasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  out: TensorInfo,
  p: {
    pads: readonly [top: number, right: number, bottom: number, left: number];
    dilations: readonly [number, number];
    strides: readonly [number, number];
  },
  kernel: string,
): void {
  const [batch, height, width, inChannels] = x.shape as [number, number, number, number];
  const [filterHeight, filterWidth, , outChannels] = filter.shape as [number, number, number, number];
  wasmFunction(backend, 'Conv2D', 19)(
    idOf(backend, x, kernel),
    batch,
    height,
    width,
    idOf(backend, filter, kernel),
    filterHeight,
    filterWidth,
    p.pads[0],
    p.pads[1],
    p.pads[2],
    p.pads[3],
    0, // explicit padding, not TensorFlow 'same'
    p.dilations[0],
    p.dilations[1],
    p.strides[0],
    p.strides[1],
    inChannels,
    outChannels,
    idOf(backend, out, kernel),
  );
}

/** A reshaped view of `info` sharing its data (not reference-counted: use only within one kernel call). */
export function view(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** Releases a temporary produced inside a kernel. */
export function release(backend: WasmBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

// ---------------------------------------------------------------------------------------------------------
// Stock kernels: the ones this project overrides are kept here so the overrides can delegate to them.

const stock = new Map<string, KernelConfig>();
const ours = new WeakSet<KernelConfig>();

/** Marks `config` as one of this project's kernels (so it is never mistaken for a stock one). */
export function markOurs(config: KernelConfig): KernelConfig {
  ours.add(config);
  return config;
}

/** True when `config` is one of this project's kernels. */
export function isOurs(config: KernelConfig): boolean {
  return ours.has(config);
}

/** Records the stock wasm kernel `name` (once; never one of ours). */
export function rememberStock(name: string): void {
  if (stock.has(name)) return;
  const config = tf.getKernel(name, 'wasm') as KernelConfig | undefined;
  if (config !== undefined && !isOurs(config)) stock.set(name, config);
}

/** The stock wasm kernel config `name`, if the package has one. */
export function stockConfig(name: string): KernelConfig | undefined {
  return stock.get(name);
}

/** Runs the wasm kernel `name` (the stock one where this project overrides it, else the registered one). */
export function runWasmKernel(
  name: string,
  backend: WasmBackend,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const config = stock.get(name) ?? (tf.getKernel(name, 'wasm') as KernelConfig | undefined);
  if (config === undefined) {
    throw new BackendError(`${name}: no wasm kernel registered`, { kernel: name });
  }
  return config.kernelFunc({ inputs, backend: backend as unknown as object, attrs }) as TensorInfo;
}

/** Transposes `x` by `perm` with the stock wasm Transpose kernel (a new tensor the caller releases). */
export function transposeTemp(backend: WasmBackend, x: TensorInfo, perm: number[]): TensorInfo {
  return runWasmKernel('Transpose', backend, { x }, { perm });
}

/** Transposes the last two axes of `t` into a new tensor (released by the caller). */
export function transposeInner(backend: WasmBackend, t: TensorInfo): TensorInfo {
  const rank = t.shape.length;
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transposeTemp(backend, t, perm);
}

/** The padding tfjs computed for a convolution, as explicit NHWC padding (what XNNPACK gets right in every case). */
export function explicitPadding(info: {
  padInfo: { top: number; bottom: number; left: number; right: number };
}): ExplicitPadding {
  const { top, bottom, left, right } = info.padInfo;
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

/** NHWC explicit padding: [[0, 0], [top, bottom], [left, right], [0, 0]]. */
export type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];
