import { ShapeError, ensure } from 'rethink/core';
import { NonFiniteError } from './errors.ts';

/** Coordinates of a flat sample: float64, float32 (image data) or uint8 (raw pixels). */
export type SampleData = Float64Array | Float32Array | Uint8Array;

/** n points in d dimensions stored row-major in one typed array: point i is `data[i·d … i·d + d)`. */
export interface Sample {
  readonly data: SampleData;
  readonly n: number;
  readonly d: number;
}

/** A sample as rows (`number[][]`, one array per point) or already flat. */
export type SampleInput = readonly ArrayLike<number>[] | Sample;

/**
 * Normalizes a sample to the flat {@link Sample} form. Rows are copied into a Float64Array (and checked to be
 * finite); a flat sample is checked for shape and returned as is (its values are checked for finiteness
 * where they are read, at no extra cost).
 *
 * Throws `ShapeError` for an empty sample, points with no coordinates, rows of unequal length (naming the
 * row) or a flat array whose length is not n·d; {@link NonFiniteError} for NaN/±Infinity in rows.
 *
 * @example
 * ```ts
 * import { toSample } from 'rethink/theorem';
 * const s = toSample([[1, 2], [3, 4], [5, 6]]);
 * console.log(s.n, s.d, s.data[3]); // 3 2 4
 * ```
 */
export function toSample(input: SampleInput, operation = 'toSample'): Sample {
  if (!isRows(input)) {
    const { data, n, d } = input;
    ensure(
      Number.isSafeInteger(n) && n >= 1,
      () => new ShapeError(`${operation}: the sample is empty (n = ${n})`, { n }),
    );
    ensure(
      Number.isSafeInteger(d) && d >= 1,
      () => new ShapeError(`${operation}: points need at least one coordinate (d = ${d})`, { d }),
    );
    ensure(
      data.length === n * d,
      () =>
        new ShapeError(`${operation}: flat sample of ${n} × ${d} needs ${n * d} values, got ${data.length}`, {
          n,
          d,
          length: data.length,
        }),
    );
    return { data, n, d };
  }
  const n = input.length;
  ensure(n >= 1, () => new ShapeError(`${operation}: the sample is empty (no points)`, { n: 0 }));
  const d = (input[0] as ArrayLike<number>).length;
  ensure(
    d >= 1,
    () => new ShapeError(`${operation}: points need at least one coordinate (row 0 has length 0)`, { row: 0, d: 0 }),
  );
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = input[i] as ArrayLike<number>;
    ensure(
      row.length === d,
      () =>
        new ShapeError(`${operation}: row ${i} has ${row.length} coordinates, row 0 has ${d}`, {
          row: i,
          length: row.length,
          expected: d,
        }),
    );
    const o = i * d;
    for (let l = 0; l < d; l++) {
      const v = row[l] as number;
      if (!Number.isFinite(v)) throw new NonFiniteError(operation, 'sample', i, l, v);
      data[o + l] = v;
    }
  }
  return { data, n, d };
}

function isRows(input: SampleInput): input is readonly ArrayLike<number>[] {
  return Array.isArray(input);
}
