// @ts-check
/**
 * Stryker test runner `vitest-persistent`: Stryker's own vitest runner (`@stryker-mutator/vitest-runner`, used
 * unchanged for everything it does) with the vitest pool swapped for `vitest-persistent-pool.mjs`, whose worker
 * thread lives across mutants. See that file for why and how; measured in the README ("Mutation testing").
 *
 * - Stryker marks the runs that must meet freshly loaded modules (`reloadEnvironment`: static mutants, and the run
 *   after one); for those the shared thread is stopped first, so the run starts a new one.
 * - Timeouts (a mutant that loops forever, usually): Stryker waits for the run's time limit and then kills and
 *   restarts this whole test runner process (a new Node process, a new vitest, every import again: seconds). This
 *   runner stops the worker thread itself and reports the timeout, so the next mutant only needs a new thread.
 *   Stryker's limit is timeoutFactor × the covering tests' dry-run time + timeoutMS + the dry run's whole
 *   overhead (3–7 s of imports and instrumentation, which a warm run does not pay again); this runner's limit
 *   replaces that overhead by {@link WARM_RUN_ALLOWANCE_MS}, and never exceeds Stryker's limit minus
 *   {@link OWN_TIMEOUT_LEAD_MS}. The dry run's test times reach the other runner processes through
 *   {@link TEST_TIMES_FILE} in the sandbox (their shared working directory).
 */
import { PluginKind, commonTokens, declareFactoryPlugin, tokens } from '@stryker-mutator/api/plugin';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { clearTimeout, setTimeout } from 'node:timers';
import { DryRunStatus, MutantRunStatus } from '@stryker-mutator/api/test-runner';
import { strykerPlugins as vitestPlugins } from '@stryker-mutator/vitest-runner';
import { PERSISTENT_POOL_NAME, persistentThreadsPool, terminatePersistentWorker } from './vitest-persistent-pool.mjs';

const vitestRunner = vitestPlugins.find((plugin) => plugin.kind === PluginKind.TestRunner && plugin.name === 'vitest');
if (vitestRunner === undefined || !('factory' in vitestRunner)) {
  throw new Error('stryker-vitest-persistent-runner: @stryker-mutator/vitest-runner no longer exports its "vitest" test runner factory');
}
const createVitestRunner = vitestRunner.factory;

/** How long before Stryker's own time limit this runner stops a run's worker thread (so Stryker never has to). */
const OWN_TIMEOUT_LEAD_MS = 1_000;
/** A warm run's cost beyond its tests, at most: a new worker thread and its imports (measured 0.3–1 s). */
const WARM_RUN_ALLOWANCE_MS = 2_000;
/** The dry run's time per test id, for every runner process (written once, in the sandbox). */
const TEST_TIMES_FILE = '.stryker-vitest-persistent-times.json';

/** @returns {Record<string, number> | undefined} */
function readTestTimes() {
  try {
    return JSON.parse(readFileSync(TEST_TIMES_FILE, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * @param {import('@stryker-mutator/api/plugin').Injector} injector
 * @param {import('@stryker-mutator/api/core').StrykerOptions} strykerOptions
 */
function createPersistentRunner(injector, strykerOptions) {
  /** @type {any} */
  const runner = createVitestRunner(injector);
  const init = runner.init.bind(runner);
  const dryRun = runner.dryRun.bind(runner);
  /** @type {Record<string, number> | undefined} */
  let testTimes;
  /** @param {import('@stryker-mutator/api/test-runner').MutantRunOptions} options */
  const limitOf = (options) => {
    const strykerLimit = Math.max(options.timeout - OWN_TIMEOUT_LEAD_MS, options.timeout / 2);
    testTimes ??= readTestTimes();
    if (options.testFilter === undefined || testTimes === undefined) return strykerLimit;
    let net = 0;
    for (const id of options.testFilter) {
      const ms = testTimes[id];
      if (ms === undefined) return strykerLimit;
      net += ms;
    }
    return Math.min(strykerLimit, strykerOptions.timeoutFactor * net + strykerOptions.timeoutMS + WARM_RUN_ALLOWANCE_MS);
  };
  const mutantRun = runner.mutantRun.bind(runner);
  const dispose = runner.dispose.bind(runner);
  /** @param {import('@stryker-mutator/api/test-runner').DryRunOptions} options */
  runner.dryRun = async (options) => {
    const result = await dryRun(options);
    if (result.status === DryRunStatus.Complete) {
      /** @type {Record<string, number>} */
      const times = {};
      for (const test of result.tests) times[test.id] = test.timeSpentMs;
      writeFileSync(`${TEST_TIMES_FILE}.tmp`, JSON.stringify(times));
      renameSync(`${TEST_TIMES_FILE}.tmp`, TEST_TIMES_FILE);
      testTimes = times;
    }
    return result;
  };
  runner.init = async () => {
    await init();
    for (const project of runner.ctx.projects) {
      project.config.pool = PERSISTENT_POOL_NAME;
      project.config.poolRunner = persistentThreadsPool;
    }
  };
  /**
   * @param {import('@stryker-mutator/api/test-runner').MutantRunOptions} options
   * @returns {Promise<import('@stryker-mutator/api/test-runner').MutantRunResult>}
   */
  runner.mutantRun = async (options) => {
    if (options.reloadEnvironment) await terminatePersistentWorker();
    let expired = false;
    const limit = limitOf(options);
    const timer = setTimeout(() => {
      expired = true;
      void terminatePersistentWorker();
    }, limit);
    const timedOut = () => ({ status: MutantRunStatus.Timeout, reason: `the run took over ${Math.round(limit)} ms; its worker thread was stopped` });
    try {
      const result = await mutantRun(options);
      return expired ? timedOut() : result;
    } catch (error) {
      if (expired) return timedOut();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  runner.dispose = async () => {
    await terminatePersistentWorker();
    await dispose();
  };
  return runner;
}
createPersistentRunner.inject = tokens(commonTokens.injector, commonTokens.options);

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, 'vitest-persistent', createPersistentRunner)];
