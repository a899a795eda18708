import { ArgumentError, createRng, ensure } from 'rethink/core';

/** How {@link chooseDirection} picks the direction a. */
export type DirectionKind = 'deterministic' | 'random';

/** Options of {@link chooseDirection}. */
export interface DirectionOptions {
  /** `'deterministic'` (default): a fixed sequence; `'random'`: drawn from `seed`. */
  readonly kind?: DirectionKind;
  /** Seed of the random choice and of retries (default 0). */
  readonly seed?: number;
  /** 0 for the first choice; each retry after a collision asks for the next attempt (default 0). */
  readonly attempt?: number;
  /** Scales every entry by 2^exponent (exactly); used to keep projections inside the float64 range (default 0). */
  readonly exponent?: number;
}

/** Defaults of {@link DirectionOptions}. */
export const DIRECTION_DEFAULTS = { kind: 'deterministic', seed: 0, attempt: 0, exponent: 0 } as const;

/** Denominator of the direction's entries before scaling: a_l = ±(2^31 + r_l) / 2^31. */
export const DIRECTION_BITS = 31;
const TWO31 = 2 ** DIRECTION_BITS;
/** 2^31 / golden ratio, rounded to an odd integer: the Weyl step of the deterministic choice. */
const WEYL = 1327217885;
const WEYL_SIGN = 1640531527;

/**
 * The direction a of the first layer: d dyadic entries a_l = ±(2^31 + r_l)·2^(exponent − 31) with
 * 0 ≤ r_l < 2^31, so |a_l| ∈ [1, 2)·2^exponent, every entry is non-zero, and entries are pairwise distinct
 * in magnitude (r_l differ). Dyadic entries with 32 significant bits keep exact projections cheap (one
 * BigInt product per coordinate) and make a_l·x exact for float32 and uint8 data.
 *
 * - `'deterministic'`, attempt 0: r_l = (l + 1)·⌊2^31/φ⌉ mod 2^31 (a Weyl sequence; distinct for every l < 2^31),
 *   signs from a second Weyl sequence. The construction verifies that projections are distinct and asks
 *   for the next attempt otherwise.
 * - `'random'`, or any attempt ≥ 1: r_l and signs drawn from `createRng(seed, 'theorem/direction/<attempt>')`.
 *
 * @example
 * ```ts
 * import { chooseDirection } from 'rethink/theorem';
 * const a = chooseDirection(3);
 * console.log(a.length, a.every((v) => Math.abs(v) >= 1 && Math.abs(v) < 2)); // 3 true
 * ```
 */
export function chooseDirection(d: number, options: DirectionOptions = {}): Float64Array {
  const { kind, seed, attempt, exponent } = { ...DIRECTION_DEFAULTS, ...options };
  ensure(
    Number.isSafeInteger(d) && d >= 1,
    () => new ArgumentError(`chooseDirection: d must be a positive integer, got ${d}`, { d }),
  );
  ensure(
    Number.isSafeInteger(attempt) && attempt >= 0,
    () => new ArgumentError(`chooseDirection: attempt must be a non-negative integer, got ${attempt}`, { attempt }),
  );
  ensure(
    Number.isSafeInteger(exponent) && Math.abs(exponent) <= 990,
    () =>
      new ArgumentError(`chooseDirection: exponent must be an integer in [-990, 990], got ${exponent}`, { exponent }),
  );
  ensure(
    kind === 'deterministic' || kind === 'random',
    () => new ArgumentError(`chooseDirection: unknown kind ${JSON.stringify(kind)}`, { kind }),
  );
  const a = new Float64Array(d);
  const scale = 2 ** (exponent - DIRECTION_BITS);
  if (kind === 'deterministic' && attempt === 0) {
    for (let l = 0; l < d; l++) {
      const r = ((l + 1) * WEYL) % TWO31;
      const sign = ((l + 1) * WEYL_SIGN) % TWO31 < TWO31 / 2 ? 1 : -1;
      a[l] = sign * (TWO31 + r) * scale;
    }
    return a;
  }
  const rng = createRng(seed, `theorem/direction/${attempt}`);
  for (let l = 0; l < d; l++) {
    // Stryker disable next-line ArithmeticOperator: (2^31 + 1) widens the draw's range by two values out of 2^31; the entries keep their documented range but for one draw in 2^30
    const r = rng.int(0, TWO31 - 1);
    const sign = rng.uint32() & 1 ? -1 : 1;
    a[l] = sign * (TWO31 + r) * scale;
  }
  return a;
}
