/** Internal: `plan.json` written once — by whichever process comes first — and checked by every other. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkSchema, exists, PLAN_FILES, resolvedPlanSchema, writeAtomic, type ResolvedPlan } from 'rethink/core';
import { ExperimentError } from './errors.ts';

/** Writes `plan.json` atomically when absent; when present, it must hold the same plan (its plan id). */
export async function writePlanFileIfAbsent(runDir: string, plan: ResolvedPlan, caller: string): Promise<string> {
  const file = join(runDir, PLAN_FILES.plan);
  const check = async (): Promise<boolean> => {
    if (!(await exists(file))) return false;
    const there = checkSchema(resolvedPlanSchema, JSON.parse(await readFile(file, 'utf8')), { caller, file });
    if (there.planId !== plan.planId) {
      throw new ExperimentError(
        `${caller}: ${runDir} holds another plan (plan id ${there.planId}${there.plan.name ? `, ${there.plan.name}` : ''}) than this one (${plan.planId}${plan.plan.name ? `, ${plan.plan.name}` : ''}); give every shard the same plan options, or choose another --out`,
        { dir: runDir, file, planId: there.planId, expected: plan.planId },
      );
    }
    return true;
  };
  if (await check()) return file;
  // Two shards starting at once both write the same content through a rename: either way one whole file is left.
  await writeAtomic(caller, file, `${JSON.stringify(plan, null, 2)}\n`, { makeParents: true });
  await check();
  return file;
}
