import type { ConditionKind } from './condition.ts';

/**
 * The label corruption level a condition stands for on Figures 1b and 1c: 0 for true labels, 1 for random
 * labels, p for partially corrupted labels, and null for the pixel and noise conditions (no label axis).
 *
 * @example
 * ```ts
 * import { corruptionLevel } from 'rethink/core';
 * console.log(corruptionLevel({ kind: 'true-labels', p: null }), corruptionLevel({ kind: 'gaussian-pixels', p: null })); // 0 null
 * ```
 */
export function corruptionLevel(condition: { readonly kind: ConditionKind; readonly p: number | null }): number | null {
  switch (condition.kind) {
    case 'true-labels':
      return 0;
    case 'random-labels':
      return 1;
    case 'corrupt-labels':
      return condition.p;
    default:
      return null;
  }
}
