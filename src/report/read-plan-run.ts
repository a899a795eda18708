import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  PLAN_FILES,
  cellErrorSchema,
  cellResultSchema,
  cellSchema,
  exists,
  kernelPanelSchema,
  resolvedPlanSchema,
  theoremFileSchema,
  type KernelPanel,
  type MetricRecord,
  type TheoremPanel,
  type TheoremSkipped,
} from 'rethink/core';
import { RunFileError } from './errors.ts';
import { checkRunFile } from './_check.ts';
import { ensureDir, readJson, readText } from './_fs.ts';
import { outcomeFromMetrics, outcomeFromResult } from './_outcome.ts';
import { parseMetrics } from './parse-metrics.ts';
import type { PlanRun, PlanRunCell } from './plan-run.ts';
import type { MetricsFile } from './run-files.ts';

const CALLER = 'readPlanRun';

/** Options of {@link readPlanRun}. */
export interface ReadPlanRunOptions {
  /** The number of classes k of the data set (chance accuracy 1/k). Default: what the cells' results record, else 10. */
  readonly classes?: number;
}

/**
 * Reads a plan's run folder (format 2, see `plan-format.ts` in rethink/core): `plan.json`, `theorem.json`, `kernel.json` and each
 * `cells/<id>/` (`cell.json`, `metrics.jsonl`, `result.json`, `error.json`), every JSON file checked against its
 * schema; cells come in the order of their names. An unfinished cell (no `result.json` yet) gets provisional numbers derived from its metrics, marked as
 * such; a cut-off last metrics line (a killed run) is skipped; both are listed in `warnings`. A missing folder
 * throws a {@link RunDirError}; a missing `plan.json` or `cell.json`, bad JSON, a schema violation, a cell in the
 * wrong folder or metrics of another condition throw a {@link RunFileError} naming the file (and line and field).
 *
 * @example
 * ```ts
 * import { readPlanRun } from 'rethink/report';
 * const run = await readPlanRun('fixtures/report/plan-run');
 * console.log(run.cells.length, run.cells.filter((c) => c.result === null && c.error === null).length); // 92 1
 * ```
 */
export async function readPlanRun(dir: string, options: ReadPlanRunOptions = {}): Promise<PlanRun> {
  await ensureDir(CALLER, dir);
  const planFile = join(dir, PLAN_FILES.plan);
  const plan = checkRunFile(resolvedPlanSchema, await readJson(CALLER, planFile), { caller: CALLER, file: planFile });
  const warnings: string[] = [];

  let theorem: TheoremPanel | TheoremSkipped | null = null;
  const theoremFile = join(dir, PLAN_FILES.theorem);
  if (await exists(theoremFile)) {
    theorem = checkRunFile(theoremFileSchema, await readJson(CALLER, theoremFile), {
      caller: CALLER,
      file: theoremFile,
    });
  } else if (plan.plan.theorem !== false) {
    warnings.push(`${PLAN_FILES.theorem} is missing (not built yet): no Theorem 1 panel.`);
  }

  let kernel: KernelPanel | null = null;
  const kernelFile = join(dir, PLAN_FILES.kernel);
  if (await exists(kernelFile)) {
    kernel = checkRunFile(kernelPanelSchema, await readJson(CALLER, kernelFile), { caller: CALLER, file: kernelFile });
  }

  const cellsDir = join(dir, PLAN_FILES.cells);
  const ids = (await exists(cellsDir))
    ? (await readdir(cellsDir, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];
  if (ids.length === 0) warnings.push('No cell has started yet.');
  const cells: PlanRunCell[] = [];
  for (const id of ids) {
    const cellDir = join(cellsDir, id);
    // A cell being created: its folder is there, nothing written in it yet.
    if ((await readdir(cellDir)).length === 0) {
      warnings.push(`${PLAN_FILES.cells}/${id}: empty (the cell is being created), skipped.`);
      continue;
    }
    cells.push(await readCell(dir, cellDir, id));
  }
  cells.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const open = cells.filter((c) => c.result === null && c.error === null);
  const notStarted = open.filter((c) => c.outcome === null);
  const unfinished = open.filter((c) => c.outcome !== null);
  if (notStarted.length > 0) {
    warnings.push(
      `Not started yet (no epoch in ${PLAN_FILES.metrics}): ${notStarted.length === 1 ? (notStarted[0] as PlanRunCell).name : `${notStarted.length} cells`}.`,
    );
  }
  if (unfinished.length > 0) {
    warnings.push(
      `Not finished (no ${PLAN_FILES.result} yet): ${unfinished.map((c) => c.name).join(', ')}; their numbers are provisional, derived from ${PLAN_FILES.metrics} so far.`,
    );
  }
  for (const c of cells) {
    if (c.truncated !== null) {
      warnings.push(
        `${c.name}: ${PLAN_FILES.metrics}: the last line (${c.truncated.line}) was cut off, probably by a killed run, and was skipped.`,
      );
    }
  }
  const failed = cells.filter((c) => c.error !== null);
  if (failed.length > 0) warnings.push(`Failed: ${failed.map((c) => c.name).join(', ')} (see Failed cells).`);

  const recorded = cells.find((c) => c.result?.classes !== undefined)?.result?.classes;
  const classes = options.classes ?? recorded ?? 10;
  return {
    sources: [{ dir, format: 2, plan, config: null }],
    data: {
      dataset: plan.plan.dataset,
      samples: plan.plan.samples ?? null,
      testSamples: plan.plan.testSamples ?? null,
      dataSeed: plan.plan.dataSeed ?? 0,
      preprocessing: plan.plan.preprocessing ?? 'none',
      checksum: null,
      classes,
    },
    cells,
    theorem,
    kernel,
    warnings,
  };
}

async function readCell(runDir: string, cellDir: string, folder: string): Promise<PlanRunCell> {
  const cellFile = join(cellDir, PLAN_FILES.cell);
  const cell = checkRunFile(cellSchema, await readJson(CALLER, cellFile), { caller: CALLER, file: cellFile });
  if (cell.id !== folder) {
    throw new RunFileError(
      `${CALLER}: ${cellFile}: id ${JSON.stringify(cell.id)} is not its folder's name ${JSON.stringify(folder)}`,
      {
        file: cellFile,
        field: 'id',
      },
    );
  }

  const metricsFile = join(cellDir, PLAN_FILES.metrics);
  const metrics: MetricsFile = (await exists(metricsFile))
    ? parseMetrics(await readText(CALLER, metricsFile), { file: metricsFile, caller: CALLER })
    : { records: [], truncated: null, validBytes: 0 };
  metrics.records.forEach((r: MetricRecord, i) => {
    if (r.condition !== cell.condition.id) {
      throw new RunFileError(
        `${CALLER}: ${metricsFile}: condition ${JSON.stringify(r.condition)} is not the cell's ${JSON.stringify(cell.condition.id)}`,
        { file: metricsFile, line: i + 1, field: 'condition' },
      );
    }
  });

  const resultFile = join(cellDir, PLAN_FILES.result);
  const result = (await exists(resultFile))
    ? checkRunFile(cellResultSchema, await readJson(CALLER, resultFile), { caller: CALLER, file: resultFile })
    : null;
  if (result !== null && result.cellId !== cell.id) {
    throw new RunFileError(
      `${CALLER}: ${resultFile}: cellId ${JSON.stringify(result.cellId)} is not the cell's id ${JSON.stringify(cell.id)}`,
      { file: resultFile, field: 'cellId' },
    );
  }
  const errorFile = join(cellDir, 'error.json');
  const error = (await exists(errorFile))
    ? checkRunFile(cellErrorSchema, await readJson(CALLER, errorFile), { caller: CALLER, file: errorFile })
    : null;

  return {
    id: cell.id,
    name: cell.name,
    model: cell.model,
    condition: cell.condition,
    weightDecay: cell.weightDecay,
    crop: cell.crop,
    seed: cell.seed,
    epochCap: cell.optimizer.epochs,
    cell,
    records: metrics.records,
    truncated: metrics.truncated,
    result,
    outcome:
      result !== null
        ? outcomeFromResult(result, metrics.records)
        : outcomeFromMetrics(metrics.records, cell.optimizer.targetAccuracy),
    error,
    source: runDir,
  };
}
