import { join } from 'node:path';
import type { Command } from 'commander';
import { PLAN_FILES, exists } from 'rethink/core';
import { buildComparativeReport, buildReport } from 'rethink/report';
import type { CliIo } from '../io.ts';

/** Options of `rethink report`. */
interface ReportFlags {
  readonly out?: string;
  readonly json?: boolean;
}

/**
 * Registers `rethink report DIR [DIR…] [--out FILE] [--json]`: rebuilds a run's report from its files and prints
 * the page's path (or, with `--json`, the result as JSON). Notes about the run files (a skipped truncated line,
 * unfinished cells) go to stderr. A missing folder, a bad file or runs that cannot be merged fail with the error
 * naming it (exit 1).
 *
 * - A plan's run folder (format 2, with `plan.json`), or several run folders of the same data and preprocessing
 *   (e.g. one model per machine): the comparative report — `index.html` with Table 1 in the paper's layout, Figures
 *   1a–c and 2, the regularization panel, the Theorem 1 panel and the configuration, plus `figures/*.svg` and
 *   `tables/*.csv` beside it; `--json` prints `{ file, figures, tables, warnings, cells }`.
 * - One single-model run folder (format 1: config.json, metrics.jsonl, summary.json): its page as before;
 *   `--json` prints `{ file, conditions, warnings }`.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { memoryIo } from '../io.ts';
 * import { registerReport } from './report.ts';
 * const io = memoryIo();
 * const program = new Command();
 * registerReport(program, io);
 * await program.parseAsync(['report', 'fixtures/report/sample-run', '--out', 'reports/.example/index.html'], { from: 'user' });
 * console.log(io.stdout.join('')); // reports/.example/index.html
 * ```
 */
export function registerReport(program: Command, io: CliIo): void {
  program
    .command('report')
    .description(
      "Rebuild a run's report from its files: index.html (Table 1, Figures 1 and 2, regularization, Theorem 1), and for a plan's run figures/*.svg and tables/*.csv; several folders of the same data are merged into one report.",
    )
    .argument('<dir...>', 'the run folder(s), e.g. reports/<run-id>')
    .option('--out <file>', 'write the page here instead of <first dir>/index.html (figures/ and tables/ beside it)')
    .option('--json', 'print the result (file, figures, tables or conditions, warnings) as JSON')
    .action(async (dirs: string[], flags: ReportFlags) => {
      const options = flags.out === undefined ? {} : { out: flags.out };
      const [first] = dirs;
      const single = dirs.length === 1 && first !== undefined && !(await exists(join(first, PLAN_FILES.plan)));
      const result = single ? await buildReport(first, options) : await buildComparativeReport(dirs, options);
      for (const warning of result.warnings) io.err(`rethink report: note: ${warning}\n`);
      io.out(flags.json === true ? `${JSON.stringify(result, null, 2)}\n` : `${result.file}\n`);
    });
}
