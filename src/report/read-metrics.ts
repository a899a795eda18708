import { join } from 'node:path';
import { RUN_FILES } from 'rethink/core';
import { type MetricsFile } from './run-files.ts';
import { parseMetrics } from './parse-metrics.ts';
import { readText } from './_fs.ts';

/**
 * Reads `metrics.jsonl` of a run folder ({@link parseMetrics} explains the rules): a truncated last line is
 * skipped and returned as `truncated`; a missing file or any other bad line throws a {@link RunFileError}
 * naming the file (and the line).
 *
 * @example
 * ```ts
 * import { readMetrics } from 'rethink/report';
 * const { records, truncated } = await readMetrics('fixtures/report/sample-run');
 * console.log(records.length > 0, truncated); // true null
 * ```
 */
export async function readMetrics(runDir: string): Promise<MetricsFile> {
  const file = join(runDir, RUN_FILES.metrics);
  return parseMetrics(await readText('readMetrics', file), { file, caller: 'readMetrics' });
}
