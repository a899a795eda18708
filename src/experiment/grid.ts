import { CONDITION_ALIASES, conditionId, parseConditionKind, type Condition, type ConditionKind } from 'rethink/core';
import { ExperimentError } from './errors.ts';

/** One cell of the experiment grid: the report's id and kind, and the randomizer's condition. */
export interface GridCondition {
  /** `'random-labels'`, `'corrupt-labels@0.4'`, … (the id used in run files). */
  readonly id: string;
  readonly kind: ConditionKind;
  /** Corruption level of `corrupt-labels`; null for every other kind. */
  readonly p: number | null;
  readonly condition: Condition;
}

/** Options of {@link gridConditions}. */
export interface GridOptions {
  /** Condition names (kinds, or their short aliases: `CONDITION_ALIASES` of rethink/core); default {@link GRID_DEFAULTS}. */
  readonly conditions?: readonly string[];
  /** Corruption levels used when `corrupt-labels` is in the grid; default 0.2, 0.4, 0.6, 0.8. */
  readonly corruption?: readonly number[];
}

/** The paper's grid: every randomization, and partially corrupted labels at p ∈ {0.2, 0.4, 0.6, 0.8}. */
export const GRID_DEFAULTS = {
  conditions: [
    'true-labels',
    'random-labels',
    'shuffled-pixels',
    'random-pixels',
    'gaussian-pixels',
    'uniform-pixels',
    'corrupt-labels',
  ] as readonly ConditionKind[],
  corruption: [0.2, 0.4, 0.6, 0.8] as readonly number[],
};

function resolveKind(name: string): ConditionKind {
  const kind = parseConditionKind(name);
  if (kind === undefined) {
    throw new ExperimentError(
      `gridConditions: unknown condition ${JSON.stringify(name)}; expected one of ${GRID_DEFAULTS.conditions.join(', ')} (or ${Object.keys(CONDITION_ALIASES).join(', ')})`,
      { condition: name },
    );
  }
  return kind;
}

/**
 * Expands condition names and corruption levels into the grid, in the order given, without duplicates;
 * `corrupt-labels` expands to one cell per corruption level (a level of 0 or 1 is the same cell as true or
 * random labels, and is kept as a corrupted-labels cell of that level).
 *
 * @example
 * ```ts
 * import { gridConditions } from 'rethink/experiment';
 * const grid = gridConditions({ conditions: ['random', 'corrupt'], corruption: [0.5] });
 * console.log(grid.map((c) => c.id).join(' ')); // random-labels corrupt-labels@0.5
 * ```
 */
export function gridConditions(options: GridOptions = {}): GridCondition[] {
  const names = options.conditions ?? GRID_DEFAULTS.conditions;
  const levels = options.corruption ?? GRID_DEFAULTS.corruption;
  for (const [index, p] of levels.entries()) {
    if (!(Number.isFinite(p) && p >= 0 && p <= 1)) {
      throw new ExperimentError(`gridConditions: corruption level ${p} at index ${index} is outside [0, 1]`, {
        index,
        p,
      });
    }
  }
  const grid: GridCondition[] = [];
  const seen = new Set<string>();
  const add = (cell: GridCondition): void => {
    if (seen.has(cell.id)) return;
    seen.add(cell.id);
    grid.push(cell);
  };
  for (const name of names) {
    const kind = resolveKind(name);
    if (kind === 'corrupt-labels') {
      for (const p of levels) add({ id: conditionId(kind, p), kind, p, condition: { kind, p } });
    } else {
      add({ id: conditionId(kind), kind, p: null, condition: { kind } });
    }
  }
  if (grid.length === 0) {
    throw new ExperimentError('gridConditions: the grid is empty (no conditions, or corrupt-labels with no levels)', {
      conditions: names,
      corruption: levels,
    });
  }
  return grid;
}
