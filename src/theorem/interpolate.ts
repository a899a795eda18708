import { fraction, type Fraction } from 'mathjs';
import { ArgumentError, ShapeError, ensure } from 'rethink/core';
import type { DirectionKind } from './direction.ts';
import { DIRECTION_BITS } from './direction.ts';
import { FloatRangeError, NonFiniteError } from './errors.ts';
import { toLabels, type LabelInput } from './labels.ts';
import { toSample, type Sample, type SampleInput } from './sample.ts';
import { buildExact, dyadicOf, minExponent, projectExact } from './_exact.ts';
import {
  DYADIC_ZERO,
  dyadicAdd,
  dyadicCmp,
  dyadicMul,
  dyadicNormalize,
  dyadicSub,
  dyadicToFraction,
  type Dyadic,
} from './_dyadic.ts';
import { buildFloat } from './_float.ts';
import { nonFiniteColumn, projectAccurate, U } from './_project.ts';

/** Options of {@link interpolate}. */
export interface InterpolateOptions {
  /** Exact rational arithmetic (mathjs Fractions) instead of float64 (default false). */
  readonly exact?: boolean;
  /** The direction a: a fixed deterministic sequence (default) or a seeded random draw. */
  readonly direction?: DirectionKind;
  /** Seed of the random direction and of the retries after a collision (default 0). */
  readonly seed?: number;
  /** Directions tried before giving up on separating two points (default 8). */
  readonly maxAttempts?: number;
  /** Outputs per point when labels are a flat array of n·k values (default 1). */
  readonly outputs?: number;
  /** Float mode: threshold b_j sits this fraction of the gap past z_{j−1} (default 10⁻³; in (0, 0.5]). */
  readonly thresholdFraction?: number;
  /**
   * Float mode: a projection is recomputed with a compensated dot product when its rounding could move the
   * network's value by more than this times max(1, max|y|) (default 2⁻²⁶).
   */
  readonly refineTolerance?: number;
}

/** Defaults of {@link InterpolateOptions}. */
export const INTERPOLATE_DEFAULTS = {
  exact: false,
  direction: 'deterministic',
  seed: 0,
  maxAttempts: 8,
  thresholdFraction: 1e-3,
  refineTolerance: 2 ** -26,
} as const;

/** What both modes report. Neurons are in ascending order of projection. */
export interface InterpolantInfo {
  /** Neurons: the number of distinct points (identical points with equal labels are merged). */
  readonly n: number;
  /** Input dimension. */
  readonly d: number;
  /** Outputs per point. */
  readonly k: number;
  /** Parameters of the network: a (d), b (n) and w (n·k), i.e. n·k + n + d (2n + d for one output). */
  readonly parameters: number;
  /** Points in the sample as given. */
  readonly sampleSize: number;
  /** Sample index of the point behind each neuron. */
  readonly neurons: Int32Array;
  /** For each sample point, the sample index of the identical point it was merged into, or -1. */
  readonly duplicateOf: Int32Array;
  /** Directions tried (1 when the first was verified distinct). */
  readonly attempts: number;
}

/** The float64 network c(x) = Σ_j w_j·max(⟨a,x⟩ − b_j, 0). */
export interface FloatInterpolant extends InterpolantInfo {
  readonly exact: false;
  /** Direction (d). */
  readonly a: Float64Array;
  /** Thresholds (n), ascending. */
  readonly b: Float64Array;
  /** Output weights, n × k row-major (neuron j, output c at j·k + c). */
  readonly w: Float64Array;
  /** Computed projections z_j of the neurons' points (ascending). */
  readonly projections: Float64Array;
  /**
   * A rigorous upper bound on max_i,c |c(x_i) − y_i| for the network as an exact function of its float64
   * parameters (never below the true error).
   */
  readonly errorBound: number;
  /** Projections recomputed with the compensated dot product. */
  readonly refined: number;
  /** Smallest label per output (k). */
  readonly labelMin: Float64Array;
  /** The network at each point, m × k row-major. */
  evaluate(points: SampleInput): Float64Array;
  /**
   * Values and, for each, a rigorous bound on its distance from the exact network value at that point.
   * Throws {@link FloatRangeError} naming the point when its projection, value or bound leaves the float64
   * range (exact mode evaluates such points).
   */
  evaluateWithBounds(points: SampleInput): { values: Float64Array; bounds: Float64Array };
}

/** The exact network: every parameter a mathjs Fraction; it reproduces every label exactly. */
export interface ExactInterpolant extends InterpolantInfo {
  readonly exact: true;
  readonly a: Fraction[];
  readonly b: Fraction[];
  /** n × k row-major. */
  readonly w: Fraction[];
  readonly projections: Fraction[];
  /** Always 0: exact arithmetic reproduces every label. */
  readonly errorBound: 0;
  /** Smallest label per output (k), exactly. */
  readonly labelMin: Fraction[];
  /** The network at each point, exactly (m × k row-major). */
  evaluate(points: SampleInput): Fraction[];
}

/** Either network. */
export type Interpolant = FloatInterpolant | ExactInterpolant;

/**
 * Theorem 1 (Zhang et al., 2017): builds the two-layer ReLU network c(x) = Σ_j w_j·max(⟨a,x⟩ − b_j, 0) with
 * n·k + n + d parameters that reproduces the labels of n distinct points in d dimensions.
 *
 * A direction a with pairwise-distinct projections z_i = ⟨a, x_i⟩ is chosen (a deterministic sequence by
 * default, verified distinct; a seeded random draw with `direction: 'random'`; a new seeded draw after a
 * collision); the projections are sorted once; thresholds interleave them, b_1 < z_1 < b_2 < … < b_n < z_n,
 * so A_ij = max(z_i − b_j, 0) is lower triangular with a positive diagonal; and w = A⁻¹y comes from closed-form
 * slopes in O(n·k) operations (no general solver).
 *
 * - `exact: true`: rational arithmetic (mathjs Fractions over BigInt); every float64 input is its exact dyadic
 *   value; the network reproduces every label exactly, for any sample of distinct points.
 * - float64 (default): O(n·d + n·k) time with an O(n) radix sort, O(n·k + d) memory besides the sample
 *   (a few arrays of n·k numbers); `errorBound` is a rigorous bound on the interpolation error of the network
 *   as an exact function of its float64 parameters. Projections whose rounding matters are recomputed with a
 *   compensated dot product. Points closer than float64 can separate raise {@link ResolutionError}, labels
 *   too large for the gaps {@link FloatRangeError} (exact mode handles both).
 *
 * The sample is `number[][]` or a flat `{ data, n, d }` (Float64Array, Float32Array or Uint8Array). Identical
 * points with equal labels are merged; with different labels they raise {@link ConflictingDuplicateError}.
 * Bad shapes raise `ShapeError`, NaN/Infinity {@link NonFiniteError}.
 *
 * @example
 * ```ts
 * import { interpolate } from 'rethink/theorem';
 * const net = interpolate([[0, 1], [1, 0], [1, 1]], [3, -1, 2], { exact: true });
 * console.log(net.parameters, net.evaluate([[1, 0]])[0]?.toFraction()); // 8 -1
 * ```
 */
export function interpolate(
  sample: SampleInput,
  labels: LabelInput,
  options: InterpolateOptions & { exact: true },
): ExactInterpolant;
export function interpolate(
  sample: SampleInput,
  labels: LabelInput,
  options?: InterpolateOptions & { exact?: false },
): FloatInterpolant;
export function interpolate(sample: SampleInput, labels: LabelInput, options?: InterpolateOptions): Interpolant;
export function interpolate(
  sampleInput: SampleInput,
  labelInput: LabelInput,
  options: InterpolateOptions = {},
): Interpolant {
  const o = { ...INTERPOLATE_DEFAULTS, ...options };
  ensure(
    o.direction === 'deterministic' || o.direction === 'random',
    () =>
      new ArgumentError(`interpolate: unknown direction ${JSON.stringify(o.direction)}`, { direction: o.direction }),
  );
  ensure(
    Number.isSafeInteger(o.seed),
    () => new ArgumentError(`interpolate: seed must be a safe integer, got ${o.seed}`, { seed: o.seed }),
  );
  ensure(
    Number.isSafeInteger(o.maxAttempts) && o.maxAttempts >= 1 && o.maxAttempts <= 64,
    () =>
      new ArgumentError(`interpolate: maxAttempts must be an integer in [1, 64], got ${o.maxAttempts}`, {
        maxAttempts: o.maxAttempts,
      }),
  );
  ensure(
    o.thresholdFraction > 0 && o.thresholdFraction <= 0.5,
    () =>
      new ArgumentError(`interpolate: thresholdFraction must be in (0, 0.5], got ${o.thresholdFraction}`, {
        thresholdFraction: o.thresholdFraction,
      }),
  );
  ensure(
    o.refineTolerance >= 0 && Number.isFinite(o.refineTolerance),
    () =>
      new ArgumentError(`interpolate: refineTolerance must be finite and ≥ 0, got ${o.refineTolerance}`, {
        refineTolerance: o.refineTolerance,
      }),
  );
  const sample = toSample(sampleInput, 'interpolate');
  const labels = toLabels(labelInput, sample.n, {
    operation: 'interpolate',
    ...(o.outputs !== undefined ? { outputs: o.outputs } : {}),
  });
  if (o.exact)
    return exactInterpolant(
      sample,
      labels.k,
      buildExact(sample, labels, { kind: o.direction, seed: o.seed, maxAttempts: o.maxAttempts }),
    );
  const build = buildFloat(sample, labels, {
    kind: o.direction,
    seed: o.seed,
    maxAttempts: o.maxAttempts,
    thresholdFraction: o.thresholdFraction,
    refineTolerance: o.refineTolerance,
  });
  const { d } = sample;
  const { k } = labels;
  const m = build.neurons.length;
  const { a, b, slope, slopeLow, slopeError, value, eps } = build;

  const evaluateWithBounds = (points: SampleInput): { values: Float64Array; bounds: Float64Array } => {
    const p = pointsOf(points, d);
    const values = new Float64Array(p.n * k);
    const bounds = new Float64Array(p.n * k);
    for (let i = 0; i < p.n; i++) {
      const { z: ze, lo: zeLow, bound } = projectAccurate(p.data, i * d, a);
      if (!Number.isFinite(ze) || !Number.isFinite(bound)) {
        if (nonFiniteColumn(p, i) >= 0) throwNonFinite(p, i);
        throw new FloatRangeError('evaluate', `the projection of point ${i} overflows float64`, { row: i });
      }
      // The exact projection lies within `bound` of ze + zeLow, so within ν of ze.
      const nu = (bound + Math.abs(zeLow)) * (1 + 4 * U) + 5e-324;
      const J = countBelow(m, (t) => (b[t] as number) < ze); // neurons 0 … J−1 are active at ze
      // Kinks within ν of ze: the exact point may sit on a neighbouring piece.
      let lo = J;
      while (lo > 0 && (b[lo - 1] as number) >= ze - nu) lo--;
      let hi = J;
      while (hi < m && (b[hi] as number) <= ze + nu) hi++;
      const kinks = hi - lo;
      const j = J - 1;
      // ze + zeLow − (z_j + zlo_j), in two roundings.
      const d1 = j >= 0 ? ze - (build.z[j] as number) : 0;
      const d2 = j >= 0 ? zeLow - (build.zlo[j] as number) : 0;
      const diff = d1 + d2;
      for (let c = 0; c < k; c++) {
        let L = 0;
        for (let t = Math.max(lo - 1, 0); t < Math.min(hi + 1, m); t++)
          L = Math.max(
            L,
            Math.abs(slope[t * k + c] as number) +
              Math.abs(slopeLow[t * k + c] as number) +
              (slopeError[t * k + c] as number),
          );
        const v = j >= 0 ? (value[j * k + c] as number) + (slope[j * k + c] as number) * diff : 0;
        // The exact slope is slope + slopeLow ± slopeError; v uses only the first part.
        // Stryker disable ArithmeticOperator: lower-order terms and margins of the evaluation bound (relative size U): far below its slack (the 1 other variant here is killed; the line-level disable drops it too)
        const e =
          j >= 0
            ? (eps[j * k + c] as number) +
              (Math.abs(slopeLow[j * k + c] as number) + (slopeError[j * k + c] as number)) * Math.abs(diff) * (1 + U)
            : 0;
        // Stryker restore ArithmeticOperator
        const vb =
          (e +
            L * bound +
            4 * kinks * L * nu +
            U * (3 * Math.abs(v) + L * (Math.abs(d1) + Math.abs(d2) + 3 * Math.abs(diff)))) *
            (1 + 4 * U) +
          2 ** -1068;
        if (!Number.isFinite(v) || !Number.isFinite(vb)) {
          throw new FloatRangeError(
            'evaluate',
            `the value at point ${i} (output ${c}) leaves the float64 range; use exact mode`,
            { row: i },
          );
        }
        values[i * k + c] = v;
        bounds[i * k + c] = vb;
      }
    }
    return { values, bounds };
  };

  return {
    exact: false,
    n: m,
    d,
    k,
    parameters: m * k + m + d,
    sampleSize: sample.n,
    neurons: build.neurons,
    duplicateOf: build.duplicateOf,
    attempts: build.attempts,
    a,
    b,
    w: build.w,
    projections: build.z,
    errorBound: build.errorBound,
    refined: build.refined,
    labelMin: Float64Array.from({ length: k }, (_, c) => {
      let v = Infinity;
      for (let i = c; i < labels.y.length; i += k) v = Math.min(v, labels.y[i] as number);
      return v;
    }),
    evaluate: (points) => evaluateWithBounds(points).values,
    evaluateWithBounds,
  };
}

/** Points to evaluate, checked against the network's input dimension. */
function pointsOf(points: SampleInput, d: number): Sample {
  const p = toSample(points, 'evaluate');
  ensure(
    p.d === d,
    () =>
      new ShapeError(`evaluate: points have ${p.d} coordinates, the network takes ${d}`, { expected: d, actual: p.d }),
  );
  return p;
}

function throwNonFinite(p: Sample, i: number): never {
  const column = nonFiniteColumn(p, i);
  throw new NonFiniteError('evaluate', 'sample', i, column, p.data[i * p.d + Math.max(column, 0)] as number);
}

/** The number of leading entries 0 … length−1 for which `below(i)` holds (`below` true on a prefix): a binary search. */
function countBelow(length: number, below: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function exactInterpolant(sample: Sample, k: number, build: ReturnType<typeof buildExact>): ExactInterpolant {
  const { d } = sample;
  const m = build.neurons.length;
  const { z, b, w, A, scale } = build;
  // Prefix sums for O(log n) evaluation: on (b_J, b_{J+1}] the network is z·S_J − T_J (dyadic arithmetic:
  // every parameter of the exact construction is a dyadic rational).
  const bd = b.map(dyadicOf);
  // Stryker disable next-line ArrayDeclaration: every entry 0 … m·k−1 is assigned below; pre-sizing only avoids growth
  const S: Dyadic[] = new Array<Dyadic>(m * k);
  // Stryker disable next-line ArrayDeclaration: every entry 0 … m·k−1 is assigned below; pre-sizing only avoids growth
  const T: Dyadic[] = new Array<Dyadic>(m * k);
  for (let c = 0; c < k; c++) {
    let s = DYADIC_ZERO;
    let t = DYADIC_ZERO;
    for (let j = 0; j < m; j++) {
      const wj = dyadicOf(w[j * k + c] as Fraction);
      s = dyadicAdd(s, wj);
      t = dyadicAdd(t, dyadicMul(wj, bd[j] as Dyadic));
      S[j * k + c] = s;
      T[j * k + c] = t;
    }
  }
  const evaluate = (points: SampleInput): Fraction[] => {
    const p = pointsOf(points, d);
    for (let i = 0; i < p.n; i++) if (nonFiniteColumn(p, i) >= 0) throwNonFinite(p, i);
    const emin = minExponent(p.data, p.n, d);
    const out: Fraction[] = [];
    for (let i = 0; i < p.n; i++) {
      const zi: Dyadic = { m: projectExact(p.data, i * d, A, emin), e: emin - DIRECTION_BITS - scale };
      // Stryker disable next-line EqualityOperator: at z = b_t exactly that neuron adds w·(z − b_t) = 0 (exact), so either piece gives the same value
      const lo = countBelow(m, (t) => dyadicCmp(bd[t] as Dyadic, zi) < 0);
      for (let c = 0; c < k; c++) {
        const t = (lo - 1) * k + c;
        out.push(
          dyadicToFraction(
            lo === 0 ? DYADIC_ZERO : dyadicNormalize(dyadicSub(dyadicMul(zi, S[t] as Dyadic), T[t] as Dyadic)),
          ),
        );
      }
    }
    return out;
  };
  return {
    exact: true,
    n: m,
    d,
    k,
    parameters: m * k + m + d,
    sampleSize: sample.n,
    neurons: build.neurons,
    duplicateOf: build.duplicateOf,
    attempts: build.attempts,
    a: A.map((v) => fraction(v, 1n << BigInt(DIRECTION_BITS + scale))),
    b,
    w,
    projections: z,
    errorBound: 0,
    labelMin: Array.from({ length: k }, (_, c) => {
      let v = build.y[c] as Fraction;
      for (let i = c; i < build.y.length; i += k)
        if ((build.y[i] as Fraction).compare(v) < 0) v = build.y[i] as Fraction;
      return v;
    }),
    evaluate,
  };
}
