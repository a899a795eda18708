import type { Command } from 'commander';
import { redactUrl } from 'rethink/experiment';
import { CliError } from './errors.ts';
import { parseIntFlag } from './parse.ts';

/** The raw values of `--workers` and `--queue`. */
export interface DistributionFlags {
  readonly workers?: string;
  readonly queue?: string;
}

/**
 * Adds `--workers N` (local worker processes) and `--queue URL` (a BullMQ queue on Redis) to a command such as
 * `reproduce`; read them back with {@link distributionOptions}.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { addDistributionFlags } from './distribution-flags.ts';
 * const command = addDistributionFlags(new Command('reproduce'));
 * console.log(command.options.map((o) => o.long).join(' ')); // --workers --queue
 * ```
 */
export function addDistributionFlags(command: Command): Command {
  return command
    .option(
      '--workers <n>',
      'train this many cells at once in local worker processes [default: one per core on wasm/cpu, one per GPU]',
    )
    .option(
      '--queue <url>',
      'enqueue the cells on a BullMQ queue at redis://HOST:PORT/DB (or rediss://) for `rethink worker --queue` on any machine; --out must be on storage every machine sees [default: RETHINK_QUEUE]',
    );
}

/**
 * The checked values of `--workers` and `--queue` (a {@link CliError}, exit code 2, names a bad one; a queue's
 * password is never shown). Without `--queue` and `--workers`, `env.RETHINK_QUEUE` is used when set, so that
 * the password need not be on the command line (where other users of the machine can see it in `ps`).
 *
 * @example
 * ```ts
 * import { distributionOptions } from './distribution-flags.ts';
 * console.log(distributionOptions({ workers: '2' }), distributionOptions({ queue: 'redis://:pw@h:6379/0' }).queue); // { workers: 2 } redis://:pw@h:6379/0
 * ```
 */
export function distributionOptions(
  flags: DistributionFlags,
  env: Readonly<Record<string, string | undefined>> = {},
): { workers?: number; queue?: string } {
  const workers = flags.workers === undefined ? undefined : parseIntFlag('--workers', flags.workers, { min: 1 });
  // RETHINK_QUEUE (keeps a password off the command line) applies when neither flag is given.
  const fromEnv = env.RETHINK_QUEUE !== undefined && env.RETHINK_QUEUE !== '' && workers === undefined;
  const raw = flags.queue ?? (fromEnv ? env.RETHINK_QUEUE : undefined);
  const flag = flags.queue !== undefined ? '--queue' : 'RETHINK_QUEUE';
  let queue: string | undefined;
  if (raw !== undefined) {
    let protocol = '';
    try {
      protocol = new URL(raw).protocol;
    } catch {
      protocol = '';
    }
    if (protocol !== 'redis:' && protocol !== 'rediss:') {
      throw new CliError(`${flag} must be a redis:// or rediss:// URL, got ${JSON.stringify(redactUrl(raw))}`, {
        flag,
        value: redactUrl(raw),
      });
    }
    queue = raw;
  }
  if (workers !== undefined && queue !== undefined) {
    throw new CliError(
      `--workers and ${flag} exclude each other: with a queue, start workers with rethink worker --queue (--concurrency N)`,
      { flag: '--workers' },
    );
  }
  return { ...(workers !== undefined ? { workers } : {}), ...(queue !== undefined ? { queue } : {}) };
}
