// @ts-check
/**
 * Stryker reporter plugin (`reporters: ['folders']` in stryker.config.mjs): the mutation score per source folder
 * (src/data, src/randomize, src/theorem), printed as a table at the end of `npm run mutate` and written to
 * reports/mutation/folders.json with the run's wall time.
 *
 * The score is Stryker's: (killed + timed out) / (killed + timed out + survived + no coverage). Ignored mutants
 * (`// Stryker disable` with a reason, or reached only while modules load) and mutants that do not compile are not
 * scored. Issue #7 asks for at least 90% per folder; `thresholds.break` (85) applies to the whole run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PluginKind, declareClassPlugin } from '@stryker-mutator/api/plugin';

const STATUSES = /** @type {const} */ ([
  'Killed',
  'Survived',
  'Timeout',
  'NoCoverage',
  'Ignored',
  'CompileError',
  'RuntimeError',
]);

/** @param {string} file a path relative to the project root */
function folderOf(file) {
  const parts = file.split(/[\\/]/);
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? file);
}

/**
 * Per-folder counts of a mutation-testing-report-schema result.
 * @param {Record<string, { mutants: Array<{ status: string }> }>} files
 */
export function countByFolder(files) {
  /** @type {Map<string, Record<string, number>>} */
  const folders = new Map();
  for (const [file, { mutants }] of Object.entries(files)) {
    const key = folderOf(path.relative(process.cwd(), path.resolve(file)));
    const row = folders.get(key) ?? Object.fromEntries(STATUSES.map((s) => [s, 0]));
    for (const m of mutants) row[m.status] = (row[m.status] ?? 0) + 1;
    folders.set(key, row);
  }
  return [...folders.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([folder, c]) => {
      const detected = (c.Killed ?? 0) + (c.Timeout ?? 0);
      const scored = detected + (c.Survived ?? 0) + (c.NoCoverage ?? 0);
      return {
        folder,
        mutants: scored + (c.Ignored ?? 0) + (c.CompileError ?? 0) + (c.RuntimeError ?? 0),
        killed: c.Killed ?? 0,
        survived: c.Survived ?? 0,
        timeout: c.Timeout ?? 0,
        noCoverage: c.NoCoverage ?? 0,
        ignored: c.Ignored ?? 0,
        score: scored === 0 ? NaN : (100 * detected) / scored,
      };
    });
}

class FolderReporter {
  static inject = /** @type {const} */ (['logger']);
  started = Date.now();
  /** @param {{ info(message: string): void }} logger */
  constructor(logger) {
    this.logger = logger;
  }
  /** @param {{ files: Record<string, { mutants: Array<{ status: string }> }> }} report */
  onMutationTestReportReady(report) {
    const rows = countByFolder(report.files);
    const minutes = (Date.now() - this.started) / 60_000;
    const lines = [
      '| folder | mutants | killed | survived | timed out | no coverage | ignored | score |',
      '|---|---|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.folder} | ${r.mutants} | ${r.killed} | ${r.survived} | ${r.timeout} | ${r.noCoverage} | ${r.ignored} | ${r.score.toFixed(1)}% |`,
      ),
    ];
    this.logger.info(`Mutation score per folder (run took ${minutes.toFixed(1)} min):\n${lines.join('\n')}`);
    const out = 'reports/mutation/folders.json';
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(
      tmp,
      `${JSON.stringify({ finished: new Date().toISOString(), minutes: Math.round(minutes * 10) / 10, folders: rows }, null, 2)}\n`,
    );
    fs.renameSync(tmp, out);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'folders', FolderReporter)];
