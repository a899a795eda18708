import { readFileSync } from 'node:fs';
import type { LrSchedule, PlanInput, ResolvedPlan } from 'rethink/core';
import { ExperimentError } from './errors.ts';
import { PLAN_PRESETS } from './presets.ts';
import { resolvePlan } from './resolve-plan.ts';

/** The plan options of `reproduce` and `worker`: a plan (preset, file or object), or flags that make one. */
export interface PlanOptions {
  /** A preset name (`quick`, `paper-table1`, …), a path to a plan JSON file, or a plan. */
  readonly plan?: string | PlanInput;
  /** Overrides of any plan, recorded in plan.json and stated in the report. */
  readonly samples?: number;
  readonly testSamples?: number;
  readonly epochs?: number;
  /** Plan fields from flags (without `plan`; they start from the `quick` preset). */
  readonly dataset?: string;
  readonly model?: string;
  readonly models?: readonly string[];
  readonly conditions?: readonly string[];
  readonly corruption?: readonly number[];
  readonly weightDecay?: readonly number[];
  readonly crop?: readonly boolean[];
  /** One seed (also the seed of the data subsets, as before plans) … */
  readonly seed?: number;
  /** … or several. */
  readonly seeds?: readonly number[];
  readonly batchSize?: number;
  readonly lr?: number;
  readonly schedule?: LrSchedule;
  readonly theorem?: boolean;
  /** Build the Section 5 (kernel) panel (default true). */
  readonly kernel?: boolean;
}

/** The flag-style fields that define a plan, which cannot be combined with `plan`. */
const PLAN_FIELDS = [
  'dataset',
  'model',
  'models',
  'conditions',
  'corruption',
  'weightDecay',
  'crop',
  'seed',
  'seeds',
  'batchSize',
  'lr',
  'schedule',
] as const;

/** A preset by name, or a plan JSON file; errors name the file or list the presets. */
function loadPlanSpec(spec: string): { input: unknown; source: string } {
  // Own keys only: `--plan constructor` names no preset.
  if (Object.hasOwn(PLAN_PRESETS, spec)) return { input: PLAN_PRESETS[spec], source: `preset ${spec}` };
  let text: string;
  try {
    text = readFileSync(spec, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ExperimentError(
      `reproduce: --plan ${spec} is neither a preset (${Object.keys(PLAN_PRESETS).join(', ')}) nor a readable file${code ? ` (${code})` : ''}`,
      { flag: '--plan', plan: spec, reason: code },
    );
  }
  try {
    return { input: JSON.parse(text) as unknown, source: spec };
  } catch (cause) {
    throw new ExperimentError(`reproduce: --plan ${spec}: not valid JSON: ${(cause as Error).message}`, {
      flag: '--plan',
      file: spec,
    });
  }
}

/**
 * The resolved plan of `reproduce`'s options: `plan` (a preset name, a file or an object) with the `samples`,
 * `testSamples` and `epochs` overrides; or, without `plan`, the `quick` preset with the flag-style fields
 * (`models`, `conditions`, `weightDecay`, `crop`, `seeds`, `lr`, …) as the plan's own. Combining `plan` with a
 * plan field is an error naming it.
 *
 * @example
 * ```ts
 * import { planFromOptions } from 'rethink/experiment';
 * const plan = planFromOptions({ plan: 'paper-table1', samples: 1000, epochs: 5 });
 * console.log(plan.plan.name, plan.plan.samples, plan.optimizers.alexnet?.epochs, JSON.stringify(plan.overrides)); // paper-table1 1000 5 {"samples":1000,"epochs":5}
 * ```
 */
export function planFromOptions(options: PlanOptions): ResolvedPlan {
  const overrides = {
    ...(options.samples !== undefined ? { samples: options.samples } : {}),
    ...(options.testSamples !== undefined ? { testSamples: options.testSamples } : {}),
    ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
  };
  if (options.plan !== undefined) {
    const clash = PLAN_FIELDS.filter((field) => options[field] !== undefined);
    if (clash.length > 0) {
      throw new ExperimentError(
        `reproduce: ${clash.join(', ')} cannot be combined with a plan; put ${clash.length > 1 ? 'them' : 'it'} in the plan (only --samples, --test-samples and --epochs override one)`,
        { fields: clash },
      );
    }
    const { input, source } =
      typeof options.plan === 'string' ? loadPlanSpec(options.plan) : { input: options.plan, source: 'plan' };
    const theorem = {
      ...(options.theorem === false ? { theorem: false } : {}),
      ...(options.kernel === false ? { kernel: false } : {}),
    };
    return resolvePlan(typeof input === 'object' && input !== null ? { ...input, ...theorem } : input, {
      source,
      overrides,
    });
  }
  const quick = PLAN_PRESETS.quick as PlanInput;
  const seeds = options.seeds ?? (options.seed !== undefined ? [options.seed] : undefined);
  const custom = PLAN_FIELDS.some((field) => options[field] !== undefined);
  const input: PlanInput = {
    ...quick,
    ...(custom ? { name: undefined, description: undefined } : {}),
    ...(options.dataset !== undefined ? { dataset: options.dataset } : {}),
    ...(options.samples !== undefined ? { samples: options.samples } : {}),
    ...(options.testSamples !== undefined ? { testSamples: options.testSamples } : {}),
    ...(options.models !== undefined || options.model !== undefined
      ? { models: [...(options.models ?? [options.model as string])] as PlanInput['models'] }
      : {}),
    ...(options.conditions !== undefined ? { conditions: [...options.conditions] } : {}),
    ...(options.corruption !== undefined ? { corruption: [...options.corruption] } : {}),
    ...(options.weightDecay !== undefined ? { weightDecay: [...options.weightDecay] } : {}),
    ...(options.crop !== undefined ? { crop: [...options.crop] } : {}),
    ...(seeds !== undefined ? { seeds: [...seeds], dataSeed: seeds[0] as number } : {}),
    optimizer: {
      ...quick.optimizer,
      ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.lr !== undefined ? { lr: options.lr } : {}),
      ...(options.schedule !== undefined ? { schedule: options.schedule } : {}),
    },
    ...(options.theorem !== undefined ? { theorem: options.theorem } : {}),
    ...(options.kernel !== undefined ? { kernel: options.kernel } : {}),
  };
  return resolvePlan(input, { source: 'flags' });
}
