/**
 * Internal: a small pool of worker threads that share the tiled dot products of `_linalg.ts`, so that the
 * O(n³) and O(n²d) parts of a kernel solve use every core. The work is split by rows (or by columns when
 * there are few rows) into equal parts, one for each worker and one for the calling thread, over arrays in
 * SharedArrayBuffers; the caller blocks in `Atomics.wait` until the workers are done, so the public API stays
 * synchronous. The workers run the very source of {@link dotTiles} (its compiled text), started with
 * `eval: true` and unref'd (they never keep the process alive). A pool that cannot start or answer a first
 * task within 10 s is not used: every call then runs on the calling thread alone, with the same results
 * (each output entry is summed by one thread in the same order either way).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { dot, dotTiles, KC, SERIAL, type TiledProduct } from './_linalg.ts';

/** Work below this many multiply-adds runs on the calling thread (posting to a worker costs tens of µs). */
const MIN_PARALLEL_WORK = 1 << 20;

interface Task {
  readonly a: SharedArrayBuffer;
  readonly b: SharedArrayBuffer;
  readonly c: SharedArrayBuffer;
  readonly args: readonly number[];
  readonly lower: boolean;
  readonly ctrl: SharedArrayBuffer;
  readonly slot: number;
}

/** A started pool: `run` splits one tiled product among the workers and the caller. */
export interface Pool {
  readonly threads: number;
  /** As {@link dotTiles} (A, B, C must be views at offset 0 of SharedArrayBuffers), looping j in chunks of `jChunk`. */
  readonly dotTiles: TiledProduct;
}

const WORKER_SOURCE = (): string => `
const { parentPort } = require('node:worker_threads');
const KC = ${KC};
const dot = ${dot.toString()};
const dotTiles = ${dotTiles.toString()};
parentPort.on('message', (t) => {
  const ctrl = new Int32Array(t.ctrl);
  try {
    if (t.a) {
      const A = new Float64Array(t.a), B = new Float64Array(t.b), C = new Float64Array(t.c);
      const [lda, ldb, ldc, cOff, i0, i1, j0, j1, p0, p1, sign, jChunk] = t.args;
      for (let j = j0; j < j1; j += jChunk)
        dotTiles(A, lda, B, ldb, C, ldc, cOff, i0, i1, j, Math.min(j1, j + jChunk), p0, p1, sign, t.lower);
    }
    Atomics.store(ctrl, t.slot, 1);
  } catch (e) {
    Atomics.store(ctrl, t.slot, 2);
  }
  Atomics.notify(ctrl, t.slot);
});
`;

const pools = new Map<number, Pool | undefined>();

/** Is `x` a view of a whole-from-offset-0 SharedArrayBuffer? */
function shared(x: Float64Array): boolean {
  return x.buffer instanceof SharedArrayBuffer && x.byteOffset === 0;
}

/** A Float64Array of `length` zeros in a SharedArrayBuffer when `pool` is set (so workers can share it), else a plain one. */
export function float64For(pool: Pool | undefined, length: number): Float64Array {
  return pool ? new Float64Array(new SharedArrayBuffer(8 * length)) : new Float64Array(length);
}

/** `x` itself when it can be shared with `pool`'s workers, else a shared copy. */
export function sharedCopy(pool: Pool | undefined, x: Float64Array): Float64Array {
  if (!pool || shared(x)) return x;
  const out = float64For(pool, x.length);
  out.set(x);
  return out;
}

/** Waits until every slot of `ctrl` is non-zero; throws if a worker reported a failure. */
function waitAll(ctrl: Int32Array, timeoutMs: number): boolean {
  const deadline = performance.now() + timeoutMs;
  for (let s = 0; s < ctrl.length; s++) {
    while (Atomics.load(ctrl, s) === 0) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(ctrl, s, 0, Math.min(left, 1000));
    }
    if (Atomics.load(ctrl, s) !== 1) throw new Error('implicit: a worker thread failed during a tiled product');
  }
  return true;
}

/**
 * The pool for `threads` threads in all (the caller plus threads − 1 workers), started on first use and kept;
 * undefined for one thread, or when workers are unavailable here.
 */
export function getPool(threads: number = availableParallelism()): Pool | undefined {
  const t = Math.max(1, Math.min(64, Math.floor(threads)));
  if (t === 1) return undefined;
  if (pools.has(t)) return pools.get(t);
  let pool: Pool | undefined;
  try {
    pool = startPool(t - 1);
  } catch {
    pool = undefined;
  }
  pools.set(t, pool);
  return pool;
}

function startPool(count: number): Pool | undefined {
  const workers: Worker[] = [];
  for (let w = 0; w < count; w++) {
    const worker = new Worker(WORKER_SOURCE(), { eval: true });
    worker.unref();
    worker.on('error', () => {});
    workers.push(worker);
  }
  // Handshake: each worker must answer an empty task within 10 s.
  const ctrl = new Int32Array(new SharedArrayBuffer(4 * count));
  workers.forEach((worker, slot) => worker.postMessage({ ctrl: ctrl.buffer, slot }));
  let ok = false;
  try {
    ok = waitAll(ctrl, 10_000);
  } catch {
    ok = false;
  }
  if (!ok) {
    for (const worker of workers) void worker.terminate();
    return undefined;
  }
  const threads = count + 1;
  return {
    threads,
    dotTiles(A, lda, B, ldb, C, ldc, cOff, i0, i1, j0, j1, p0, p1, sign, lower, jChunk = Number.MAX_SAFE_INTEGER) {
      const work = (i1 - i0) * (j1 - j0) * (p1 - p0);
      const serial = (): void =>
        SERIAL.dotTiles(A, lda, B, ldb, C, ldc, cOff, i0, i1, j0, j1, p0, p1, sign, lower, jChunk);
      if (work < MIN_PARALLEL_WORK || !shared(A) || !shared(B) || !shared(C)) return serial();
      // Split the rows when there are enough of them (4-row tiles for every thread), else the columns.
      const byRows = i1 - i0 >= 8 * threads;
      const [lo, hi] = byRows ? [i0, i1] : [j0, j1];
      const step = Math.ceil((hi - lo) / threads / 4) * 4;
      const done = new Int32Array(new SharedArrayBuffer(4 * count));
      const part = (k: number): [number, number] => [Math.min(hi, lo + k * step), Math.min(hi, lo + (k + 1) * step)];
      workers.forEach((worker, slot) => {
        const [a, b] = part(slot + 1);
        const args = byRows
          ? [lda, ldb, ldc, cOff, a, b, j0, j1, p0, p1, sign, jChunk]
          : [lda, ldb, ldc, cOff, i0, i1, a, b, p0, p1, sign, jChunk];
        const task: Task = {
          a: A.buffer as SharedArrayBuffer,
          b: B.buffer as SharedArrayBuffer,
          c: C.buffer as SharedArrayBuffer,
          args,
          lower,
          ctrl: done.buffer as SharedArrayBuffer,
          slot,
        };
        if (a < b) worker.postMessage(task);
        else Atomics.store(done, slot, 1);
      });
      const [a, b] = part(0);
      // The caller's own part.
      if (byRows) SERIAL.dotTiles(A, lda, B, ldb, C, ldc, cOff, a, b, j0, j1, p0, p1, sign, lower, jChunk);
      else SERIAL.dotTiles(A, lda, B, ldb, C, ldc, cOff, i0, i1, a, b, p0, p1, sign, lower, jChunk);
      waitAll(done, Number.POSITIVE_INFINITY);
    },
  };
}
