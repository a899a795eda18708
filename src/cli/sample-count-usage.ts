import { SampleCountError } from 'rethink/data';
import { CliError } from './errors.ts';

/** The flag of each `loadDataSet` sample-count option. */
const FLAGS = { samples: '--samples', testSamples: '--test-samples' } as const;

/**
 * Turns a data set's refusal of a sample count ({@link SampleCountError}, thrown once the data set is loaded
 * and its size known) into the usage error of the flag that asked for it (exit 2): the flag, the range the
 * command accepts for the data set actually chosen (`min` … the split's size) and the value given. Any other
 * error is returned unchanged, so `catch (e) { throw sampleCountUsage('reproduce', e); }` rethrows it.
 *
 * @example
 * ```ts
 * import { SampleCountError } from 'rethink/data';
 * import { sampleCountUsage } from './sample-count-usage.ts';
 * const e = sampleCountUsage('reproduce', new SampleCountError('samples', 100000, 8000, 'mnist')) as Error;
 * console.log(e.message); // reproduce: --samples must be an integer in [1, 8000] for mnist (its training split holds 8000 images), got 100000
 * ```
 */
export function sampleCountUsage(command: string, error: unknown, min = 1): unknown {
  if (!(error instanceof SampleCountError)) return error;
  const flag = FLAGS[error.option];
  return new CliError(
    `${command}: ${flag} must be an integer in [${min}, ${error.available}] for ${error.dataset} (its ${error.split} split holds ${error.available} images), got ${error.value}`,
    { flag, value: error.value, min, max: error.available, dataset: error.dataset },
    2,
    { cause: error },
  );
}
