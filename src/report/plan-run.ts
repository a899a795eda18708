/**
 * What {@link readPlanRun}, {@link planRunFromRun} and {@link mergeRuns} return, and all that the comparative report
 * reads: one in-memory shape for a plan's run folder (format 2: `plan.json`, `cells/<id>/…`), for an old
 * single-model run (format 1, adapted: one model, one seed, no regularizer, each condition a cell) and for several
 * run folders merged. The file formats themselves are zod schemas in rethink/core (`plan-format.ts`,
 * `run-format.ts`).
 *
 * @module
 */
import type {
  Cell,
  CellError,
  CellResult,
  ConditionKind,
  KernelPanel,
  MetricRecord,
  ResolvedPlan,
  RunConfig,
  TheoremPanel,
  TheoremSkipped,
} from 'rethink/core';
import type { TruncatedLine } from './run-files.ts';

/** A cell's numbers: from its `result.json`, or derived from its metrics while it is unfinished. */
export interface CellOutcome {
  /** True when derived from the metrics of an unfinished cell (no `result.json` yet): the numbers so far. */
  readonly provisional: boolean;
  /** Whether training accuracy reached the cell's target accuracy. */
  readonly fitted: boolean;
  /** Why training stopped; null while it has not (provisional) or when the run file does not say. */
  readonly stoppedBy: CellResult['stoppedBy'] | null;
  readonly epochs: number;
  readonly epochsToFit: number | null;
  readonly stepsToFit: number | null;
  readonly secondsToFit: number | null;
  /** Cumulative optimizer steps at the last epoch (a lower bound on the steps to fit when not fitted); null without metrics. */
  readonly steps: number | null;
  readonly finalTrainAccuracy: number;
  readonly finalTestAccuracy: number;
  /** The cumulative best test accuracy (what early stopping could have kept). */
  readonly bestTestAccuracy: number;
  readonly finalTrainLoss: number | null;
  /** The model's weights on the data set's shape; null when unknown. */
  readonly parameters: number | null;
}

/** One cell (one training run) as the report sees it. */
export interface PlanRunCell {
  /** The cell id (its folder name in format 2; `<runId>/<condition>` for an adapted format-1 run). */
  readonly id: string;
  /** Readable: `alexnet/random-labels/wd=5e-4/crop=off/seed=1`. */
  readonly name: string;
  /** The model's name as the run names it (`inception-nobn`, `mlp-1x512`, …). */
  readonly model: string;
  readonly condition: { readonly id: string; readonly kind: ConditionKind; readonly p: number | null };
  readonly weightDecay: number;
  readonly crop: boolean;
  readonly seed: number;
  /** The epoch cap. */
  readonly epochCap: number;
  /** Its `cell.json` (format 2); null for an adapted format-1 run. */
  readonly cell: Cell | null;
  /** Its metrics, one record per epoch, in file order. */
  readonly records: readonly MetricRecord[];
  /** A cut-off last line of its metrics that was skipped, or null. */
  readonly truncated: TruncatedLine | null;
  /** Its `result.json`; null while it is unfinished (or for a format-1 run). */
  readonly result: CellResult | null;
  /** Its numbers; null when it has neither a result nor one epoch of metrics. */
  readonly outcome: CellOutcome | null;
  /** Its `error.json` when it failed for good: its numbers are then left out of the figures and tables. */
  readonly error: CellError | null;
  /** The run folder it was read from. */
  readonly source: string;
}

/** The data a run trained on, as far as its files say (null: not recorded). */
export interface PlanRunData {
  /** The data set's name (`mnist`, `cifar10`, `cifar10:DIR`, …). */
  readonly dataset: string;
  readonly samples: number | null;
  readonly testSamples: number | null;
  readonly dataSeed: number | null;
  readonly preprocessing: string;
  /** The checksum of the data (format 1 only: a plan's cells each record their own, after randomization). */
  readonly checksum: string | null;
  /** The number of classes k (chance accuracy 1/k). */
  readonly classes: number;
}

/** One run folder's own facts, kept for the configuration section. */
export interface PlanRunSource {
  readonly dir: string;
  readonly format: 1 | 2;
  /** `plan.json` (format 2). */
  readonly plan: ResolvedPlan | null;
  /** `config.json` (format 1). */
  readonly config: RunConfig | null;
}

/** A run (or several merged) as the comparative report reads it. */
export interface PlanRun {
  /** The run folders, in the order given. */
  readonly sources: readonly PlanRunSource[];
  readonly data: PlanRunData;
  /** Every cell, in folder order (unique ids). */
  readonly cells: readonly PlanRunCell[];
  /** The Theorem 1 panel; null when no folder has one. */
  readonly theorem: TheoremPanel | TheoremSkipped | null;
  /** The Section 5 panel (`kernel.json`: kernel interpolation of true and random labels); null when no folder has one. */
  readonly kernel: KernelPanel | null;
  /** Notes about the files: unfinished cells, skipped truncated lines, a missing theorem.json, duplicates merged. */
  readonly warnings: readonly string[];
}
