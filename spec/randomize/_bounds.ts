/**
 * Explicit tail bounds for the statistical properties of spec/randomize. Each returns a threshold that an
 * ideal random source exceeds with probability at most `delta`; the specs split their total false-failure
 * budget (1e-9 per property, over all runs and checks) into `delta`s by the union bound.
 */

/** Total false-failure rate allowed for one statistical property, all runs and checks together. */
export const FALSE_FAILURE_RATE = 1e-9;

/**
 * Hoeffding: the mean of n independent values in an interval of width `width` is further than the returned t
 * from its expectation with probability ≤ 2·exp(−2nt²/width²) = delta, so t = width·√(ln(2/δ) / (2n)).
 */
export function hoeffdingRadius(n: number, delta: number, width = 1): number {
  return width * Math.sqrt(Math.log(2 / delta) / (2 * n));
}

/**
 * Pearson's X² of n independent draws from k equally likely categories is at most the returned value with
 * probability ≥ 1 − delta. Proof: let f = ‖Σ_i (e_{c_i} − 1/k)‖₂; X² = (k/n)·f². Changing one draw moves f by
 * at most ‖e_a − e_b‖ = √2, so McDiarmid gives P(f ≥ E f + t) ≤ exp(−2t²/(2n)) = exp(−t²/n), and
 * E f ≤ √(E f²) = √(n(1 − 1/k)). With t = √(n ln(1/δ)): X² ≤ k·(√(1 − 1/k) + √(ln(1/δ)))².
 */
export function chiSquareUniformBound(k: number, delta: number): number {
  return k * (Math.sqrt(1 - 1 / k) + Math.sqrt(Math.log(1 / delta))) ** 2;
}

/** Pearson's X² statistic of `counts` against equal expected counts. */
export function pearsonUniform(counts: ArrayLike<number>): number {
  let n = 0;
  for (let j = 0; j < counts.length; j++) n += counts[j] as number;
  const expected = n / counts.length;
  let x2 = 0;
  for (let j = 0; j < counts.length; j++) x2 += ((counts[j] as number) - expected) ** 2 / expected;
  return x2;
}

/**
 * Standard normal two-sided tail: P(|Z| ≥ t) ≤ 2·exp(−t²/2) (Chernoff), so the returned t = √(2 ln(2/δ))
 * bounds |Z| with probability ≥ 1 − delta.
 */
export function normalRadius(delta: number): number {
  return Math.sqrt(2 * Math.log(2 / delta));
}

/**
 * Laurent & Massart (2000, Lemma 1): for X ~ χ²_n and x > 0, P(X − n ≥ 2√(nx) + 2x) ≤ e^{−x} and
 * P(n − X ≥ 2√(nx)) ≤ e^{−x}. Returns [low, high] holding X with probability ≥ 1 − delta (x = ln(2/δ)).
 */
export function chiSquareInterval(n: number, delta: number): [number, number] {
  const x = Math.log(2 / delta);
  return [n - 2 * Math.sqrt(n * x), n + 2 * Math.sqrt(n * x) + 2 * x];
}

/**
 * Dvoretzky–Kiefer–Wolfowitz with Massart's constant: the empirical CDF of n draws is further than ε from
 * the true continuous CDF anywhere with probability ≤ 2·exp(−2nε²) = delta, so ε = √(ln(2/δ) / (2n)).
 */
export function dkwRadius(n: number, delta: number): number {
  return Math.sqrt(Math.log(2 / delta) / (2 * n));
}

/**
 * Multiplicative Chernoff for a sum X of independent Bernoulli variables with mean μ: for 0 < d ≤ 1,
 * P(|X − μ| ≥ dμ) ≤ 2·exp(−d²μ/3) = delta, so d = √(3 ln(2/δ) / μ) (only meaningful when d ≤ 1).
 */
export function chernoffRelative(mu: number, delta: number): number {
  return Math.sqrt((3 * Math.log(2 / delta)) / mu);
}

/**
 * erfc with fractional error < 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit `erfcc`); Φ(x) = erfc(−x/√2)/2.
 * Callers compare it against DKW or Hoeffding radii far above 1.2e-7 and add the error to the radius as slack
 * (in a ratio of two values the relative error is < 2.4e-7).
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}
