/** Internal: cells that failed for good (`error.json`), and which failures are permanent. */
import { readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  cellErrorSchema,
  checkSchema,
  exists,
  PLAN_FORMAT_VERSION,
  RethinkError,
  writeAtomic,
  type CellError,
} from 'rethink/core';
import { cellDir } from './_cell-files.ts';

/** The name of a failed cell's error file, beside `cell.json`. */
export const CELL_ERROR_FILE = 'error.json';

/**
 * Error codes that will not change on a retry: a bad configuration or argument, data of the wrong shape or
 * format, data that fails its checksum, a missing file, a run file that does not read.
 */
export const PERMANENT_CODES: ReadonlySet<string> = new Set([
  'E_ARGUMENT',
  'E_SHAPE',
  'E_FORMAT',
  'E_INTEGRITY',
  'E_NOT_FOUND',
  'E_EXPERIMENT',
  'E_RANGE',
  'E_RESOLUTION',
  'E_RUN_FILE',
  'E_RUN_DIR',
]);

/** The code and message of any thrown value (`E_UNEXPECTED` for what is not a RethinkError). */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof RethinkError) return { code: error.code, message: error.message };
  if (error !== null && typeof error === 'object' && 'code' in error && 'message' in error) {
    const { code, message } = error as { code: unknown; message: unknown };
    if (typeof code === 'string' && /^E_[A-Z_]+$/.test(code)) return { code, message: String(message) };
  }
  return { code: 'E_UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
}

/** True when retrying cannot help (see {@link PERMANENT_CODES}). */
export function isPermanent(code: string): boolean {
  return PERMANENT_CODES.has(code);
}

/** Writes `cells/<id>/error.json` (atomically). */
export async function writeCellError(
  runDir: string,
  cellId: string,
  failure: { code: string; message: string },
  host = hostname(),
): Promise<CellError> {
  const record: CellError = {
    formatVersion: PLAN_FORMAT_VERSION,
    cellId,
    code: failure.code,
    message: failure.message,
    host,
    at: new Date().toISOString(),
  };
  await writeAtomic(
    'cellError',
    join(cellDir(runDir, cellId), CELL_ERROR_FILE),
    `${JSON.stringify(record, null, 2)}\n`,
    {
      makeParents: true,
    },
  );
  return record;
}

/** Reads `cells/<id>/error.json`, or null when the cell has not failed for good. */
export async function readCellError(runDir: string, cellId: string): Promise<CellError | null> {
  const file = join(cellDir(runDir, cellId), CELL_ERROR_FILE);
  if (!(await exists(file))) return null;
  try {
    return checkSchema(cellErrorSchema, JSON.parse(await readFile(file, 'utf8')), { caller: 'cellError', file });
  } catch {
    return null;
  }
}

/** A cell tried again loses the error.json of an earlier failure. */
export async function removeCellError(runDir: string, cellId: string): Promise<void> {
  await rm(join(cellDir(runDir, cellId), CELL_ERROR_FILE), { force: true });
}
