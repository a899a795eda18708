import { CliError } from './errors.ts';

/**
 * Parses a command-line integer flag, throwing a {@link CliError} that names the flag when the value is
 * not an integer within `[min, max]`.
 *
 * @example
 * ```ts
 * import { parseIntFlag } from './parse.ts';
 * console.log(parseIntFlag('--samples', '100', { min: 1 })); // 100
 * ```
 */
export function parseIntFlag(flag: string, raw: string, range: { min?: number; max?: number } = {}): number {
  const value = Number(raw);
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min || value > max) {
    const wanted =
      max === Number.MAX_SAFE_INTEGER
        ? min === Number.MIN_SAFE_INTEGER
          ? 'an integer'
          : `an integer ≥ ${min}`
        : `an integer in [${min}, ${max}]`;
    throw new CliError(`${flag} must be ${wanted}, got ${JSON.stringify(raw)}`, {
      flag,
      value: raw,
    });
  }
  return value;
}

/** Bounds of {@link parseNumberFlag}: `min`/`max` inclusive, `above` exclusive (the value must exceed it). */
export interface NumberFlagRange {
  readonly min?: number;
  readonly max?: number;
  readonly above?: number;
}

/**
 * Parses a command-line number flag (finite), throwing a {@link CliError} that names the flag otherwise.
 *
 * @example
 * ```ts
 * import { parseNumberFlag } from './parse.ts';
 * console.log(parseNumberFlag('--lr', '0.01', { above: 0 })); // 0.01
 * ```
 */
export function parseNumberFlag(flag: string, raw: string, range: NumberFlagRange = {}): number {
  const value = Number(raw);
  const { min = -Infinity, max = Infinity, above } = range;
  const lower = above !== undefined ? { open: true, at: above } : { open: false, at: min };
  const wanted =
    max === Infinity
      ? lower.at === -Infinity
        ? 'a finite number'
        : `a finite number ${lower.open ? '>' : '≥'} ${lower.at}`
      : `a number in ${lower.open ? '(' : '['}${lower.at}, ${max}]`;
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (above !== undefined && !(value > above))
  ) {
    throw new CliError(`${flag} must be ${wanted}, got ${JSON.stringify(raw)}`, {
      flag,
      value: raw,
    });
  }
  return value;
}
