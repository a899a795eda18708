import { fork } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { availableParallelism, hostname } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import type { BackendInfo, Cell } from 'rethink/core';
import { MAX_WASM_THREADS, selectBackend } from 'rethink/train';
import { readCell } from './_cell-files.ts';
import { describeError, isPermanent, writeCellError } from './_cell-error.ts';
import { lockCell } from './_cell-lock.ts';
import type { CellJobData, CellJobProgress } from './_queue-jobs.ts';
import { CLI_ENTRY } from './_local-workers.ts';
import { connectionOf, probeRedis, QUEUE_NAME, redisOptions, scrub } from './_redis.ts';
import { defaultWorkers } from './default-workers.ts';
import { ExperimentError } from './errors.ts';
import { redactUrl } from './redact-url.ts';
import { runCell, type CellEvent } from './run-cell.ts';

/** Options of {@link runQueueWorker}. */
export interface RunQueueWorkerOptions {
  /** The queue: a `redis://` or `rediss://` URL (a password in it never appears in logs or files). */
  readonly queue: string;
  /** Only run folders under this folder are accepted (default the current working directory). */
  readonly root?: string;
  /** The backend choice (`auto`, `tensorflow`, `webgpu`, `wasm`, `cpu`); default `RETHINK_BACKEND`, else `auto`. */
  readonly backend?: string;
  /** Cells trained at once, each in its own process (default: `defaultWorkers` for the backend). */
  readonly concurrency?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Stops after the current batch; the cell goes back to the queue and resumes from its checkpoint elsewhere. */
  readonly signal?: AbortSignal;
  /** A job whose worker stopped renewing its lock this long ago is handed to another worker (default 30 s). */
  readonly stalledAfterMs?: number;
  /** The host recorded with each cell (default this machine's name). */
  readonly host?: string;
  readonly onEvent?: (event: QueueWorkerEvent) => void;
}

/** The defaults of {@link runQueueWorker}. */
export const RUN_QUEUE_WORKER_DEFAULTS = { stalledAfterMs: 30_000, batchEveryMs: 1000 } as const;

/** What {@link runQueueWorker} reports. */
export type QueueWorkerEvent =
  | { readonly type: 'ready'; readonly worker: string; readonly backend: BackendInfo; readonly queue: string }
  | { readonly type: 'job'; readonly worker: string; readonly runDir: string; readonly cell: Cell }
  | (CellEvent & { readonly worker: string })
  | { readonly type: 'job-done'; readonly worker: string; readonly cell: Cell; readonly status: string }
  | {
      readonly type: 'job-failed';
      readonly worker: string;
      readonly cellId: string;
      readonly code: string;
      readonly message: string;
      readonly permanent: boolean;
    }
  | { readonly type: 'warning'; readonly worker: string; readonly message: string };

/** True when `path` is `root` or inside it. */
function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * `rethink worker --queue URL`: takes cells from the BullMQ queue on Redis, trains each with `runCell` on this
 * machine's best backend into its run folder (on storage every machine sees, at the same path), and records the
 * host and backend. A job whose run folder is outside `root` is refused (failed, not retried). A cell that fails
 * for a reason that will not change (`E_FORMAT`, `E_INTEGRITY`, `E_EXPERIMENT`, …) is failed for good with its
 * `error.json`; other failures retry with exponential backoff. A worker killed mid-cell leaves its job to be
 * detected as stalled and resumed from the checkpoint by another; Redis restarting is waited for. With
 * `concurrency` N > 1, N worker processes run (threads split between them on wasm). A wrong password, an
 * unreachable host or a port where no Redis answers fails within seconds, naming the URL without its password.
 * Resolves with the exit code once `signal` has stopped it.
 *
 * @example
 * ```ts
 * import { runQueueWorker } from 'rethink/experiment';
 * const controller = new AbortController();
 * const exit = runQueueWorker({ queue: 'redis://127.0.0.1:6379/0', root: '/shared/runs', signal: controller.signal });
 * // … later: controller.abort(); console.log(await exit); // 0
 * ```
 */
export async function runQueueWorker(options: RunQueueWorkerOptions): Promise<number> {
  const caller = 'worker --queue';
  const connection = redisOptions(options.queue, caller);
  const env = options.env ?? process.env;
  const concurrency =
    options.concurrency ?? defaultWorkers({ ...(options.backend ? { backend: options.backend } : {}), env });
  await probeRedis(options.queue, caller);
  if (concurrency > 1) return await runProcesses(options, concurrency);

  const emit = options.onEvent ?? (() => {});
  const host = options.host ?? hostname();
  const name = `${host}:${process.pid}`;
  const root = await realpath(resolve(options.root ?? process.cwd())).catch(() => resolve(options.root ?? '.'));
  const stalledAfterMs = options.stalledAfterMs ?? RUN_QUEUE_WORKER_DEFAULTS.stalledAfterMs;
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) return 0;
  const backend = await selectBackend({ ...(options.backend ? { backend: options.backend } : {}), env });

  const processor = async (job: Job<CellJobData>, token?: string): Promise<unknown> => {
    const { runDir, cellId } = job.data ?? ({} as CellJobData);
    if (typeof runDir !== 'string' || typeof cellId !== 'string' || !/^[0-9a-f]{12}$/.test(cellId)) {
      throw new UnrecoverableError(`E_ARGUMENT: job ${job.id} does not name a run folder and a cell`);
    }
    const real = await realpath(resolve(runDir)).catch(() => resolve(runDir));
    if (!inside(root, real)) {
      const message = `run folder ${runDir} is outside this worker's --root ${root}; refused`;
      emit({ type: 'job-failed', worker: name, cellId, code: 'E_ROOT', message, permanent: true });
      throw new UnrecoverableError(`E_ROOT: ${message}`);
    }
    const fail = async (error: unknown): Promise<never> => {
      const failure = describeError(error);
      const permanent = isPermanent(failure.code);
      emit({ type: 'job-failed', worker: name, cellId, ...failure, permanent });
      if (permanent) {
        await writeCellError(runDir, cellId, failure, host).catch(() => undefined);
        throw new UnrecoverableError(`${failure.code}: ${failure.message}`);
      }
      throw new Error(`${failure.code}: ${failure.message}`);
    };
    let cell: Cell;
    try {
      cell = await readCell(runDir, cellId);
    } catch (error) {
      return await fail(error);
    }
    const release = await lockCell(runDir, cellId, { signal: controller.signal });
    if (release === null) {
      await job.moveToWait(token);
      throw new WaitingError();
    }
    emit({ type: 'job', worker: name, runDir, cell });
    let lastBatch = 0;
    const publish = (progress: CellJobProgress): void => void job.updateProgress(progress).catch(() => undefined);
    const onEvent = (event: CellEvent): void => {
      emit({ ...event, worker: name });
      if (event.type === 'cell-start') publish({ type: 'cell-start', worker: name, resumedFrom: event.resumedFrom });
      else if (event.type === 'epoch') publish({ type: 'epoch', worker: name, record: { ...event.record } });
      else if (Date.now() - lastBatch >= RUN_QUEUE_WORKER_DEFAULTS.batchEveryMs) {
        lastBatch = Date.now();
        publish({ type: 'batch', worker: name, progress: { ...event.progress } });
      }
    };
    let status: string;
    try {
      status = (await runCell(runDir, cell, { env, signal: controller.signal, backend, host, onEvent })).status;
    } catch (error) {
      return await fail(error);
    } finally {
      await release();
    }
    if (status === 'aborted') {
      // Stopped (SIGINT/SIGTERM): the cell goes back to the queue, to resume from its checkpoint.
      await job.moveToWait(token);
      throw new WaitingError();
    }
    emit({ type: 'job-done', worker: name, cell, status });
    return { status, host, backend: backend.name };
  };

  const worker = new Worker<CellJobData>(QUEUE_NAME, processor, {
    connection: connectionOf(connection, { maxRetriesPerRequest: null }),
    concurrency: 1,
    autorun: false,
    lockDuration: stalledAfterMs,
    stalledInterval: Math.max(500, Math.floor(stalledAfterMs / 2)),
    maxStalledCount: 5,
    name,
  });
  let lastWarning = '';
  worker.on('error', (error) => {
    const message = scrub(error.message, options.queue);
    if (message !== lastWarning) emit({ type: 'warning', worker: name, message });
    lastWarning = message;
  });
  emit({ type: 'ready', worker: name, backend, queue: redactUrl(options.queue) });
  const running = worker.run();
  await new Promise<void>((resolveStop) => {
    if (controller.signal.aborted) resolveStop();
    controller.signal.addEventListener('abort', () => resolveStop(), { once: true });
  });
  await worker.close();
  await running.catch(() => undefined);
  return 0;
}

/** `concurrency` worker processes, each `rethink worker --queue … --concurrency 1` (the URL passed in the environment). */
async function runProcesses(options: RunQueueWorkerOptions, count: number): Promise<number> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env ?? process.env)) if (value !== undefined) env[key] = value;
  env.RETHINK_QUEUE = options.queue;
  if (env.RETHINK_THREADS === undefined || env.RETHINK_THREADS === '')
    env.RETHINK_THREADS = String(Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(availableParallelism() / count))));
  const args = [
    'worker',
    '--concurrency',
    '1',
    ...(options.root ? ['--root', options.root] : []),
    ...(options.backend ? ['--backend', options.backend] : []),
    ...(options.stalledAfterMs ? ['--stalled-after', String(options.stalledAfterMs / 1000)] : []),
  ];
  const children = Array.from({ length: count }, () =>
    fork(CLI_ENTRY, args, { env, execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const stopAll = (): void => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  };
  options.signal?.addEventListener('abort', stopAll, { once: true });
  process.on('exit', stopAll);
  const codes = await Promise.all(
    children.map((child) => new Promise<number>((done) => child.on('exit', (code) => done(code ?? 1)))),
  );
  process.removeListener('exit', stopAll);
  if (!options.signal?.aborted && codes.some((c) => c !== 0)) {
    throw new ExperimentError(`worker --queue: a worker process exited with code ${codes.find((c) => c !== 0)}`, {
      codes,
    });
  }
  return 0;
}
