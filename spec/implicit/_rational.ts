/**
 * Exact rational linear algebra for the Section 5 specs (mathjs Fractions, normalized bigints): the SGD
 * update replayed exactly, and row-space membership decided by exact rank. Nothing here reuses
 * src/implicit's float64 arithmetic.
 */
import { fraction, type Fraction } from 'mathjs';

export type Vec = Fraction[];

export const ZERO = fraction(0);

export function vec(values: readonly number[]): Vec {
  return values.map((v) => fraction(v));
}

export function dotQ(a: Vec, b: Vec): Fraction {
  return a.reduce((s, v, i) => s.add(v.mul(b[i] as Fraction)), ZERO);
}

/** Rank of the rows by exact Gaussian elimination. */
export function rankQ(rows: readonly Vec[]): number {
  const m = rows.map((r) => [...r]);
  const d = m[0]?.length ?? 0;
  let rank = 0;
  for (let col = 0; col < d && rank < m.length; col++) {
    const pivot = m.findIndex((row, i) => i >= rank && !(row[col] as Fraction).equals(ZERO));
    if (pivot < 0) continue;
    [m[rank], m[pivot]] = [m[pivot] as Vec, m[rank] as Vec];
    const p = m[rank] as Vec;
    for (let i = rank + 1; i < m.length; i++) {
      const row = m[i] as Vec;
      const f = (row[col] as Fraction).div(p[col] as Fraction);
      if (f.equals(ZERO)) continue;
      for (let j = col; j < d; j++) row[j] = (row[j] as Fraction).sub(f.mul(p[j] as Fraction));
    }
    rank++;
  }
  return rank;
}

/** True when w is a linear combination of the rows: rank([X; w]) = rank(X). */
export function inRowSpace(rows: readonly Vec[], w: Vec): boolean {
  return rankQ([...rows, w]) === rankQ(rows);
}

/**
 * SGD on the squared loss from w₀ = 0, exactly: w ← w − η·(wᵀx_i − y_i)·x_i for i in `order`; returns every
 * iterate (w₀ first).
 */
export function sgdExactly(rows: readonly Vec[], y: Vec, eta: Fraction, order: ArrayLike<number>): Vec[] {
  const d = rows[0]?.length ?? 0;
  let w: Vec = Array.from({ length: d }, () => ZERO);
  const out = [w];
  for (let t = 0; t < order.length; t++) {
    const i = order[t] as number;
    const x = rows[i] as Vec;
    const e = eta.mul(dotQ(w, x).sub(y[i] as Fraction));
    w = w.map((v, p) => v.sub(e.mul(x[p] as Fraction)));
    out.push(w);
  }
  return out;
}
