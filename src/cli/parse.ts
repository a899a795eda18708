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
    throw new CliError(`${flag} must be an integer in [${min}, ${max}], got ${JSON.stringify(raw)}`, {
      flag,
      value: raw,
    });
  }
  return value;
}

/**
 * Parses a command-line number flag (finite), throwing a {@link CliError} that names the flag otherwise.
 *
 * @example
 * ```ts
 * import { parseNumberFlag } from './parse.ts';
 * console.log(parseNumberFlag('--lr', '0.01')); // 0.01
 * ```
 */
export function parseNumberFlag(flag: string, raw: string, range: { min?: number; max?: number } = {}): number {
  const value = Number(raw);
  const { min = -Infinity, max = Infinity } = range;
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new CliError(`${flag} must be a number in [${min}, ${max}], got ${JSON.stringify(raw)}`, {
      flag,
      value: raw,
    });
  }
  return value;
}
