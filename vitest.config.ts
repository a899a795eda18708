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
      },
    },
  },
});
