import { defineConfig } from 'vitest/config';

/**
 * Test configuration.
 *
 * - `spec/setup/fast-check.ts` configures fast-check globally from `FC_SEED`, `FC_PATH` and `FC_RUNS`.
 * - Coverage (v8) prints a text summary and writes html, lcov and json-summary to `reports/coverage/`.
 *   Per-folder thresholds fail the run when a verified module loses coverage.
 */
export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    setupFiles: ['spec/setup/fast-check.ts', 'spec/setup/typed-equality.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'html', 'lcov', 'json-summary'],
      reportsDirectory: 'reports/coverage',
      thresholds: {
        'src/theorem/**': { lines: 95, branches: 95 },
        'src/randomize/**': { lines: 95, branches: 95 },
        'src/data/**': { lines: 90, branches: 85 },
        'src/core/**': { lines: 98, branches: 94 },
        'src/train/**': { lines: 95, branches: 88 },
        'src/implicit/**': { lines: 93, branches: 90 },
        'src/report/**': { lines: 95, branches: 85 },
        // Much of these two runs in the worker processes the specs start, which the coverage does not see.
        'src/experiment/**': { lines: 70, branches: 60 },
        'src/cli/**': { lines: 80, branches: 70 },
      },
    },
  },
});
