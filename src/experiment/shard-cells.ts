import type { Cell } from 'rethink/core';
import { ExperimentError } from './errors.ts';

/**
 * The deterministic share of shard `index` of `count` (0-based): the cells whose position in `cells` (as
 * `expandPlan` orders them) is `index` modulo `count`. The shards 0 … count-1 cover every cell exactly once,
 * whatever machine or order they run in — for Slurm job arrays, Kubernetes Indexed Jobs or GNU parallel.
 *
 * @example
 * ```ts
 * import { shardCells } from 'rethink/experiment';
 * console.log(shardCells(['a', 'b', 'c', 'd', 'e'], 1, 2)); // [ 'b', 'd' ]
 * ```
 */
export function shardCells<T = Cell>(cells: readonly T[], index: number, count: number): T[] {
  if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(index) || index < 0 || index >= count) {
    throw new ExperimentError(`shardCells: shard ${index}/${count} is not one of 0/${count} … ${count - 1}/${count}`, {
      index,
      count,
    });
  }
  return cells.filter((_, position) => position % count === index);
}
