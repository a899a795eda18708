/** Internal: the messages between `executeCellsDistributed` and its local worker processes (`rethink worker --ipc`). */
import type { BackendInfo, Cell, CellResult } from 'rethink/core';
import type { CellEvent } from './run-cell.ts';

/** Parent → worker. */
export type ToWorker =
  | { readonly type: 'run'; readonly runDir: string; readonly cell: Cell }
  /** Stop after the current batch (the cell's checkpoint stays) and exit. */
  | { readonly type: 'stop' };

/** Worker → parent. */
export type FromWorker =
  | { readonly type: 'ready'; readonly backend: BackendInfo; readonly pid: number }
  | { readonly type: 'event'; readonly event: CellEvent }
  | {
      readonly type: 'done';
      readonly cellId: string;
      readonly status: 'done' | 'finished' | 'aborted';
      readonly result: CellResult | null;
    }
  | { readonly type: 'error'; readonly cellId: string | null; readonly code: string; readonly message: string };
