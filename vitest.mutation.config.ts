import { defineConfig } from 'vitest/config';

/**
 * Test configuration for mutation runs (`npm run mutate`, see `stryker.config.mjs`).
 *
 * - Only the specs of the mutated folders run: `spec/data`, `spec/randomize`, `spec/theorem`. The memorization,
 *   train, cli and report specs also import `src/data`, but they are slow and are not what verifies these folders.
 * - `FC_SEED` is fixed (unless set by the caller) so that every mutant meets the same generated cases as the dry
 *   run that measured per-test coverage: a mutant's status then depends on the code, not on the luck of the draw,
 *   and incremental runs stay comparable. `FC_RUNS` keeps the suite's default (100) unless set by the caller.
 * - No coverage instrumentation: Stryker measures its own per-test mutant coverage.
 */
export default defineConfig({
  test: {
    include: ['spec/data/**/*.spec.ts', 'spec/randomize/**/*.spec.ts', 'spec/theorem/**/*.spec.ts'],
    setupFiles: ['spec/setup/fast-check.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { FC_SEED: process.env.FC_SEED ?? '20170210' },
    coverage: { enabled: false },
    isolate: process.env.VISOLATE !== '0',
  },
});
