import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Test configuration for mutation runs (`npm run mutate`, see `stryker.config.mjs`); not used by `npm test`.
 *
 * - Only the specs of the mutated folders run: `spec/core`, `spec/data`, `spec/randomize`, `spec/theorem`. The memorization,
 *   train, cli and report specs also import `src/data`, but they are slow and are not what verifies these folders.
 * - Tests that decode the whole bundled `mnist` package are left out (spec/data/bundled.spec.ts as a file, two
 *   tests by name in spec/setup/mutation.ts): instrumented, one decode takes 15–20 s. Small-input properties
 *   cover the same code in these runs; `npm test` runs everything.
 * - `FC_SEED` is fixed (unless set by the caller) so that every mutant meets the same generated cases as the dry
 *   run that measured per-test coverage: a mutant's status then depends on the code, not on the luck of the draw,
 *   and incremental runs stay comparable.
 * - `FC_RUNS` is 25 (unless set by the caller), a quarter of the suite's default: a surviving mutant runs every
 *   case of every covering property, so the run count multiplies the cost of exactly the mutants that matter.
 *   Properties that sharpen a check must therefore fail within their first 25 cases (the shared arbitraries
 *   put the small and boundary cases first). `FC_RUNS=100 npm run mutate -- --force` runs at full strength.
 * - No coverage instrumentation: Stryker measures its own per-test mutant coverage.
 * - Speed: Stryker's own vitest runner runs the covering tests of every mutant in a fresh vitest worker, so each
 *   mutant paid the import of its spec files' module graph again (3–8 s per mutant at first). The Stryker runner
 *   `vitest-persistent` (scripts/stryker-vitest-persistent-runner.mjs) keeps one worker thread across mutants,
 *   which needs `isolate: false` here: the worker then re-evaluates only the spec and setup files of each run. A
 *   fresh worker is still started for the dry run, after every timeout and for static mutants, so imports stay
 *   light: the specs of these folders import the `spec/arbitraries/*.ts` modules, not the `index.ts` barrel that
 *   pulls in TensorFlow.js and `rethink/train` (2 s per import), and `mathjs` resolves to the package's own
 *   single-file build, `mathjs/lib/browser/math.js` (same version, same code, one file: 0.3 s to import instead
 *   of 1.3 s for the hundreds of ESM modules of `lib/esm`).
 */
export default defineConfig({
  resolve: {
    alias: [{ find: /^mathjs$/, replacement: require.resolve('mathjs/lib/browser/math.js') }],
  },
  test: {
    include: [
      'spec/core/**/*.spec.ts',
      'spec/data/**/*.spec.ts',
      'spec/randomize/**/*.spec.ts',
      'spec/theorem/**/*.spec.ts',
    ],
    exclude: ['spec/data/bundled.spec.ts'],
    setupFiles: ['spec/setup/fast-check.ts', 'spec/setup/typed-equality.ts', 'spec/setup/mutation.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { FC_SEED: process.env.FC_SEED ?? '20170210', FC_RUNS: process.env.FC_RUNS || '25' },
    coverage: { enabled: false },
    isolate: false,
  },
});
