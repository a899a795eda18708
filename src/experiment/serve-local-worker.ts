import { selectBackend } from 'rethink/train';
import { ExperimentError } from './errors.ts';
import { describeError } from './_cell-error.ts';
import type { FromWorker, ToWorker } from './_ipc.ts';
import { runCell, type CellEvent } from './run-cell.ts';

/** Options of {@link serveLocalWorker}. */
export interface ServeLocalWorkerOptions {
  /** The backend choice (`auto`, `tensorflow`, `webgpu`, `wasm`, `cpu`); default `RETHINK_BACKEND`, else `auto`. */
  readonly backend?: string;
  /** Environment (`RETHINK_THREADS`, `RETHINK_DATA`, …); default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Least time between two batch events sent to the parent, in ms (default 250). */
  readonly batchEveryMs?: number;
}

/** The defaults of {@link serveLocalWorker}. */
export const SERVE_LOCAL_WORKER_DEFAULTS = { batchEveryMs: 250 } as const;

/**
 * The worker side of local workers: `rethink worker --ipc`, forked by `executeCellsDistributed`. It sets up its
 * own backend, says `ready`, then trains the cells the parent sends one at a time (with `runCell`), streaming
 * their events back. A `stop` message, SIGINT, SIGTERM or the parent going away (the IPC channel closing, as
 * when the parent is killed) stops it after the current batch: the cell keeps the checkpoint of its last
 * finished epoch, and the next run resumes it. Resolves with the exit code once it is done.
 *
 * @example
 * ```ts
 * import { serveLocalWorker } from 'rethink/experiment';
 * // In a process forked with an IPC channel (see executeCellsDistributed):
 * if (process.send !== undefined) process.exitCode = await serveLocalWorker({ backend: 'cpu' });
 * ```
 */
export async function serveLocalWorker(options: ServeLocalWorkerOptions = {}): Promise<number> {
  const send = process.send?.bind(process);
  if (send === undefined) {
    throw new ExperimentError('worker --ipc: this process has no IPC channel; it is started by reproduce --workers', {
      reason: 'no-ipc',
    });
  }
  const env = options.env ?? process.env;
  const every = options.batchEveryMs ?? SERVE_LOCAL_WORKER_DEFAULTS.batchEveryMs;
  const post = (message: FromWorker): void => {
    if (process.connected) send(message, undefined, {}, () => undefined);
  };
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.on('disconnect', stop);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let busy = false;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  controller.signal.addEventListener('abort', () => {
    if (!busy) finish(0);
  });
  try {
    const backend = await selectBackend({
      ...(options.backend !== undefined ? { backend: options.backend } : {}),
      env,
    });
    post({ type: 'ready', backend, pid: process.pid });
    if (controller.signal.aborted) return 0;
    const onMessage = async (message: ToWorker): Promise<void> => {
      if (message.type === 'stop') return stop();
      if (busy || controller.signal.aborted) return;
      busy = true;
      let lastBatch = 0;
      const forward = (event: CellEvent): void => {
        if (event.type === 'batch') {
          const now = Date.now();
          if (now - lastBatch < every) return;
          lastBatch = now;
        }
        post({ type: 'event', event });
      };
      try {
        const outcome = await runCell(message.runDir, message.cell, {
          env,
          signal: controller.signal,
          backend,
          onEvent: forward,
        });
        post({ type: 'done', cellId: message.cell.id, status: outcome.status, result: outcome.result });
      } catch (error) {
        post({ type: 'error', cellId: message.cell.id, ...describeError(error) });
      } finally {
        busy = false;
        if (controller.signal.aborted) finish(0);
      }
    };
    process.on('message', (message: ToWorker) => void onMessage(message));
    return await finished;
  } catch (error) {
    post({ type: 'error', cellId: null, ...describeError(error) });
    return 1;
  } finally {
    process.removeListener('disconnect', stop);
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}
