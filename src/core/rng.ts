import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { zigguratNormal } from './_ziggurat.ts';

/**
 * A seeded random source on top of pure-rand's xoroshiro128+ generator (the PRNG family fast-check uses).
 *
 * The same `(seed, stream)` pair gives the same sequence on every machine: everything is integer
 * arithmetic on 32-bit words, and floats are built from those words exactly. Independent choices (labels
 * vs. pixels, initialization vs. shuffling) use different `stream` names, so composing two seeded
 * transforms never couples them.
 *
 * @example
 * ```ts
 * import { createRng } from 'rethink/core';
 * const a = createRng(42, 'labels');
 * const b = createRng(42, 'labels');
 * console.log(a.int(0, 9) === b.int(0, 9)); // true
 * ```
 */
export class Rng {
  private readonly gen: RandomGenerator;

  /** Use {@link createRng}; the constructor takes a pure-rand generator. */
  constructor(gen: RandomGenerator) {
    this.gen = gen;
  }

  /** The generator's state, enough to resume the sequence with {@link restoreRng}. */
  snapshot(): RngState {
    return { words: [...this.gen.getState()], spare: null };
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    return this.gen.next() >>> 0;
  }

  /** A uniform integer in `[min, max]` (both inclusive), without modulo bias. */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }

  /** A uniform float64 in `[0, 1)` with 53 random bits. */
  float(): number {
    const hi = this.gen.next() >>> 5; // 27 bits
    const lo = this.gen.next() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * A standard normal deviate: the Ziggurat method (128 layers, Marsaglia & Tsang), drawn from this generator's
   * words only — about one word per deviate, no hidden state, so a snapshot resumes it exactly.
   */
  normal(): number {
    return zigguratNormal(this);
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = uniformInt(this.gen, 0, i);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /** A uniformly random permutation of `0 … n-1`. */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }
}

/** A serializable snapshot of an {@link Rng} (plain JSON). */
export interface RngState {
  readonly words: readonly number[];
  /** Always null: kept so that checkpoints written when `normal()` buffered a second deviate still read. */
  readonly spare: number | null;
}

/**
 * Recreates an {@link Rng} from {@link Rng.snapshot}: it continues exactly where the snapshot was taken.
 *
 * @example
 * ```ts
 * import { createRng, restoreRng } from 'rethink/core';
 * const rng = createRng(1, 'shuffle');
 * const state = rng.snapshot();
 * const x = rng.uint32();
 * console.log(restoreRng(state).uint32() === x); // true
 * ```
 */
export function restoreRng(state: RngState): Rng {
  return new Rng(xoroshiro128plusFromState(state.words));
}

/** FNV-1a hash of a stream name into 32 bits. */
function hashStream(stream: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < stream.length; i++) {
    h ^= stream.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Creates the random source for `seed` and the named `stream`. The seed is any integer (it is reduced to 32
 * bits); the stream name is hashed and mixed into the seed, and the two are mixed into the generator's seed
 * (FNV-1a of the name XOR the seed), so each stream of a seed is its own xoroshiro128+ sequence.
 *
 * @example
 * ```ts
 * import { createRng } from 'rethink/core';
 * const rng = createRng(7, 'pixels');
 * const perm = rng.permutation(5); // a permutation of 0..4
 * console.log([...perm].sort().join(',')); // 0,1,2,3,4
 * ```
 */
export function createRng(seed: number, stream = ''): Rng {
  return new Rng(xoroshiro128plus((seed ^ hashStream(stream)) | 0));
}
