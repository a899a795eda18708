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
