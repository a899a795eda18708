/**
 * Identical sample points (internal), shared by the exact and the float construction: both sort the points by
 * projection and look for an identical twin of each point among the earlier points of its run of equal (or
 * unseparated) projections, since identical points have identical projections.
 */
import { ConflictingDuplicateError } from './errors.ts';
import { sameRow } from './_project.ts';
import type { Sample } from './sample.ts';

/**
 * The first point `ord[t]`, `from ≤ t < to`, that is not itself merged (`duplicateOf[ord[t]] < 0`) and holds the
 * same point as `j`; -1 when there is none.
 */
export function findTwin(
  sample: Sample,
  ord: ArrayLike<number>,
  from: number,
  to: number,
  j: number,
  duplicateOf: Int32Array,
): number {
  for (let t = from; t < to; t++) {
    const i = ord[t] as number;
    if ((duplicateOf[i] as number) < 0 && sameRow(sample, i, j)) return i;
  }
  return -1;
}

/**
 * Merges point `j` into its identical `twin` (`duplicateOf[j] = twin`) when their k labels agree; when they
 * differ no network can represent both, and a {@link ConflictingDuplicateError} names the two points.
 */
export function mergeDuplicate(
  op: string,
  y: ArrayLike<number>,
  k: number,
  twin: number,
  j: number,
  duplicateOf: Int32Array,
): void {
  for (let c = 0; c < k; c++) {
    if (y[twin * k + c] !== y[j * k + c]) throw new ConflictingDuplicateError(op, Math.min(twin, j), Math.max(twin, j));
  }
  duplicateOf[j] = twin;
}
