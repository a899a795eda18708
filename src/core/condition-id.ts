import { ArgumentError } from './errors.ts';
import type { ConditionKind } from './condition.ts';

/**
 * The id of a condition as written in the run files: the kind itself, or `corrupt-labels@<p>` for
 * partially corrupted labels (p as JavaScript prints it: `0.4`, `0.25`).
 *
 * @example
 * ```ts
 * import { conditionId } from 'rethink/core';
 * console.log(conditionId('random-labels'), conditionId('corrupt-labels', 0.2)); // random-labels corrupt-labels@0.2
 * ```
 */
export function conditionId(kind: ConditionKind, p: number | null = null): string {
  if (kind !== 'corrupt-labels') return kind;
  if (p === null || !(p >= 0 && p <= 1)) {
    throw new ArgumentError(`conditionId: corrupt-labels needs p in [0, 1], got ${String(p)}`, { kind, p });
  }
  return `${kind}@${p}`;
}
