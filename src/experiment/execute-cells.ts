import type { BackendInfo, Cell, CellResult } from 'rethink/core';
import { readCellResult } from './_cell-files.ts';
import { runCell, type CellEvent } from './run-cell.ts';

/** Options of {@link executeCells}. */
export interface ExecuteCellsOptions {
  /** The backend set up in this process (recorded with each result). */
  readonly backend?: BackendInfo;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Stops after the current batch of the running cell. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: ExecuteEvent) => void;
}

/** What {@link executeCells} reports: each cell's start (or skip), its batches and epochs, and its end. */
export type ExecuteEvent =
  | CellEvent
  | {
      readonly type: 'cell';
      readonly index: number;
      readonly total: number;
      readonly cell: Cell;
      /** True when the cell had been finished before (its result is read, not trained again). */
      readonly skipped: boolean;
    }
  | { readonly type: 'cell-done'; readonly cell: Cell; readonly result: CellResult };

/** What {@link executeCells} returns. */
export interface ExecuteResult {
  /** True when the signal stopped it before every cell finished. */
  readonly aborted: boolean;
  /** The results of the finished cells, by cell id. */
  readonly results: ReadonlyMap<string, CellResult>;
}

/**
 * Trains the given cells of a run folder one after another in this process, skipping the finished ones; each
 * cell is a self-contained unit (see `runCell`), so the same cells can be shared between processes or machines.
 *
 * @example
 * ```ts
 * import { executeCells, expandPlan, resolvePlan, writeCellFile } from 'rethink/experiment';
 * const cells = expandPlan(resolvePlan({ dataset: 'mnist', samples: 64, testSamples: 32, models: ['mlp1x512'], conditions: ['true', 'random'], optimizer: { epochs: 1 } }));
 * for (const cell of cells) await writeCellFile('reports/.example-exec', cell);
 * const { results } = await executeCells('reports/.example-exec', cells);
 * console.log(results.size); // 2
 * ```
 */
export async function executeCells(
  runDir: string,
  cells: readonly Cell[],
  options: ExecuteCellsOptions = {},
): Promise<ExecuteResult> {
  const emit = options.onEvent ?? (() => {});
  const results = new Map<string, CellResult>();
  for (const [index, cell] of cells.entries()) {
    const done = await readCellResult(runDir, cell.id);
    if (done !== null) {
      results.set(cell.id, done);
      emit({ type: 'cell', index, total: cells.length, cell, skipped: true });
      continue;
    }
    if (options.signal?.aborted) return { aborted: true, results };
    emit({ type: 'cell', index, total: cells.length, cell, skipped: false });
    const outcome = await runCell(runDir, cell, {
      ...(options.env ? { env: options.env } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.backend ? { backend: options.backend } : {}),
      onEvent: emit,
    });
    if (outcome.status === 'aborted' || outcome.result === null) return { aborted: true, results };
    results.set(cell.id, outcome.result);
    emit({ type: 'cell-done', cell, result: outcome.result });
  }
  return { aborted: false, results };
}
