/**
 * What one mutant's test run costs under `npm run mutate`: vitest's own `threads` pool (a new worker and a new
 * module graph per `start()`, as with Stryker's stock vitest runner) against the persistent pool of
 * `scripts/vitest-persistent-pool.mjs` (one worker kept across runs). Each run is what Stryker does per mutant:
 * clear the state, set a test name filter, `start()` the spec files that cover the mutant.
 *
 *   npm run bench -- mutation-pool [--runs 10] [--file spec/theorem/exact-errors.spec.ts] [--test <regexp>]
 *
 * Prints the median milliseconds per run for each pool over the same files, and their ratio. Both pools run in
 * this process, one after the other, on the mutation-run config (vitest.mutation.config.ts).
 */
import { parseArgs } from 'node:util';
import { createVitest, type Vitest } from 'vitest/node';
// @ts-expect-error -- a plain .mjs script without type declarations (checked by its JSDoc under // @ts-check)
import { persistentThreadsPool, terminatePersistentWorker } from '../scripts/vitest-persistent-pool.mjs';
import { median, timeRuns } from './_stats.ts';

/** Defaults of the benchmark's options. */
export const MUTATION_POOL_BENCH_DEFAULTS = {
  runs: 10,
  files: ['spec/theorem/exact-errors.spec.ts', 'spec/randomize/labels.spec.ts', 'spec/data/idx.spec.ts'],
  test: '.',
} as const;

async function timePool(
  pool: 'threads' | typeof persistentThreadsPool,
  file: string,
  pattern: RegExp,
  runs: number,
): Promise<number[]> {
  const vitest: Vitest = await createVitest('test', {
    config: 'vitest.mutation.config.ts',
    pool,
    maxWorkers: 1,
    watch: false,
    reporters: [{}],
    coverage: { enabled: false },
  });
  try {
    return await timeRuns(async () => {
      vitest.state.filesMap.clear();
      for (const project of vitest.projects) project.config.testNamePattern = pattern;
      await vitest.start([file]);
      const files = vitest.state.getFiles();
      const passed = files.flatMap((f) => f.tasks).filter((t) => t.result?.state === 'pass').length;
      if (passed === 0 || files.some((f) => f.result?.state === 'fail')) {
        throw new Error(
          `mutation-pool bench: ${file} did not pass (${passed} tests passed) under ${typeof pool === 'string' ? pool : pool.name}`,
        );
      }
    }, runs);
  } finally {
    await terminatePersistentWorker();
    await vitest.close();
  }
}

export default async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { runs: { type: 'string' }, file: { type: 'string', multiple: true }, test: { type: 'string' } },
  });
  const runs = Number(values.runs ?? MUTATION_POOL_BENCH_DEFAULTS.runs);
  const files = values.file ?? [...MUTATION_POOL_BENCH_DEFAULTS.files];
  const pattern = new RegExp(values.test ?? MUTATION_POOL_BENCH_DEFAULTS.test);
  console.log(`mutation-pool: ${runs} timed runs per pool and file (after one warm-up), test filter ${pattern}`);
  console.log('file | threads pool median ms | persistent pool median ms | ratio');
  for (const file of files) {
    const threads = median(await timePool('threads', file, pattern, runs));
    const persistent = median(await timePool(persistentThreadsPool, file, pattern, runs));
    console.log(`${file} | ${threads.toFixed(0)} | ${persistent.toFixed(0)} | ${(threads / persistent).toFixed(1)}×`);
  }
}
