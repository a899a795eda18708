import { join } from 'node:path';
import { RUN_FILES, runConfigSchema, type RunConfig } from 'rethink/core';
import { writeRunFile } from './_fs.ts';
import { checkRunFile } from './_check.ts';

/**
 * Writes `config.json` into a run folder (creating the folder), atomically. The value is checked exactly as
 * {@link readConfig} will read it (after a JSON round trip, so a NaN shows up as the null it becomes) and a
 * bad field throws a {@link RunFileError} before anything is written.
 *
 * @example
 * ```ts
 * import { readConfig, writeConfig } from 'rethink/report';
 * const config = await readConfig('fixtures/report/sample-run');
 * await writeConfig('reports/.example-run', config);
 * console.log((await readConfig('reports/.example-run')).runId === config.runId); // true
 * ```
 */
export async function writeConfig(runDir: string, config: RunConfig): Promise<void> {
  const file = join(runDir, RUN_FILES.config);
  const text = `${JSON.stringify(config, null, 2)}\n`;
  checkRunFile(runConfigSchema, JSON.parse(text), { caller: 'writeConfig', file });
  await writeRunFile('writeConfig', file, text);
}
