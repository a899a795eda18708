import { RethinkError } from 'rethink/core';

/**
 * A usage error of the command line (a bad flag value, a missing argument). `main` prints its message
 * without a stack trace and exits with `exitCode` (2 by default).
 *
 * @example
 * ```ts
 * import { CliError } from './errors.ts';
 * const e = new CliError('theorem: --samples must be a positive integer, got "x"', { flag: '--samples' });
 * console.log(e.exitCode); // 2
 * ```
 */
export class CliError extends RethinkError {
  readonly exitCode: number;
  constructor(message: string, details: Record<string, unknown> = {}, exitCode = 2, options?: ErrorOptions) {
    super('E_CLI', message, details, options);
    this.exitCode = exitCode;
  }
}

/**
 * The exit code of a command stopped by Ctrl-C (SIGINT) before it finished, as shells report a process killed by
 * SIGINT (128 + 2): a script can tell an interrupted `reproduce` from a finished one (0) and resume it.
 *
 * @example
 * ```ts
 * import { CliError, EXIT_INTERRUPTED } from './errors.ts';
 * const e = new CliError('reproduce: interrupted', {}, EXIT_INTERRUPTED);
 * console.log(e.exitCode); // 130
 * ```
 */
export const EXIT_INTERRUPTED = 130;
