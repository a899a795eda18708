import { fraction, type Fraction } from 'mathjs';
import { ArgumentError, ShapeError, ensure } from 'rethink/core';

/**
 * Solves the lower-triangular system of Theorem 1 exactly: given ascending projections z, interleaved
 * thresholds b (b_1 < z_1 < b_2 < … < b_n < z_n) and labels y (n × k, row-major), returns w (n × k) with
 * Σ_j w_j·max(z_i − b_j, 0) = y_i for every i. Rational arithmetic through mathjs Fractions.
 *
 * No elimination is needed: on [b_j, b_{j+1}] the network is linear with slope S_j = w_1 + … + w_j and passes
 * through (z_j, y_j), so S_j = (y_j − c(b_j)) / (z_j − b_j) with c(b_j) = y_{j−1} + S_{j−1}·(b_j − z_{j−1}),
 * and w_j = S_j − S_{j−1} — O(n·k) operations.
 *
 * Throws `ArgumentError` when the thresholds do not interleave the projections (naming the index), and
 * `ShapeError` when the lengths disagree.
 *
 * @example
 * ```ts
 * import { triangularWeights } from 'rethink/theorem';
 * import { fraction } from 'mathjs';
 * const f = (v: number) => fraction(v);
 * const w = triangularWeights([1, 2, 3].map(f), [0.5, 1.5, 2.5].map(f), [5, -1, 4].map(f));
 * console.log(w.map((v) => v.toFraction()).join(' ')); // 10 -32 54
 * ```
 */
export function triangularWeights(z: readonly Fraction[], b: readonly Fraction[], y: readonly Fraction[]): Fraction[] {
  const n = z.length;
  ensure(n >= 1, () => new ShapeError('triangularWeights: no projections', { n }));
  ensure(
    b.length === n,
    () => new ShapeError(`triangularWeights: ${n} projections but ${b.length} thresholds`, { n, thresholds: b.length }),
  );
  ensure(
    y.length > 0 && y.length % n === 0,
    () =>
      new ShapeError(`triangularWeights: ${y.length} labels is not a positive multiple of ${n} projections`, {
        n,
        labels: y.length,
      }),
  );
  const k = y.length / n;
  for (let j = 0; j < n; j++) {
    const zj = z[j] as Fraction;
    const bj = b[j] as Fraction;
    ensure(
      bj.compare(zj) < 0,
      () => new ArgumentError(`triangularWeights: threshold ${j} is not below projection ${j}`, { index: j }),
    );
    ensure(
      j === 0 || bj.compare(z[j - 1] as Fraction) > 0,
      () => new ArgumentError(`triangularWeights: threshold ${j} is not above projection ${j - 1}`, { index: j }),
    );
  }
  // Stryker disable next-line ArrayDeclaration: (new Array()) every index 0…n·k−1 is assigned below, so the array ends up the same
  const w: Fraction[] = new Array<Fraction>(n * k);
  const zero = fraction(0n, 1n);
  for (let c = 0; c < k; c++) {
    let slope = zero;
    for (let j = 0; j < n; j++) {
      const zj = z[j] as Fraction;
      const bj = b[j] as Fraction;
      const atB = j === 0 ? zero : (y[(j - 1) * k + c] as Fraction).add(slope.mul(bj.sub(z[j - 1] as Fraction)));
      const next = (y[j * k + c] as Fraction).sub(atB).div(zj.sub(bj));
      w[j * k + c] = next.sub(slope);
      slope = next;
    }
  }
  return w;
}
