/**
 * What the report's readers return. The run-file format itself (file names, `config.json`, `metrics.jsonl` and
 * `summary.json` as zod schemas with their types) lives in rethink/core (`run-format.ts`), shared with the trainer
 * and the experiment runner; the report never sees a live model.
 *
 * @module
 */
import type { MetricRecord, RunConfig, RunSummary } from 'rethink/core';

/** A `metrics.jsonl` last line that was cut off (a killed run) and skipped. */
export interface TruncatedLine {
  /** Its 1-based line number. */
  readonly line: number;
  /** Its text (at most 200 characters). */
  readonly text: string;
}

/** What {@link parseMetrics} and {@link readMetrics} return. */
export interface MetricsFile {
  /** The valid records, in file order. */
  readonly records: readonly MetricRecord[];
  /** The truncated last line that was skipped, or null. */
  readonly truncated: TruncatedLine | null;
  /** The UTF-8 byte length of the valid prefix (truncate the file to this before appending again). */
  readonly validBytes: number;
}

/** Everything {@link readRun} read from a run folder. */
export interface RunFiles {
  /** The run folder. */
  readonly dir: string;
  readonly config: RunConfig;
  readonly metrics: MetricsFile;
  readonly summary: RunSummary;
  /** True when `summary.json` was missing and {@link RunFiles.summary} was derived from the metrics. */
  readonly summaryDerived: boolean;
  /**
   * Conditions whose results were derived from the metrics because summary.json does not hold them (yet): all of
   * them when it is missing, the ones being trained when the run was stopped otherwise.
   */
  readonly derivedConditions: readonly string[];
}
