import { parseDataSetSpec, type DataSetSpec } from 'rethink/data';
import { RethinkError } from 'rethink/core';
import { CliError } from './errors.ts';

/**
 * Checks a `--dataset` value (or `data inspect`'s argument, named by `flag`) before anything is loaded, turning
 * an unknown name or a malformed spec into a usage error (exit 2) that names the flag.
 *
 * @example
 * ```ts
 * import { parseDataSetFlag } from './data-set-flag.ts';
 * console.log(parseDataSetFlag('reproduce', '--dataset', 'cifar10:/data/c')); // { kind: 'cifar10', dir: '/data/c' }
 * ```
 */
export function parseDataSetFlag(command: string, flag: string, raw: string): DataSetSpec {
  try {
    return parseDataSetSpec(raw);
  } catch (error) {
    /* v8 ignore next -- parseDataSetSpec throws only ArgumentError */
    if (!(error instanceof RethinkError)) throw error;
    throw new CliError(
      `${command}: ${flag}: ${error.message.replace(/^parseDataSetSpec: /, '')}`,
      { flag, value: raw },
      2,
      { cause: error },
    );
  }
}
