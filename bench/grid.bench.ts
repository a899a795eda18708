/**
 * Cells in parallel: `npm run bench -- grid [--plan quick] [--samples N] [--epochs N] [--backend B] [--runs N] [--no-queue] [--no-local] [--cells] [--bound [--cell CONDITION]]`.
 *
 * Runs one plan (default `quick`, the plan of `npm start`) three ways from scratch, one after another, in each of
 * `--runs` rounds (default 3), and prints the medians:
 * 1. one local worker process (`executeCellsDistributed` with `workers: 1`; on wasm it gets every core as threads);
 * 2. the default local workers (`defaultWorkers`: one one-thread worker per core on wasm);
 * 3. through BullMQ on a local redis-server (a loopback port, no persistence) with 2 `rethink worker --queue`
 *    processes (started and ready before the clock starts: queue workers are long-lived).
 * It prints the wall time of each and the ratios to (1), and the queue's overhead per cell: enqueue → start (the
 * time a ready job waited for an idle worker, until `runCell` began) and finish → seen (from `result.json`'s
 * `finishedAt` to the coordinator's event), against the cell's own time. Goals (issue 18): default workers
 * ≤ 0.6× the one-worker wall time on 2 cores; the queue adds ≤ 1 % to a cell's time.
 *
 * `--bound` measures instead what the thread split itself allows, on one cell (see {@link bound}).
 *
 * Several minutes on 2 cores: run it alone (`flock /tmp/rethink-heavy.lock npm run bench -- grid`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Cell, CellResult } from 'rethink/core';
import {
  defaultWorkers,
  executeCellsDistributed,
  expandPlan,
  planFromOptions,
  writeCellFile,
} from 'rethink/experiment';
import { median } from './_stats.ts';
import { startRedis } from '../spec/experiment/_redis.ts';

const CLI = join(import.meta.dirname, '..', 'bin', 'rethink.mjs');

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function prepare(root: string, name: string, cells: readonly Cell[]): Promise<string> {
  const dir = join(root, name);
  for (const cell of cells) await writeCellFile(dir, cell);
  return dir;
}

function readResult(dir: string, id: string): CellResult {
  return JSON.parse(readFileSync(join(dir, 'cells', id, 'result.json'), 'utf8')) as CellResult;
}

/** A finished cell's own time in seconds (`result.json`: start to finish, without its worker's start-up). */
function ownSeconds(dir: string, id: string): number {
  const r = readResult(dir, id);
  return (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000;
}

/** One round: every run of the comparison once, from scratch; wall times by run name, and Σ cell times per local run. */
interface Round {
  readonly rows: { name: string; seconds: number }[];
  readonly cellSeconds: number[];
  readonly overheadPercent: number | null;
}

export default async function grid(args: string[]): Promise<void> {
  const backend = flag(args, '--backend') ?? 'auto';
  const samples = flag(args, '--samples');
  const epochs = flag(args, '--epochs');
  const runs = Number(flag(args, '--runs') ?? 3);
  const plan = planFromOptions({
    plan: flag(args, '--plan') ?? 'quick',
    ...(samples ? { samples: Number(samples), testSamples: Number(samples) } : {}),
    ...(epochs ? { epochs: Number(epochs) } : {}),
    theorem: false,
  });
  const cells = expandPlan(plan);
  const workers = defaultWorkers({ backend });
  if (args.includes('--bound')) return await bound(cells, runs, backend, flag(args, '--cell') ?? 'random-labels');
  console.log(
    `plan ${plan.plan.name ?? '(flags)'} ${JSON.stringify(plan.overrides)}: ${cells.length} cells; ${availableParallelism()} cores; backend ${backend}; default workers ${workers}; ${runs} rounds`,
  );
  const rounds: Round[] = [];
  for (let r = 0; r < runs; r++) {
    console.log(`round ${r + 1}/${runs}`);
    rounds.push(await round(args, cells, workers, backend));
  }
  const names = rounds[0]?.rows.map((row) => row.name) ?? [];
  const wall = (name: string): number =>
    median(rounds.map((x) => x.rows.find((row) => row.name === name)?.seconds ?? NaN));
  const base = wall(names[0] ?? '');
  console.log(`\nmedians over ${runs} rounds\n\n| run | wall time | ratio to 1 worker |\n| --- | ---: | ---: |`);
  for (const name of names)
    console.log(`| ${name} | ${wall(name).toFixed(1)} s | ${(wall(name) / base).toFixed(2)}× |`);
  const overhead = rounds.flatMap((x) => (x.overheadPercent === null ? [] : [x.overheadPercent]));
  if (overhead.length > 0) console.log(`\nqueue overhead per cell: ${median(overhead).toFixed(2)} % (goal ≤ 1 %)`);
  if (names[1] !== undefined) console.log(`goal: default workers ≤ 0.60× (got ${(wall(names[1]) / base).toFixed(2)}×)`);
  const one = median(rounds.map((x) => x.cellSeconds[0] ?? NaN));
  const many = median(rounds.map((x) => x.cellSeconds[1] ?? NaN));
  if (Number.isFinite(one) && Number.isFinite(many) && workers > 1) {
    // W workers that each need `slower`× a cell's one-worker time cannot finish in less than slower / W of
    // the one-worker cell time (perfect balance, no start-up): the bound the thread split itself sets.
    const slower = many / one;
    console.log(
      `bound: a cell takes ${slower.toFixed(2)}× as long on one of ${workers} workers (Σ ${many.toFixed(1)} s against ${one.toFixed(1)} s), so ${workers} workers cannot take less than ${(slower / workers).toFixed(2)}× of the one-worker cell time`,
    );
  }
}

async function round(args: string[], cells: readonly Cell[], workers: number, backend: string): Promise<Round> {
  const root = mkdtempSync(join(tmpdir(), 'rethink-bench-grid-'));
  const rows: { name: string; seconds: number }[] = [];
  const cellSeconds: number[] = []; // Σ of the cells' own times, per local run
  let overheadPercent: number | null = null;
  try {
    const local = args.includes('--no-local')
      ? []
      : ([
          ['1 worker', 1],
          [`default (${workers} workers)`, workers],
        ] as const);
    for (const [name, count] of local) {
      const dir = await prepare(root, `local-${count}`, cells);
      const start = performance.now();
      const run = await executeCellsDistributed(dir, cells, { workers: count, backend });
      const seconds = (performance.now() - start) / 1000;
      if (run.results.size !== cells.length) throw new Error(`${name}: ${run.results.size}/${cells.length} cells`);
      rows.push({ name, seconds });
      const times = cells.map((c) => ({ name: c.name, s: ownSeconds(dir, c.id) }));
      const sum = times.reduce((a, t) => a + t.s, 0);
      cellSeconds.push(sum);
      const longest = times.reduce((a, t) => (t.s > a.s ? t : a));
      console.log(
        `  ${name}: ${seconds.toFixed(1)} s wall; cells ${sum.toFixed(1)} s in all, the longest ${longest.s.toFixed(1)} s (${longest.name})`,
      );
      if (args.includes('--cells'))
        for (const t of times) console.log(`    ${t.s.toFixed(1).padStart(6)} s  ${t.name}`);
    }

    if (!args.includes('--no-queue')) {
      const redis = await startRedis({ password: 'bench-secret' });
      const dir = await prepare(root, 'queue', cells);
      const procs: ChildProcess[] = [];
      try {
        const ready = [0, 1].map(
          () =>
            new Promise<void>((resolve, reject) => {
              const child = spawn(
                process.execPath,
                [CLI, 'worker', '--queue', redis.url, '--concurrency', '1', '--root', root, '--backend', backend],
                { env: { ...process.env, RETHINK_THREADS: '1' }, stdio: ['ignore', 'ignore', 'pipe'] },
              );
              procs.push(child);
              let log = '';
              const onData = (c: Buffer): void => {
                log = (log + c.toString()).slice(-2000);
                if (log.includes('taking cells from')) {
                  child.stderr.off('data', onData);
                  child.stderr.resume(); // drain the rest unread
                  resolve();
                }
              };
              child.stderr.on('data', onData);
              child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${log.slice(-400)}`)));
            }),
        );
        await Promise.all(ready);
        const seen = new Map<string, number>();
        const start = performance.now();
        const run = await executeCellsDistributed(dir, cells, {
          queue: redis.url,
          onEvent: (e) => {
            if (e.type === 'cell-done') seen.set(e.cell.id, Date.now());
          },
        });
        const seconds = (performance.now() - start) / 1000;
        if (run.results.size !== cells.length) throw new Error(`queue: ${run.results.size}/${cells.length} cells`);
        rows.push({ name: 'queue (2 workers)', seconds });
        console.log(`  queue (2 workers): ${seconds.toFixed(1)} s`);

        // Per cell: the wait of a ready job for an idle worker, until runCell began, and the coordinator's delay.
        const queue = new Queue('rethink-cells', {
          connection: { host: '127.0.0.1', port: redis.port, password: 'bench-secret' },
        });
        const jobs = (await queue.getJobs(['completed'])).filter((j) => j.data.runDir === dir);
        await queue.close();
        const byWorker = new Map<string, { job: (typeof jobs)[number]; result: CellResult }[]>();
        for (const job of jobs) {
          const result = readResult(dir, job.data.cellId as string);
          const key = job.processedBy ?? result.backends[0]?.host ?? '?';
          byWorker.set(key, [...(byWorker.get(key) ?? []), { job, result }]);
        }
        const pickup: number[] = [];
        const report: number[] = [];
        const cellMs: number[] = [];
        for (const list of byWorker.values()) {
          list.sort((a, b) => Date.parse(a.result.startedAt) - Date.parse(b.result.startedAt));
          let free = 0;
          for (const { job, result } of list) {
            const began = Date.parse(result.startedAt);
            const ended = Date.parse(result.finishedAt);
            pickup.push(began - Math.max(job.timestamp, free));
            report.push((seen.get(result.cellId) ?? ended) - ended);
            cellMs.push(ended - began);
            free = ended;
          }
        }
        const perCell = median(pickup) + median(report);
        if (args.includes('--cells'))
          for (const [i, ms] of cellMs.entries())
            console.log(`    ${(ms / 1000).toFixed(1).padStart(6)} s  pickup ${pickup[i]} ms`);
        overheadPercent = (100 * perCell) / median(cellMs);
        console.log(
          `  queue overhead per cell (median over ${jobs.length}): enqueue → start ${median(pickup).toFixed(0)} ms, finish → seen ${median(report).toFixed(0)} ms; cell ${(median(cellMs) / 1000).toFixed(1)} s → ${((100 * perCell) / median(cellMs)).toFixed(2)} % (goal ≤ 1 %)`,
        );
      } finally {
        for (const child of procs) child.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 1000));
        await redis.stop();
      }
    }
    return { rows, cellSeconds, overheadPercent };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The cell's own time (`result.json`: start to finish, without the worker's start-up) after training it afresh. */
async function cellSeconds(cell: Cell, threads: number, backend: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'rethink-bench-bound-'));
  try {
    await writeCellFile(dir, cell);
    const env = { ...process.env, RETHINK_THREADS: String(threads) };
    await executeCellsDistributed(dir, [cell], { workers: 1, backend, env });
    return ownSeconds(dir, cell.id);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `--bound [--cell CONDITION]`: what the thread split itself allows. One cell of the plan (default random labels)
 * trained alone on two threads, alone on one thread, and twice at once on one thread each (two worker processes),
 * in each of `--runs` rounds; medians. Two one-thread workers cannot take less than (two at once / two threads
 * alone) / 2 of one two-thread worker's time.
 */
async function bound(cells: readonly Cell[], runs: number, backend: string, condition: string): Promise<void> {
  const cell = cells.find((c) => c.condition.id === condition);
  if (cell === undefined) throw new Error(`--cell ${condition}: no such condition in the plan`);
  console.log(`${cell.name}: alone on 2 threads, alone on 1, and two at once on 1 thread each; ${runs} rounds`);
  const two: number[] = [];
  const one: number[] = [];
  const pair: number[] = [];
  for (let r = 0; r < runs; r++) {
    two.push(await cellSeconds(cell, 2, backend));
    one.push(await cellSeconds(cell, 1, backend));
    const both = await Promise.all([cellSeconds(cell, 1, backend), cellSeconds(cell, 1, backend)]);
    pair.push(median(both));
    console.log(
      `  round ${r + 1}: ${two.at(-1)?.toFixed(2)} s, ${one.at(-1)?.toFixed(2)} s, ${both.map((x) => x.toFixed(2)).join(' / ')} s`,
    );
  }
  const [t2, t1, tp] = [median(two), median(one), median(pair)];
  console.log(
    `\n| run | cell time | ratio |\n| --- | ---: | ---: |\n| alone, 2 threads | ${t2.toFixed(2)} s | 1.00× |\n| alone, 1 thread | ${t1.toFixed(2)} s | ${(t1 / t2).toFixed(2)}× |\n| two at once, 1 thread each | ${tp.toFixed(2)} s | ${(tp / t2).toFixed(2)}× |`,
  );
  console.log(
    `\nbound: two one-thread workers cannot take less than ${(tp / t2 / 2).toFixed(2)}× of one two-thread worker's time on such cells`,
  );
}
