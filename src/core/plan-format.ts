/**
 * Experiment plans and their run folders (format 2), as zod schemas with the types inferred from them: what
 * `experiment` expands and trains, and all that `report` reads. A plan is a declarative experiment — a data set
 * and its preprocessing, axes (models × conditions with corruption levels × weight decay × random crop × seeds),
 * per-model optimizer settings and exclusions — that expands into **cells**, each one training run with a stable
 * id derived from its full configuration.
 *
 * A plan's run folder:
 *
 * - `plan.json` — {@link ResolvedPlan}: the plan as resolved (every default filled in, the overrides named);
 * - `theorem.json` — the Theorem 1 panel on the training subset (a {@link TheoremPanel} or {@link TheoremSkipped});
 * - `cells/<cell id>/cell.json` — {@link Cell}: everything that cell trains with;
 * - `cells/<cell id>/metrics.jsonl` — one {@link MetricRecord} per epoch;
 * - `cells/<cell id>/checkpoint/` — while it trains;
 * - `cells/<cell id>/result.json` — {@link CellResult}: written last, so a cell is finished exactly when it exists;
 * - `index.html`, `figures/*.svg`, `tables/*.csv` — the report.
 *
 * @example
 * ```ts
 * import { PLAN_FILES, planInputSchema } from 'rethink/core';
 * const plan = planInputSchema.parse({ dataset: 'mnist', models: ['mlp1x512'], conditions: ['random-labels'] });
 * console.log(PLAN_FILES.plan, plan.seeds, plan.weightDecay); // plan.json [ 0 ] [ 0 ]
 * ```
 *
 * @module
 */
import { z } from 'zod';
import { CONDITION_KINDS } from './condition.ts';
import {
  lrScheduleSchema,
  recordedBackendSchema,
  STOP_REASONS,
  theoremPanelSchema,
  theoremSkippedSchema,
  jsonValueSchema,
} from './run-format.ts';

/** The version written into `plan.json`, `cell.json` and `result.json` of a plan's run folder. */
export const PLAN_FORMAT_VERSION = 2;

/** The file and folder names of a plan's run folder. */
export const PLAN_FILES = {
  plan: 'plan.json',
  theorem: 'theorem.json',
  kernel: 'kernel.json',
  cells: 'cells',
  cell: 'cell.json',
  metrics: 'metrics.jsonl',
  checkpoint: 'checkpoint',
  result: 'result.json',
  report: 'index.html',
  figures: 'figures',
  tables: 'tables',
  lock: '.rethink-lock',
} as const;

/** The models a plan can name (rethink/train's registry). */
export const PLAN_MODELS = ['cnn', 'mlp1x512', 'mlp3x512', 'alexnet', 'inception', 'inception-nobn'] as const;

const positive = (what = 'a finite number > 0') => z.number({ error: what }).refine((x) => x > 0, { error: what });
const int = (min = 0) => {
  const expected = `an integer >= ${min}`;
  return z.int({ error: expected }).min(min, { error: expected });
};
const unit = (what: string) => z.number({ error: what }).min(0, { error: what }).max(1, { error: what });

/** SGD settings of one model: learning rate, momentum, schedule, batch size, epoch cap, target accuracy. */
export const optimizerSchema = z.strictObject({
  /** Initial learning rate (> 0). */
  lr: positive(),
  /** Momentum in [0, 1). */
  momentum: z
    .number({ error: 'a number in [0, 1)' })
    .min(0, { error: 'a number in [0, 1)' })
    .lt(1, { error: 'a number in [0, 1)' }),
  schedule: lrScheduleSchema,
  batchSize: int(1),
  /** Epoch cap: a cell that has not reached the target after this many epochs stops unfitted. */
  epochs: int(1),
  /** Training accuracy that counts as fitted. */
  targetAccuracy: unit('a number in [0, 1]'),
  /** Stop at the target (default true); false trains every cell to the epoch cap (learning curves, Figure 2). */
  stopOnFit: z.boolean({ error: 'true or false' }),
});
/** See {@link optimizerSchema}. */
export type Optimizer = z.infer<typeof optimizerSchema>;

/** An exclusion: every cell that matches all the given fields is left out of the plan. */
export const exclusionSchema = z.strictObject({
  models: z.array(z.enum(PLAN_MODELS)).optional(),
  conditions: z.array(z.string()).optional(),
  weightDecay: z.array(z.number()).optional(),
  crop: z.array(z.boolean()).optional(),
});
/** See {@link exclusionSchema}. */
export type Exclusion = z.infer<typeof exclusionSchema>;

/** How images are prepared: as they are, or the paper's CIFAR-10 preprocessing. */
export const PREPROCESSING = ['none', 'paper'] as const;

/**
 * A plan as a user gives it (file, preset or flags); every field but `dataset`, `models` and `conditions` has a
 * default. `preprocessing: 'paper'` on 32×32 images is the paper's: centre crop to 28×28 (random 28×28 crops
 * when `crop` is on) and per-image standardization; on other shapes the images keep their size.
 */
export const planInputSchema = z.strictObject({
  /** A name, e.g. the preset's. */
  name: z.string().optional(),
  /** What the plan reproduces, in a sentence. */
  description: z.string().optional(),
  /** A `--dataset` name: `mnist` (bundled), `cifar10`, `cifar10:DIR`, `idx:DIR`, … */
  dataset: z.string({ error: 'a data set name' }).min(1, { error: 'a data set name' }),
  /** Training images kept (a seeded, class-stratified subset); default all. */
  samples: int(1).optional(),
  /** Test images kept; default all. */
  testSamples: int(0).optional(),
  /** Seed of the subsets (the same for every cell). */
  dataSeed: int(Number.MIN_SAFE_INTEGER).default(0),
  preprocessing: z.enum(PREPROCESSING, { error: `one of ${PREPROCESSING.join(', ')}` }).default('none'),
  models: z
    .array(z.enum(PLAN_MODELS, { error: `one of ${PLAN_MODELS.join(', ')}` }), { error: 'an array of model names' })
    .min(1, { error: 'at least one model' }),
  /** Condition kinds or aliases (`random`, `gaussian`, …); `corrupt-labels` expands to one per corruption level. */
  conditions: z.array(z.string(), { error: 'an array of condition names' }).min(1, { error: 'at least one condition' }),
  /** Corruption levels p of `corrupt-labels`. */
  corruption: z.array(unit('a number in [0, 1]')).default([0.2, 0.4, 0.6, 0.8]),
  /** Weight decay (ℓ2 penalty) values; 0 is off. */
  weightDecay: z.array(z.number({ error: 'a number >= 0' }).min(0, { error: 'a number >= 0' })).default([0]),
  /** Random-crop augmentation off/on. */
  crop: z.array(z.boolean({ error: 'true or false' })).default([false]),
  /** Seeds of the randomizations, the initial weights and the shuffles (one cell each). */
  seeds: z.array(int(Number.MIN_SAFE_INTEGER)).min(1, { error: 'at least one seed' }).default([0]),
  /** Optimizer settings for every model … */
  optimizer: optimizerSchema.partial().default({}),
  /** … and per model, over those. */
  perModel: z.partialRecord(z.enum(PLAN_MODELS), optimizerSchema.partial()).default({}),
  exclude: z.array(exclusionSchema).default([]),
  /** Build the Theorem 1 panel on the training subset. */
  theorem: z.boolean().default(true),
  /** Build the Section 5 panel (kernel interpolation with true and random labels) on the training subset. */
  kernel: z.boolean().default(true),
});
/** A plan as given (see {@link planInputSchema}). */
export type PlanInput = z.input<typeof planInputSchema>;
/** A plan with its defaults filled in. */
export type Plan = z.output<typeof planInputSchema>;

/** A plan as resolved and written to `plan.json`: the settings each model trains with, and what was overridden. */
export const resolvedPlanSchema = z.strictObject({
  formatVersion: z.literal(PLAN_FORMAT_VERSION, { error: String(PLAN_FORMAT_VERSION) }),
  /** A hash of the plan's content (everything but `overrides`' wording): a folder resumes only the same plan. */
  planId: z.string(),
  plan: planInputSchema,
  /** Each model's optimizer, resolved (defaults, then `optimizer`, then `perModel`). */
  optimizers: z.partialRecord(z.enum(PLAN_MODELS), optimizerSchema),
  /** Command-line overrides of a preset or file (`--samples`, `--test-samples`, `--epochs`), shown in the report. */
  overrides: z.record(z.string(), jsonValueSchema).default({}),
});
/** See {@link resolvedPlanSchema}. */
export type ResolvedPlan = z.output<typeof resolvedPlanSchema>;

/** One condition of a cell: its id in metrics (`corrupt-labels@0.4`), kind and level. */
export const cellConditionSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(CONDITION_KINDS),
  p: z.number().nullable(),
});

/** `cell.json`: one training run of a plan, self-contained. */
export const cellSchema = z.strictObject({
  formatVersion: z.literal(PLAN_FORMAT_VERSION, { error: String(PLAN_FORMAT_VERSION) }),
  /** A hash of the cell's full configuration (below): the same configuration gives the same id. */
  id: z.string().regex(/^[0-9a-f]{12}$/, { error: '12 hex digits' }),
  /** Readable: `alexnet/random-labels/wd=5e-4/crop=off/seed=1`. */
  name: z.string(),
  model: z.enum(PLAN_MODELS),
  condition: cellConditionSchema,
  weightDecay: z.number().min(0),
  crop: z.boolean(),
  seed: z.int(),
  optimizer: optimizerSchema,
  data: z.strictObject({
    dataset: z.string(),
    samples: int(1).nullable(),
    testSamples: int(0).nullable(),
    dataSeed: z.int(),
    preprocessing: z.enum(PREPROCESSING),
  }),
});
/** See {@link cellSchema}. */
export type Cell = z.infer<typeof cellSchema>;

/** `result.json`: a finished cell. */
export const cellResultSchema = z.strictObject({
  formatVersion: z.literal(PLAN_FORMAT_VERSION, { error: String(PLAN_FORMAT_VERSION) }),
  cellId: z.string(),
  /** Whether training accuracy reached the target within the epoch cap. */
  fitted: z.boolean(),
  /** Why training stopped. */
  stoppedBy: z.enum(STOP_REASONS),
  epochs: int(0),
  epochsToFit: int(0).nullable(),
  stepsToFit: int(0).nullable(),
  secondsToFit: z.number().min(0).nullable(),
  finalTrainAccuracy: unit('a number in [0, 1]'),
  finalTestAccuracy: unit('a number in [0, 1]'),
  /** The best test accuracy over the epochs (what early stopping could have kept). */
  bestTestAccuracy: unit('a number in [0, 1]'),
  finalTrainLoss: z.number().nullable(),
  /** Trainable and non-trainable weights the model has on this data set's shape. */
  parameters: int(0),
  /** A checksum of the data the cell trained on (after its randomization). */
  dataChecksum: z.string(),
  /** The number of classes k of the data set (chance accuracy is 1/k). */
  classes: int(2).optional(),
  /** Every backend that trained an epoch of this cell, with the host it ran on. */
  backends: z.array(recordedBackendSchema.extend({ host: z.string().optional() })),
  /** What the randomizer drew (seed, streams, indices or their checksum). */
  randomization: jsonValueSchema,
  /** The software that trained it: `rethink`, `node`, `@tensorflow/tfjs`, … */
  versions: z.record(z.string(), z.string()).optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
});
/** See {@link cellResultSchema}. */
export type CellResult = z.infer<typeof cellResultSchema>;

/** A cell that failed for good (a bad configuration, data that fails its checksum): `error.json` beside cell.json. */
export const cellErrorSchema = z.strictObject({
  formatVersion: z.literal(PLAN_FORMAT_VERSION),
  cellId: z.string(),
  code: z.string(),
  message: z.string(),
  host: z.string().optional(),
  at: z.string(),
});
/** See {@link cellErrorSchema}. */
export type CellError = z.infer<typeof cellErrorSchema>;

const kernelFitSchema = z.strictObject({
  /** Fraction of test images misclassified by the interpolant. */
  testError: z.number().min(0).max(1),
  /** √tr(αᵀKα), the interpolant's norm in the kernel's space. */
  norm: z.number().min(0),
  /** The smallest Cholesky pivot (how close to singular the system was). */
  minPivot: z.number(),
  seconds: z.number().min(0),
});

/**
 * `kernel.json`: Section 5 on the plan's training subset — the Gaussian-kernel interpolant `Kα = Y` of the true
 * labels and of random labels (both fit the training set exactly), with their test errors and norms.
 */
export const kernelPanelSchema = z.discriminatedUnion('skipped', [
  z.strictObject({ skipped: z.literal(true), reason: z.string() }),
  z.strictObject({
    skipped: z.literal(false).optional(),
    /** Training and test points, and pixels per point. */
    n: int(1),
    m: int(0),
    d: int(1),
    /** The Gaussian kernel's γ (1 / median squared distance). */
    gamma: z.number().positive(),
    trueLabels: kernelFitSchema,
    randomLabels: kernelFitSchema,
  }),
]);
/** See {@link kernelPanelSchema}. */
export type KernelPanel = z.infer<typeof kernelPanelSchema>;

/** `theorem.json`. */
export const theoremFileSchema = z.discriminatedUnion('skipped', [theoremSkippedSchema, theoremPanelSchema]);
