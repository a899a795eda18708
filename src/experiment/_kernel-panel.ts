import { RethinkError, type KernelPanel } from 'rethink/core';
import type { DataSet } from 'rethink/data';
import { kernelExperiment } from 'rethink/implicit';

/** Above this many training images the panel is left out: the n × n float64 system grows as n² in memory, n³ in time. */
export const KERNEL_PANEL_LIMIT = 4000;

/**
 * @internal The report's Section 5 panel: on the plan's training subset (raw pixels in [0, 1]), the exact
 * Gaussian-kernel interpolant of the true labels and of random labels — both fit the training set exactly — with
 * their test errors and norms √tr(αᵀKα). A subset too large for a quick solve, or one the kernel cannot
 * interpolate (identical images with different labels), gives a panel that says why.
 */
export function kernelPanel(data: DataSet, seed: number): KernelPanel {
  if (data.train.n > KERNEL_PANEL_LIMIT) {
    return {
      skipped: true,
      reason: `the training subset has ${data.train.n} images; the panel solves the n × n kernel system only up to ${KERNEL_PANEL_LIMIT} (run \`rethink kernel\` for larger ones)`,
    };
  }
  try {
    const truth = kernelExperiment(data, { labels: 'true', seed, threads: 1 });
    const random = kernelExperiment(data, { labels: 'random', seed, threads: 1 });
    const fit = (r: typeof truth) => ({
      testError: r.testError,
      norm: r.norm,
      minPivot: r.minPivot,
      seconds: r.seconds.total,
    });
    return {
      n: truth.n,
      m: truth.m,
      d: truth.d,
      gamma: truth.kernel.gamma,
      trueLabels: fit(truth),
      randomLabels: fit(random),
    };
  } catch (error) {
    if (!(error instanceof RethinkError)) throw error;
    return { skipped: true, reason: error.message };
  }
}
