import type { ConditionSummary, MetricRecord } from 'rethink/core';

/** Options of {@link summarizeMetrics}. */
export interface SummarizeMetricsOptions {
  /** The training accuracy that counts as fitted. Default 1 (every training label memorized). */
  readonly fitAccuracy?: number;
}

/**
 * Summarizes metric records per condition, in order of first appearance: the first epoch whose training
 * accuracy reaches `fitAccuracy` (with its cumulative steps and seconds), and the final accuracies and loss.
 * The experiment runner can write its `summary.json` conditions with it; the report uses it when
 * `summary.json` is missing (a run still going, or killed).
 *
 * @example
 * ```ts
 * import { summarizeMetrics } from 'rethink/report';
 * const base = { condition: 'random-labels', kind: 'random-labels', p: null, trainLoss: 1, testLoss: 2.3,
 *   testAccuracy: 0.1, lr: 0.01 } as const;
 * const [s] = summarizeMetrics([
 *   { ...base, epoch: 1, step: 10, trainAccuracy: 0.5, seconds: 1 },
 *   { ...base, epoch: 2, step: 20, trainAccuracy: 1, seconds: 2 },
 * ]);
 * console.log(s?.fitted, s?.epochsToFit, s?.stepsToFit); // true 2 20
 * ```
 */
export function summarizeMetrics(
  records: readonly MetricRecord[],
  options: SummarizeMetricsOptions = {},
): ConditionSummary[] {
  const { fitAccuracy = 1 } = options;
  const groups = new Map<string, MetricRecord[]>();
  for (const record of records) {
    const group = groups.get(record.condition);
    if (group === undefined) groups.set(record.condition, [record]);
    else group.push(record);
  }
  return [...groups.values()].map((group) => {
    const sorted = [...group].sort((a, b) => a.epoch - b.epoch);
    const final = sorted[sorted.length - 1] as MetricRecord;
    const fit = sorted.find((r) => r.trainAccuracy >= fitAccuracy);
    return {
      condition: final.condition,
      kind: final.kind,
      p: final.p,
      fitted: fit !== undefined,
      epochs: final.epoch,
      epochsToFit: fit?.epoch ?? null,
      stepsToFit: fit?.step ?? null,
      secondsToFit: fit?.seconds ?? null,
      finalTrainAccuracy: final.trainAccuracy,
      finalTestAccuracy: final.testAccuracy,
      finalTrainLoss: final.trainLoss,
    };
  });
}
