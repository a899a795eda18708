import { CONDITION_ALIASES, CONDITION_KINDS, type ConditionKind } from './condition.ts';

/**
 * The condition kind a name stands for: a kind itself (`random-labels`) or one of its short aliases
 * (`random`), surrounding spaces ignored; undefined for any other name.
 *
 * @example
 * ```ts
 * import { parseConditionKind } from 'rethink/core';
 * console.log(parseConditionKind(' gaussian'), parseConditionKind('nope')); // gaussian-pixels undefined
 * ```
 */
export function parseConditionKind(name: string): ConditionKind | undefined {
  const trimmed = name.trim();
  // Own keys only: `valueOf` or `constructor` are not aliases.
  if (Object.hasOwn(CONDITION_ALIASES, trimmed)) return CONDITION_ALIASES[trimmed];
  return CONDITION_KINDS.find((kind) => kind === trimmed);
}
