import type { Command } from 'commander';
import { buildReport } from 'rethink/report';
import type { CliIo } from '../io.ts';

/** Options of `rethink report`. */
interface ReportFlags {
  readonly out?: string;
  readonly json?: boolean;
}

/**
 * Registers `rethink report DIR [--out FILE] [--json]`: rebuilds a run's self-contained `index.html` from its
 * files (config.json, metrics.jsonl, summary.json) and prints the page's path (or, with `--json`, an object
 * `{ file, conditions, warnings }`). Notes about the run files (a skipped truncated line, a summary derived
 * from the metrics) go to stderr. A missing folder or a bad file fails with the error naming it (exit 1).
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
    .description("Rebuild a run's index.html (Figure 1, Table 1, Theorem 1 panel) from its files.")
    .argument('<dir>', 'the run folder, e.g. reports/<run-id>')
    .option('--out <file>', 'write the page here instead of <dir>/index.html')
    .option('--json', 'print { file, conditions, warnings } as JSON')
    .action(async (dir: string, flags: ReportFlags) => {
      const result = await buildReport(dir, flags.out === undefined ? {} : { out: flags.out });
      for (const warning of result.warnings) io.err(`rethink report: note: ${warning}\n`);
      io.out(flags.json === true ? `${JSON.stringify(result, null, 2)}\n` : `${result.file}\n`);
    });
}
