import { readdir } from 'node:fs/promises';
import { PLAN_FILES, type CellError, type CellResult } from 'rethink/core';
import { selectBackend } from 'rethink/train';
import { writeCellFile } from './_cell-files.ts';
import { describeError, isPermanent, removeCellError, writeCellError } from './_cell-error.ts';
import { lockCell } from './_cell-lock.ts';
import { writePlanFileIfAbsent } from './_plan-file.ts';
import { ExperimentError } from './errors.ts';
import { executeCells, type ExecuteEvent } from './execute-cells.ts';
import { expandPlan } from './expand-plan.ts';
import { planFromOptions, type PlanOptions } from './plan-from-options.ts';
import { shardCells } from './shard-cells.ts';

/** Options of {@link runShard}. */
export interface RunShardOptions {
  /** The plan, as `reproduce` takes it: a preset or file (`plan`) with overrides, or plan flags. */
  readonly plan: PlanOptions;
  /** The run folder, shared by every shard. */
  readonly out: string;
  /** This shard (0-based) … */
  readonly index: number;
  /** … of this many. */
  readonly count: number;
  /** The backend choice (`auto`, `tensorflow`, `webgpu`, `wasm`, `cpu`); default `RETHINK_BACKEND`, else `auto`. */
  readonly backend?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Stops after the current batch; the same command resumes. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: ExecuteEvent) => void;
}

/** What {@link runShard} returns. */
export interface RunShardResult {
  readonly planId: string;
  /** The plan's cells, and this shard's share of them. */
  readonly total: number;
  readonly share: number;
  readonly aborted: boolean;
  readonly results: ReadonlyMap<string, CellResult>;
  /** Cells of this shard that failed for good (their `error.json`). */
  readonly failed: ReadonlyMap<string, CellError>;
}

/** Entries a plan's run folder may hold. */
const PLAN_ENTRIES: ReadonlySet<string> = new Set(Object.values(PLAN_FILES));

/**
 * `rethink worker --shard i/N`: runs shard `index` of `count` of a plan — the cells at positions `index`
 * modulo `count` in `expandPlan`'s order (see `shardCells`) — into the shared run folder `out`, for Slurm job
 * arrays, Kubernetes Indexed Jobs or GNU parallel. The first shard to start writes `plan.json` (atomically) and
 * every `cell.json`; the others check that they hold the same plan. Each cell resumes from its checkpoint and a
 * finished one is skipped, so a shard run again finishes its share. `rethink report DIR` builds the report once
 * all shards are done.
 *
 * @example
 * ```ts
 * import { runShard } from 'rethink/experiment';
 * const plan = { dataset: 'mnist', samples: 64, testSamples: 32, conditions: ['true', 'random'], epochs: 1, theorem: false };
 * const { share, total } = await runShard({ plan, out: 'reports/.example-shards', index: 0, count: 2, backend: 'cpu' });
 * console.log(share, total); // 1 2
 * ```
 */
export async function runShard(options: RunShardOptions): Promise<RunShardResult> {
  const plan = planFromOptions(options.plan);
  const cells = expandPlan(plan);
  const share = shardCells(cells, options.index, options.count);
  const foreign = (await readdir(options.out).catch(() => [] as string[])).filter(
    (name) => !PLAN_ENTRIES.has(name as never),
  );
  if (foreign.length > 0) {
    throw new ExperimentError(
      `worker --shard: --out ${options.out} is not a plan's run folder (it has ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); nothing in it was touched — name a new or empty folder`,
      { dir: options.out, flag: '--out', reason: 'foreign-folder' },
    );
  }
  await writePlanFileIfAbsent(options.out, plan, 'worker --shard');
  for (const cell of cells) await writeCellFile(options.out, cell);
  const env = options.env ?? process.env;
  const backend = await selectBackend({ ...(options.backend ? { backend: options.backend } : {}), env });
  const results = new Map<string, CellResult>();
  const failed = new Map<string, CellError>();
  for (const [position, cell] of share.entries()) {
    if (options.signal?.aborted) break;
    const onEvent = options.onEvent;
    // A scheduler may start a shard twice (a requeued task while the first still runs): one trains each cell.
    const release = await lockCell(options.out, cell.id, options.signal ? { signal: options.signal } : {});
    if (release === null) break;
    await removeCellError(options.out, cell.id);
    try {
      const run = await executeCells(options.out, [cell], {
        backend,
        env,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(onEvent
          ? {
              onEvent: (e: ExecuteEvent) =>
                onEvent(e.type === 'cell' ? { ...e, index: position, total: share.length } : e),
            }
          : {}),
      });
      for (const [id, result] of run.results) results.set(id, result);
      if (run.aborted) break;
    } catch (error) {
      const failure = describeError(error);
      if (!isPermanent(failure.code)) throw error;
      failed.set(cell.id, await writeCellError(options.out, cell.id, failure));
    } finally {
      await release();
    }
  }
  const aborted = share.some((c) => !results.has(c.id) && !failed.has(c.id));
  return { planId: plan.planId, total: cells.length, share: share.length, aborted, results, failed };
}
