import type { ImageSet } from 'rethink/data';
import type { TheoremPanel } from 'rethink/report';

/** @internal Placeholder until the theorem API lands. */
export function theoremPanel(train: ImageSet, _seed: number): TheoremPanel {
  return { n: train.n, d: train.height * train.width * train.channels, parameters: 0, maxAbsError: 0, exact: false, seconds: 0, labels: 'random' };
}
