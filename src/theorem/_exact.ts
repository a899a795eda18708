/**
 * The exact construction of Theorem 1 (internal; see `interpolate`).
 *
 * Every float64 coordinate is the dyadic rational m·2^e; the direction's entries are A_l·2^-31 with integer
 * A_l, so each projection is an integer Z_i = Σ_l A_l·m_il·2^(e_il − e_min) over the common denominator
 * 2^(31 − e_min): computed with BigInt (one product and one shift per coordinate), sorted and compared
 * exactly. Distinct points with equal projections trigger another direction; identical points are merged.
 *
 * The O(n) triangular solve runs in mathjs Fractions:
 * - one output (k = 1): the thresholds are placed where they keep every number short. Each slope is an
 *   integer and each weight is 0 or ±2^p: with D = c_{j−1}(z_j) − y_j (the previous linear piece's miss at
 *   z_j), the new slope is S_j = S_{j−1} − sign(D)·2^p with 2^p > |D|/gap (p ≥ 0), which lies strictly on
 *   the other side of the secant slope, so the two lines cross strictly between z_{j−1} and z_j; b_j is that
 *   crossing. (D = 0 needs no kink: w_j = 0, b_j the midpoint.)
 * - k > 1 outputs share the thresholds, which leaves no such freedom: b_j = z_j − 2^p with 2^p the largest
 *   power of two below the gap, and the same slope recursion as `triangularWeights` gives w. Every number
 *   stays dyadic, but the weights' numerators grow by about the bit length of a gap per point (they are
 *   products of the gaps' ratios), so this runs in BigInt dyadic arithmetic (no gcds), and the network is
 *   rescaled at the end — w·2^E, a·2^-E, b·2^-E, the same function — so that w holds integers and every
 *   Fraction is cheap to build. Practical up to a few hundred points.
 */
import { fraction, type Fraction } from 'mathjs';
import { chooseDirection, DIRECTION_BITS, type DirectionKind } from './direction.ts';
import { NonFiniteError, ResolutionError } from './errors.ts';
import type { Labels } from './labels.ts';
import type { Sample } from './sample.ts';
import { bitLength, decompose, exactFraction, pow2 } from './_float-bits.ts';
import { findTwin, mergeDuplicate } from './_duplicates.ts';
import {
  dyadicAdd,
  dyadicFromFraction,
  dyadicFromNumber,
  dyadicMul,
  dyadicNormalize,
  dyadicShift,
  dyadicSub,
  dyadicToFraction,
  type Dyadic,
} from './_dyadic.ts';

/** Settings of the exact construction (validated by `interpolate`). */
export interface ExactSettings {
  readonly kind: DirectionKind;
  readonly seed: number;
  readonly maxAttempts: number;
}

/** Everything the exact construction produces; neurons are in ascending order of projection. */
export interface ExactBuild {
  /** Direction numerators: a_l = A_l / 2^(31 + scale). */
  readonly A: readonly bigint[];
  /** The network was rescaled by 2^scale (see the module comment); projections and a carry 2^-scale. */
  readonly scale: number;
  readonly attempts: number;
  readonly neurons: Int32Array;
  readonly duplicateOf: Int32Array;
  readonly z: Fraction[];
  readonly b: Fraction[];
  readonly w: Fraction[];
  /** Exact labels (n × k) in sample order. */
  readonly y: Fraction[];
}

const OP = 'interpolate';

/** Smallest exponent e over the non-zero coordinates (x = m·2^e, m odd); checks finiteness on the way. */
export function minExponent(data: ArrayLike<number>, n: number, d: number): number {
  let emin = Infinity;
  for (let i = 0, t = 0; i < n; i++) {
    for (let l = 0; l < d; l++, t++) {
      const x = data[t] as number;
      // Stryker disable next-line ConditionalExpression: (→ false) decompose(0) is 0·2^0, so a zero only lowers emin to ≤ 0, a common power of two that every projection and its denominator 2^(31−emin) share: same rationals
      if (x === 0) continue;
      if (!Number.isFinite(x)) throw new NonFiniteError(OP, 'sample', i, l, x);
      const { e } = decompose(x);
      // Stryker disable next-line EqualityOperator: (e <= emin) an equal exponent leaves the minimum unchanged
      if (e < emin) emin = e;
    }
  }
  return emin === Infinity ? 0 : emin;
}

/** Exact projection numerator of the point at offset `o`: Σ_l A_l·x_l·2^(−emin). */
export function projectExact(data: ArrayLike<number>, o: number, A: readonly bigint[], emin: number): bigint {
  let acc = 0n;
  for (let l = 0, d = A.length; l < d; l++) {
    const x = data[o + l] as number;
    // Stryker disable next-line ConditionalExpression: (→ false) decompose(0) is m = 0, so a zero coordinate adds 0n (a negative BigInt shift of 0n is 0n): same sum
    if (x === 0) continue;
    const { m, e } = decompose(x);
    acc += ((A[l] as bigint) * BigInt(m)) << BigInt(e - emin);
  }
  return acc;
}

/** The rational Z·2^(emin − 31). */
export function scaledFraction(Z: bigint, emin: number): Fraction {
  const s = emin - DIRECTION_BITS;
  // Stryker disable next-line EqualityOperator: (s > 0) at s = 0 both branches give the fraction Z/1
  return s >= 0 ? fraction(Z << BigInt(s), 1n) : fraction(Z, pow2(-s));
}

/** Direction numerators A_l (exact integers) for an attempt. */
export function directionNumerators(d: number, kind: DirectionKind, seed: number, attempt: number): bigint[] {
  const a = chooseDirection(d, { kind, seed, attempt });
  return Array.from(a, (v) => BigInt(v * 2 ** DIRECTION_BITS));
}

/** Builds the exact network. */
export function buildExact(sample: Sample, labels: Labels, settings: ExactSettings): ExactBuild {
  const { data, n, d } = sample;
  const { k } = labels;
  const emin = minExponent(data, n, d);
  const y = Array.from(labels.y, exactFraction);
  // Stryker disable next-line ArrayDeclaration: every attempt that does not return assigns lastPair before the final throw (maxAttempts ≥ 1)
  let lastPair: [number, number] = [0, 0];
  for (let attempt = 0; attempt < settings.maxAttempts; attempt++) {
    const A = directionNumerators(d, settings.kind, settings.seed, attempt);
    // Stryker disable next-line ArrayDeclaration: (new Array()) every index 0…n−1 is assigned below, so the array ends up the same
    const Z: bigint[] = new Array<bigint>(n);
    // Stryker disable next-line EqualityOperator: (i <= n) the extra Z[n], from out-of-range reads (undefined decomposes without throwing), is never read: ord holds 0…n−1
    for (let i = 0; i < n; i++) Z[i] = projectExact(data, i * d, A, emin);
    const ord = Array.from({ length: n }, (_, i) => i).sort((i, j) => {
      const zi = Z[i] as bigint;
      const zj = Z[j] as bigint;
      if (zi < zj) return -1;
      // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: V8's stable TimSort over the index-ordered array only calls compare(x, y) with x later than y (insertion pivots, runs merged left to right), so ties and zi > zj give a positive result under every variant (true, >=, <=, i + j); checked on 20 000 random arrays with ties
      return zi > zj ? 1 : i - j;
    });
    const duplicateOf = new Int32Array(n).fill(-1);
    let collision = false;
    let runStart = 0; // first position of the current run of equal projections
    // Stryker disable next-line EqualityOperator: (r <= n) at r = n, ord[n] is undefined, Z[undefined] differs from the last projection and the pass only sets runStart = n
    for (let r = 1; r < n; r++) {
      const j = ord[r] as number;
      if (Z[j] !== Z[ord[r - 1] as number]) {
        runStart = r;
        continue;
      }
      const twin = findTwin(sample, ord, runStart, r, j, duplicateOf);
      if (twin < 0) {
        // Distinct points, equal projections: this direction fails (keep scanning for conflicting duplicates).
        collision = true;
        lastPair = [Math.min(ord[r - 1] as number, j), Math.max(ord[r - 1] as number, j)];
        continue;
      }
      mergeDuplicate(OP, labels.y, k, twin, j, duplicateOf);
    }
    if (collision) continue;
    const neurons = Int32Array.from(ord.filter((i) => (duplicateOf[i] as number) < 0));
    const m = neurons.length;
    if (k === 1) {
      const z = Array.from(neurons, (i) => scaledFraction(Z[i] as bigint, emin));
      const ys = Array.from(neurons, (i) => y[i] as Fraction);
      const { b, w } = scalarChain(z, ys);
      return { A, scale: 0, attempts: attempt + 1, neurons, duplicateOf, z, b, w, y };
    }
    const zd = Array.from(neurons, (i) => dyadicNormalize({ m: Z[i] as bigint, e: emin - DIRECTION_BITS }));
    const yd: Dyadic[] = [];
    for (let j = 0; j < m; j++)
      for (let c = 0; c < k; c++) yd.push(dyadicFromNumber(labels.y[(neurons[j] as number) * k + c] as number));
    const { b, w } = vectorChain(zd, yd, k);
    // Rescale so that every weight is an integer: w·2^E, and z, b (hence a) by 2^-E.
    let scale = 0;
    // Stryker disable next-line ConditionalExpression: (→ true) a zero weight is 0·2^0, and max(scale, 0) leaves scale ≥ 0 unchanged
    for (const v of w) if (v.m !== 0n) scale = Math.max(scale, -v.e);
    return {
      A,
      scale,
      attempts: attempt + 1,
      neurons,
      duplicateOf,
      z: zd.map((v) => dyadicToFraction(dyadicShift(v, -scale))),
      b: b.map((v) => dyadicToFraction(dyadicShift(v, -scale))),
      w: w.map((v) => dyadicToFraction(dyadicShift(v, scale))),
      y,
    };
  }
  throw new ResolutionError(OP, lastPair[0], lastPair[1], { attempts: settings.maxAttempts, mode: 'exact' });
}

/** Scalar labels: short thresholds and power-of-two weights (see the module comment). */
function scalarChain(z: readonly Fraction[], y: readonly Fraction[]): { b: Fraction[]; w: Fraction[] } {
  const m = z.length;
  const zero = fraction(0n, 1n);
  const one = fraction(1n, 1n);
  const half = fraction(1n, 2n);
  // Stryker disable next-line ArrayDeclaration: (new Array()) every index 0…m−1 is assigned below, so the array ends up the same
  const b: Fraction[] = new Array<Fraction>(m);
  // Stryker disable next-line ArrayDeclaration: (new Array()) every index is assigned below, so the array ends up the same
  const w: Fraction[] = new Array<Fraction>(m);
  const y0 = y[0] as Fraction;
  const z0 = z[0] as Fraction;
  let slope: Fraction;
  if (y0.n === 0n) {
    slope = zero;
    b[0] = z0.sub(one);
  } else {
    slope = fraction(y0.s, 1n);
    b[0] = z0.sub(y0.abs());
  }
  w[0] = slope;
  for (let j = 1; j < m; j++) {
    const zp = z[j - 1] as Fraction;
    const gap = (z[j] as Fraction).sub(zp);
    const dy = (y[j] as Fraction).sub(y[j - 1] as Fraction);
    const miss = slope.mul(gap).sub(dy); // c_{j-1}(z_j) − y_j
    if (miss.n === 0n) {
      w[j] = zero;
      b[j] = zp.add(gap.mul(half));
      continue;
    }
    const ratio = miss.abs().div(gap);
    const step = fraction(pow2(bitLength(ratio.n / ratio.d)), 1n); // 2^p > |miss|/gap
    // Stryker disable next-line EqualityOperator: (miss.s >= 0n) miss is non-zero here (miss.n === 0n continued above), so its sign is ±1
    const next = miss.s > 0n ? slope.sub(step) : slope.add(step);
    b[j] = zp.add(dy.sub(next.mul(gap)).div(slope.sub(next)));
    w[j] = next.sub(slope);
    slope = next;
  }
  return { b, w };
}

/** Vector labels: thresholds b_j = z_j − 2^p (2^p the largest power of two below the gap), in dyadic arithmetic. */
function vectorChain(z: readonly Dyadic[], y: readonly Dyadic[], k: number): { b: Dyadic[]; w: Dyadic[] } {
  const m = z.length;
  // Stryker disable next-line ArrayDeclaration: (new Array()) every index 0…m−1 is assigned below, so the array ends up the same
  const b: Dyadic[] = new Array<Dyadic>(m);
  // Stryker disable next-line ArrayDeclaration: (new Array()) every index is assigned below, so the array ends up the same
  const w: Dyadic[] = new Array<Dyadic>(m * k);
  const slope: Dyadic[] = [];
  b[0] = dyadicSub(z[0] as Dyadic, { m: 1n, e: 0 });
  for (let c = 0; c < k; c++) {
    slope.push(y[c] as Dyadic); // z_0 − b_0 = 1
    w[c] = y[c] as Dyadic;
  }
  for (let j = 1; j < m; j++) {
    const gap = dyadicNormalize(dyadicSub(z[j] as Dyadic, z[j - 1] as Dyadic)); // odd mantissa g·2^e
    // 2^p ≤ gap < 2^(p+1); a gap that is itself a power of two (mantissa 1) steps one below.
    const p = gap.e + bitLength(gap.m) - 1 - (gap.m === 1n ? 1 : 0);
    const q: Dyadic = { m: 1n, e: p };
    const pj = dyadicSub(gap, q);
    b[j] = dyadicAdd(z[j - 1] as Dyadic, pj);
    for (let c = 0; c < k; c++) {
      const prev = slope[c] as Dyadic;
      // S_j = (y_j − y_{j−1} − S_{j−1}·p_j) / 2^p
      const next = dyadicNormalize(
        dyadicShift(
          dyadicSub(dyadicSub(y[j * k + c] as Dyadic, y[(j - 1) * k + c] as Dyadic), dyadicMul(prev, pj)),
          -p,
        ),
      );
      w[j * k + c] = dyadicNormalize(dyadicSub(next, prev));
      slope[c] = next;
    }
  }
  return { b, w };
}

/** The dyadic value of an exact-network parameter (all of them are dyadic). */
export function dyadicOf(f: Fraction): Dyadic {
  return dyadicFromFraction(f) as Dyadic;
}
