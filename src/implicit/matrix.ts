import { ShapeError, ensure } from 'rethink/core';
import { NonFiniteInputError } from './errors.ts';

/** A dense float64 matrix, row-major: entry (i, j) at `data[i * cols + j]`. Row i is the point x_i. */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** What the functions of `rethink/implicit` accept as points: a {@link Matrix} or an array of equal-length rows. */
export type MatrixInput = Matrix | readonly (readonly number[])[];

/**
 * Validates `input` as an n × d float64 matrix (n ≥ 1, d ≥ 1, every value finite). Arrays of rows are
 * copied; a {@link Matrix} is checked and returned as is (never modified by this package). Throws
 * `ShapeError` for ragged or empty input and {@link NonFiniteInputError} naming the first NaN/±∞ entry.
 *
 * @example
 * ```ts
 * import { toMatrix } from 'rethink/implicit';
 * const x = toMatrix([[1, 2, 3], [4, 5, 6]]);
 * console.log(x.rows, x.cols, x.data[4]); // 2 3 5
 * ```
 */
export function toMatrix(input: MatrixInput, operation = 'toMatrix'): Matrix {
  let m: Matrix;
  if ('data' in input && !Array.isArray(input)) {
    m = input as Matrix;
    ensure(
      Number.isSafeInteger(m.rows) && Number.isSafeInteger(m.cols) && m.data.length === m.rows * m.cols,
      () =>
        new ShapeError(`${operation}: data holds ${m.data.length} values, expected ${m.rows} × ${m.cols}`, {
          rows: m.rows,
          cols: m.cols,
          actual: m.data.length,
        }),
    );
  } else {
    const rows = input as readonly (readonly number[])[];
    const d = rows[0]?.length ?? 0;
    const data = new Float64Array(rows.length * d);
    rows.forEach((row, i) => {
      ensure(
        row.length === d,
        () =>
          new ShapeError(`${operation}: row ${i} has ${row.length} values, row 0 has ${d}`, {
            row: i,
            expected: d,
            actual: row.length,
          }),
      );
      data.set(row, i * d);
    });
    m = { data, rows: rows.length, cols: d };
  }
  ensure(
    m.rows >= 1 && m.cols >= 1,
    () =>
      new ShapeError(`${operation}: expected at least one point of at least one dimension, got ${m.rows} × ${m.cols}`),
  );
  const { data, cols } = m;
  for (let t = 0; t < data.length; t++) {
    const v = data[t] as number;
    if (!Number.isFinite(v)) throw new NonFiniteInputError(operation, 'points', Math.floor(t / cols), t % cols, v);
  }
  return m;
}
