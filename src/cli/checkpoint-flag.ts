import { parseNumberFlag } from './parse.ts';

/** The environment a command passes on. */
type Env = Readonly<Record<string, string | undefined>>;

/**
 * `--checkpoint-every SECONDS` (least seconds of training between two checkpoint writes of a cell; 0 writes one
 * after every epoch) as the environment variable that carries it to every cell, whichever process trains it:
 * `env` with `RETHINK_CHECKPOINT_EVERY` set, or `env` itself when the flag is absent. A bad value of the flag, or
 * of an inherited `RETHINK_CHECKPOINT_EVERY`, is a usage error naming it, found before anything runs.
 *
 * @example
 * ```ts
 * import { withCheckpointEvery } from './checkpoint-flag.ts';
 * console.log(withCheckpointEvery('0', {}).RETHINK_CHECKPOINT_EVERY); // 0
 * ```
 */
export function withCheckpointEvery(raw: string | undefined, env: Env): Env {
  if (raw === undefined) {
    const inherited = env.RETHINK_CHECKPOINT_EVERY;
    if (inherited !== undefined && inherited.trim() !== '')
      parseNumberFlag('RETHINK_CHECKPOINT_EVERY', inherited, { min: 0 }); // checked before anything runs
    return env;
  }
  const seconds = parseNumberFlag('--checkpoint-every', raw, { min: 0 });
  return { ...env, RETHINK_CHECKPOINT_EVERY: String(seconds) };
}

/** The help line of `--checkpoint-every`. */
export const CHECKPOINT_EVERY_HELP =
  'least seconds of training between two checkpoints of a cell (a stop by Ctrl-C keeps the last epoch; a crash loses at most this much); 0: after every epoch [default: RETHINK_CHECKPOINT_EVERY, else 10]';
