import type { Fraction } from 'mathjs';
import { ArgumentError, ensure } from 'rethink/core';
import { deepNetwork, type DeepNetwork } from './deep-network.ts';
import { interpolate, type InterpolateOptions, type Interpolant } from './interpolate.ts';
import { toLabels, type LabelInput } from './labels.ts';
import { toSample, type Sample, type SampleInput } from './sample.ts';
import { exactFraction, fractionToNumber } from './_float-bits.ts';

/**
 * Where {@link memorizationReport} is: `build` (constructing the network: `done` is 0 at the start and `total`
 * at the end) or `check` (evaluating it on the sample: `done` of `total` points checked so far, reported after
 * every slice of about 1 % of them).
 */
export interface MemorizationProgress {
  readonly phase: 'build' | 'check';
  readonly done: number;
  readonly total: number;
}

/** Options of {@link memorizationReport}: those of `interpolate`, plus the depth and a progress callback. */
export interface MemorizationReportOptions extends InterpolateOptions {
  /** Layers of weights: 2 (default) for the two-layer network, ≥ 3 for the deep variant. */
  readonly depth?: number;
  /**
   * Called as the work advances (synchronously: the report is computed in one go), for a progress display
   * of large runs — the exact check of a deep network takes time quadratic in n.
   */
  readonly onProgress?: (progress: MemorizationProgress) => void;
}

/** What {@link memorizationReport} measured; the scalar fields (all but the networks) are the CLI's JSON output. */
export interface MemorizationReport {
  /** Points in the sample. */
  readonly n: number;
  readonly d: number;
  readonly outputs: number;
  /** Parameters of the network built: n·k + n + d for depth 2, non-zero weights + biases for deeper ones. */
  readonly parameters: number;
  readonly exact: boolean;
  /**
   * max_i,c |network(x_i) − y_i| over every sample point, evaluated in the mode's arithmetic (exactly — so 0
   * — in exact mode; float64 in float mode).
   */
  readonly maxAbsError: number;
  /** Rigorous bound on the error of the network as an exact function of its parameters (0 in exact mode). */
  readonly errorBound: number;
  /** Seconds to build the network (not to check it). */
  readonly seconds: number;
  /** Seconds to check it: to evaluate it on every sample point and compare with the labels. */
  readonly checkSeconds: number;
  readonly depth: number;
  readonly network: Interpolant;
  readonly deep?: DeepNetwork<number> | DeepNetwork<Fraction>;
}

/**
 * Builds the Theorem 1 network on a sample (two-layer, or the deep variant for `depth ≥ 3`), checks it on
 * every sample point and reports n, d, outputs, parameters, the largest error, the build time and the check
 * time — what the `rethink theorem` command prints, for any sample (random, or real images). `onProgress`
 * follows both phases.
 *
 * @example
 * ```ts
 * import { memorizationReport } from 'rethink/theorem';
 * const r = memorizationReport([[0, 0], [1, 0], [0, 1]], [7, 8, 9], { exact: true });
 * console.log(r.n, r.d, r.parameters, r.maxAbsError); // 3 2 8 0
 * ```
 */
export function memorizationReport(
  sampleInput: SampleInput,
  labelInput: LabelInput,
  options: MemorizationReportOptions = {},
): MemorizationReport {
  const { depth = 2, onProgress, ...rest } = options;
  ensure(
    Number.isSafeInteger(depth) && depth >= 2,
    () => new ArgumentError(`memorizationReport: depth must be an integer ≥ 2, got ${depth}`, { depth }),
  );
  const sample = toSample(sampleInput, 'memorizationReport');
  // Stryker disable next-line ConditionalExpression: (→ true) passing outputs: undefined is the same as leaving it out (toLabels reads it with ?? and === undefined)
  const labels = toLabels(labelInput, sample.n, {
    operation: 'memorizationReport',
    ...(rest.outputs !== undefined ? { outputs: rest.outputs } : {}),
  });
  const n = sample.n;
  const k = labels.k;
  onProgress?.({ phase: 'build', done: 0, total: n });
  const start = performance.now();
  const network = interpolate(sample, labels.y, { ...rest, outputs: k });
  const deep = depth >= 3 ? deepNetwork(network, { depth }) : undefined;
  const seconds = (performance.now() - start) / 1000;
  onProgress?.({ phase: 'build', done: n, total: n });
  const checkStart = performance.now();
  // With a progress callback the points are checked in slices of about 1 %, reported between them (the values
  // do not depend on the slicing: both modes evaluate each point on its own, exactly or in float64); without
  // one, in a single call.
  const slice = onProgress ? Math.max(1, Math.ceil(n / 100)) : Math.max(1, n);
  const points = (from: number, to: number): Sample => ({
    data: sample.data.subarray(from * sample.d, to * sample.d),
    n: to - from,
    d: sample.d,
  });
  let maxAbsError = 0;
  // Stryker disable next-line ConditionalExpression,BlockStatement: an exact network reproduces every label exactly (Theorem 1, exact.spec.ts), so its error is 0 however it is measured (the float branch sees Fractions equal to the labels)
  if (network.exact) {
    let worst: Fraction | undefined;
    for (let from = 0; from < n; from += slice) {
      const to = Math.min(n, from + slice);
      const values =
        (deep as DeepNetwork<Fraction> | undefined)?.evaluate(points(from, to)) ?? network.evaluate(points(from, to));
      values.forEach((v, t) => {
        const e = v.sub(exactFraction(labels.y[from * k + t] as number)).abs();
        // Stryker disable next-line ConditionalExpression,EqualityOperator: every exact error is 0 (Theorem 1, exact.spec.ts), so any choice among them gives 0
        if (worst === undefined || e.compare(worst) > 0) worst = e;
      });
      onProgress?.({ phase: 'check', done: to, total: n });
    }
    maxAbsError = fractionToNumber(worst as Fraction);
  } else {
    for (let from = 0; from < n; from += slice) {
      const to = Math.min(n, from + slice);
      const values =
        (deep as DeepNetwork<number> | undefined)?.evaluate(points(from, to)) ?? network.evaluate(points(from, to));
      values.forEach((v, t) => (maxAbsError = Math.max(maxAbsError, Math.abs(v - (labels.y[from * k + t] as number)))));
      onProgress?.({ phase: 'check', done: to, total: n });
    }
  }
  const checkSeconds = (performance.now() - checkStart) / 1000;
  return {
    n: sample.n,
    d: sample.d,
    outputs: labels.k,
    parameters: deep?.parameters ?? network.parameters,
    exact: network.exact,
    maxAbsError,
    errorBound: network.errorBound,
    seconds,
    checkSeconds,
    depth,
    network,
    ...(deep !== undefined ? { deep } : {}),
  };
}
