import type { TheoremPanel, TheoremSkipped } from 'rethink/core';
import { describeImage, type ImageSet } from 'rethink/data';
import { randomLabels } from 'rethink/randomize';
import { ConflictingDuplicateError, imageSample, memorizationReport } from 'rethink/theorem';

/** Up to this many points the panel uses exact rational arithmetic (zero error); above it, float64. */
export const EXACT_PANEL_LIMIT = 2000;

/** How a training image is named in the panel: its source record when the data set knows it. */
function describe(train: ImageSet, i: number): string {
  return `training ${describeImage(train, i)} of the subset`;
}

/**
 * @internal The report's Theorem 1 panel: the construction run on the training images (flattened raw pixels)
 * with random labels drawn as the random-labels condition draws them, checked on every training point.
 * Identical images with equal labels are merged into one point (and counted); when two identical images carry
 * different labels no function represents the labelling, and the panel says so, naming the colliding records,
 * instead of failing the run.
 */
export function theoremPanel(train: ImageSet, seed: number): TheoremPanel | TheoremSkipped {
  const { sample, labels } = imageSample(randomLabels(train, seed).set);
  const exact = train.n <= EXACT_PANEL_LIMIT;
  let report: ReturnType<typeof memorizationReport>;
  try {
    report = memorizationReport(sample, labels, { exact, seed });
  } catch (error) {
    if (!(error instanceof ConflictingDuplicateError)) throw error;
    return {
      skipped: true,
      reason: `two identical training images carry different random labels, so no network (no function) can represent this labelling; Theorem 1 needs distinct points. Run with --no-theorem to leave the panel out.`,
      records: [describe(train, error.first), describe(train, error.second)],
    };
  }
  const merged = report.network.duplicateOf.filter((twin) => twin >= 0).length;
  return {
    n: report.n,
    d: report.d,
    parameters: report.parameters,
    maxAbsError: report.maxAbsError,
    exact: report.exact,
    seconds: report.seconds,
    labels: 'random',
    errorBound: report.errorBound,
    ...(merged > 0 ? { merged } : {}),
  };
}
