// @ts-check
/**
 * A vitest pool for mutation runs whose one worker thread outlives `vitest.start()`, so that the modules the specs
 * import (src, fast-check, mathjs) are evaluated once per worker instead of once per mutant.
 *
 * Why: Stryker's vitest runner calls `start()` once per mutant, and vitest's own `threads` pool stops its worker at
 * the end of every `start()`. Each mutant then paid a new thread plus the import of its specs' whole module graph
 * (0.2–0.8 s) for tests that often take a few milliseconds.
 *
 * How: vitest asks the pool for a fresh `PoolWorker` per `start()`; every one of them talks to the same
 * `node:worker_threads` thread running vitest's own `workers/threads.js`. The thread gets the "start" message
 * once; later "start" and "stop" messages are answered here ("started", "stopped") instead of being forwarded,
 * and each later "run" carries the newest serialized project config (Stryker sets `testNamePattern` per mutant,
 * and vitest would otherwise keep the config of the first "start"). With `isolate: false` the worker re-evaluates
 * the spec and setup files of every run (vitest invalidates them) and keeps their dependencies.
 *
 * Safe because every mutant that Stryker activates at run time is, by Stryker's dry run, never reached while
 * modules load; mutants that are (`static`) come with `reloadEnvironment`, for which the Stryker plugin in
 * `stryker-vitest-persistent-runner.mjs` calls {@link terminatePersistentWorker} first, so they meet fresh modules.
 *
 * Only `npm run mutate` uses this (via that plugin); `npm test` uses vitest's own pools.
 */
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { setImmediate } from 'node:timers';
import { Worker } from 'node:worker_threads';

export const PERSISTENT_POOL_NAME = 'persistent-threads';

/**
 * @typedef {{ thread: Worker, events: EventEmitter, started: boolean, config: unknown, exited: boolean }} Shared
 * @type {Shared | undefined}
 */
let shared;

/** Stops the shared worker thread, if any; the next run starts a fresh one with fresh modules. */
export async function terminatePersistentWorker() {
  const current = shared;
  shared = undefined;
  if (current !== undefined && !current.exited) await current.thread.terminate();
}

/**
 * @param {any} options vitest's `PoolOptions` for one `PoolRunner` (distPath, project, env, execArgv)
 * @returns {Shared}
 */
function sharedThread(options) {
  if (shared !== undefined && !shared.exited) return shared;
  /** Loads vitest's own thread entry point, the one its `threads` pool runs. */
  const thread = new Worker(resolve(options.distPath, 'workers/threads.js'), {
    env: options.env,
    execArgv: options.execArgv,
    stdout: true,
    stderr: true,
  });
  const events = new EventEmitter();
  events.setMaxListeners(0);
  /** @type {Shared} */
  const created = { thread, events, started: false, config: undefined, exited: false };
  thread.on('message', (message) => events.emit('message', message));
  thread.on('error', (error) => events.emit('error', error));
  thread.on('exit', (code) => {
    created.exited = true;
    events.emit('exit', code);
  });
  thread.stdout.pipe(options.project.vitest.logger.outputStream, { end: false });
  thread.stderr.pipe(options.project.vitest.logger.errorStream, { end: false });
  shared = created;
  return created;
}

/**
 * The `PoolWorker` vitest creates per `PoolRunner`; all of them share one thread.
 * @param {any} options
 */
function createPoolWorker(options) {
  /** @type {Shared | undefined} */
  let attached;
  /** @type {[string, (...args: any[]) => void][]} */
  const listeners = [];
  /** @param {object} message */
  const reply = (message) => {
    const target = attached;
    setImmediate(() => target?.events.emit('message', { ...message, __vitest_worker_response__: true }));
  };
  return {
    name: PERSISTENT_POOL_NAME,
    async start() {
      attached = sharedThread(options);
    },
    async stop() {
      for (const [event, callback] of listeners.splice(0)) attached?.events.off(event, callback);
      attached = undefined;
    },
    /** @param {string} event @param {(...args: any[]) => void} callback */
    on(event, callback) {
      listeners.push([event, callback]);
      attached?.events.on(event, callback);
    },
    /** @param {string} event @param {(...args: any[]) => void} callback */
    off(event, callback) {
      const at = listeners.findIndex(([e, c]) => e === event && c === callback);
      if (at >= 0) listeners.splice(at, 1);
      attached?.events.off(event, callback);
    },
    /** @param {any} message */
    send(message) {
      const target = attached;
      if (target === undefined) return;
      if (message?.__vitest_worker_request__ === true) {
        if (message.type === 'start') {
          target.config = message.context.config;
          if (target.started) return reply({ type: 'started' });
          target.started = true;
        } else if (message.type === 'stop') {
          return reply({ type: 'stopped' });
        } else if (message.type === 'run' || message.type === 'collect') {
          message = { ...message, context: { ...message.context, config: target.config } };
        }
      }
      target.thread.postMessage(message);
    },
    /** @param {unknown} data */
    deserialize(data) {
      return data;
    },
  };
}

/** The pool to pass as vitest's `pool` option (a custom pool runner). */
export const persistentThreadsPool = { name: PERSISTENT_POOL_NAME, createPoolWorker };
