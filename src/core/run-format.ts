/**
 * The run-file format, as zod schemas with the types inferred from them: what an experiment run writes into its
 * folder and all that `rethink report` reads. One home for the shapes that `train` (learning-rate schedules,
 * backend records), `experiment` (which writes them) and `report` (which reads them) share; every JSON file the
 * project reads goes through {@link checkSchema} with one of these.
 *
 * - `config.json` — {@link RunConfig}: the effective configuration, written once when the run starts.
 * - `metrics.jsonl` — one {@link MetricRecord} per line, one line per epoch per condition, appended as the
 *   run goes. A truncated last line (a killed run) is skipped and reported; any earlier bad line is an error.
 * - `summary.json` — {@link RunSummary}: per-condition results, the Theorem 1 panel and the randomization
 *   records, written when the run ends.
 * - `index.html` — the report.
 *
 * @example
 * ```ts
 * import { RUN_FILES, conditionId } from 'rethink/core';
 * console.log(RUN_FILES.metrics, conditionId('corrupt-labels', 0.4)); // metrics.jsonl corrupt-labels@0.4
 * ```
 *
 * @module
 */
import { z } from 'zod';
import { CONDITION_KINDS } from './condition.ts';

/** The version written into `config.json` and `summary.json`; readers reject any other. */
export const RUN_FORMAT_VERSION = 1;

/** The file names inside a run folder. */
export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  summary: 'summary.json',
  report: 'index.html',
  lock: '.rethink-lock',
} as const;

const text = (expected = 'a non-empty string') => z.string({ error: expected }).min(1, { error: expected });
const int = (min = 0) => {
  const expected = `an integer >= ${min}`;
  return z.int({ error: expected }).min(min, { error: expected });
};
const num = (min = -Infinity, max = Infinity) => {
  const expected = `a finite number in [${min}, ${max}]`;
  return z.number({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
};
const nullableNum = (min = -Infinity) => {
  const expected = `null or a finite number >= ${min}`;
  return z.number({ error: expected }).min(min, { error: expected }).nullable();
};
const bool = () => z.boolean({ error: 'true or false' });
const isoTime = () =>
  z.string({ error: 'an ISO 8601 time' }).refine((s) => !Number.isNaN(Date.parse(s)), { error: 'an ISO 8601 time' });
/** Condition ids: 1–200 characters, no control characters. */
const conditionName = () => {
  const expected = 'a condition id (1 to 200 characters, no control characters)';
  // eslint-disable-next-line no-control-regex
  return z.string({ error: expected }).regex(/^[^\u0000-\u001f\u007f]{1,200}$/, { error: expected });
};

/** Any JSON value (what `JSON.parse` can return). */
export const jsonValueSchema = z.json();
export type JsonValue = z.infer<typeof jsonValueSchema>;

/**
 * `value` as the JSON value a run file stores for it (`JSON.stringify`, then parsed back and checked): an object
 * with optional or `undefined` fields, a class instance or a typed array become what a reader of the file sees.
 *
 * @example
 * ```ts
 * import { toJsonValue } from 'rethink/core';
 * console.log(JSON.stringify(toJsonValue({ a: undefined, b: [1, 2], c: Float32Array.of(0.5) }))); // {"b":[1,2],"c":{"0":0.5}}
 * ```
 */
export function toJsonValue(value: unknown): JsonValue {
  return jsonValueSchema.parse(JSON.parse(JSON.stringify(value) ?? 'null'));
}
const jsonObject = (expected = 'an object') => z.record(z.string(), jsonValueSchema, { error: expected });

/** The data set a run trained on: `name`, `checksum`, `classes`, and further facts shown as given. */
export const datasetInfoSchema = z.looseObject(
  {
    /** The data set's name (`mnist`, `cifar10`, …). */
    name: text(),
    /** A checksum of the data the run used (e.g. `sha256:…` of the decoded subset). */
    checksum: text(),
    /** The number of classes k (chance accuracy is 1/k). */
    classes: int(2),
  },
  { error: 'an object' },
);
/** See {@link datasetInfoSchema}. */
export type DatasetInfo = z.infer<typeof datasetInfoSchema> & { readonly [key: string]: JsonValue };

/**
 * A learning-rate schedule, relative to the base rate `lr`:
 *
 * - `{ kind: 'constant' }`: `lr` throughout.
 * - `{ kind: 'epoch', decay }`: `lr · decay^e` during epoch e (0-based), i.e. × `decay` after every epoch — the
 *   paper's schedule with `decay: 0.95`. On a small subset (few steps per epoch) this freezes training early;
 *   use a `decay` closer to 1 there, or the `'step'` kind.
 * - `{ kind: 'step', decay, every, staircase }`: `lr · decay^(t / every)` at step t (0-based, counted over the
 *   whole run), so the rate falls by `decay` every `every` steps whatever the subset size; with
 *   `staircase: true` the exponent is `floor(t / every)`. `every` defaults to 391 (one CIFAR-10 epoch at batch
 *   128), which makes `{ kind: 'step', decay: 0.95 }` the paper's decay measured in CIFAR-10 epochs.
 */
export const lrScheduleSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('constant') }),
    z.object({ kind: z.literal('epoch'), decay: num(0, 1) }),
    z.object({ kind: z.literal('step'), decay: num(0, 1), every: int(1).optional(), staircase: bool().optional() }),
  ],
  { error: 'a schedule: { kind: "constant" | "epoch" | "step", … }' },
);
/** See {@link lrScheduleSchema}. */
export type LrSchedule = z.infer<typeof lrScheduleSchema>;

/** The compute backends, in the order `auto` tries them. */
export const BACKEND_NAMES = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
/** One of {@link BACKEND_NAMES}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** The WebGPU adapter a backend runs on. */
export const webGpuAdapterSchema = z.object({
  /** The driver's description, e.g. `NVIDIA H100 80GB HBM3` or `llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)`; may be empty. */
  description: z.string(),
  vendor: z.string(),
  architecture: z.string(),
  device: z.string(),
  /** True for a software (CPU) implementation: Dawn's fallback adapter, llvmpipe/lavapipe, SwiftShader. */
  software: z.boolean(),
});
/** See {@link webGpuAdapterSchema}. */
export type WebGpuAdapter = z.infer<typeof webGpuAdapterSchema>;

/**
 * The active backend as `selectBackend` (rethink/train) set it up: JSON-serializable, for printing at start and
 * recording with every result.
 */
export const backendInfoSchema = z.object({
  /** What was asked for, and where that came from. */
  requested: z.enum(['auto', ...BACKEND_NAMES]),
  requestedFrom: z.enum(['option', 'env', 'default']),
  /** The backend in use. */
  name: z.enum(BACKEND_NAMES),
  /** tfjs's name for it (`tf.getBackend()`). */
  tfBackend: z.string(),
  /** The package that provides it. */
  package: z.string(),
  /**
   * Compute threads: XNNPACK's pool for wasm, 1 for cpu, libtensorflow's default (the logical cores) for
   * tensorflow, 1 for webgpu (the JavaScript thread that queues the GPU's work).
   */
  threads: int(1),
  /** The wasm binary running (`null` off wasm). */
  wasmVariant: z.enum(['threaded-simd', 'simd', 'plain']).nullable(),
  /** The WebGPU adapter (`null` off webgpu). */
  adapter: webGpuAdapterSchema.nullable(),
  /** The kernels this project registered on the backend (wasm only). */
  trainingKernels: z.array(z.string()),
  /** Package versions: tfjs, tfjs-core, and the backend's package. */
  versions: z.record(z.string(), z.string()),
  /** One line per backend or variant tried and passed over, with the reason. */
  fallbacks: z.array(z.string()),
});
/** See {@link backendInfoSchema}. */
export type BackendInfo = z.infer<typeof backendInfoSchema>;

/**
 * A backend as a run file records it: a {@link BackendInfo}, or — in run files written before the full record
 * existed — any object with a `name`, shown as given.
 */
export const recordedBackendSchema = z.looseObject(
  { ...backendInfoSchema.partial().shape, name: text() },
  { error: 'an object' },
);
/** See {@link recordedBackendSchema}. */
export type RecordedBackend = z.infer<typeof recordedBackendSchema>;

/** `config.json`: the effective configuration of a run. Unknown top-level keys are kept. */
export const runConfigSchema = z.looseObject(
  {
    /** Always {@link RUN_FORMAT_VERSION}. */
    formatVersion: z.literal(RUN_FORMAT_VERSION, { error: String(RUN_FORMAT_VERSION) }),
    /** The run's id (its folder name). */
    runId: text(),
    dataset: datasetInfoSchema,
    /** Training images used (the subset size). */
    samples: int(1),
    /** Test images used. */
    testSamples: int(0),
    /** The model's name (`mlp-1x512`, `cnn`, …). */
    model: text(),
    /** The model's parameter count, when known. */
    parameters: int(0).nullable(),
    /** The condition ids of the grid, in run order (see `conditionId`). */
    conditions: z.array(conditionName(), { error: 'an array of condition ids' }),
    /** The label corruption levels p of the grid. */
    corruption: z.array(num(0, 1), { error: 'an array of numbers in [0, 1]' }),
    /** The epoch cap: a condition that has not fitted after this many epochs stops unfitted. */
    epochs: int(1),
    batchSize: int(1),
    /** The initial learning rate. */
    lr: num(0),
    lrSchedule: lrScheduleSchema,
    seed: int(Number.MIN_SAFE_INTEGER),
    /** The backend the run started on (each condition's own is in the summary and the metrics). */
    backend: recordedBackendSchema,
    /** Package versions (`node`, `rethink`, `@tensorflow/tfjs`, …). */
    versions: z.record(z.string(), z.string({ error: 'a string' }), { error: 'an object' }),
    /** ISO 8601 time the run started. */
    startedAt: isoTime(),
    /** Any further settings (momentum, weight decay, fit threshold, …), shown as given. */
    extra: jsonObject().optional(),
  },
  { error: 'an object' },
);
/** See {@link runConfigSchema}. */
export type RunConfig = z.infer<typeof runConfigSchema>;

/** `kind` and `p` of a condition: p is required for corrupt-labels, 0/1 or null for true/random labels, else null. */
const conditionFields = {
  condition: conditionName(),
  kind: z.enum(CONDITION_KINDS, { error: `one of ${CONDITION_KINDS.join(', ')}` }),
  /** The label corruption level for `corrupt-labels` (required), 0 or null for `true-labels`, 1 or null for `random-labels`, null otherwise. */
  p: z.unknown(),
};
function checkKindAndP(o: { kind: string; p: unknown }, ctx: z.core.$RefinementCtx): void {
  const { kind, p } = o;
  const ok =
    kind === 'corrupt-labels'
      ? typeof p === 'number' && p >= 0 && p <= 1
      : kind === 'true-labels'
        ? p === null || p === 0
        : kind === 'random-labels'
          ? p === null || p === 1
          : p === null;
  if (ok) return;
  const expected =
    kind === 'corrupt-labels'
      ? 'a number in [0, 1] for corrupt-labels'
      : kind === 'true-labels'
        ? 'null or 0 for true-labels'
        : kind === 'random-labels'
          ? 'null or 1 for random-labels'
          : `null for ${kind}`;
  ctx.addIssue({ code: 'custom', path: ['p'], message: expected, input: p });
}
const pOf = <T extends { p: unknown }>(o: T): Omit<T, 'p'> & { readonly p: number | null } =>
  o as Omit<T, 'p'> & { readonly p: number | null };

/** One line of `metrics.jsonl`: one condition after one epoch. */
export const metricRecordSchema = z
  .object(
    {
      ...conditionFields,
      /** The epoch just finished, from 1 (0 may record the untrained model). Strictly increasing per condition. */
      epoch: int(0),
      /** Cumulative optimizer steps of this condition. */
      step: int(0),
      /** Mean training loss over the epoch; null when it was not finite (JSON has no NaN). */
      trainLoss: nullableNum(),
      /** Training accuracy in [0, 1]. */
      trainAccuracy: num(0, 1),
      /** Test loss; null when not finite. */
      testLoss: nullableNum(),
      /** Test accuracy in [0, 1]. */
      testAccuracy: num(0, 1),
      /** The learning rate used in this epoch. */
      lr: num(0),
      /** Cumulative wall-clock seconds of this condition. */
      seconds: num(0),
      /** The backend that trained this epoch (absent in run files written before it was recorded). */
      backend: text().optional(),
    },
    { error: 'an object' },
  )
  .superRefine(checkKindAndP)
  .transform(pOf);
/** See {@link metricRecordSchema}. */
export type MetricRecord = z.infer<typeof metricRecordSchema>;

/** Why a condition's training stopped: it fitted, hit the epoch cap, diverged (a non-finite loss), or was stopped. */
export const STOP_REASONS = ['fitted', 'epochs', 'diverged', 'aborted'] as const;

/** One condition's outcome in `summary.json`. */
export const conditionSummarySchema = z
  .object(
    {
      ...conditionFields,
      /** Whether training accuracy reached the fit threshold (1.0 by default) within the epoch cap. */
      fitted: bool(),
      /** Epochs trained. */
      epochs: int(0),
      /** The first epoch at which it fitted; null when it did not. */
      epochsToFit: int(0).nullable(),
      /** Cumulative steps at that epoch; null when it did not fit. */
      stepsToFit: int(0).nullable(),
      /** Cumulative seconds at that epoch; null when it did not fit. */
      secondsToFit: nullableNum(0),
      finalTrainAccuracy: num(0, 1),
      finalTestAccuracy: num(0, 1),
      /** Null when not finite. */
      finalTrainLoss: nullableNum(),
      /** Why training stopped (absent in run files written before it was recorded). */
      stoppedBy: z.enum(STOP_REASONS, { error: `one of ${STOP_REASONS.join(', ')}` }).optional(),
      /** Every backend that trained this condition (more than one when a resume ran elsewhere). */
      backends: z.array(recordedBackendSchema).optional(),
    },
    { error: 'an object' },
  )
  .superRefine((o, ctx) => {
    checkKindAndP(o, ctx);
    for (const key of ['epochsToFit', 'stepsToFit', 'secondsToFit'] as const) {
      if ((o[key] === null) === o.fitted) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: o.fitted ? 'a number when fitted is true' : 'null when fitted is false',
          input: o[key],
        });
      }
    }
    if (o.epochsToFit !== null && o.epochsToFit > o.epochs) {
      ctx.addIssue({
        code: 'custom',
        path: ['epochsToFit'],
        message: `at most epochs (${o.epochs})`,
        input: o.epochsToFit,
      });
    }
  })
  .transform(pOf);
/** See {@link conditionSummarySchema}. */
export type ConditionSummary = z.infer<typeof conditionSummarySchema>;

/** The Theorem 1 panel: the 2n + d construction run on the training subset with random labels. */
export const theoremPanelSchema = z.object(
  {
    /** Absent (or false): the panel was built. */
    skipped: z.literal(false).optional(),
    /** Sample size (distinct points after merging identical images with equal labels). */
    n: int(1),
    /** Input dimension. */
    d: int(1),
    /** Weights of the network (2n + d for the construction). */
    parameters: int(0),
    /** The largest |c(x_i) − y_i| over the sample. */
    maxAbsError: num(0),
    /** Whether the construction was exact (rational arithmetic) rather than float. */
    exact: bool(),
    /** Wall-clock seconds to build and check it. */
    seconds: num(0),
    /** The labels it memorized. */
    labels: z.literal('random', { error: '"random"' }),
    /** A proven upper bound on the error, when the construction gives one. */
    errorBound: nullableNum(0).optional(),
    /** Identical training images merged into one point (their labels agreed). */
    merged: int(0).optional(),
  },
  { error: 'an object' },
);
/** See {@link theoremPanelSchema}. */
export type TheoremPanel = z.infer<typeof theoremPanelSchema>;

/**
 * The Theorem 1 panel when the theorem does not apply to the training subset: two identical images carry
 * different labels, so no function (network or otherwise) represents the labelling. Names the colliding records.
 */
export const theoremSkippedSchema = z.object({
  skipped: z.literal(true),
  /** Why, in a sentence. */
  reason: text(),
  /** The colliding training records, by file and record number where the data set knows them. */
  records: z.array(z.string()),
});
/** See {@link theoremSkippedSchema}. */
export type TheoremSkipped = z.infer<typeof theoremSkippedSchema>;

/** `summary.json`: written when the run ends. Condition ids are unique. */
export const runSummarySchema = z
  .object(
    {
      /** Always {@link RUN_FORMAT_VERSION}. */
      formatVersion: z.literal(RUN_FORMAT_VERSION, { error: String(RUN_FORMAT_VERSION) }),
      /** One entry per condition, in run order. */
      conditions: z.array(conditionSummarySchema, { error: 'an array of condition summaries' }),
      /** The Theorem 1 panel; absent or null when it was not run. */
      theorem: z.discriminatedUnion('skipped', [theoremSkippedSchema, theoremPanelSchema]).nullable().optional(),
      /** What each condition's randomizer drew (seed, stream, fraction changed, …), keyed by condition id; opaque JSON. */
      randomization: jsonObject(),
      /** ISO 8601 time the run finished. */
      finishedAt: text().optional(),
    },
    { error: 'an object' },
  )
  .superRefine((o, ctx) => {
    const seen = new Set<string>();
    o.conditions.forEach((c, i) => {
      if (seen.has(c.condition))
        ctx.addIssue({ code: 'custom', path: ['conditions', i, 'condition'], message: 'unique', input: c.condition });
      seen.add(c.condition);
    });
  });
/** See {@link runSummarySchema}. */
export type RunSummary = z.infer<typeof runSummarySchema>;
