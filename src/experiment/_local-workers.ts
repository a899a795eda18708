/** Internal: cells trained by N local worker processes (`rethink worker --ipc`), one cell at a time each. */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MAX_WASM_THREADS } from 'rethink/train';
import { RethinkError, type Cell, type CellError, type CellResult } from 'rethink/core';
import { readCellResult } from './_cell-files.ts';
import { isPermanent, removeCellError, writeCellError } from './_cell-error.ts';
import type { FromWorker, ToWorker } from './_ipc.ts';
import { defaultWorkers } from './default-workers.ts';
import type { DistributedOptions, DistributedResult } from './execute-cells-distributed.ts';
import { ExperimentError } from './errors.ts';

/** The CLI entry (it loads the TypeScript sources through tsx). */
export const CLI_ENTRY = fileURLToPath(new URL('../../bin/rethink.mjs', import.meta.url));
/** A local worker's entry, and tsx's loader to run it with (half the start-up of the whole CLI). */
const WORKER_ENTRY = fileURLToPath(new URL('./_local-worker-main.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Attempts of a cell whose worker process died under it (a crash, the OOM killer) before the run fails. */
const CRASH_ATTEMPTS = 2;

interface Slot {
  readonly id: number;
  readonly child: ChildProcess;
  cell: Cell | null;
  ready: boolean;
  exited: boolean;
  stderr: string;
}

/** Environment of the workers: the caller's, with wasm's threads split between them (unless set). */
function workerEnv(env: Readonly<Record<string, string | undefined>>, workers: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  if (out.RETHINK_THREADS === undefined || out.RETHINK_THREADS === '') {
    const threads = Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(availableParallelism() / workers)));
    out.RETHINK_THREADS = String(threads);
  }
  return out;
}

export async function executeLocal(
  runDir: string,
  cells: readonly Cell[],
  options: DistributedOptions,
): Promise<DistributedResult> {
  const emit = options.onEvent ?? (() => {});
  const env = options.env ?? process.env;
  const results = new Map<string, CellResult>();
  const failed = new Map<string, CellError>();
  const pending: { cell: Cell; index: number }[] = [];
  for (const [index, cell] of cells.entries()) {
    const done = await readCellResult(runDir, cell.id);
    if (done !== null) {
      results.set(cell.id, done);
      emit({ type: 'cell', index, total: cells.length, cell, skipped: true });
    } else pending.push({ cell, index });
  }
  if (pending.length === 0 || options.signal?.aborted) return { aborted: pending.length > 0, results, failed };
  const wanted = options.workers ?? defaultWorkers({ ...(options.backend ? { backend: options.backend } : {}), env });
  const count = Math.max(1, Math.min(wanted, pending.length));
  const childEnv = workerEnv(env, count);
  const indexOf = new Map(pending.map((p) => [p.cell.id, p.index]));
  const crashes = new Map<string, number>();
  const slots: Slot[] = [];
  let nextId = 0;
  let stopping = false;
  let fatal: Error | null = null;

  return await new Promise<DistributedResult>((resolve) => {
    const settle = (): void => {
      if (!slots.every((s) => s.exited)) return;
      process.removeListener('exit', killAll);
      options.signal?.removeEventListener('abort', onAbort);
      if (fatal !== null) {
        resolve(Promise.reject(fatal));
        return;
      }
      const unfinished = pending.length > 0 || slots.some((s) => s.cell !== null);
      resolve({ aborted: stopping && unfinished, results, failed });
    };
    const stopAll = (): void => {
      stopping = true;
      for (const slot of slots) if (!slot.exited) slot.child.send({ type: 'stop' } satisfies ToWorker, () => undefined);
    };
    const killAll = (): void => {
      for (const slot of slots) if (!slot.exited) slot.child.kill('SIGTERM');
    };
    const onAbort = (): void => stopAll();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // The parent exiting (process.exit after an error) takes its workers down; a killed parent closes the IPC
    // channel, which the workers treat as a stop.
    process.on('exit', killAll);

    const fail = (error: Error): void => {
      if (fatal === null) fatal = error;
      stopAll();
    };
    const assign = (slot: Slot): void => {
      if (stopping) {
        slot.child.send({ type: 'stop' } satisfies ToWorker, () => undefined);
        return;
      }
      const next = pending.shift();
      if (next === undefined) {
        slot.child.send({ type: 'stop' } satisfies ToWorker, () => undefined);
        return;
      }
      slot.cell = next.cell;
      void removeCellError(runDir, next.cell.id).then(() => {
        emit({
          type: 'cell',
          index: next.index,
          total: cells.length,
          cell: next.cell,
          skipped: false,
          worker: slot.id,
        });
        slot.child.send({ type: 'run', runDir, cell: next.cell } satisfies ToWorker, () => undefined);
      });
    };
    const onMessage = (slot: Slot, message: FromWorker): void => {
      switch (message.type) {
        case 'ready':
          slot.ready = true;
          emit({ type: 'worker-ready', worker: slot.id, backend: message.backend });
          assign(slot);
          break;
        case 'event':
          emit({ ...message.event, worker: slot.id });
          break;
        case 'done': {
          const cell = slot.cell;
          slot.cell = null;
          if (message.status === 'aborted' || message.result === null || cell === null) {
            if (cell !== null) pending.unshift({ cell, index: indexOf.get(cell.id) ?? 0 });
            return;
          }
          results.set(cell.id, message.result);
          emit({ type: 'cell-done', cell, result: message.result, worker: slot.id });
          assign(slot);
          break;
        }
        case 'error': {
          const cell = slot.cell;
          slot.cell = null;
          if (cell === null) {
            fail(new RethinkError(message.code, message.message, { worker: slot.id }));
            return;
          }
          if (isPermanent(message.code)) {
            void writeCellError(runDir, cell.id, message).then((record) => {
              failed.set(cell.id, record);
              assign(slot);
            }, fail);
            return;
          }
          fail(new RethinkError(message.code, message.message, { cellId: cell.id, cell: cell.name }));
          break;
        }
      }
    };
    const spawn = (): void => {
      const id = nextId++;
      const child = fork(WORKER_ENTRY, options.backend ? [options.backend] : [], {
        env: childEnv,
        execArgv: ['--import', TSX_LOADER],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      const slot: Slot = { id, child, cell: null, ready: false, exited: false, stderr: '' };
      slots.push(slot);
      child.stderr?.on('data', (chunk: Buffer) => {
        slot.stderr = (slot.stderr + chunk.toString()).slice(-4000);
      });
      child.on('message', (message: FromWorker) => onMessage(slot, message));
      child.on('error', (error) => fail(error));
      child.on('exit', (code, signal) => {
        slot.exited = true;
        const cell = slot.cell;
        slot.cell = null;
        if (cell !== null || (!slot.ready && !stopping && fatal === null)) {
          // The worker died under a cell (or before it could start): the cell resumes from its checkpoint on a
          // new worker, a few times; then the run fails, naming the worker's last words.
          const why = `worker ${id} exited (${signal ?? `code ${code}`})${slot.stderr.trim() ? `: ${slot.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`;
          if (cell !== null) {
            const n = (crashes.get(cell.id) ?? 0) + 1;
            crashes.set(cell.id, n);
            pending.unshift({ cell, index: indexOf.get(cell.id) ?? 0 });
            if (n >= CRASH_ATTEMPTS)
              fail(new ExperimentError(`reproduce --workers: cell ${cell.name}: ${why}`, { cellId: cell.id }));
            else if (!stopping) spawn();
          } else {
            fail(new ExperimentError(`reproduce --workers: ${why}`, { worker: id }));
          }
        }
        settle();
      });
    };
    for (let i = 0; i < count; i++) spawn();
  });
}
