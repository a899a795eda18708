/** Internal: the jobs of the cell queue — their ids, data and options, shared by the coordinator and the workers. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PLAN_FILES, resolvedPlanSchema, type Cell } from 'rethink/core';

/** What a job carries: where the cell is (its configuration is read from its `cell.json` there). */
export interface CellJobData {
  readonly runDir: string;
  readonly cellId: string;
  readonly cellName: string;
  readonly runKey: string;
}

/** The progress a worker publishes while it trains a job's cell (epochs, throttled batches). */
export type CellJobProgress =
  | { readonly type: 'cell-start'; readonly worker: string; readonly resumedFrom: number | null }
  | { readonly type: 'batch'; readonly worker: string; readonly progress: Record<string, unknown> }
  | { readonly type: 'epoch'; readonly worker: string; readonly record: Record<string, unknown> };

/** Attempts of a transient failure (exponential backoff from {@link BACKOFF_MS}) before the cell fails. */
export const JOB_ATTEMPTS = 4;
export const BACKOFF_MS = 2000;

/** The options every cell job is added with. */
export function jobOptions(jobId: string) {
  return {
    jobId,
    attempts: JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: BACKOFF_MS },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  } as const;
}

/**
 * The run's key in the queue: the plan id from `plan.json` (else a hash of the cell ids) and a hash of the run
 * folder's absolute path, so that the same plan in two folders is two runs and the same folder is always one.
 */
export async function runKeyOf(runDir: string, cells: readonly Cell[]): Promise<string> {
  const dir = resolve(runDir);
  let planId: string | null = null;
  try {
    const plan = resolvedPlanSchema.safeParse(JSON.parse(await readFile(join(dir, PLAN_FILES.plan), 'utf8')));
    if (plan.success && /^[0-9a-zA-Z_-]+$/.test(plan.data.planId)) planId = plan.data.planId;
  } catch {
    planId = null;
  }
  const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);
  return `${planId ?? hash(cells.map((c) => c.id).join(','))}-${hash(dir)}`;
}

/** A cell's job id (`<runKey>.<cellId>`; BullMQ ids may not hold one `:`). */
export function jobIdOf(runKey: string, cellId: string): string {
  return `${runKey}.${cellId}`;
}

/** The code at the start of a failure reason (`E_FORMAT: …`), else `E_UNEXPECTED`. */
export function reasonCode(reason: string): { code: string; message: string } {
  const match = /^(E_[A-Z_]+): ([\s\S]*)$/.exec(reason);
  return match ? { code: match[1] as string, message: match[2] as string } : { code: 'E_UNEXPECTED', message: reason };
}
