import { RUN_FILES } from 'rethink/core';
import { outcomeFromMetrics } from './_outcome.ts';
import type { CellOutcome, PlanRun, PlanRunCell } from './plan-run.ts';
import type { RunFiles } from './run-files.ts';

/**
 * Adapts a single-model run (format 1, read by {@link readRun}) to the shape of a plan's run ({@link PlanRun}), so
 * one renderer serves both: one model (`config.model`), one seed (`config.seed`), weight decay
 * `config.extra.weightDecay` (default 0), random crop off, and each condition a cell. A condition in
 * `summary.json` is finished; one only in the metrics is provisional, as {@link readRun} derived it.
 *
 * @example
 * ```ts
 * import { planRunFromRun, readRun } from 'rethink/report';
 * const run = planRunFromRun(await readRun('fixtures/report/sample-run'));
 * console.log(run.cells.length, run.cells[0]?.name); // 10 mlp-1x512/true-labels/wd=0/crop=off/seed=7
 * ```
 */
export function planRunFromRun(run: RunFiles): PlanRun {
  const { config, summary, metrics } = run;
  const extra = config.extra ?? {};
  const weightDecay = typeof extra.weightDecay === 'number' ? extra.weightDecay : 0;
  const fitAccuracy = typeof extra.fitAccuracy === 'number' ? extra.fitAccuracy : 1;
  const derived = new Set(run.derivedConditions);
  const cells: PlanRunCell[] = summary.conditions.map((s) => {
    const records = metrics.records.filter((r) => r.condition === s.condition);
    const fromMetrics = outcomeFromMetrics(records, fitAccuracy, config.parameters);
    const steps = records.length === 0 ? s.stepsToFit : Math.max(...records.map((r) => r.step));
    const outcome: CellOutcome = {
      provisional: derived.has(s.condition),
      fitted: s.fitted,
      stoppedBy: s.stoppedBy ?? null,
      epochs: s.epochs,
      epochsToFit: s.epochsToFit,
      stepsToFit: s.stepsToFit,
      secondsToFit: s.secondsToFit,
      steps,
      finalTrainAccuracy: s.finalTrainAccuracy,
      finalTestAccuracy: s.finalTestAccuracy,
      bestTestAccuracy: fromMetrics?.bestTestAccuracy ?? s.finalTestAccuracy,
      finalTrainLoss: s.finalTrainLoss,
      parameters: config.parameters,
    };
    return {
      id: `${config.runId}/${s.condition}`,
      name: `${config.model}/${s.condition}/wd=${weightDecay}/crop=off/seed=${config.seed}`,
      model: config.model,
      condition: { id: s.condition, kind: s.kind, p: s.p },
      weightDecay,
      crop: false,
      seed: config.seed,
      epochCap: config.epochs,
      cell: null,
      records,
      truncated: null,
      result: null,
      outcome,
      error: null,
      source: run.dir,
    };
  });
  const warnings: string[] = [];
  if (metrics.truncated !== null) {
    warnings.push(
      `${RUN_FILES.metrics}: the last line (${metrics.truncated.line}) was cut off, probably by a killed run, and was skipped.`,
    );
  }
  if (run.derivedConditions.length > 0) {
    warnings.push(
      `Not finished: ${run.derivedConditions.join(', ')}; their numbers are provisional, derived from ${RUN_FILES.metrics} so far.`,
    );
  }
  return {
    sources: [{ dir: run.dir, format: 1, plan: null, config }],
    data: {
      dataset: config.dataset.name,
      samples: config.samples,
      testSamples: config.testSamples,
      dataSeed: null,
      preprocessing: 'none',
      checksum: config.dataset.checksum,
      classes: config.dataset.classes,
    },
    cells,
    theorem: summary.theorem ?? null,
    kernel: null,
    warnings,
  };
}
