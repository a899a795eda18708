/**
 * The vitest pool of mutation runs (scripts/vitest-persistent-pool.mjs) keeps one worker thread across
 * `vitest.start()` calls. It leans on vitest's worker protocol, so this spec pins what the mutation runs rely on:
 * dependencies of a spec are evaluated once per thread, the spec itself on every run, the per-run test name
 * filter still applies (it travels in the config, which the pool forwards on every run), and
 * `terminatePersistentWorker` gives the next run freshly loaded modules.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createVitest, type Vitest } from 'vitest/node';
// @ts-expect-error -- a plain .mjs script without type declarations (checked by its JSDoc under // @ts-check)
import { persistentThreadsPool, terminatePersistentWorker } from '../../scripts/vitest-persistent-pool.mjs';

const FIXTURE = 'spec/tooling/_persistent-pool/names.fixture.ts';
let dir: string;
let log: string;
let vitest: Vitest;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rethink-persistent-pool-'));
  log = join(dir, 'loads.log');
  vitest = await createVitest('test', {
    config: false,
    include: [FIXTURE],
    pool: persistentThreadsPool,
    isolate: false,
    maxWorkers: 1,
    watch: false,
    reporters: [{}],
    coverage: { enabled: false },
    env: { PERSISTENT_POOL_LOG: log },
  });
});
afterAll(async () => {
  await terminatePersistentWorker();
  await vitest?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the fixture with a test name filter; returns the names of the tests that ran and passed. */
async function runWith(pattern: RegExp): Promise<string[]> {
  vitest.state.filesMap.clear();
  for (const project of vitest.projects) project.config.testNamePattern = pattern;
  await vitest.start([FIXTURE]);
  return vitest.state
    .getFiles()
    .flatMap((file) => file.tasks)
    .filter((task) => task.result?.state === 'pass')
    .map((task) => task.name);
}

const loads = async () => (await readFile(log, 'utf8')).split('\n').filter(Boolean).length;

it('keeps dependencies loaded across runs, applies each run’s name filter, and reloads after termination', async () => {
  expect(await runWith(/alpha/)).toEqual(['alpha']);
  expect(await runWith(/beta/)).toEqual(['beta']);
  expect(await runWith(/alpha|beta/)).toEqual(['alpha', 'beta']);
  expect(await loads()).toBe(1);
  await terminatePersistentWorker();
  expect(await runWith(/beta/)).toEqual(['beta']);
  expect(await loads()).toBe(2);
});
