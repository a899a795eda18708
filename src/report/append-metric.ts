import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { RunFileError } from './errors.ts';
import { metricRecordSchema, RUN_FILES, type MetricRecord } from 'rethink/core';
import { checkRunFile } from './_check.ts';

/** Options of {@link appendMetric}. */
export interface AppendMetricOptions {
  /** Also `fdatasync` the file, so the line survives a power cut, not just a killed process. Default false. */
  readonly sync?: boolean;
}

/**
 * Appends one record to `metrics.jsonl` of a run folder as a single write of one line (JSON and newline),
 * so a killed process leaves at most a truncated last line, which the readers skip. The record is checked
 * as the readers will read it; a bad field throws a {@link RunFileError} before anything is written. Order
 * across lines (epochs increasing per condition) is the caller's to keep; the readers enforce it. Before
 * appending to a file a killed run left behind, call {@link repairMetrics}.
 *
 * @example
 * ```ts
 * import { appendMetric, readMetrics } from 'rethink/report';
 * import { rmSync } from 'node:fs';
 * rmSync('reports/.example-metrics', { recursive: true, force: true });
 * await appendMetric('reports/.example-metrics', { condition: 'gaussian-pixels', kind: 'gaussian-pixels', p: null, epoch: 1,
 *   step: 8, trainLoss: 2.3, trainAccuracy: 0.12, testLoss: 2.3, testAccuracy: 0.1, lr: 0.01, seconds: 0.4 });
 * console.log((await readMetrics('reports/.example-metrics')).records.length); // 1
 * ```
 */
export async function appendMetric(
  runDir: string,
  record: MetricRecord,
  options: AppendMetricOptions = {},
): Promise<void> {
  const file = join(runDir, RUN_FILES.metrics);
  const json = JSON.stringify(record);
  checkRunFile(metricRecordSchema, JSON.parse(json), { caller: 'appendMetric', file });
  try {
    await mkdir(runDir, { recursive: true });
    const handle = await open(file, 'a');
    try {
      await handle.write(`${json}\n`);
      if (options.sync === true) await handle.datasync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new RunFileError(`appendMetric: ${file}: cannot append (${code})`, { file, reason: code }, { cause: error });
  }
}
