import { ArgumentError, createRng, ensure } from 'rethink/core';
import type { DataSet } from 'rethink/data';
import { errorRate } from './_validate.ts';
import { fitKernel, type KernelProgress } from './fit-kernel.ts';
import { imageMatrix } from './image-matrix.ts';
import type { Matrix } from './matrix.ts';
import { predictKernel } from './predict-kernel.ts';
import { resolveKernel, type KernelSpec, type ResolvedKernel } from './resolve-kernel.ts';

/**
 * Which interpolant: `standard` (centres at the training points, Kα = Y); `random-centres` (as many centres
 * as training points, drawn at random: each coordinate uniform in the range of the training pixels);
 * `random-test-labels` (the training points and the test points together, the test points with random
 * labels, so that f is forced to fit noise exactly where it is evaluated). The last two are the paper's
 * interpolants that do not generalize.
 */
export type KernelFit = 'standard' | 'random-centres' | 'random-test-labels';

/** Options of {@link kernelExperiment}. */
export interface KernelExperimentOptions {
  /** The kernel (default Gaussian, γ = 1 / median squared distance of the training points). */
  readonly kernel?: KernelSpec;
  /** Training labels: the data set's (`true`, default) or uniformly random classes (`random`, stream `implicit/labels`). */
  readonly labels?: 'true' | 'random';
  /** The interpolant (default `standard`). */
  readonly fit?: KernelFit;
  /** Seed of the random labels, random centres, forced test labels and median sample (default 0). */
  readonly seed?: number;
  /** Threads for the tiled products (default: the available parallelism; see `FitKernelOptions.threads`). */
  readonly threads?: number;
  readonly onProgress?: (progress: KernelProgress) => void;
}

/** Defaults of {@link KernelExperimentOptions}. */
export const KERNEL_EXPERIMENT_DEFAULTS = { labels: 'true', fit: 'standard', seed: 0 } as const;

/** What {@link kernelExperiment} measured. */
export interface KernelReport {
  readonly dataset: string;
  /** Training points n (the system has n + m rows for `random-test-labels`). */
  readonly n: number;
  /** Test points m. */
  readonly m: number;
  readonly d: number;
  readonly classes: number;
  readonly kernel: ResolvedKernel;
  readonly labels: 'true' | 'random';
  readonly fit: KernelFit;
  readonly solver: 'cholesky' | 'lu';
  /** Fraction of the fitted points misclassified by f (0: f interpolates; for `random-test-labels` the n + m points). */
  readonly trainError: number;
  /** Fraction of test points misclassified by f, against their true labels. */
  readonly testError: number;
  /** √tr(αᵀKα), the RKHS norm of f. */
  readonly norm: number;
  readonly maxResidual: number;
  readonly minPivot: number;
  readonly minPivotIndex: number;
  readonly conditionEstimate: number;
  readonly seconds: {
    readonly gram: number;
    readonly factor: number;
    readonly check: number;
    readonly predict: number;
    readonly total: number;
  };
}

/**
 * Section 5's kernel experiment on an image data set: raw pixels (scaled to [0, 1]), one-hot targets, the
 * exact interpolant of the training labels (true or random), its training and test error, its norm, the
 * smallest pivot and the time. `fit` selects one of the two interpolants that do not generalize instead.
 *
 * @example
 * ```ts
 * import { loadDataSet } from 'rethink/data';
 * import { kernelExperiment } from 'rethink/implicit';
 * const data = await loadDataSet('mnist', { samples: 200, testSamples: 100 });
 * const r = kernelExperiment(data);
 * console.log(r.trainError, r.testError < 0.3); // 0 true
 * ```
 */
export function kernelExperiment(data: DataSet, options: KernelExperimentOptions = {}): KernelReport {
  const { labels, fit, seed } = { ...KERNEL_EXPERIMENT_DEFAULTS, ...options };
  ensure(
    labels === 'true' || labels === 'random',
    () => new ArgumentError(`kernelExperiment: labels must be true or random, got ${String(labels)}`, { labels }),
  );
  ensure(
    fit === 'standard' || fit === 'random-centres' || fit === 'random-test-labels',
    () =>
      new ArgumentError(
        `kernelExperiment: fit must be standard, random-centres or random-test-labels, got ${String(fit)}`,
        { fit },
      ),
  );
  const start = performance.now();
  const x = imageMatrix(data.train);
  const z = imageMatrix(data.test);
  const classes = data.train.classes;
  const n = x.rows;
  let y: Int32Array = data.train.labels;
  if (labels === 'random') {
    const rng = createRng(seed, 'implicit/labels');
    y = Int32Array.from({ length: n }, () => rng.int(0, classes - 1));
  }
  const kernel = resolveKernel(x, options.kernel ?? {}, { seed });
  const common = {
    classes,
    kernel,
    seed,
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  let model;
  if (fit === 'random-test-labels') {
    const rng = createRng(seed, 'implicit/test-labels');
    const both: Matrix = { data: new Float64Array(x.data.length + z.data.length), rows: n + z.rows, cols: x.cols };
    both.data.set(x.data);
    both.data.set(z.data, x.data.length);
    const forced = new Int32Array(n + z.rows);
    forced.set(y);
    for (let i = n; i < forced.length; i++) forced[i] = rng.int(0, classes - 1);
    model = fitKernel(both, forced, common);
  } else if (fit === 'random-centres') {
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < x.data.length; t++) {
      lo = Math.min(lo, x.data[t]!);
      hi = Math.max(hi, x.data[t]!);
    }
    const rng = createRng(seed, 'implicit/centres');
    const centres: Matrix = { data: new Float64Array(x.data.length), rows: n, cols: x.cols };
    for (let t = 0; t < centres.data.length; t++) centres.data[t] = lo + (hi - lo) * rng.float();
    model = fitKernel(x, y, { ...common, centres });
  } else {
    model = fitKernel(x, y, common);
  }
  const t = performance.now();
  const progress = options.onProgress;
  const scores = predictKernel(model, z, {
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(progress ? { onProgress: progress } : {}),
  });
  const predictSeconds = (performance.now() - t) / 1000;
  return {
    dataset: data.name,
    n,
    m: z.rows,
    d: x.cols,
    classes,
    kernel: model.kernel,
    labels,
    fit,
    solver: model.solver,
    trainError: model.trainError ?? 0,
    testError: errorRate(scores, classes, data.test.labels),
    norm: model.norm,
    maxResidual: model.maxResidual,
    minPivot: model.minPivot,
    minPivotIndex: model.minPivotIndex,
    conditionEstimate: model.conditionEstimate,
    seconds: { ...model.seconds, predict: predictSeconds, total: (performance.now() - start) / 1000 },
  };
}
