import { join } from 'node:path';
import { RUN_FILES, runConfigSchema, type RunConfig } from 'rethink/core';
import { readJson } from './_fs.ts';
import { checkRunFile } from './_check.ts';

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
  return checkRunFile(runConfigSchema, await readJson('readConfig', file), { caller: 'readConfig', file });
}
