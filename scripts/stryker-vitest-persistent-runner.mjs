// @ts-check
/**
 * Stryker test runner `vitest-persistent`: Stryker's own vitest runner (`@stryker-mutator/vitest-runner`, used
 * unchanged for everything it does) with the vitest pool swapped for `vitest-persistent-pool.mjs`, whose worker
 * thread lives across mutants. See that file for why and how; measured in the README ("Mutation testing").
 *
 * Stryker marks the runs that must meet freshly loaded modules (`reloadEnvironment`: static mutants, and the run
 * after one); for those the shared thread is stopped first, so the run starts a new one.
 */
import { PluginKind, commonTokens, declareFactoryPlugin, tokens } from '@stryker-mutator/api/plugin';
import { strykerPlugins as vitestPlugins } from '@stryker-mutator/vitest-runner';
import { PERSISTENT_POOL_NAME, persistentThreadsPool, terminatePersistentWorker } from './vitest-persistent-pool.mjs';

const vitestRunner = vitestPlugins.find((plugin) => plugin.kind === PluginKind.TestRunner && plugin.name === 'vitest');
if (vitestRunner === undefined || !('factory' in vitestRunner)) {
  throw new Error('stryker-vitest-persistent-runner: @stryker-mutator/vitest-runner no longer exports its "vitest" test runner factory');
}
const createVitestRunner = vitestRunner.factory;

/** @param {import('@stryker-mutator/api/plugin').Injector} injector */
function createPersistentRunner(injector) {
  /** @type {any} */
  const runner = createVitestRunner(injector);
  const init = runner.init.bind(runner);
  const mutantRun = runner.mutantRun.bind(runner);
  const dispose = runner.dispose.bind(runner);
  runner.init = async () => {
    await init();
    for (const project of runner.ctx.projects) {
      project.config.pool = PERSISTENT_POOL_NAME;
      project.config.poolRunner = persistentThreadsPool;
    }
  };
  /** @param {import('@stryker-mutator/api/test-runner').MutantRunOptions} options */
  runner.mutantRun = async (options) => {
    if (options.reloadEnvironment) await terminatePersistentWorker();
    return mutantRun(options);
  };
  runner.dispose = async () => {
    await terminatePersistentWorker();
    await dispose();
  };
  return runner;
}
createPersistentRunner.inject = tokens(commonTokens.injector);

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, 'vitest-persistent', createPersistentRunner)];
