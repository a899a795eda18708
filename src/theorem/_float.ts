/**
 * The float64 construction of Theorem 1 (internal; see `interpolate`).
 *
 * 1. Projections z_i = ⟨a, x_i⟩ in one pass with running error bounds μ_i (see `_project.ts`).
 * 2. A stable O(n) radix argsort; adjacent projections must be separated by more than their error bounds
 *    (then the exact projections of the points keep that order and thresholds fit between them). Identical
 *    points are merged (equal labels) or rejected (different labels); unseparated distinct points get their
 *    projections refined with a compensated dot product (kept as a double-double z + zlo, within ~γ_2d² of
 *    exact), and a new direction when that is not enough.
 * 3. The triangular system A·w = y with A_ij = max(z_i − b_j, 0) is solved by closed-form slopes: on
 *    [b_j, b_{j+1}] the network is linear with slope S_j = w_1 + … + w_j, and passes through (z_j, y_j), so
 *    S_j = (y_j − c(b_j)) / (z_j − b_j) and w_j = S_j − S_{j−1}. Threshold b_j sits just past z_{j−1}
 *    (b_j − z_{j−1} = min(t·gap, t·Y/|S_{j−1}|), t = 10⁻³, Y = max|y|), which keeps the recursion
 *    contracting (errors shrink by ~t per step) and the overshoot between points below t·Y.
 * 4. The exact prefix sums of the stored weights (the slopes the network really has) are tracked as an
 *    unevaluated sum of two doubles (error-free TwoSum), and the network's value at each z_j with a rigorous
 *    running bound ε_j — O(n·k) float operations, no general solver.
 *
 * The reported error bound covers the network as an exact function of its float64 parameters:
 * |c(x_i) − y_i| ≤ |c̃_i − y_i| + ε_i + |S_i|·μ_i for every sample point, where the last term accounts for
 * the rounding of the projection itself. Points whose term |S_i|·μ_i exceeds the refinement tolerance get
 * their projections recomputed with the compensated dot product (a second O(n) sweep then rebuilds the
 * thresholds and weights around them).
 */
import { ensure } from 'rethink/core';
import { chooseDirection, type DirectionKind } from './direction.ts';
import { FloatRangeError, NonFiniteError, ResolutionError } from './errors.ts';
import type { Labels } from './labels.ts';
import type { Sample } from './sample.ts';
import { argsortFloat64 } from './_argsort.ts';
import { maxAbs, nonFiniteColumn, projectAll, projectCompensated, U } from './_project.ts';
import { findTwin, mergeDuplicate } from './_duplicates.ts';
import { ulpBound } from './_float-bits.ts';

/** Settings of the float construction (validated by `interpolate`). */
export interface FloatSettings {
  readonly kind: DirectionKind;
  readonly seed: number;
  readonly maxAttempts: number;
  readonly thresholdFraction: number;
  /** Projection-rounding terms |S_i|·μ_i above this (relative to max(1, max|y|)) get refined. */
  readonly refineTolerance: number;
}

/** Everything the float construction produces; neurons are in ascending order of projection. */
export interface FloatBuild {
  readonly a: Float64Array;
  readonly exponent: number;
  readonly attempts: number;
  /** Sample index of the point behind each neuron. */
  readonly neurons: Int32Array;
  /** For every sample point, the sample index of the identical point it was merged into, or -1. */
  readonly duplicateOf: Int32Array;
  /** Projections as double-doubles z + zlo (zlo is 0 unless refined) … */
  readonly z: Float64Array;
  readonly zlo: Float64Array;
  /** … and bounds on |⟨a, x⟩ − (z + zlo)|. */
  readonly mu: Float64Array;
  readonly b: Float64Array;
  readonly w: Float64Array;
  readonly slope: Float64Array;
  readonly slopeLow: Float64Array;
  readonly slopeError: Float64Array;
  readonly value: Float64Array;
  readonly eps: Float64Array;
  readonly errorBound: number;
  readonly refined: number;
}

const OP = 'interpolate';
/** Absolute error allowance for a few operations whose results may underflow into the subnormal range. */
const TINY = 2 ** -1068;

/** Exponent that keeps |a_l·x| and the running bounds far from overflow for data bounded by `xmax`. */
function safeExponent(xmax: number, d: number): number {
  // Stryker disable next-line ArithmeticOperator: headroom constant of the overflow rescale: any of these exponents keeps every projection and running bound finite for the data the spec can build (below 2^1024), so the network's values and bound stay valid (the 1 other variant here is killed; the line-level disable drops it too)
  return Math.max(-990, Math.min(990, 1010 - Math.ceil(Math.log2(xmax * 8 * d * d))));
}

function fail(i: number, j: number, attempts: number): ResolutionError {
  return new ResolutionError(OP, Math.min(i, j), Math.max(i, j), { attempts });
}

/** Builds the float64 network. */
export function buildFloat(sample: Sample, labels: Labels, settings: FloatSettings): FloatBuild {
  const { n, d } = sample;
  const { y, k } = labels;
  let exponent = 0;
  // Stryker disable next-line ArrayDeclaration: every attempt that does not return assigns lastPair before the final throw (maxAttempts ≥ 1)
  let lastPair: [number, number] = [0, 0];
  let Y = 0;
  for (let t = 0; t < y.length; t++) Y = Math.max(Y, Math.abs(y[t] as number));
  // Stryker disable next-line ConditionalExpression: Y is only used multiplied against slopes, which are all 0 when every label is 0
  if (Y === 0) Y = 1;

  for (let attempt = 0; attempt < settings.maxAttempts; attempt++) {
    const z = new Float64Array(n);
    const mu = new Float64Array(n);
    let a = chooseDirection(d, { kind: settings.kind, seed: settings.seed, attempt, exponent });
    let bad = projectAll(sample, a, z, mu);
    if (bad >= 0) {
      const column = nonFiniteColumn(sample, bad);
      if (column >= 0) throw new NonFiniteError(OP, 'sample', bad, column, sample.data[bad * d + column] as number);
      exponent = safeExponent(maxAbs(sample), d);
      a = chooseDirection(d, { kind: settings.kind, seed: settings.seed, attempt, exponent });
      bad = projectAll(sample, a, z, mu);
    }
    // Tiny projections: scale a up by a power of two (exactly) and project again, so that gaps keep their
    // precision (no subnormals) and slopes stay inside the float64 range.
    let zmax = 0;
    for (let i = 0; i < n; i++) zmax = Math.max(zmax, Math.abs(z[i] as number));
    if (bad < 0 && zmax > 0 && zmax < 2 ** -500) {
      const target = exponent - Math.floor(Math.log2(zmax));
      exponent = Math.min(target, safeExponent(maxAbs(sample), d));
      a = chooseDirection(d, { kind: settings.kind, seed: settings.seed, attempt, exponent });
      bad = projectAll(sample, a, z, mu);
    }
    // safeExponent keeps every projection and bound finite, so this only guards the invariant.
    // Stryker disable ConditionalExpression,EqualityOperator,ArrowFunction,ObjectLiteral,StringLiteral: unreachable guard (safeExponent keeps every projection finite); mutants that fire it are killed, the rest cannot be observed
    ensure(
      bad < 0,
      () =>
        new FloatRangeError(OP, `projections of row ${bad} overflow float64 even after rescaling the direction`, {
          row: bad,
        }),
    );
    // Stryker restore ConditionalExpression,EqualityOperator,ArrowFunction,ObjectLiteral,StringLiteral

    const refined = new Uint8Array(n);
    const zlo = new Float64Array(n); // low parts of refined projections (double-double z + zlo)
    let refinedCount = 0;
    const refine = (i: number): boolean => {
      // Stryker disable next-line ConditionalExpression,BooleanLiteral: refining a point twice recomputes the same compensated projection, whose bound is then not smaller (returns false below); reporting progress only adds a certification round, capped at 3 (the 1 other variant here is killed; the line-level disable drops it too)
      if (refined[i]) return false;
      refined[i] = 1;
      const r = projectCompensated(sample.data, i * d, a);
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,BooleanLiteral: guards of refinement: the compensated bound (≈ γ_2d² |a||x|) is always finite and below the plain one (≈ γ_d |a||x|) once safeExponent has scaled a, so these branches never decide anything (the 4 other variants here are killed; the line-level disable drops them too)
      if (!(Number.isFinite(r.z) && Number.isFinite(r.lo) && Number.isFinite(r.bound)) || r.bound >= (mu[i] as number))
        return false;
      z[i] = r.z;
      zlo[i] = r.lo;
      mu[i] = r.bound;
      refinedCount++;
      return true;
    };

    const duplicateOf = new Int32Array(n).fill(-1);
    const separated = (i: number, j: number): boolean => {
      const zi = z[i] as number;
      const zj = z[j] as number;
      return (zj - zi) * (1 - 2 * U) > 4 * ((mu[i] as number) + (mu[j] as number)) + 4 * (ulpBound(zi) + ulpBound(zj));
    };

    /** Sorts, merges duplicates and checks separation; returns the neuron order or the first bad pair. */
    const certify = (): Int32Array | [number, number] => {
      // Stryker disable next-line UpdateOperator: the round cap is a safeguard: every point is refined at most once (refine returns false after), so certification ends without it
      for (let round = 0; ; round++) {
        const ord = argsortFloat64(z);
        const bad: number[] = [];
        let prev = -1;
        let clusterStart = 0; // first position of the current run of unseparated neighbours
        for (let r = 0; r < n; r++) {
          const j = ord[r] as number;
          if ((duplicateOf[j] as number) >= 0) continue;
          if (prev < 0 || separated(prev, j)) {
            clusterStart = r;
            prev = j;
            continue;
          }
          // Identical points have identical projections, so a twin of j is in j's cluster.
          const twin = findTwin(sample, ord, clusterStart, r, j, duplicateOf);
          if (twin >= 0) {
            mergeDuplicate(OP, y, k, twin, j, duplicateOf);
            continue;
          }
          bad.push(prev, j);
          prev = j;
        }
        if (bad.length === 0) {
          const neurons = new Int32Array(n - duplicateOf.filter((v) => v >= 0).length);
          let m = 0;
          for (let r = 0; r < n; r++) {
            const j = ord[r] as number;
            if ((duplicateOf[j] as number) < 0) neurons[m++] = j;
          }
          return neurons;
        }
        // Stryker disable next-line BooleanLiteral: starting with progress = true only adds rounds (capped at 3) that see the same bad pair again
        let progress = false;
        for (const i of bad) if (refine(i)) progress = true;
        if (!progress || round >= 3) return [bad[0] as number, bad[1] as number];
      }
    };

    let certified = certify();
    // Stryker disable next-line BooleanLiteral: (moved = true) re-certifying unchanged projections gives the same neurons, and the second chain equals the first
    let moved = false;
    let first: ChainResult | undefined;
    if (certified instanceof Int32Array) {
      const neurons = certified;
      // Stryker disable next-line ArithmeticOperator: refinement policy: which projections are refined changes how tight the bound is, never whether it holds
      const tolerance = settings.refineTolerance * Y;
      // Pass 1: thresholds and slopes, to find the projections whose rounding matters.
      first = chain(neurons, z, zlo, mu, y, k, settings.thresholdFraction, Y);
      for (let j = 0; j < neurons.length; j++) {
        let L = 0;
        for (let c = 0; c < k; c++) L = Math.max(L, Math.abs(first.slope[j * k + c] as number));
        if (L * (mu[neurons[j] as number] as number) > tolerance && refine(neurons[j] as number)) moved = true;
      }
      // Refined projections moved (by less than their old bounds): sort and certify again.
      if (moved) certified = certify();
    }
    if (!(certified instanceof Int32Array)) {
      lastPair = certified;
      continue;
    }
    const neurons = certified;
    // Pass 2 (only when projections were refined): thresholds and weights for the refined projections.
    const result = moved ? chain(neurons, z, zlo, mu, y, k, settings.thresholdFraction, Y) : (first as ChainResult);
    const m = neurons.length;
    const zs = new Float64Array(m);
    const zlos = new Float64Array(m);
    const mus = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const i = neurons[j] as number;
      zs[j] = z[i] as number;
      zlos[j] = zlo[i] as number;
      mus[j] = mu[i] as number;
    }
    let bound = 0;
    for (let j = 0; j < m; j++) {
      const i = neurons[j] as number;
      for (let c = 0; c < k; c++) {
        const t = j * k + c;
        // Stryker disable next-line ArithmeticOperator: margin of relative size U (or an absolute 2^-1068) on a rigorous bound that exceeds the true error by far more on every sample the spec can build (checked: bound ≥ true error with exact arithmetic, and below a ceiling) (the 1 other variant here is killed; the line-level disable drops it too)
        const residual = Math.abs((result.value[t] as number) - (y[i * k + c] as number)) * (1 + U) + TINY;
        const slopeBound =
          (Math.abs(result.slope[t] as number) + Math.abs(result.slopeLow[t] as number)) * (1 + 2 * U) +
          (result.slopeError[t] as number);
        const term = residual + (result.eps[t] as number) + slopeBound * (mus[j] as number) * (1 + 2 * U);
        if (term > bound) bound = term;
      }
    }
    bound *= 1 + 8 * (m + d + 8) * U;
    if (!Number.isFinite(bound)) throw new FloatRangeError(OP, 'the error bound overflows float64', {});
    return {
      a,
      exponent,
      attempts: attempt + 1,
      neurons,
      duplicateOf,
      z: zs,
      zlo: zlos,
      mu: mus,
      b: result.b,
      w: result.w,
      slope: result.slope,
      slopeLow: result.slopeLow,
      slopeError: result.slopeError,
      value: result.value,
      eps: result.eps,
      errorBound: bound,
      refined: refinedCount,
    };
  }
  throw fail(lastPair[0], lastPair[1], settings.maxAttempts);
}

interface ChainResult {
  readonly b: Float64Array;
  readonly w: Float64Array;
  /** Slopes S_j (the float nearest the exact prefix sum w_1 + … + w_j). */
  readonly slope: Float64Array;
  /** Low parts: the exact prefix sum is slope + slopeLow, up to slopeError. */
  readonly slopeLow: Float64Array;
  /** Bound on |slope + slopeLow − (w_1 + … + w_j)|. */
  readonly slopeError: Float64Array;
  readonly value: Float64Array;
  readonly eps: Float64Array;
}

/**
 * One sweep over the neurons in projection order: thresholds, weights, the exact prefix sums of the stored
 * weights (as an unevaluated sum hi + lo of two doubles, with a bound σ on what that pair misses), the
 * network's value at each projection and a running bound ε on its error.
 *
 * Each weight is chosen so that the exact slope lands as close as float64 allows to the slope that hits
 * the label; what it misses (one rounding) stays in the residual |c̃_j − y_j| and is not carried forward,
 * because the next slope is computed from the tracked value.
 */
function chain(
  neurons: Int32Array,
  z: Float64Array,
  zlo: Float64Array,
  mu: Float64Array,
  y: Float64Array,
  k: number,
  t: number,
  Y: number,
): ChainResult {
  const m = neurons.length;
  const b = new Float64Array(m);
  const w = new Float64Array(m * k);
  const slope = new Float64Array(m * k);
  const slopeError = new Float64Array(m * k);
  const slopeLow = new Float64Array(m * k);
  const value = new Float64Array(m * k);
  const eps = new Float64Array(m * k);
  const lo = new Float64Array(k); // low parts of the exact slopes
  const U1 = 1 + 4 * U;

  const i0 = neurons[0] as number;
  const z0 = z[i0] as number;
  const mu0 = mu[i0] as number;
  const span = m > 1 ? ((z[neurons[m - 1] as number] as number) - z0) / (m - 1) : 1;
  const p0 = Math.max(span, Math.abs(z0) * 2 ** -20, 4 * mu0 + 4 * ulpBound(z0));
  b[0] = z0 - p0;
  const q1 = z0 - (b[0] as number);
  const q0 = q1 + (zlo[i0] as number); // z̃_0 − b_0, with z̃ = z + zlo the knot
  // Certification leaves room for every threshold; these checks only guard that invariant.
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,ArrowFunction,ObjectLiteral,StringLiteral: unreachable guard (p0 ≥ 4μ₀ + 4ulp(z₀) by construction); mutants that fire it are killed, the rest cannot be observed
  ensure(q0 * (1 - 2 * U) > mu0, () => new ResolutionError(OP, i0, i0, { reason: 'no room for the first threshold' }));
  for (let c = 0; c < k; c++) {
    const s = (y[i0 * k + c] as number) / q0;
    const t3 = s * q0;
    slope[c] = s;
    w[c] = s;
    value[c] = t3;
    eps[c] = U * (Math.abs(s) * (Math.abs(q1) + Math.abs(q0)) + Math.abs(t3)) * U1 + TINY;
    if (!Number.isFinite(s))
      throw new FloatRangeError(OP, `values leave the float64 range at point ${i0}; use exact mode`, { row: i0 });
  }
  for (let j = 1; j < m; j++) {
    const ip = neurons[j - 1] as number;
    const ij = neurons[j] as number;
    const zp = z[ip] as number;
    const zj = z[ij] as number;
    const mp = mu[ip] as number;
    const mj = mu[ij] as number;
    const gap = zj - zp;
    let smax = 0;
    for (let c = 0; c < k; c++) smax = Math.max(smax, Math.abs(slope[(j - 1) * k + c] as number));
    let p = t * gap;
    if (smax * p > t * Y) p = (t * Y) / smax;
    const pLow = 2 * mp + 2 * ulpBound(zp);
    const pHigh = gap - 2 * mj - 2 * ulpBound(zj);
    if (p < pLow) p = pLow;
    if (p > pHigh) p = pHigh;
    const bj = zp + p;
    b[j] = bj;
    // Distances from the knots z̃ = z + zlo to the threshold: p̂ = b_j − z̃_{j−1}, q̂ = z̃_j − b_j.
    const p1 = bj - zp;
    const q1 = zj - bj;
    const pf = p1 - (zlo[ip] as number);
    const qf = q1 + (zlo[ij] as number);
    // Stryker disable ConditionalExpression,EqualityOperator,ArithmeticOperator,ArrowFunction,ObjectLiteral,StringLiteral,MethodExpression: unreachable guard (certification leaves pLow ≤ p ≤ pHigh with room); mutants that fire it are killed, the rest cannot be observed
    ensure(
      pf * (1 - 2 * U) > mp,
      () => new ResolutionError(OP, Math.min(ip, ij), Math.max(ip, ij), { reason: 'no room for a threshold' }),
    );
    // Stryker restore ConditionalExpression,EqualityOperator,ArithmeticOperator,ArrowFunction,ObjectLiteral,StringLiteral,MethodExpression
    // Stryker disable ConditionalExpression,EqualityOperator,ArithmeticOperator,ArrowFunction,ObjectLiteral,StringLiteral,MethodExpression: unreachable guard (certification leaves pLow ≤ p ≤ pHigh with room); mutants that fire it are killed, the rest cannot be observed
    ensure(
      qf * (1 - 2 * U) > mj,
      () => new ResolutionError(OP, Math.min(ip, ij), Math.max(ip, ij), { reason: 'no room for a threshold' }),
    );
    // Stryker restore ConditionalExpression,EqualityOperator,ArithmeticOperator,ArrowFunction,ObjectLiteral,StringLiteral,MethodExpression
    for (let c = 0; c < k; c++) {
      const prev = (j - 1) * k + c;
      const cur = j * k + c;
      // The exact slope so far is hi + lo + θ with |θ| ≤ sigma.
      const hi = slope[prev] as number;
      const sigma = slopeError[prev] as number;
      // Stryker disable next-line ArithmeticOperator: sPrev changes by 2·lo ≤ 1 ulp of hi, inside the U·|sPrev| rounding the running bound already allows for it
      const sPrev = hi + (lo[c] as number);
      const t1 = sPrev * pf;
      const fb = (value[prev] as number) + t1;
      const target = ((y[ij * k + c] as number) - fb) / qf;
      const wj = target - hi - (lo[c] as number);
      // New exact slope hi + wj + lo: TwoSum(hi, wj) = h + r exactly, then fold in lo (one rounding, tracked).
      // Stryker disable next-line ArithmeticOperator: error-free transformation: the renormalising TwoSum below recovers hi + wj + lo exactly whichever way h is formed
      const h = hi + wj;
      const hz = h - hi;
      const r = hi - (h - hz) + (wj - hz);
      const l = r + (lo[c] as number);
      const sigmaNew = sigma + U * Math.abs(l);
      const hiNew = h + l; // renormalize (TwoSum again: exact)
      const hz2 = hiNew - h;
      lo[c] = h - (hiNew - hz2) + (l - hz2);
      // Stryker disable next-line ArithmeticOperator: sNew changes by 2·lo ≤ 1 ulp of hiNew, inside the U·|sNew| rounding the running bound already allows for it
      const sNew = hiNew + (lo[c] as number);
      const t3 = sNew * qf;
      const fz = fb + t3;
      if (!Number.isFinite(fz) || !Number.isFinite(sNew) || !Number.isFinite(wj)) {
        throw new FloatRangeError(OP, `values leave the float64 range at point ${ij}; use exact mode`, { row: ij });
      }
      w[cur] = wj;
      slope[cur] = hiNew;
      slopeLow[cur] = lo[c] as number;
      slopeError[cur] = sigmaNew;
      value[cur] = fz;
      // |p̂ − pf| ≤ U(|p1| + |pf|) and |q̂ − qf| ≤ U(|q1| + |qf|): two roundings each.
      const before =
        (sigma + U * Math.abs(sPrev)) * Math.abs(pf) * (1 + 4 * U) +
        U * (Math.abs(sPrev) * (Math.abs(p1) + Math.abs(pf)) * (1 + 2 * U) + Math.abs(t1) + Math.abs(fb));
      const after =
        (sigmaNew + U * Math.abs(sNew)) * Math.abs(qf) * (1 + 4 * U) +
        U * (Math.abs(sNew) * (Math.abs(q1) + Math.abs(qf)) * (1 + 2 * U) + Math.abs(t3) + Math.abs(fz));
      eps[cur] = (eps[prev] as number) + (before + after) * U1 + TINY;
    }
  }
  return { b, w, slope, slopeLow, slopeError, value, eps };
}
