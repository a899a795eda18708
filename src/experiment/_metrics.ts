import type { EpochRecord } from 'rethink/train';
import type { MetricRecord } from 'rethink/core';
import type { GridCondition } from './grid.ts';

/**
 * @internal The run-file metric lines of a condition from the trainer's history. `seconds` is the cumulative
 * training time (batches, forward, backward, update; evaluation passes excluded), so it matches the trainer's
 * `secondsToFit` and continues across a resume.
 */
export function metricRecords(
  cell: Pick<GridCondition, 'id' | 'kind' | 'p'>,
  history: readonly EpochRecord[],
): MetricRecord[] {
  let seconds = 0;
  return history.map((record) => {
    seconds += record.seconds;
    return {
      condition: cell.id,
      kind: cell.kind,
      p: cell.p,
      epoch: record.epoch,
      step: record.steps,
      trainLoss: Number.isFinite(record.trainLoss) ? record.trainLoss : null,
      trainAccuracy: record.trainAccuracy,
      testLoss: record.testLoss !== null && Number.isFinite(record.testLoss) ? record.testLoss : null,
      testAccuracy: record.testAccuracy ?? 0,
      lr: record.lr,
      seconds,
      ...(record.backend !== undefined ? { backend: record.backend } : {}),
    };
  });
}
