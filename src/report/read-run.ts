import { join } from 'node:path';
import { RUN_FILES, RUN_FORMAT_VERSION } from 'rethink/core';
import { type RunFiles } from './run-files.ts';
import { readConfig } from './read-config.ts';
import { readMetrics } from './read-metrics.ts';
import { readSummary } from './read-summary.ts';
import { summarizeMetrics } from './summarize-metrics.ts';
import { ensureDir } from './_fs.ts';
import { exists } from 'rethink/core';

/**
 * Reads a whole run folder: `config.json`, `metrics.jsonl` and `summary.json`. When `summary.json` is
 * missing (the run is still going or was killed) the summary is derived from the metrics with
 * {@link summarizeMetrics} (fit threshold `config.extra.fitAccuracy`, default 1) and `summaryDerived` is true.
 * A missing folder throws a {@link RunDirError}; a missing or invalid file a {@link RunFileError} naming it.
 *
 * @example
 * ```ts
 * import { readRun } from 'rethink/report';
 * const run = await readRun('fixtures/report/sample-run');
 * console.log(run.summaryDerived, run.summary.conditions.length); // false 10
 * ```
 */
export async function readRun(runDir: string): Promise<RunFiles> {
  await ensureDir('readRun', runDir);
  const config = await readConfig(runDir);
  const metrics = await readMetrics(runDir);
  const threshold = config.extra?.fitAccuracy;
  const fitAccuracy = typeof threshold === 'number' ? threshold : 1;
  const fromMetrics = summarizeMetrics(metrics.records, { fitAccuracy });
  if (await exists(join(runDir, RUN_FILES.summary))) {
    const summary = await readSummary(runDir);
    // A run stopped mid-way wrote summary.json with the conditions that finished; the ones it was training are
    // in the metrics only: their results are derived from the metrics, and listed as such.
    const finished = new Set(summary.conditions.map((c) => c.condition));
    const derived = fromMetrics.filter((c) => !finished.has(c.condition));
    return {
      dir: runDir,
      config,
      metrics,
      summary: { ...summary, conditions: [...summary.conditions, ...derived] },
      summaryDerived: false,
      derivedConditions: derived.map((c) => c.condition),
    };
  }
  return {
    dir: runDir,
    config,
    metrics,
    summary: { formatVersion: RUN_FORMAT_VERSION, conditions: fromMetrics, theorem: null, randomization: {} },
    summaryDerived: true,
    derivedConditions: fromMetrics.map((c) => c.condition),
  };
}
