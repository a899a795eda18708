import { createHash } from 'node:crypto';
import {
  checkSchema,
  PLAN_FORMAT_VERSION,
  planInputSchema,
  type Optimizer,
  type PlanInput,
  type ResolvedPlan,
} from 'rethink/core';
import { ExperimentError } from './errors.ts';

/** The optimizer every model starts from, before a plan's `optimizer` and `perModel` (the paper's set-up). */
export const OPTIMIZER_DEFAULTS: Optimizer = {
  lr: 0.01,
  momentum: 0.9,
  schedule: { kind: 'epoch', decay: 0.95 },
  batchSize: 128,
  epochs: 100,
  targetAccuracy: 1,
  stopOnFit: true,
};

/** Options of {@link resolvePlan}. */
export interface ResolvePlanOptions {
  /** Where the plan came from, for error messages (`--plan my-plan.json`, `preset quick`, `flags`). */
  readonly source?: string;
  /** Command-line overrides applied over the plan and recorded: `samples`, `testSamples`, `epochs`. */
  readonly overrides?: { readonly samples?: number; readonly testSamples?: number; readonly epochs?: number };
}

/** Canonical JSON: object keys sorted, so the same content gives the same text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The first 12 hex digits of the SHA-256 of `value`'s canonical JSON. */
export function contentId(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 12);
}

/**
 * Validates a plan (from a file, a preset or flags) against the plan schema, applies the command-line overrides
 * and resolves each model's optimizer (defaults, then the plan's `optimizer`, then `perModel`). A field that
 * breaks the schema throws an {@link ExperimentError} naming the field and the plan's source.
 *
 * @example
 * ```ts
 * import { resolvePlan } from 'rethink/experiment';
 * const plan = resolvePlan({ dataset: 'mnist', models: ['mlp1x512'], conditions: ['random'], perModel: { mlp1x512: { lr: 0.05 } } });
 * console.log(plan.optimizers.mlp1x512?.lr, plan.optimizers.mlp1x512?.momentum); // 0.05 0.9
 * ```
 */
export function resolvePlan(input: PlanInput | unknown, options: ResolvePlanOptions = {}): ResolvedPlan {
  const source = options.source ?? 'plan';
  const parsed = checkSchema(
    planInputSchema,
    input,
    { caller: 'resolvePlan', file: source },
    {
      error: (message, details) => new ExperimentError(message, { ...details, source }),
    },
  );
  const o = options.overrides ?? {};
  const overrides: Record<string, number> = {};
  const plan = { ...parsed };
  if (o.samples !== undefined) {
    overrides.samples = o.samples;
    plan.samples = o.samples;
  }
  if (o.testSamples !== undefined) {
    overrides.testSamples = o.testSamples;
    plan.testSamples = o.testSamples;
  }
  const optimizers: Partial<Record<(typeof plan.models)[number], Optimizer>> = {};
  for (const model of plan.models) {
    optimizers[model] = {
      ...OPTIMIZER_DEFAULTS,
      ...plan.optimizer,
      ...plan.perModel[model],
      ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
    };
  }
  if (o.epochs !== undefined) overrides.epochs = o.epochs;
  const body = { plan, optimizers };
  return { formatVersion: PLAN_FORMAT_VERSION, planId: contentId(body), ...body, overrides };
}
