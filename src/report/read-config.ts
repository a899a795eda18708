import { join } from 'node:path';
import { RUN_FILES, type RunConfig } from './run-files.ts';
import { readJson } from './_fs.ts';
import { validateConfig } from './_validate.ts';

/**
 * Reads and validates `config.json` of a run folder. A missing file, bad JSON or a field that breaks the
 * format throws a {@link RunFileError} naming the file and the field.
 *
 * @example
 * ```ts
 * import { readConfig } from 'rethink/report';
 * const config = await readConfig('fixtures/report/sample-run');
 * console.log(config.dataset.name); // mnist
 * ```
 */
export async function readConfig(runDir: string): Promise<RunConfig> {
  const file = join(runDir, RUN_FILES.config);
  return validateConfig(await readJson('readConfig', file), { fn: 'readConfig', file });
}
