/** Internal: a cell's numbers ({@link CellOutcome}) from its `result.json`, or from its metrics while it is unfinished. */
import type { CellResult, MetricRecord } from 'rethink/core';
import type { CellOutcome } from './plan-run.ts';
import { summarizeMetrics } from './summarize-metrics.ts';

function lastStep(records: readonly MetricRecord[]): number | null {
  return records.length === 0 ? null : Math.max(...records.map((r) => r.step));
}

function bestTest(records: readonly MetricRecord[]): number | null {
  return records.length === 0 ? null : Math.max(...records.map((r) => r.testAccuracy));
}

/** The outcome of a finished cell: its result, with the last step from its metrics. */
export function outcomeFromResult(result: CellResult, records: readonly MetricRecord[]): CellOutcome {
  return {
    provisional: false,
    fitted: result.fitted,
    stoppedBy: result.stoppedBy,
    epochs: result.epochs,
    epochsToFit: result.epochsToFit,
    stepsToFit: result.stepsToFit,
    secondsToFit: result.secondsToFit,
    steps: lastStep(records) ?? result.stepsToFit,
    finalTrainAccuracy: result.finalTrainAccuracy,
    finalTestAccuracy: result.finalTestAccuracy,
    bestTestAccuracy: result.bestTestAccuracy,
    finalTrainLoss: result.finalTrainLoss,
    parameters: result.parameters,
  };
}

/** The provisional outcome of an unfinished cell from its metrics (null without one epoch). */
export function outcomeFromMetrics(
  records: readonly MetricRecord[],
  fitAccuracy: number,
  parameters: number | null = null,
): CellOutcome | null {
  const [summary] = summarizeMetrics(records, { fitAccuracy });
  if (summary === undefined) return null;
  return {
    provisional: true,
    fitted: summary.fitted,
    stoppedBy: null,
    epochs: summary.epochs,
    epochsToFit: summary.epochsToFit,
    stepsToFit: summary.stepsToFit,
    secondsToFit: summary.secondsToFit,
    steps: lastStep(records),
    finalTrainAccuracy: summary.finalTrainAccuracy,
    finalTestAccuracy: summary.finalTestAccuracy,
    bestTestAccuracy: bestTest(records) ?? summary.finalTestAccuracy,
    finalTrainLoss: summary.finalTrainLoss,
    parameters,
  };
}
