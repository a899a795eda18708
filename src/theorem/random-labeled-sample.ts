import { ArgumentError, createRng, ensure } from 'rethink/core';
import type { Sample } from './sample.ts';

/** Options of {@link randomLabeledSample}. */
export interface RandomLabeledSampleOptions {
  /** Points n (≥ 1). */
  readonly samples: number;
  /** Dimensions d (≥ 1). */
  readonly dims: number;
  /** Outputs k (default 1): scalar labels 0–9 for k = 1, one-hot vectors of a random class in [0, k) otherwise. */
  readonly outputs?: number;
  /** Seed (default 0). */
  readonly seed?: number;
}

/** Defaults of {@link RandomLabeledSampleOptions}. */
export const RANDOM_LABELED_SAMPLE_DEFAULTS = { outputs: 1, seed: 0 } as const;

/**
 * A seeded random sample for Theorem 1 experiments: n standard Gaussian points in d dimensions (float64,
 * stream `theorem/points`) and random labels (stream `theorem/labels`): integers 0–9 for one output, one-hot
 * vectors of a uniformly random class for k outputs. The same options give the same sample on every machine.
 *
 * @example
 * ```ts
 * import { randomLabeledSample } from 'rethink/theorem';
 * const { sample, labels } = randomLabeledSample({ samples: 4, dims: 3, seed: 1 });
 * console.log(sample.data.length, labels.length, labels.every((v) => Number.isInteger(v) && v >= 0 && v <= 9)); // 12 4 true
 * ```
 */
export function randomLabeledSample(options: RandomLabeledSampleOptions): {
  sample: Sample;
  labels: Float64Array;
  outputs: number;
} {
  const { samples: n, dims: d, outputs: k, seed } = { ...RANDOM_LABELED_SAMPLE_DEFAULTS, ...options };
  for (const [name, v] of [
    ['samples', n],
    ['dims', d],
    ['outputs', k],
  ] as const) {
    ensure(
      Number.isSafeInteger(v) && v >= 1,
      () => new ArgumentError(`randomLabeledSample: ${name} must be a positive integer, got ${v}`, { [name]: v }),
    );
  }
  ensure(
    Number.isSafeInteger(seed),
    () => new ArgumentError(`randomLabeledSample: seed must be a safe integer, got ${seed}`, { seed }),
  );
  const points = createRng(seed, 'theorem/points');
  const data = new Float64Array(n * d);
  for (let t = 0; t < data.length; t++) data[t] = points.normal();
  const rng = createRng(seed, 'theorem/labels');
  const labels = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    if (k === 1) labels[i] = rng.int(0, 9);
    else labels[i * k + rng.int(0, k - 1)] = 1;
  }
  return { sample: { data, n, d }, labels, outputs: k };
}
