/**
 * The report of an experiment run, built only from the run's files (`config.json`, `metrics.jsonl`,
 * `summary.json`), never from live models: the run-file format (types, readers and writers) and the
 * self-contained HTML page with Figure 1, Table 1 and the Theorem 1 panel.
 *
 * @example
 * ```ts
 * import { buildReport } from 'rethink/report';
 * const { file } = await buildReport('fixtures/report/sample-run', { out: 'reports/.example/index.html' });
 * console.log(file); // reports/.example/index.html
 * ```
 *
 * @module
 */
export { RunFileError, RunDirError } from './errors.ts';
export type { TruncatedLine, MetricsFile, RunFiles } from './run-files.ts';
export { parseMetrics } from './parse-metrics.ts';
export type { ParseMetricsOptions } from './parse-metrics.ts';
export { readConfig } from './read-config.ts';
export { readMetrics } from './read-metrics.ts';
export { readSummary } from './read-summary.ts';
export { readRun } from './read-run.ts';
export { summarizeMetrics } from './summarize-metrics.ts';
export type { SummarizeMetricsOptions } from './summarize-metrics.ts';
export { writeConfig } from './write-config.ts';
export { writeSummary } from './write-summary.ts';
export { appendMetric } from './append-metric.ts';
export type { AppendMetricOptions } from './append-metric.ts';
export { repairMetrics } from './repair-metrics.ts';
export { renderReport } from './render-report.ts';
export type { RenderReportOptions, RenderedReport } from './render-report.ts';
export { buildReport } from './build-report.ts';
export type { BuildReportOptions, BuildReportResult } from './build-report.ts';
export { PAPER_TABLE_1, PAPER_TABLE_1_COLUMNS, KERAS_REPLICATION } from './paper-reference.ts';
export type { PaperTable1Column, PaperTable1Row, ReplicationFigure } from './paper-reference.ts';
export { duration as formatDuration } from './_format.ts';
export { RunMixError } from './errors.ts';
export type { CellOutcome, PlanRunCell, PlanRunData, PlanRunSource, PlanRun } from './plan-run.ts';
export { readPlanRun } from './read-plan-run.ts';
export type { ReadPlanRunOptions } from './read-plan-run.ts';
export { planRunFromRun } from './plan-run-from-run.ts';
export { mergeRuns } from './merge-runs.ts';
export { renderComparativeReport } from './render-comparative-report.ts';
export type {
  RenderComparativeReportOptions,
  RenderedComparativeReport,
  ReportFigure,
  ReportTable,
} from './render-comparative-report.ts';
export { buildComparativeReport } from './build-comparative-report.ts';
export type { BuildComparativeReportOptions, BuildComparativeReportResult } from './build-comparative-report.ts';
