import type { BackendInfo, Cell, CellError } from 'rethink/core';
import type { ExecuteEvent, ExecuteResult } from './execute-cells.ts';
import { executeLocal } from './_local-workers.ts';
import { executeQueue } from './_queue-coordinator.ts';
import { ExperimentError } from './errors.ts';
import { redactUrl } from './redact-url.ts';

/** Options of {@link executeCellsDistributed}. */
export interface DistributedOptions {
  /** Local worker processes (default: `defaultWorkers` — one one-thread worker per core on wasm/cpu, one per GPU). */
  readonly workers?: number;
  /** A `redis://` or `rediss://` URL: enqueue the cells and follow the queue instead of running local workers. */
  readonly queue?: string;
  /** The backend choice passed to each local worker (`auto`, `tensorflow`, `webgpu`, `wasm`, `cpu`). */
  readonly backend?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Stops the local workers after their current batch, or stops following the queue (its cells stay queued). */
  readonly signal?: AbortSignal;
  /** Every cell's events, with the worker that produced them (a local worker's number, a queue worker's host:pid). */
  readonly onEvent?: (event: DistributedEvent) => void;
}

/**
 * What {@link executeCellsDistributed} reports: the cells' events with their worker, and each local worker's
 * backend once it has started (its own threads: on wasm they are split between the workers).
 */
export type DistributedEvent =
  | (ExecuteEvent & { readonly worker?: number | string })
  | { readonly type: 'worker-ready'; readonly worker: number; readonly backend: BackendInfo };

/** What {@link executeCellsDistributed} returns: {@link ExecuteResult}, and the cells that failed for good. */
export interface DistributedResult extends ExecuteResult {
  /** Cells that failed for a reason a retry cannot change (their `error.json`), by cell id. */
  readonly failed: ReadonlyMap<string, CellError>;
}

/**
 * Trains the given cells of a run folder (their `cell.json` already written) in parallel, skipping the finished
 * ones:
 *
 * - by default on `workers` local processes (`rethink worker --ipc`), each with its own backend (on wasm the
 *   threads are split between them), taking cells one at a time and streaming their progress back. Aborting
 *   (or the parent dying) stops every worker after its current batch; the next run resumes each cell from its
 *   checkpoint;
 * - with `queue`, through BullMQ on Redis: the unfinished cells are enqueued idempotently (job id
 *   `<plan id>-<folder hash>.<cell id>`, so running it again adds no duplicates), `rethink worker --queue` on
 *   any number of machines trains them, and this call follows the queue's events until every cell is done or
 *   failed. A second coordinator of the same run folder, on any host, is refused.
 *
 * A cell that fails for good (a bad configuration, data that fails its checksum) gets its `error.json` and is
 * listed in `failed`; the others go on.
 *
 * @example
 * ```ts
 * import { executeCellsDistributed, expandPlan, resolvePlan, writeCellFile } from 'rethink/experiment';
 * const cells = expandPlan(resolvePlan({ dataset: 'mnist', samples: 64, testSamples: 32, models: ['mlp1x512'], conditions: ['true', 'random'], optimizer: { epochs: 1 } }));
 * for (const cell of cells) await writeCellFile('reports/.example-distributed', cell);
 * const { results } = await executeCellsDistributed('reports/.example-distributed', cells, { workers: 2, backend: 'cpu' });
 * console.log(results.size); // 2
 * ```
 */
export async function executeCellsDistributed(
  runDir: string,
  cells: readonly Cell[],
  options: DistributedOptions,
): Promise<DistributedResult> {
  if (options.workers !== undefined && (!Number.isSafeInteger(options.workers) || options.workers < 1)) {
    throw new ExperimentError(`reproduce: workers must be an integer >= 1, got ${options.workers}`, {
      workers: options.workers,
    });
  }
  if (options.queue !== undefined) {
    if (options.workers !== undefined) {
      throw new ExperimentError(
        `reproduce: --workers and --queue ${redactUrl(options.queue)} exclude each other: with a queue, start workers with rethink worker --queue`,
        { workers: options.workers },
      );
    }
    return await executeQueue(runDir, cells, { ...options, queue: options.queue });
  }
  return await executeLocal(runDir, cells, options);
}
