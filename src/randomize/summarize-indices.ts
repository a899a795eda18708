import { ArgumentError, ensure } from 'rethink/core';
import { indexChecksum } from './index-checksum.ts';
import type { IndexSummary } from './records.ts';

/**
 * Default `listLimit`: index lists of at most 1024 entries are written out in full (a 32 × 32 permutation
 * fits); longer ones are recorded as count + checksum only.
 */
export const RECORD_LIST_LIMIT = 1024;

/** Options of {@link summarizeIndices}. */
export interface SummarizeIndicesOptions {
  /** Lists of at most this many entries are stored in full. Default {@link RECORD_LIST_LIMIT}. */
  readonly listLimit?: number;
}

/**
 * Summarizes an index list for a JSON report: `{ count, checksum }`, plus `indices` when
 * `count ≤ listLimit`. Throws `ArgumentError` for a negative or non-integer `listLimit`.
 *
 * @example
 * ```ts
 * import { summarizeIndices } from 'rethink/randomize';
 * console.log(summarizeIndices([3, 1, 2]).indices); // [ 3, 1, 2 ]
 * console.log(summarizeIndices([3, 1, 2], { listLimit: 2 }).indices); // undefined
 * ```
 */
export function summarizeIndices(indices: ArrayLike<number>, options: SummarizeIndicesOptions = {}): IndexSummary {
  const listLimit = options.listLimit ?? RECORD_LIST_LIMIT;
  ensure(
    Number.isInteger(listLimit) && listLimit >= 0,
    () =>
      new ArgumentError(`summarizeIndices: listLimit must be a non-negative integer, got ${String(listLimit)}`, {
        listLimit,
      }),
  );
  const count = indices.length;
  const checksum = indexChecksum(indices);
  return count <= listLimit ? { count, checksum, indices: Array.from(indices) } : { count, checksum };
}
