import { join } from 'node:path';
import { RUN_FILES, runSummarySchema, type RunSummary } from 'rethink/core';
import { readJson } from './_fs.ts';
import { checkRunFile } from './_check.ts';

/**
 * Reads and validates `summary.json` of a run folder. A missing file, bad JSON or a field that breaks the
 * format throws a {@link RunFileError} naming the file and the field.
 *
 * @example
 * ```ts
 * import { readSummary } from 'rethink/report';
 * const summary = await readSummary('fixtures/report/sample-run');
 * console.log(summary.conditions[0]?.condition); // true-labels
 * ```
 */
export async function readSummary(runDir: string): Promise<RunSummary> {
  const file = join(runDir, RUN_FILES.summary);
  return checkRunFile(runSummarySchema, await readJson('readSummary', file), { caller: 'readSummary', file });
}
