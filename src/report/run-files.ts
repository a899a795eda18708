/**
 * The run-file format: what an experiment run writes into its folder `reports/<run-id>/`, and all that
 * `rethink report` reads. The experiment runner writes these files (through {@link writeConfig},
 * {@link appendMetric} and {@link writeSummary}, which validate before writing); the report never sees a
 * live model.
 *
 * - `config.json` — {@link RunConfig}: the effective configuration, written once when the run starts.
 * - `metrics.jsonl` — one {@link MetricRecord} per line, one line per epoch per condition, appended as the
 *   run goes. A truncated last line (a killed run) is skipped and reported; any earlier bad line is an error.
 * - `summary.json` — {@link RunSummary}: per-condition results, the Theorem 1 panel and the randomization
 *   records, written when the run ends. While it is missing the report derives a provisional summary from
 *   the metrics ({@link summarizeMetrics}).
 * - `index.html` — the report ({@link buildReport}).
 *
 * @example
 * ```ts
 * import { RUN_FILES, conditionId } from 'rethink/report';
 * console.log(RUN_FILES.metrics, conditionId('corrupt-labels', 0.4)); // metrics.jsonl corrupt-labels@0.4
 * ```
 *
 * @module
 */

/** The version written into `config.json` and `summary.json`; readers reject any other. */
export const RUN_FORMAT_VERSION = 1;

/** The file names inside a run folder. */
export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  summary: 'summary.json',
  report: 'index.html',
} as const;

/**
 * The randomization tests of the paper (Section 2.1), plus the replication's uniform noise.
 * `true-labels` is corruption level 0, `random-labels` level 1, `corrupt-labels` a level p in between.
 */
export const CONDITION_KINDS = [
  'true-labels',
  'random-labels',
  'corrupt-labels',
  'shuffled-pixels',
  'random-pixels',
  'gaussian-pixels',
  'uniform-pixels',
] as const;

/** One of {@link CONDITION_KINDS}. */
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** Any JSON value (what `JSON.parse` can return). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The data set a run trained on. */
export interface DatasetInfo {
  /** The data set's name (`mnist`, `cifar10`, …). */
  readonly name: string;
  /** A checksum of the data the run used (e.g. `sha256:…` of the files or of the decoded subset). */
  readonly checksum: string;
  /** The number of classes k (chance accuracy is 1/k). */
  readonly classes: number;
  /** Further facts about the data (image shape, source, …), shown as given. */
  readonly [key: string]: JsonValue;
}

/** The learning-rate schedule, e.g. `{ kind: 'constant' }` or `{ kind: 'exponential', factor: 0.95, per: 'epoch' }`. */
export interface LrSchedule {
  /** The schedule's name. */
  readonly kind: string;
  /** Its parameters, shown as given. */
  readonly [key: string]: JsonValue;
}

/** The compute backend, e.g. `{ name: 'tensorflow', device: 'cpu', threads: 2 }`. */
export interface BackendInfo {
  /** The backend's name. */
  readonly name: string;
  /** Further facts, shown as given. */
  readonly [key: string]: JsonValue;
}

/** `config.json`: the effective configuration of a run. */
export interface RunConfig {
  /** Always {@link RUN_FORMAT_VERSION}. */
  readonly formatVersion: typeof RUN_FORMAT_VERSION;
  /** The run's id (its folder name under `reports/`). */
  readonly runId: string;
  readonly dataset: DatasetInfo;
  /** Training images used (the subset size). */
  readonly samples: number;
  /** Test images used. */
  readonly testSamples: number;
  /** The model's name (`mlp-1x512`, `cnn`, …). */
  readonly model: string;
  /** The model's parameter count, when known. */
  readonly parameters: number | null;
  /** The condition ids of the grid, in run order (see {@link conditionId}). */
  readonly conditions: readonly string[];
  /** The label corruption levels p of the grid. */
  readonly corruption: readonly number[];
  /** The epoch cap: a condition that has not fitted after this many epochs stops unfitted. */
  readonly epochs: number;
  readonly batchSize: number;
  /** The initial learning rate. */
  readonly lr: number;
  readonly lrSchedule: LrSchedule;
  readonly seed: number;
  readonly backend: BackendInfo;
  /** Package versions (`node`, `rethink`, `@tensorflow/tfjs`, …). */
  readonly versions: Readonly<Record<string, string>>;
  /** ISO 8601 time the run started. */
  readonly startedAt: string;
  /** Any further settings (momentum, weight decay, fit threshold, …), shown as given. */
  readonly extra?: Readonly<Record<string, JsonValue>>;
}

/** One line of `metrics.jsonl`: one condition after one epoch. */
export interface MetricRecord {
  /** The condition id, e.g. `random-labels` or `corrupt-labels@0.4` (see {@link conditionId}). */
  readonly condition: string;
  readonly kind: ConditionKind;
  /** The label corruption level for `corrupt-labels` (required), 0 or null for `true-labels`, 1 or null for `random-labels`, null otherwise. */
  readonly p: number | null;
  /** The epoch just finished, from 1 (0 may record the untrained model). Strictly increasing per condition. */
  readonly epoch: number;
  /** Cumulative optimizer steps of this condition. */
  readonly step: number;
  /** Mean training loss over the epoch; null when it was not finite (JSON has no NaN). */
  readonly trainLoss: number | null;
  /** Training accuracy in [0, 1]. */
  readonly trainAccuracy: number;
  /** Test loss; null when not finite. */
  readonly testLoss: number | null;
  /** Test accuracy in [0, 1]. */
  readonly testAccuracy: number;
  /** The learning rate used in this epoch. */
  readonly lr: number;
  /** Cumulative wall-clock seconds of this condition. */
  readonly seconds: number;
}

/** One condition's outcome in `summary.json`. */
export interface ConditionSummary {
  readonly condition: string;
  readonly kind: ConditionKind;
  readonly p: number | null;
  /** Whether training accuracy reached the fit threshold (1.0 by default) within the epoch cap. */
  readonly fitted: boolean;
  /** Epochs trained. */
  readonly epochs: number;
  /** The first epoch at which it fitted; null when it did not. */
  readonly epochsToFit: number | null;
  /** Cumulative steps at that epoch; null when it did not fit. */
  readonly stepsToFit: number | null;
  /** Cumulative seconds at that epoch; null when it did not fit. */
  readonly secondsToFit: number | null;
  readonly finalTrainAccuracy: number;
  readonly finalTestAccuracy: number;
  /** Null when not finite. */
  readonly finalTrainLoss: number | null;
}

/** The Theorem 1 panel: the 2n + d construction run on the training subset with random labels. */
export interface TheoremPanel {
  /** Sample size. */
  readonly n: number;
  /** Input dimension. */
  readonly d: number;
  /** Weights of the network (2n + d for the construction). */
  readonly parameters: number;
  /** The largest |c(x_i) − y_i| over the sample. */
  readonly maxAbsError: number;
  /** Whether the construction was exact (rational arithmetic) rather than float. */
  readonly exact: boolean;
  /** Wall-clock seconds to build and check it. */
  readonly seconds: number;
  /** The labels it memorized. */
  readonly labels: 'random';
  /** A proven upper bound on the error, when the construction gives one. */
  readonly errorBound?: number | null;
}

/** `summary.json`: written when the run ends. */
export interface RunSummary {
  /** Always {@link RUN_FORMAT_VERSION}. */
  readonly formatVersion: typeof RUN_FORMAT_VERSION;
  /** One entry per condition, in run order. */
  readonly conditions: readonly ConditionSummary[];
  /** The Theorem 1 panel; absent or null when it was not run. */
  readonly theorem?: TheoremPanel | null;
  /** What each condition's randomizer drew (seed, stream, fraction changed, …), keyed by condition id; opaque JSON. */
  readonly randomization: Readonly<Record<string, JsonValue>>;
  /** ISO 8601 time the run finished. */
  readonly finishedAt?: string;
}

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
}
