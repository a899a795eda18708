import type { Command } from 'commander';
import {
  ExperimentError,
  planFromOptions,
  redactUrl,
  runQueueWorker,
  runShard,
  serveLocalWorker,
  type QueueWorkerEvent,
} from 'rethink/experiment';
import { formatBackendInfo } from 'rethink/train';
import { CliError, EXIT_INTERRUPTED } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { parseIntFlag, parseNumberFlag } from '../parse.ts';
import { workerDisplay } from '../worker-display.ts';
import { planOptionsOf, type PlanFlags } from '../plan-flags.ts';
import { CHECKPOINT_EVERY_HELP, withCheckpointEvery } from '../checkpoint-flag.ts';

/** Raw flag values of `rethink worker`. */
interface WorkerFlags extends PlanFlags {
  ipc?: boolean;
  queue?: string;
  concurrency?: string;
  root?: string;
  stalledAfter?: string;
  shard?: string;
  out?: string;
  backend?: string;
  checkpointEvery?: string;
}

/** `--shard i/N`: 0 ≤ i < N. */
function parseShard(raw: string): { index: number; count: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(count) || count < 1 || index >= count) {
    throw new CliError(`--shard must be i/N with 0 <= i < N (e.g. 0/4), got ${JSON.stringify(raw)}`, {
      flag: '--shard',
      value: raw,
    });
  }
  return { index, count };
}

/** The plan options of the plan flags (the same as `reproduce`'s), each checked. */

/** A queue worker's events as log lines on stderr (one a line: it runs unattended, under a scheduler). */
function queueLog(io: CliIo): (event: QueueWorkerEvent) => void {
  return (event) => {
    const at = new Date().toISOString();
    switch (event.type) {
      case 'ready':
        io.err(`${at} worker ${event.worker}: taking cells from ${event.queue}; ${formatBackendInfo(event.backend)}\n`);
        break;
      case 'job':
        io.err(`${at} worker ${event.worker}: ${event.cell.name} (${event.cell.id}) in ${event.runDir}\n`);
        break;
      case 'cell-start':
        if (event.resumedFrom !== null)
          io.err(`${at} worker ${event.worker}: ${event.cell.name}: resuming after epoch ${event.resumedFrom}\n`);
        break;
      case 'epoch': {
        const r = event.record;
        io.err(
          `${at} worker ${event.worker}: [${event.cell.name}] epoch ${r.epoch}/${event.cell.optimizer.epochs} loss ${r.trainLoss.toFixed(3)} train ${r.trainAccuracy.toFixed(3)}${r.testAccuracy === null || r.testAccuracy === undefined ? '' : ` test ${r.testAccuracy.toFixed(3)}`}\n`,
        );
        break;
      }
      case 'job-done':
        io.err(`${at} worker ${event.worker}: ${event.cell.name}: ${event.status}\n`);
        break;
      case 'job-failed':
        io.err(
          `${at} worker ${event.worker}: cell ${event.cellId} failed${event.permanent ? ' for good' : ' (will be retried)'}: [${event.code}] ${event.message}\n`,
        );
        break;
      case 'warning':
        io.err(`${at} worker ${event.worker}: ${event.message}\n`);
        break;
      default:
        break;
    }
  };
}

/** Ctrl-C / SIGTERM stop the worker after the current batch (the cell resumes from its checkpoint). */
function stopOnSignals(io: CliIo, what: string): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (!controller.signal.aborted) io.err(`\nrethink worker: stopping after this batch (${what})\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

/**
 * Runs `rethink worker` with already-parsed flags; exported for specs. Three modes, exactly one of them:
 *
 * - `--queue URL` (or `RETHINK_QUEUE`): take cells from the BullMQ queue until stopped (Ctrl-C, SIGTERM);
 * - `--shard i/N --out DIR` with the plan flags of `reproduce`: run shard i of N of the plan, then exit;
 * - `--ipc`: a local worker of `reproduce --workers` (started by it, not by hand).
 *
 * Returns the exit code: 0 done (or stopped by a signal, for a queue worker), 1 when a shard's cell failed for
 * good, {@link EXIT_INTERRUPTED} when a shard was interrupted.
 *
 * @example
 * ```ts
 * import { runWorker } from './worker.ts';
 * import { memoryIo } from '../io.ts';
 * const code = await runWorker({ shard: '0/2', out: 'reports/.example-shard', samples: '64', testSamples: '32', conditions: 'true,random', epochs: '1', backend: 'cpu', theorem: false }, memoryIo());
 * console.log(code); // 0
 * ```
 */
export async function runWorker(flags: WorkerFlags, io: CliIo): Promise<number> {
  const queue =
    flags.queue ??
    (io.env.RETHINK_QUEUE !== undefined && io.env.RETHINK_QUEUE !== '' ? io.env.RETHINK_QUEUE : undefined);
  const modes = [
    flags.ipc ? '--ipc' : null,
    flags.queue !== undefined ? '--queue' : null,
    flags.shard !== undefined ? '--shard' : null,
  ].filter((m) => m !== null);
  if (modes.length > 1) throw new CliError(`worker: give one of ${modes.join(', ')}`, { flags: modes });
  const backend = flags.backend !== undefined ? { backend: flags.backend } : {};
  const env = withCheckpointEvery(flags.checkpointEvery, io.env);
  if (flags.ipc) return await serveLocalWorker({ ...backend, env });

  if (flags.shard !== undefined) {
    const { index, count } = parseShard(flags.shard);
    if (flags.out === undefined)
      throw new CliError('worker --shard: --out DIR is required (the run folder every shard shares)', {
        flag: '--out',
      });
    const plan = planOptionsOf(flags);
    try {
      planFromOptions(plan); // a bad plan (file, preset field, flag combination) is a usage error naming it
    } catch (error) {
      if (!(error instanceof ExperimentError)) throw error;
      throw new CliError(error.message, { ...error.details }, 2, { cause: error });
    }
    const display = workerDisplay(io, { prefix: `shard ${index}/${count}` });
    const stop = stopOnSignals(io, 'run the same command to resume');
    try {
      const result = await runShard({
        plan,
        out: flags.out,
        index,
        count,
        ...backend,
        env,
        signal: stop.signal,
        onEvent: display.onEvent,
      });
      display.stop();
      io.out(
        `${JSON.stringify({ shard: `${index}/${count}`, planId: result.planId, cells: result.share, of: result.total, finished: result.results.size, failed: [...result.failed.keys()], aborted: result.aborted })}\n`,
      );
      for (const [id, error] of result.failed)
        io.err(`rethink worker: cell ${id} failed: [${error.code}] ${error.message}\n`);
      return result.aborted ? EXIT_INTERRUPTED : result.failed.size > 0 ? 1 : 0;
    } finally {
      display.stop();
      stop.dispose();
    }
  }

  if (queue === undefined) {
    throw new CliError(
      'worker: give --queue redis://HOST:PORT/DB (or RETHINK_QUEUE), or --shard i/N --out DIR with a plan',
      {
        flag: '--queue',
      },
    );
  }
  let protocol = '';
  try {
    protocol = new URL(queue).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:')
    throw new CliError(`--queue must be a redis:// or rediss:// URL, got ${JSON.stringify(redactUrl(queue))}`, {
      flag: '--queue',
    });
  const concurrency =
    flags.concurrency === undefined ? undefined : parseIntFlag('--concurrency', flags.concurrency, { min: 1 });
  const stalledAfter =
    flags.stalledAfter === undefined ? undefined : parseNumberFlag('--stalled-after', flags.stalledAfter, { above: 0 });
  const stop = stopOnSignals(io, 'a cell in progress goes back to the queue');
  try {
    return await runQueueWorker({
      queue,
      ...backend,
      ...(flags.root !== undefined ? { root: flags.root } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(stalledAfter !== undefined ? { stalledAfterMs: Math.round(stalledAfter * 1000) } : {}),
      env,
      signal: stop.signal,
      onEvent: queueLog(io),
    });
  } finally {
    stop.dispose();
  }
}

/**
 * Registers `rethink worker`: trains cells of a plan for `reproduce --queue` (from a BullMQ queue on Redis), for
 * array jobs (`--shard i/N`), or for `reproduce --workers` (`--ipc`). See docs/distributed.md.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { memoryIo } from '../io.ts';
 * import { registerWorker } from './worker.ts';
 * const program = new Command('rethink').exitOverride();
 * registerWorker(program, memoryIo());
 * console.log(program.commands.map((c) => c.name()).join(' ')); // worker
 * ```
 */
export function registerWorker(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description(
      'Train cells of plans: from a Redis queue (--queue), one shard of a plan (--shard i/N), or for reproduce --workers.',
    )
    .option(
      '--queue <url>',
      'take cells from the BullMQ queue at redis://HOST:PORT/DB or rediss://… [default: RETHINK_QUEUE]',
    )
    .option(
      '--concurrency <n>',
      'cells at once, each in its own process [default: one per core on wasm/cpu, one per GPU]',
    )
    .option('--root <dir>', 'accept only run folders under this folder [default: the current folder]')
    .option(
      '--stalled-after <seconds>',
      'hand a cell whose worker stopped answering to another after this long [default: 30]',
    )
    .option('--shard <i/N>', 'run shard i (0-based) of N of the plan, into --out')
    .option('--out <dir>', 'the run folder every shard shares (with --shard)')
    .option('--backend <name>', 'auto, tensorflow, webgpu, wasm or cpu [default: RETHINK_BACKEND, else auto]')
    .option('--checkpoint-every <seconds>', CHECKPOINT_EVERY_HELP)
    .option('--ipc', 'serve reproduce --workers over IPC (started by reproduce)')
    .option('--plan <name|file>', 'with --shard: a preset or a plan JSON file [default: quick]')
    .option('--dataset <name>', 'with --shard: the data set')
    .option('--samples <n>', 'with --shard: training images')
    .option('--test-samples <n>', 'with --shard: test images')
    .option('--model <name>', 'with --shard: one model')
    .option('--models <list>', 'with --shard: comma-separated models')
    .option('--conditions <list>', 'with --shard: comma-separated conditions')
    .option('--corruption <list>', 'with --shard: label corruption levels')
    .option('--weight-decay <list>', 'with --shard: weight decay values')
    .option('--crop <list>', 'with --shard: off, on or off,on')
    .option('--epochs <n>', 'with --shard: epoch cap per cell')
    .option('--batch-size <n>', 'with --shard: batch size')
    .option('--lr <x>', 'with --shard: learning rate')
    .option('--lr-decay <x>', 'with --shard: learning-rate decay per epoch')
    .option('--seed <n>', 'with --shard: one seed')
    .option('--seeds <list>', 'with --shard: comma-separated seeds')
    .option('--no-theorem', 'with --shard: no Theorem 1 panel in the plan')
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 failed, 2 usage error, 130 interrupted (a shard: run it again to resume).',
    )
    .action(async (flags: WorkerFlags) => {
      const code = await runWorker(flags, io);
      if (code === EXIT_INTERRUPTED)
        throw new CliError('worker: interrupted; run the same command to resume', {}, EXIT_INTERRUPTED);
      if (code !== 0) throw new CliError('worker: some cells failed (see above)', {}, code);
    });
}
