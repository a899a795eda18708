/**
 * The chance-level bound of the memorization specs. A network trained on random labels has learnt nothing
 * about the true labels; under that null hypothesis its predictions are independent of the (class-stratified,
 * hence uniform) true test labels, so the number of correct test predictions is Binomial(n, 1/k).
 */

/** log of the Binomial(n, p) probability of exactly x successes. */
function logPmf(n: number, p: number, x: number): number {
  let logChoose = 0;
  for (let i = 1; i <= x; i++) logChoose += Math.log(n - x + i) - Math.log(i);
  return logChoose + x * Math.log(p) + (n - x) * Math.log1p(-p);
}

/**
 * The two-sided acceptance interval [lo, hi] of correct counts for Binomial(n, p) whose exact tails each have
 * probability ≤ delta/2: a count outside it happens under the null with probability ≤ delta (the false-failure
 * rate).
 */
export function binomialInterval(n: number, p: number, delta: number): [number, number] {
  const pmf = Array.from({ length: n + 1 }, (_, x) => Math.exp(logPmf(n, p, x)));
  let lo = 0;
  for (let tail = 0; lo <= n && tail + (pmf[lo] as number) <= delta / 2; lo++) tail += pmf[lo] as number;
  let hi = n;
  for (let tail = 0; hi >= 0 && tail + (pmf[hi] as number) <= delta / 2; hi--) tail += pmf[hi] as number;
  return [lo, hi];
}
