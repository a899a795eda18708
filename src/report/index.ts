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
export { RUN_FORMAT_VERSION, RUN_FILES, CONDITION_KINDS } from './runFiles.ts';
export type {
  ConditionKind,
  JsonValue,
  DatasetInfo,
  LrSchedule,
  BackendInfo,
  RunConfig,
  MetricRecord,
  ConditionSummary,
  TheoremPanel,
  RunSummary,
  TruncatedLine,
  MetricsFile,
  RunFiles,
} from './runFiles.ts';
export { conditionId } from './conditionId.ts';
export { corruptionLevel } from './corruptionLevel.ts';
export { parseMetrics } from './parseMetrics.ts';
export type { ParseMetricsOptions } from './parseMetrics.ts';
export { readConfig } from './readConfig.ts';
export { readMetrics } from './readMetrics.ts';
export { readSummary } from './readSummary.ts';
export { readRun } from './readRun.ts';
export { summarizeMetrics } from './summarizeMetrics.ts';
export type { SummarizeMetricsOptions } from './summarizeMetrics.ts';
export { writeConfig } from './writeConfig.ts';
export { writeSummary } from './writeSummary.ts';
export { appendMetric } from './appendMetric.ts';
export type { AppendMetricOptions } from './appendMetric.ts';
export { repairMetrics } from './repairMetrics.ts';
export { renderReport } from './renderReport.ts';
export type { RenderReportOptions, RenderedReport } from './renderReport.ts';
export { buildReport } from './buildReport.ts';
export type { BuildReportOptions, BuildReportResult } from './buildReport.ts';
export { PAPER_TABLE_1, PAPER_TABLE_1_COLUMNS, KERAS_REPLICATION } from './paperReference.ts';
export type { PaperTable1Column, PaperTable1Row, ReplicationFigure } from './paperReference.ts';
