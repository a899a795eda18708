import { parseConditionKind, PLAN_FORMAT_VERSION, type Cell, type Exclusion, type ResolvedPlan } from 'rethink/core';
import { gridConditions, type GridCondition } from './grid.ts';
import { contentId } from './resolve-plan.ts';

/** `5e-4` for weight decay 0.0005, `0` for off. */
function formatDecay(wd: number): string {
  return wd === 0 ? '0' : wd.toExponential();
}

/** True when the cell matches every field the exclusion names. */
function excluded(rule: Exclusion, model: string, condition: GridCondition, wd: number, crop: boolean): boolean {
  if (rule.models && !rule.models.some((m) => m === model)) return false;
  if (rule.weightDecay && !rule.weightDecay.includes(wd)) return false;
  if (rule.crop && !rule.crop.includes(crop)) return false;
  if (rule.conditions && !rule.conditions.some((c) => c === condition.id || parseConditionKind(c) === condition.kind))
    return false;
  return true;
}

/**
 * Expands a resolved plan into its cells: models × conditions (corrupted labels once per level) × weight decay ×
 * random crop × seeds, in that nesting order, less the cells an exclusion matches. Each cell carries everything it
 * trains with, and its id is a hash of exactly that, so the same plan gives the same ids whatever the order of
 * its keys or flags; its name is readable (`alexnet/random-labels/wd=5e-4/crop=off/seed=1`).
 *
 * @example
 * ```ts
 * import { expandPlan, resolvePlan } from 'rethink/experiment';
 * const plan = resolvePlan({ dataset: 'mnist', models: ['mlp1x512', 'alexnet'], conditions: ['random'], weightDecay: [0, 5e-4], seeds: [0, 1] });
 * const cells = expandPlan(plan);
 * console.log(cells.length, cells[0]?.name); // 8 mlp1x512/random-labels/wd=0/crop=off/seed=0
 * ```
 */
export function expandPlan(resolved: ResolvedPlan): Cell[] {
  const { plan } = resolved;
  const conditions = gridConditions({ conditions: plan.conditions, corruption: plan.corruption });
  const cells: Cell[] = [];
  const seen = new Set<string>();
  for (const model of plan.models) {
    const optimizer = resolved.optimizers[model];
    if (optimizer === undefined) continue;
    for (const condition of conditions) {
      for (const weightDecay of plan.weightDecay) {
        for (const crop of plan.crop) {
          if (plan.exclude.some((rule) => excluded(rule, model, condition, weightDecay, crop))) continue;
          for (const seed of plan.seeds) {
            const config = {
              model,
              condition: { id: condition.id, kind: condition.kind, p: condition.p },
              weightDecay,
              crop,
              seed,
              optimizer,
              data: {
                dataset: plan.dataset,
                samples: plan.samples ?? null,
                testSamples: plan.testSamples ?? null,
                dataSeed: plan.dataSeed,
                preprocessing: plan.preprocessing,
              },
            };
            const id = contentId(config);
            if (seen.has(id)) continue; // a value repeated on an axis
            seen.add(id);
            cells.push({
              formatVersion: PLAN_FORMAT_VERSION,
              id,
              name: `${model}/${condition.id}/wd=${formatDecay(weightDecay)}/crop=${crop ? 'on' : 'off'}/seed=${seed}`,
              ...config,
            });
          }
        }
      }
    }
  }
  return cells;
}
