import type { ImageSet } from 'rethink/data';
import { randomLabels } from 'rethink/randomize';
import type { TheoremPanel } from 'rethink/report';
import { imageSample, memorizationReport } from 'rethink/theorem';

/** Up to this many points the panel uses exact rational arithmetic (zero error); above it, float64. */
export const EXACT_PANEL_LIMIT = 2000;

/**
 * @internal The report's Theorem 1 panel: the construction run on the training images (flattened raw pixels)
 * with random labels drawn as the random-labels condition draws them, checked on every training point.
 */
export function theoremPanel(train: ImageSet, seed: number): TheoremPanel {
  const { sample, labels } = imageSample(randomLabels(train, seed).set);
  const exact = train.n <= EXACT_PANEL_LIMIT;
  const report = memorizationReport(sample, labels, { exact, seed });
  return {
    n: report.n,
    d: report.d,
    parameters: report.parameters,
    maxAbsError: report.maxAbsError,
    exact: report.exact,
    seconds: report.seconds,
    labels: 'random',
    errorBound: report.errorBound,
  };
}
