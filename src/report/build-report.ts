import { join } from 'node:path';
import { readRun } from './read-run.ts';
import { renderReport, type RenderReportOptions } from './render-report.ts';
import { RUN_FILES } from 'rethink/core';
import { writeRunFile } from './_fs.ts';

/** Options of {@link buildReport}. */
export interface BuildReportOptions extends RenderReportOptions {
  /** Where to write the page. Default `<runDir>/index.html`. */
  readonly out?: string;
}

/** What {@link buildReport} returns. */
export interface BuildReportResult {
  /** The page written. */
  readonly file: string;
  /** Notes about the run files (a skipped truncated line, a derived summary, …), also shown on the page. */
  readonly warnings: readonly string[];
  /** Conditions in the page's table. */
  readonly conditions: number;
}

/**
 * Reads a run folder ({@link readRun}) and writes its report page ({@link renderReport}) to
 * `<runDir>/index.html`, atomically (temporary file, then rename): a self-contained HTML file that opens
 * from disk with no server or network. A missing folder throws a {@link RunDirError}; a missing or invalid
 * run file a {@link RunFileError} naming it; nothing is written then.
 *
 * @example
 * ```ts
 * import { buildReport } from 'rethink/report';
 * const { file, conditions } = await buildReport('fixtures/report/sample-run', { out: 'reports/.example/index.html' });
 * console.log(file, conditions); // reports/.example/index.html 10
 * ```
 */
export async function buildReport(runDir: string, options: BuildReportOptions = {}): Promise<BuildReportResult> {
  const { out = join(runDir, RUN_FILES.report), ...renderOptions } = options;
  const run = await readRun(runDir);
  const page = await renderReport(run, renderOptions);
  await writeRunFile('buildReport', out, page.html);
  return { file: out, warnings: page.warnings, conditions: run.summary.conditions.length };
}
