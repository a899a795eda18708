import { dirname, join } from 'node:path';
import { PLAN_FILES, exists } from 'rethink/core';
import { ensureDir, writeRunFile } from './_fs.ts';
import { mergeRuns } from './merge-runs.ts';
import type { PlanRun } from './plan-run.ts';
import { planRunFromRun } from './plan-run-from-run.ts';
import { readPlanRun } from './read-plan-run.ts';
import { readRun } from './read-run.ts';
import { renderComparativeReport, type RenderComparativeReportOptions } from './render-comparative-report.ts';

/** Options of {@link buildComparativeReport}. */
export interface BuildComparativeReportOptions extends RenderComparativeReportOptions {
  /** Where to write the page; `figures/` and `tables/` go beside it. Default `<first dir>/index.html`. */
  readonly out?: string;
}

/** What {@link buildComparativeReport} returns. */
export interface BuildComparativeReportResult {
  /** The page written. */
  readonly file: string;
  /** The SVG files written, one per figure. */
  readonly figures: readonly string[];
  /** The CSV files written, one per table. */
  readonly tables: readonly string[];
  /** Notes about the run files, also shown on the page. */
  readonly warnings: readonly string[];
  /** Cells in the report. */
  readonly cells: number;
}

/**
 * Reads one or more run folders — a plan's (format 2, {@link readPlanRun}) or a single-model run's (format 1,
 * {@link readRun}, adapted by {@link planRunFromRun}) — merges them ({@link mergeRuns}: they must be of the same
 * data and preprocessing) and writes the comparative report ({@link renderComparativeReport}): `index.html`, each
 * figure as `figures/<name>.svg` and each table as `tables/<name>.csv`, all atomically, into the first folder or
 * beside `out`. Nothing is written when a folder or file is missing or invalid ({@link RunDirError},
 * {@link RunFileError}) or the runs do not match ({@link RunMixError}).
 *
 * @example
 * ```ts
 * import { buildComparativeReport } from 'rethink/report';
 * const r = await buildComparativeReport(['fixtures/report/plan-run'], { out: 'reports/.example/plan/index.html' });
 * console.log(r.file, r.figures.length, r.tables.length); // reports/.example/plan/index.html 5 3
 * ```
 */
export async function buildComparativeReport(
  dirs: readonly string[],
  options: BuildComparativeReportOptions = {},
): Promise<BuildComparativeReportResult> {
  const [first] = dirs;
  if (first === undefined) throw new TypeError('buildComparativeReport: no run folder given');
  const { out = join(first, PLAN_FILES.report), ...renderOptions } = options;
  const runs: PlanRun[] = [];
  for (const dir of dirs) runs.push(await readAnyRun(dir));
  const run = mergeRuns(runs);
  const page = await renderComparativeReport(run, renderOptions);
  const base = dirname(out);
  const figures = page.figures.map((f) => join(base, PLAN_FILES.figures, f.name));
  const tables = page.tables.map((t) => join(base, PLAN_FILES.tables, t.name));
  const caller = 'buildComparativeReport';
  await Promise.all([
    ...page.figures.map((f, i) => writeRunFile(caller, figures[i] as string, f.svg)),
    ...page.tables.map((t, i) => writeRunFile(caller, tables[i] as string, t.csv)),
  ]);
  await writeRunFile(caller, out, page.html);
  return { file: out, figures, tables, warnings: page.warnings, cells: run.cells.length };
}

async function readAnyRun(dir: string): Promise<PlanRun> {
  await ensureDir('buildComparativeReport', dir);
  if (await exists(join(dir, PLAN_FILES.plan))) return readPlanRun(dir);
  return planRunFromRun(await readRun(dir));
}
