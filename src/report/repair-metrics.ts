import { Buffer } from 'node:buffer';
import { join } from 'node:path';
import { RUN_FILES } from 'rethink/core';
import { type MetricsFile } from './run-files.ts';
import { parseMetrics } from './parse-metrics.ts';
import { readText, writeRunFile } from './_fs.ts';
import { exists } from 'rethink/core';

/**
 * Makes `metrics.jsonl` of a run folder safe to append to again after a killed run: drops a truncated last
 * line and ends the file with a newline (atomically, only when something changes), and returns the valid
 * records, from which a resuming runner finds the last finished epoch of each condition. A missing file
 * gives no records (nothing to resume); any other bad line throws a {@link RunFileError} naming it.
 *
 * @example
 * ```ts
 * import { repairMetrics } from 'rethink/report';
 * import { cpSync, appendFileSync, rmSync } from 'node:fs';
 * rmSync('reports/.example-repair', { recursive: true, force: true });
 * cpSync('fixtures/report/sample-run', 'reports/.example-repair', { recursive: true });
 * appendFileSync('reports/.example-repair/metrics.jsonl', '{"condition":"gauss');
 * const { truncated } = await repairMetrics('reports/.example-repair');
 * console.log(truncated !== null, (await repairMetrics('reports/.example-repair')).truncated); // true null
 * ```
 */
export async function repairMetrics(runDir: string): Promise<MetricsFile> {
  const file = join(runDir, RUN_FILES.metrics);
  if (!(await exists(file))) return { records: [], truncated: null, validBytes: 0 };
  const text = await readText('repairMetrics', file);
  const parsed = parseMetrics(text, { file, caller: 'repairMetrics' });
  const prefix = Buffer.from(text, 'utf8').subarray(0, parsed.validBytes).toString('utf8');
  const fixed = prefix === '' || prefix.endsWith('\n') ? prefix : `${prefix}\n`;
  if (fixed === text) return parsed;
  await writeRunFile('repairMetrics', file, fixed);
  return { ...parsed, validBytes: Buffer.byteLength(fixed, 'utf8') };
}
