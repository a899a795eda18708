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
 *   It stops it at the first of two limits:
 *   - the whole run: timeoutFactor × the covering tests' dry-run time + timeoutMS + {@link WARM_RUN_ALLOWANCE_MS}
 *     (Stryker adds the dry run's whole overhead instead, 3–7 s of imports and instrumentation that a warm run
 *     does not pay again), and never more than Stryker's own limit minus {@link OWN_TIMEOUT_LEAD_MS};
 *   - silence: no test, hook or file event from the worker for timeoutFactor × the slowest covering test's
 *     dry-run time + timeoutMS + {@link WARM_RUN_ALLOWANCE_MS}. vitest reports every test's start and end as it
 *     happens, so a worker stuck in an endless loop falls silent, while a working one reports at least at every
 *     test boundary. This stops a loop in the first of many covering tests without waiting for all their time.
 *   The dry run's test times reach the other runner processes through {@link TEST_TIMES_FILE} in the sandbox
 *   (their shared working directory).
 */
import { PluginKind, commonTokens, declareFactoryPlugin, tokens } from '@stryker-mutator/api/plugin';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { DryRunStatus, MutantRunStatus } from '@stryker-mutator/api/test-runner';
import { strykerPlugins as vitestPlugins } from '@stryker-mutator/vitest-runner';
import { PERSISTENT_POOL_NAME, persistentThreadsPool, terminatePersistentWorker } from './vitest-persistent-pool.mjs';

const vitestRunner = vitestPlugins.find((plugin) => plugin.kind === PluginKind.TestRunner && plugin.name === 'vitest');
if (vitestRunner === undefined || !('factory' in vitestRunner)) {
  throw new Error(
    'stryker-vitest-persistent-runner: @stryker-mutator/vitest-runner no longer exports its "vitest" test runner factory',
  );
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
  const mutantRun = runner.mutantRun.bind(runner);
  const dispose = runner.dispose.bind(runner);
  /** @type {Record<string, number> | undefined} */
  let testTimes;
  /**
   * The run's limits in ms: `whole` for the run, `quiet` for a silence of the worker (see the module comment).
   * @param {import('@stryker-mutator/api/test-runner').MutantRunOptions} options
   */
  const limitsOf = (options) => {
    const strykerLimit = Math.max(options.timeout - OWN_TIMEOUT_LEAD_MS, options.timeout / 2);
    const fallback = { whole: strykerLimit, quiet: strykerLimit };
    testTimes ??= readTestTimes();
    if (options.testFilter === undefined || testTimes === undefined) return fallback;
    let net = 0;
    let slowest = 0;
    for (const id of options.testFilter) {
      const ms = testTimes[id];
      if (ms === undefined) return fallback;
      net += ms;
      slowest = Math.max(slowest, ms);
    }
    const slack = strykerOptions.timeoutMS + WARM_RUN_ALLOWANCE_MS;
    const whole = Math.min(strykerLimit, strykerOptions.timeoutFactor * net + slack);
    return { whole, quiet: Math.min(whole, strykerOptions.timeoutFactor * slowest + slack) };
  };
  /** When the worker last reported anything (a test, hook or file starting or ending). */
  let lastEvent = performance.now();
  const heard = () => {
    lastEvent = performance.now();
  };
  const listener = {
    onTestModuleQueued: heard,
    onTestModuleCollected: heard,
    onTestModuleStart: heard,
    onTestModuleEnd: heard,
    onHookStart: heard,
    onHookEnd: heard,
    onTestSuiteReady: heard,
    onTestSuiteResult: heard,
    onTestCaseReady: heard,
    onTestCaseResult: heard,
  };
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
    runner.ctx.reporters.push(listener);
  };
  /**
   * @param {import('@stryker-mutator/api/test-runner').MutantRunOptions} options
   * @returns {Promise<import('@stryker-mutator/api/test-runner').MutantRunResult>}
   */
  runner.mutantRun = async (options) => {
    if (options.reloadEnvironment) await terminatePersistentWorker();
    let expired = '';
    const { whole, quiet } = limitsOf(options);
    const expire = (/** @type {string} */ why) => {
      if (expired !== '') return;
      expired = why;
      void terminatePersistentWorker();
    };
    heard();
    const timer = setTimeout(() => expire(`the run took over ${Math.round(whole)} ms`), whole);
    const watch = setInterval(() => {
      const silent = performance.now() - lastEvent;
      if (silent > quiet)
        expire(`the worker reported nothing for ${Math.round(silent)} ms (limit ${Math.round(quiet)} ms)`);
    }, 100);
    const timedOut = () => ({ status: MutantRunStatus.Timeout, reason: `${expired}; its worker thread was stopped` });
    try {
      const result = await mutantRun(options);
      return expired !== '' ? timedOut() : result;
    } catch (error) {
      if (expired !== '') return timedOut();
      throw error;
    } finally {
      clearTimeout(timer);
      clearInterval(watch);
    }
  };
  runner.dispose = async () => {
    await terminatePersistentWorker();
    await dispose();
  };
  return runner;
}
createPersistentRunner.inject = tokens(commonTokens.injector, commonTokens.options);

export const strykerPlugins = [
  declareFactoryPlugin(PluginKind.TestRunner, 'vitest-persistent', createPersistentRunner),
];
