import { defineConfig } from 'vitest/config';

/**
 * Test configuration for mutation runs (`npm run mutate`, see `stryker.config.mjs`); not used by `npm test`.
 *
 * - Only the specs of the mutated folders run: `spec/data`, `spec/randomize`, `spec/theorem`. The memorization,
 *   train, cli and report specs also import `src/data`, but they are slow and are not what verifies these folders.
 * - Tests that decode the whole bundled `mnist` package are left out (spec/data/bundled.spec.ts as a file, two
 *   tests by name in spec/setup/mutation.ts): instrumented, one decode takes 15–20 s. Small-input properties
 *   cover the same code in these runs; `npm test` runs everything.
 * - `FC_SEED` is fixed (unless set by the caller) so that every mutant meets the same generated cases as the dry
 *   run that measured per-test coverage: a mutant's status then depends on the code, not on the luck of the draw,
 *   and incremental runs stay comparable. `FC_RUNS` keeps the suite's default (100) unless set by the caller.
 * - No coverage instrumentation: Stryker measures its own per-test mutant coverage.
 */
export default defineConfig({
  test: {
    include: ['spec/data/**/*.spec.ts', 'spec/randomize/**/*.spec.ts', 'spec/theorem/**/*.spec.ts'],
    exclude: ['spec/data/bundled.spec.ts'],
    setupFiles: ['spec/setup/fast-check.ts', 'spec/setup/mutation.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { FC_SEED: process.env.FC_SEED ?? '20170210' },
    coverage: { enabled: false },
  },
});
