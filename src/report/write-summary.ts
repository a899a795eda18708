import { join } from 'node:path';
import { RUN_FILES, runSummarySchema, type RunSummary } from 'rethink/core';
import { writeRunFile } from './_fs.ts';
import { checkRunFile } from './_check.ts';

/**
 * Writes `summary.json` into a run folder (creating the folder), atomically, after checking it exactly as
 * {@link readSummary} will read it; a bad field throws a {@link RunFileError} before anything is written.
 *
 * @example
 * ```ts
 * import { readSummary, writeSummary } from 'rethink/report';
 * const summary = await readSummary('fixtures/report/sample-run');
 * await writeSummary('reports/.example-run', summary);
 * console.log((await readSummary('reports/.example-run')).conditions.length); // 10
 * ```
 */
export async function writeSummary(runDir: string, summary: RunSummary): Promise<void> {
  const file = join(runDir, RUN_FILES.summary);
  const text = `${JSON.stringify(summary, null, 2)}\n`;
  checkRunFile(runSummarySchema, JSON.parse(text), { caller: 'writeSummary', file });
  await writeRunFile('writeSummary', file, text);
}
