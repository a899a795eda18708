/** Spec helper: tiny plans of cells (64 MNIST digits, 3 epochs, cpu backend) and their files compared. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Cell, PlanInput } from 'rethink/core';
import { expandPlan, resolvePlan, writeCellFile } from 'rethink/experiment';

/** The command-line entry (loads the sources through tsx). */
export const CLI = join(import.meta.dirname, '..', '..', 'bin', 'rethink.mjs');

export const TINY: PlanInput = {
  dataset: 'mnist',
  samples: 64,
  testSamples: 32,
  models: ['mlp1x512'],
  conditions: ['true-labels', 'random-labels', 'shuffled-pixels'],
  optimizer: { epochs: 3, batchSize: 32 },
  theorem: false,
};

/** The cells of a tiny plan, their cell.json (and plan.json) written into `runDir`. */
export async function tinyCells(runDir: string, input: Partial<PlanInput> = {}): Promise<Cell[]> {
  const plan = resolvePlan({ ...TINY, ...input });
  const cells = expandPlan(plan);
  for (const cell of cells) await writeCellFile(runDir, cell);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(runDir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
  return cells;
}

/** A cell's metrics lines without their wall times (what must be bit-identical between runs). */
export function metricsWithoutSeconds(runDir: string, cellId: string): unknown[] {
  return readFileSync(join(runDir, 'cells', cellId, 'metrics.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const { seconds: _seconds, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    });
}

/** The cell ids with a result.json in a run folder. */
export function finishedCells(runDir: string): string[] {
  return readdirSync(join(runDir, 'cells')).filter((id) => {
    try {
      readFileSync(join(runDir, 'cells', id, 'result.json'));
      return true;
    } catch {
      return false;
    }
  });
}
