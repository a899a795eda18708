/** Internal: the files of a cell folder (`cells/<id>/`). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  cellResultSchema,
  cellSchema,
  checkSchema,
  exists,
  PLAN_FILES,
  writeAtomic,
  type Cell,
  type CellResult,
} from 'rethink/core';
import { ExperimentError } from './errors.ts';
import { canonicalJson } from './resolve-plan.ts';

/** The folder of a cell inside a plan's run folder. */
export function cellDir(runDir: string, cellId: string): string {
  return join(runDir, PLAN_FILES.cells, cellId);
}

/** Reads and checks `cell.json` of a cell folder. */
export async function readCell(runDir: string, cellId: string): Promise<Cell> {
  const file = join(cellDir(runDir, cellId), PLAN_FILES.cell);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ExperimentError(`runCell: ${file}: no such cell in this run folder`, { file, cellId, cause });
  }
  return checkSchema(cellSchema, JSON.parse(text), { caller: 'runCell', file });
}

/** Reads `result.json` of a cell, or null while the cell is unfinished. */
export async function readCellResult(runDir: string, cellId: string): Promise<CellResult | null> {
  const file = join(cellDir(runDir, cellId), PLAN_FILES.result);
  if (!(await exists(file))) return null;
  return checkSchema(cellResultSchema, JSON.parse(await readFile(file, 'utf8')), { caller: 'runCell', file });
}

/**
 * Writes `cell.json` of a cell (creating its folder), or checks that the one there holds the same cell: a cell
 * folder never holds another configuration.
 *
 * @example
 * ```ts
 * import { expandPlan, resolvePlan, writeCellFile } from 'rethink/experiment';
 * const [cell] = expandPlan(resolvePlan({ dataset: 'mnist', models: ['cnn'], conditions: ['true'] }));
 * console.log((await writeCellFile('reports/.example-cells', cell!)).endsWith('cell.json')); // true
 * ```
 */
export async function writeCellFile(runDir: string, cell: Cell): Promise<string> {
  const file = join(cellDir(runDir, cell.id), PLAN_FILES.cell);
  if (await exists(file)) {
    const there = await readCell(runDir, cell.id);
    if (canonicalJson(there) !== canonicalJson(cell)) {
      throw new ExperimentError(`runCell: ${file} holds another configuration than cell ${cell.name}`, {
        file,
        cellId: cell.id,
      });
    }
    return file;
  }
  await writeAtomic('runCell', file, `${JSON.stringify(cell, null, 2)}\n`, { makeParents: true });
  return file;
}
