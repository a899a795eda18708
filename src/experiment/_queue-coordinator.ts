/** Internal: `executeCellsDistributed` with a queue — enqueue the unfinished cells, follow them to the end. */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import type { Cell, CellError, CellResult } from 'rethink/core';
import { readCellResult } from './_cell-files.ts';
import { readCellError, removeCellError, writeCellError } from './_cell-error.ts';
import { jobIdOf, jobOptions, reasonCode, runKeyOf, type CellJobData, type CellJobProgress } from './_queue-jobs.ts';
import {
  connectionOf,
  probeRedis,
  QUEUE_NAME,
  redisCommands,
  redisOptions,
  scrub,
  type RedisCommands,
} from './_redis.ts';
import type { DistributedOptions, DistributedResult } from './execute-cells-distributed.ts';
import { ExperimentError } from './errors.ts';
import { redactUrl } from './redact-url.ts';
import { parseLockHolder, processAlive } from './_process-lock.ts';

/** How often the coordinator checks the run folder and the queue (a lost event, Redis restarted empty). */
export const POLL_MS = 1000;
/** The coordinator's lock in Redis lives this long unless renewed (every third of it). */
const LOCK_TTL_MS = 30_000;

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) elseif redis.call('exists', KEYS[1]) == 0 then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const TAKE_OVER = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end`;

/** Takes the run's coordinator lock in Redis (a second coordinator, on any host, is refused); returns its release. */
async function lockRun(
  client: RedisCommands,
  runKey: string,
  runDir: string,
  url: string,
): Promise<() => Promise<void>> {
  const key = `rethink:coordinator:${runKey}`;
  const token = JSON.stringify({
    host: hostname(),
    pid: process.pid,
    startedAt: new Date().toISOString(),
    nonce: randomBytes(6).toString('hex'),
  });
  let taken = (await client.set(key, token, 'PX', LOCK_TTL_MS, 'NX')) === 'OK';
  if (!taken) {
    const held = await client.get(key);
    const holder = parseLockHolder(held) ?? { host: undefined, pid: undefined, startedAt: undefined };
    if (holder.host === hostname() && holder.pid !== undefined && !processAlive(holder.pid) && held !== null) {
      taken = (await client.eval(TAKE_OVER, 1, key, held, token, LOCK_TTL_MS)) === 1;
    }
    if (!taken) {
      throw new ExperimentError(
        `reproduce --queue: ${runDir} is already being coordinated through ${redactUrl(url)} by pid ${holder.pid ?? '?'} on host ${holder.host ?? '?'} (since ${holder.startedAt ?? '?'}); wait for it, or stop it — the cells stay queued and a new coordinator picks them up`,
        { dir: runDir, reason: 'locked', host: holder.host, pid: holder.pid },
      );
    }
  }
  const timer = setInterval(
    () => void client.eval(RENEW, 1, key, token, LOCK_TTL_MS).catch(() => undefined),
    LOCK_TTL_MS / 3,
  );
  timer.unref();
  return async () => {
    clearInterval(timer);
    await client.eval(RELEASE, 1, key, token).catch(() => undefined);
  };
}

export async function executeQueue(
  runDir: string,
  cells: readonly Cell[],
  options: DistributedOptions & { readonly queue: string },
): Promise<DistributedResult> {
  const url = options.queue;
  const caller = 'reproduce --queue';
  const connection = connectionOf(redisOptions(url, caller), { maxRetriesPerRequest: null });
  await probeRedis(url, caller);
  const emit = options.onEvent ?? (() => {});
  const dir = resolve(runDir);
  const runKey = await runKeyOf(dir, cells);
  const results = new Map<string, CellResult>();
  const failed = new Map<string, CellError>();
  const queue = new Queue<CellJobData, unknown, string>(QUEUE_NAME, { connection });
  queue.on('error', () => undefined);
  let events: QueueEvents | null = null;
  let unlock: (() => Promise<void>) | null = null;
  let timer: NodeJS.Timeout | undefined;
  try {
    unlock = await lockRun(redisCommands(await queue.client), runKey, dir, url);
    const pending = new Map<string, { cell: Cell; index: number }>();
    for (const [index, cell] of cells.entries()) {
      const done = await readCellResult(dir, cell.id);
      if (done !== null) {
        results.set(cell.id, done);
        emit({ type: 'cell', index, total: cells.length, cell, skipped: true });
      } else pending.set(jobIdOf(runKey, cell.id), { cell, index });
    }
    if (pending.size === 0) return { aborted: false, results, failed };
    events = new QueueEvents(QUEUE_NAME, { connection, autorun: false });
    events.on('error', () => undefined);
    const following = events;

    return await new Promise<DistributedResult>((resolveRun, rejectRun) => {
      let settled = false;
      const finish = (aborted: boolean): void => {
        if (settled) return;
        settled = true;
        options.signal?.removeEventListener('abort', onAbort);
        resolveRun({ aborted, results, failed });
      };
      const onAbort = (): void => finish(true);
      options.signal?.addEventListener('abort', onAbort, { once: true });

      const finished = (jobId: string, outcome: { result?: CellResult; error?: CellError }): void => {
        const entry = pending.get(jobId);
        if (entry === undefined) return;
        pending.delete(jobId);
        if (outcome.result) {
          results.set(entry.cell.id, outcome.result);
          emit({ type: 'cell-done', cell: entry.cell, result: outcome.result });
        } else if (outcome.error) failed.set(entry.cell.id, outcome.error);
        if (pending.size === 0) finish(false);
      };
      const enqueue = async (jobId: string, entry: { cell: Cell }): Promise<void> => {
        const data: CellJobData = { runDir: dir, cellId: entry.cell.id, cellName: entry.cell.name, runKey };
        await queue.add('cell', data, jobOptions(jobId));
      };
      /** Where a pending cell stands: finished in the folder, failed for good, or (re)queued when the queue lost it. */
      const check = async (jobId: string, initial = false): Promise<void> => {
        const entry = pending.get(jobId);
        if (entry === undefined) return;
        const result = await readCellResult(dir, entry.cell.id);
        if (result !== null) return finished(jobId, { result });
        const job = await queue.getJob(jobId);
        if (initial) await removeCellError(dir, entry.cell.id);
        else {
          const error = await readCellError(dir, entry.cell.id);
          if (error !== null && (job === undefined || (await job.getState()) === 'failed'))
            return finished(jobId, { error });
        }
        if (job === undefined) return await enqueue(jobId, entry);
        const state = await job.getState();
        if (state === 'failed') {
          if (initial) {
            await job.retry('failed'); // a new run of the plan tries its failed cells again
            return;
          }
          const failure = reasonCode(scrub(job.failedReason ?? 'failed', url));
          const error =
            (await readCellError(dir, entry.cell.id)) ?? (await writeCellError(dir, entry.cell.id, failure, 'queue'));
          return finished(jobId, { error });
        }
        if (state === 'completed' && initial) {
          // Completed in the queue but not finished in this folder (a folder reset): run it again.
          await job.remove();
          await enqueue(jobId, entry);
        }
      };
      let checking = false;
      const checkAll = async (initial = false): Promise<void> => {
        if (checking || settled) return;
        checking = true;
        try {
          for (const jobId of [...pending.keys()]) {
            if (settled) break;
            await check(jobId, initial);
          }
        } finally {
          checking = false;
        }
      };
      const cellOf = (jobId: string) => pending.get(jobId);
      following.on('active', ({ jobId }) => {
        const entry = cellOf(jobId);
        if (entry) emit({ type: 'cell', index: entry.index, total: cells.length, cell: entry.cell, skipped: false });
      });
      following.on('progress', ({ jobId, data }) => {
        const entry = cellOf(jobId);
        const p = data as CellJobProgress;
        if (entry === undefined || typeof p !== 'object' || p === null) return;
        const cell = entry.cell;
        if (p.type === 'cell-start') emit({ type: 'cell-start', cell, resumedFrom: p.resumedFrom, worker: p.worker });
        else if (p.type === 'epoch') emit({ type: 'epoch', cell, record: p.record as never, worker: p.worker });
        else if (p.type === 'batch') emit({ type: 'batch', cell, progress: p.progress as never, worker: p.worker });
      });
      const later = (jobId: string) => void check(jobId).catch(() => undefined);
      following.on('completed', ({ jobId }) => later(jobId));
      following.on('failed', ({ jobId }) => later(jobId));
      void (async () => {
        try {
          void following.run().catch(() => undefined);
          await following.waitUntilReady();
          await checkAll(true);
        } catch (error) {
          if (!settled) {
            settled = true;
            rejectRun(error);
          }
          return;
        }
        timer = setInterval(() => void checkAll().catch(() => undefined), POLL_MS);
      })();
    });
  } finally {
    clearInterval(timer);
    await unlock?.();
    await events?.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
  }
}
