/**
 * The randomization tests of the paper (Section 2.1), plus the replication's uniform noise: one home for the
 * condition kinds, their JSON form, their short aliases, their ids in run files and their corruption levels,
 * shared by `randomize` (which applies them), `experiment` (which runs them) and `report` (which reads them).
 *
 * @module
 */

/**
 * Every condition kind, in the paper's order. `true-labels` is corruption level 0, `random-labels` level 1,
 * `corrupt-labels` a level p in between.
 */
export const CONDITION_KINDS = [
  'true-labels',
  'corrupt-labels',
  'random-labels',
  'shuffled-pixels',
  'random-pixels',
  'gaussian-pixels',
  'uniform-pixels',
] as const;

/** One of {@link CONDITION_KINDS}. */
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** One randomization of the paper's §2.1 (plus uniform noise), as plain JSON. */
export type Condition =
  | { readonly kind: 'true-labels' }
  | { readonly kind: 'corrupt-labels'; readonly p: number }
  | { readonly kind: 'random-labels' }
  | { readonly kind: 'shuffled-pixels' }
  | { readonly kind: 'random-pixels' }
  | { readonly kind: 'gaussian-pixels' }
  | { readonly kind: 'uniform-pixels'; readonly range?: readonly [number, number] };

/** Short names accepted wherever a condition kind is named (`--conditions random,gaussian`). */
export const CONDITION_ALIASES: Readonly<Record<string, ConditionKind>> = {
  true: 'true-labels',
  random: 'random-labels',
  corrupt: 'corrupt-labels',
  shuffled: 'shuffled-pixels',
  'random-pix': 'random-pixels',
  gaussian: 'gaussian-pixels',
  uniform: 'uniform-pixels',
};
