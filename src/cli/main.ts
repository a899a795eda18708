import { CommanderError } from 'commander';
import { RethinkError } from 'rethink/core';
import { CliError } from './errors.ts';
import { processIo, type CliIo } from './io.ts';
import { buildProgram } from './program.ts';

/**
 * The thin entry point: runs the command for `argv` and turns every failure into a message on stderr and
 * an exit code, which it returns:
 *
 * - 0: success;
 * - 1: a failed operation (a `RethinkError`, or anything unexpected);
 * - 2: a usage error (a bad flag or argument, named in the message; also a `RethinkError` whose `details.flag`
 *   names the flag whose value is at fault, such as an `--out` that is a file or a foreign folder);
 * - 130 (`EXIT_INTERRUPTED`): stopped by Ctrl-C (SIGINT) before it finished — `reproduce` keeps what finished,
 *   and the same command with `--out <run folder>` resumes it.
 *
 * A {@link CliError} carries its own code (2 unless it says otherwise).
 *
 * @example
 * ```ts
 * import { main } from './main.ts';
 * import { memoryIo } from './io.ts';
 * const code = await main(['theorem', '--samples', 'x'], memoryIo());
 * console.log(code); // 2
 * ```
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its message (or the help text).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError) {
      io.err(`rethink: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof RethinkError) {
      io.err(`rethink: [${error.code}] ${error.message}\n`);
      // An error that names the flag whose value is at fault (`--out` a file, `--plan` unreadable) is a usage error.
      const flag = error.details.flag;
      return typeof flag === 'string' && flag.startsWith('--') ? 2 : 1;
    }
    io.err(`rethink: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
