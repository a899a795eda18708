import { NotFoundError, type Cell, type ResolvedPlan } from 'rethink/core';
import { imageSet } from 'rethink/data';
import { buildModel, countParameters, trainModel, type ModelName } from 'rethink/train';
import { loadCellData } from './load-cell-data.ts';

/** Options of {@link estimatePlan}. */
export interface EstimatePlanOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Time training steps on the active backend (default true); false gives parameter counts and step counts only. */
  readonly time?: boolean;
}

/** One model's part of a plan's cost. */
export interface ModelEstimate {
  readonly model: string;
  /** The input shape the model sees (after the plan's preprocessing) and its parameter count there. */
  readonly inputShape: readonly [number, number, number];
  readonly parameters: number;
  readonly cells: number;
  /** Optimizer steps if every cell of the model ran to its epoch cap: an upper bound. */
  readonly maxSteps: number;
  /** Seconds per training step measured on this machine's backend (null when not timed). */
  readonly secondsPerStep: number | null;
}

/** What {@link estimatePlan} returns. */
export interface PlanEstimate {
  readonly dataShape: readonly [number, number, number];
  readonly trainImages: number;
  /** Whether the data set was read (false: its shape and size are the known ones of its name, e.g. not downloaded). */
  readonly measuredData: boolean;
  readonly models: readonly ModelEstimate[];
  /** Σ maxSteps × secondsPerStep: training time if every cell ran to its cap (evaluation adds about a third). */
  readonly maxSeconds: number | null;
}

/** Shapes and training-split sizes of the data sets by name, for estimates without the data at hand. */
const KNOWN: Readonly<Record<string, { shape: [number, number, number]; train: number }>> = {
  cifar10: { shape: [32, 32, 3], train: 50_000 },
  mnist: { shape: [28, 28, 1], train: 8_000 },
  'mnist-full': { shape: [28, 28, 1], train: 60_000 },
  'fashion-mnist': { shape: [28, 28, 1], train: 60_000 },
};

/**
 * What a plan will cost before it runs (`reproduce --dry-run`): each model's parameter count on the data set's
 * shape after the plan's preprocessing, its cells and its optimizer steps if every cell ran to the epoch cap, and
 * — timed here with two one-batch epochs of the real trainer per model — seconds per step on this machine's
 * backend, hence an upper bound of the plan's training time.
 *
 * @example
 * ```ts
 * import { estimatePlan, expandPlan, resolvePlan } from 'rethink/experiment';
 * const plan = resolvePlan({ dataset: 'mnist', samples: 500, models: ['mlp1x512'], conditions: ['random'], optimizer: { epochs: 10, batchSize: 100 } });
 * const estimate = await estimatePlan(plan, expandPlan(plan), { time: false });
 * console.log(estimate.models[0]?.parameters, estimate.models[0]?.maxSteps); // 407050 50
 * ```
 */
export async function estimatePlan(
  plan: ResolvedPlan,
  cells: readonly Cell[],
  options: EstimatePlanOptions = {},
): Promise<PlanEstimate> {
  const first = cells[0];
  let shape: [number, number, number];
  let trainImages: number;
  let classes = 10;
  let measuredData = true;
  try {
    if (first === undefined) throw new NotFoundError('estimatePlan: no cells');
    const { data } = await loadCellData({ data: first.data, crop: false }, options.env ? { env: options.env } : {});
    shape = [data.train.height, data.train.width, data.train.channels];
    trainImages = data.train.n;
    classes = data.train.classes;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const known = KNOWN[plan.plan.dataset.split(':')[0] as string] ?? KNOWN.cifar10!;
    measuredData = false;
    const cropped = plan.plan.preprocessing === 'paper' && known.shape[0] === 32;
    shape = cropped ? [28, 28, known.shape[2]] : known.shape;
    trainImages = plan.plan.samples ?? known.train;
  }
  const models: ModelEstimate[] = [];
  let total: number | null = 0;
  for (const model of plan.plan.models) {
    const optimizer = plan.optimizers[model];
    if (optimizer === undefined) continue;
    const mine = cells.filter((c) => c.model === model);
    const probe = buildModel(model as ModelName, shape, classes, { seed: 0 });
    const parameters = countParameters(probe);
    probe.dispose();
    const maxSteps = mine.reduce(
      (sum, c) => sum + c.optimizer.epochs * Math.ceil(trainImages / c.optimizer.batchSize),
      0,
    );
    const secondsPerStep =
      options.time === false ? null : await timeStep(model as ModelName, shape, classes, optimizer.batchSize);
    models.push({ model, inputShape: shape, parameters, cells: mine.length, maxSteps, secondsPerStep });
    total = total === null || secondsPerStep === null ? null : total + maxSteps * secondsPerStep;
  }
  return { dataShape: shape, trainImages, measuredData, models, maxSeconds: total };
}

/** Seconds per training step of `model`: the second of two one-batch epochs of the real trainer (random data). */
async function timeStep(
  model: ModelName,
  shape: readonly [number, number, number],
  classes: number,
  batchSize: number,
): Promise<number> {
  const [h, w, c] = shape;
  const images = new Uint8Array(batchSize * h * w * c);
  for (let i = 0; i < images.length; i++) images[i] = (i * 2654435761) >>> 24;
  const set = imageSet({
    images,
    labels: Array.from({ length: batchSize }, (_, i) => i % classes),
    height: h,
    width: w,
    channels: c,
    classes,
  });
  const result = await trainModel(
    { name: 'timing', train: set, test: set },
    { model, epochs: 2, batchSize, stopOnFit: false, evalTest: false, trainMetric: 'running' },
  );
  return result.history.at(-1)?.seconds ?? 0;
}
