/**
 * The BullMQ queue on a real Redis (Debian's redis-server on a loopback port): workers killed mid-cell, the
 * coordinator killed and restarted, Redis restarted, bad URLs, a second coordinator, a run folder outside a
 * worker's root, a cell that fails for good. Each test is bounded in time; the metrics of every cell equal a
 * single-process run (bit-identical on the cpu backend).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cell } from 'rethink/core';
import { executeCells, executeCellsDistributed, redactUrl } from 'rethink/experiment';
import { selectBackend } from 'rethink/train';
import { CLI, finishedCells, metricsWithoutSeconds, tinyCells } from './_cells.ts';
import { freePort, NO_REDIS, REDIS_SERVER, startRedis, type RedisServer } from './_redis.ts';

const PASSWORD = 'sp3c s3cret/pw';
const root = mkdtempSync(join(tmpdir(), 'rethink-queue-'));
let redis: RedisServer;
let reference: Map<string, unknown[]>;
const workers: { child: ChildProcess; log: string[] }[] = [];

/**
 * `rethink worker --queue` as its own process, on the cpu backend, stalled jobs handed over after 2 s, a
 * checkpoint after every epoch (so that a cell killed after its first epoch has one to resume from).
 */
function startWorker(url: string, workerRoot = root): { child: ChildProcess; log: string[] } {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'worker',
      '--queue',
      url,
      '--concurrency',
      '1',
      '--backend',
      'cpu',
      '--root',
      workerRoot,
      '--stalled-after',
      '2',
      '--checkpoint-every',
      '0',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const log: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) =>
    log.push(
      ...chunk
        .toString()
        .split('\n')
        .filter((l) => l !== ''),
    ),
  );
  const worker = { child, log };
  workers.push(worker);
  return worker;
}

async function stopWorkers(): Promise<void> {
  await Promise.all(
    workers.splice(0).map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** How many times each cell was trained to its end, from the workers' logs. */
function completions(cells: readonly Cell[], logs: readonly string[]): number[] {
  return cells.map((c) => logs.filter((l) => l.endsWith(`${c.name}: done`)).length);
}

describe.skipIf(REDIS_SERVER === null)(
  `the cell queue on Redis${REDIS_SERVER === null ? ` (${NO_REDIS})` : ''}`,
  () => {
    beforeAll(async () => {
      redis = await startRedis({ password: PASSWORD });
      const dir = join(root, 'sequential');
      const cells = await tinyCells(dir);
      await executeCells(dir, cells, { backend: await selectBackend({ backend: 'cpu' }) });
      reference = new Map(cells.map((c) => [c.id, metricsWithoutSeconds(dir, c.id)]));
    });
    afterAll(async () => {
      await stopWorkers();
      await redis?.stop();
      rmSync(root, { recursive: true, force: true });
    });

    it('three workers, one SIGKILLed mid-cell: every cell finishes once, with the metrics of a single-process run', async () => {
      const dir = join(root, 'killed-worker');
      const cells = await tinyCells(dir, { seeds: [0, 1] });
      const pool = [0, 1, 2].map(() => startWorker(redis.url));
      let killed: string | null = null;
      const started = Date.now();
      const { results, failed, aborted } = await executeCellsDistributed(dir, cells, {
        queue: redis.url,
        onEvent: (e) => {
          if (killed === null && e.type === 'epoch' && typeof e.worker === 'string' && e.record.epoch === 1) {
            killed = e.worker;
            process.kill(Number(e.worker.split(':').pop()), 'SIGKILL');
          }
        },
      });
      expect(killed).not.toBeNull();
      expect(aborted).toBe(false);
      expect(failed.size).toBe(0);
      expect(results.size).toBe(cells.length);
      expect(finishedCells(dir).sort()).toStrictEqual(cells.map((c) => c.id).sort());
      expect(
        completions(
          cells,
          pool.flatMap((w) => w.log),
        ),
      ).toStrictEqual(cells.map(() => 1));
      const resumed = pool.flatMap((w) => w.log).filter((l) => l.includes('resuming after epoch'));
      expect(resumed.length).toBe(1);
      for (const cell of cells.filter((c) => c.seed === 0))
        expect(metricsWithoutSeconds(dir, cell.id)).toStrictEqual(reference.get(cell.id));
      for (const cell of cells) expect(metricsWithoutSeconds(dir, cell.id)).toHaveLength(3);
      expect(Date.now() - started).toBeLessThan(60_000);
      // Enqueueing again adds nothing: every cell is finished.
      const again = await executeCellsDistributed(dir, cells, { queue: redis.url });
      expect(again.results.size).toBe(cells.length);
      const queue = new Queue('rethink-cells', {
        connection: { host: '127.0.0.1', port: redis.port, password: PASSWORD },
      });
      const jobs = (await queue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed'])).filter((j) =>
        cells.some((c) => j.id?.endsWith(`.${c.id}`) && j.data.runDir === dir),
      );
      await queue.close();
      expect(jobs.length).toBe(cells.length);
      // No password in anything the run wrote or the workers printed.
      const files = cells.map((c) => readFileSync(join(dir, 'cells', c.id, 'result.json'), 'utf8')).join('');
      expect(files + pool.flatMap((w) => w.log).join('\n')).not.toContain('s3cret');
      await stopWorkers();
    });

    it('the coordinator killed and restarted mid-run: no duplicate cells, every cell finished', async () => {
      const dir = join(root, 'killed-coordinator');
      const cells = await tinyCells(dir);
      const pool = [startWorker(redis.url), startWorker(redis.url)];
      const coordinate = (): { child: ChildProcess; lines: Record<string, unknown>[] } => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', join(import.meta.dirname, '_coordinate.ts'), dir, redis.url],
          {
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        const lines: Record<string, unknown>[] = [];
        child.stdout?.on('data', (chunk: Buffer) => {
          for (const l of chunk.toString().split('\n'))
            if (l.trim() !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
        });
        return { child, lines };
      };
      const first = coordinate();
      while (!first.lines.some((l) => l.type === 'epoch')) await new Promise((r) => setTimeout(r, 100));
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      const second = coordinate();
      const code = await new Promise<number | null>((r) => second.child.once('exit', r));
      expect(code).toBe(0);
      const result = second.lines.find((l) => l.type === 'result');
      expect(result).toMatchObject({ aborted: false, finished: cells.length, failed: [] });
      expect(finishedCells(dir).sort()).toStrictEqual(cells.map((c) => c.id).sort());
      expect(
        completions(
          cells,
          pool.flatMap((w) => w.log),
        ),
      ).toStrictEqual(cells.map(() => 1));
      for (const cell of cells) expect(metricsWithoutSeconds(dir, cell.id)).toStrictEqual(reference.get(cell.id));
      await stopWorkers();
    });

    it('a second coordinator of the same run folder is refused while the first follows the queue', async () => {
      const dir = join(root, 'two-coordinators');
      const cells = await tinyCells(dir, { conditions: ['true-labels'] });
      const controller = new AbortController();
      const first = executeCellsDistributed(dir, cells, { queue: redis.url, signal: controller.signal });
      await new Promise((r) => setTimeout(r, 1500));
      await expect(executeCellsDistributed(dir, cells, { queue: redis.url })).rejects.toThrow(
        /already being coordinated through redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0 by pid \d+/,
      );
      controller.abort();
      expect((await first).aborted).toBe(true);
    });

    it('redis-server restarted mid-run (losing every job): workers and coordinator reconnect and the run completes', async () => {
      const dir = join(root, 'redis-restart');
      const cells = await tinyCells(dir);
      startWorker(redis.url);
      startWorker(redis.url);
      let restarted: Promise<void> | null = null;
      const { results, failed } = await executeCellsDistributed(dir, cells, {
        queue: redis.url,
        onEvent: (e) => {
          if (restarted === null && e.type === 'epoch') restarted = redis.restart({ downMs: 1000 });
        },
      });
      await restarted;
      expect(restarted).not.toBeNull();
      expect(failed.size).toBe(0);
      expect(results.size).toBe(cells.length);
      for (const cell of cells) expect(metricsWithoutSeconds(dir, cell.id)).toStrictEqual(reference.get(cell.id));
      await stopWorkers();
    });

    it("a run folder outside the worker's --root is refused (failed, not retried), and a cell that fails for good is recorded", async () => {
      const outside = mkdtempSync(join(tmpdir(), 'rethink-outside-'));
      try {
        const cells = await tinyCells(outside, { conditions: ['true-labels'] });
        const confined = join(root, 'confined');
        mkdirSync(confined);
        startWorker(redis.url, confined);
        const refused = await executeCellsDistributed(outside, cells, { queue: redis.url });
        expect(refused.results.size).toBe(0);
        expect(refused.failed.get(cells[0]!.id)?.code).toBe('E_ROOT');
        await stopWorkers();

        const dir = join(root, 'failing');
        const good = await tinyCells(dir, { conditions: ['true-labels'] });
        const broken = (
          await tinyCells(dir, { dataset: 'idx:/nonexistent/rethink-spec', conditions: ['true-labels'] })
        )[0]!;
        startWorker(redis.url);
        const { results, failed } = await executeCellsDistributed(dir, [...good, broken], { queue: redis.url });
        expect([...results.keys()]).toStrictEqual(good.map((c) => c.id));
        expect(failed.get(broken.id)).toMatchObject({ code: 'E_NOT_FOUND' });
        const error = JSON.parse(readFileSync(join(dir, 'cells', broken.id, 'error.json'), 'utf8')) as { code: string };
        expect(error.code).toBe('E_NOT_FOUND');
        await stopWorkers();
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('a transient failure (a file that cannot be written, E_FILE) is retried with backoff, and the cell then finishes', async () => {
      const dir = join(root, 'transient');
      const cells = await tinyCells(dir, { conditions: ['true-labels'] });
      const cell = cells[0]!;
      // A folder where the cell's metrics file goes: writing it fails (EISDIR) until the folder is gone.
      const blocker = join(dir, 'cells', cell.id, 'metrics.jsonl');
      mkdirSync(blocker);
      const worker = startWorker(redis.url);
      const failures = (): string[] => worker.log.filter((l) => l.includes(`cell ${cell.id} failed`));
      const unblocked = (async () => {
        const deadline = Date.now() + 30_000;
        while (failures().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        rmSync(blocker, { recursive: true, force: true });
      })();
      const started = Date.now();
      const { results, failed } = await executeCellsDistributed(dir, cells, { queue: redis.url });
      await unblocked;
      expect(failures()).toHaveLength(1);
      expect(failures()[0]).toMatch(/failed \(will be retried\): \[E_FILE\]/);
      expect(failed.size).toBe(0);
      expect([...results.keys()]).toStrictEqual([cell.id]);
      expect(metricsWithoutSeconds(dir, cell.id)).toStrictEqual(reference.get(cell.id));
      // The retry waited for the backoff (2 s) and the whole case stays bounded.
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      expect(Date.now() - started).toBeLessThan(60_000);
      await stopWorkers();
    });
  },
);

describe.skipIf(REDIS_SERVER === null)(
  'a queue that cannot be used fails fast, naming the URL without its password',
  () => {
    let garbage: Server;
    let garbagePort: number;
    let server: RedisServer;
    beforeAll(async () => {
      server = await startRedis({ password: PASSWORD });
      garbage = createServer((socket) => {
        socket.on('error', () => undefined);
        socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
      });
      await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
      garbagePort = (garbage.address() as { port: number }).port;
    });
    afterAll(async () => {
      garbage?.close();
      await server?.stop();
    });

    const cases: [string, () => Promise<string>, RegExp][] = [
      ['a wrong password', async () => `redis://:wrong-s3cret@127.0.0.1:${server.port}/0`, /authentication failed/],
      ['an unreachable port', async () => `redis://:s3cret@127.0.0.1:${await freePort()}/0`, /connection refused/],
      ['a port where no Redis answers', async () => `redis://:s3cret@127.0.0.1:${garbagePort}/0`, /not a Redis server/],
    ];
    for (const [what, url, reason] of cases) {
      it(`${what}: the coordinator rejects within seconds`, async () => {
        const u = await url();
        const started = Date.now();
        const error = (await executeCellsDistributed(join(root, 'never'), [], { queue: u }).catch(
          (e: unknown) => e,
        )) as Error;
        expect(Date.now() - started).toBeLessThan(6000);
        expect(error.message).toContain(redactUrl(u));
        expect(error.message).toMatch(reason);
        expect(error.message).not.toContain('s3cret');
        expect(JSON.stringify((error as unknown as { details: unknown }).details)).not.toContain('s3cret');
      });
    }

    it('rethink worker exits non-zero within seconds on each of them, the password nowhere in its output', async () => {
      const urls = await Promise.all(cases.map(([, url]) => url()));
      const runs = await Promise.all(
        urls.map(
          (u) =>
            new Promise<{ code: number | null; out: string; ms: number }>((resolve) => {
              const started = Date.now();
              const child = spawn(process.execPath, [CLI, 'worker', '--queue', u, '--concurrency', '1'], {
                stdio: ['ignore', 'pipe', 'pipe'],
              });
              let out = '';
              child.stdout.on('data', (c: Buffer) => (out += c.toString()));
              child.stderr.on('data', (c: Buffer) => (out += c.toString()));
              child.on('exit', (code) => resolve({ code, out, ms: Date.now() - started }));
            }),
        ),
      );
      for (const [i, run] of runs.entries()) {
        expect(run.code).toBe(1);
        expect(run.ms).toBeLessThan(15_000);
        expect(run.out).toContain(redactUrl(urls[i]!));
        expect(run.out).toMatch(cases[i]![2]);
        expect(run.out).not.toContain('s3cret');
      }
    });
  },
);
