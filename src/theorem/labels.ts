import { ShapeError, ensure } from 'rethink/core';
import { NonFiniteError } from './errors.ts';

/** Labels: one number per point (k = 1), one row of k numbers per point, or flat n·k values with `outputs: k`. */
export type LabelInput = ArrayLike<number> | readonly ArrayLike<number>[];

/** Labels normalized to a flat row-major n × k Float64Array. */
export interface Labels {
  readonly y: Float64Array;
  readonly n: number;
  readonly k: number;
}

/** Options of {@link toLabels}. */
export interface ToLabelsOptions {
  /** Outputs per point when `labels` is flat with n·k values (default: 1 for a flat array, the row length for rows). */
  readonly outputs?: number;
  /** Name used in error messages. */
  readonly operation?: string;
}

/**
 * Normalizes labels for `n` points to a flat n × k Float64Array. Scalar labels give k = 1; rows of k numbers
 * (one-hot vectors, scores) give k outputs.
 *
 * Throws `ShapeError` when the count does not match `n` (naming both), rows differ in length or are empty,
 * and {@link NonFiniteError} for NaN/±Infinity (naming row and column).
 *
 * @example
 * ```ts
 * import { toLabels } from 'rethink/theorem';
 * const l = toLabels([[1, 0], [0, 1], [1, 0]], 3);
 * console.log(l.n, l.k, [...l.y].join(',')); // 3 2 1,0,0,1,1,0
 * ```
 */
export function toLabels(labels: LabelInput, n: number, options: ToLabelsOptions = {}): Labels {
  const operation = options.operation ?? 'toLabels';
  // Stryker disable next-line EqualityOperator: (>= 0) for empty labels, labels[0] is undefined and typeof undefined is not 'object' either way
  const rows = labels.length > 0 && typeof labels[0] === 'object';
  if (!rows) {
    const flat = labels as ArrayLike<number>;
    const k = options.outputs ?? 1;
    ensure(
      Number.isSafeInteger(k) && k >= 1,
      () => new ShapeError(`${operation}: outputs must be a positive integer, got ${k}`, { outputs: k }),
    );
    ensure(
      flat.length === n * k,
      () =>
        new ShapeError(`${operation}: expected ${n * k} labels (${n} points × ${k} outputs), got ${flat.length}`, {
          expected: n * k,
          actual: flat.length,
          n,
          outputs: k,
        }),
    );
    const y = new Float64Array(n * k);
    for (let t = 0; t < y.length; t++) {
      const v = flat[t] as number;
      if (!Number.isFinite(v)) throw new NonFiniteError(operation, 'labels', Math.floor(t / k), t % k, v);
      y[t] = v;
    }
    return { y, n, k };
  }
  const list = labels as readonly ArrayLike<number>[];
  ensure(
    list.length === n,
    () =>
      new ShapeError(`${operation}: expected ${n} label rows (one per point), got ${list.length}`, {
        expected: n,
        actual: list.length,
      }),
  );
  const k = (list[0] as ArrayLike<number>).length;
  ensure(
    k >= 1,
    () => new ShapeError(`${operation}: label rows need at least one output (row 0 is empty)`, { row: 0 }),
  );
  ensure(
    options.outputs === undefined || options.outputs === k,
    () =>
      new ShapeError(`${operation}: outputs is ${options.outputs} but label rows have ${k} values`, {
        outputs: options.outputs,
        k,
      }),
  );
  const y = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = list[i] as ArrayLike<number>;
    ensure(
      row.length === k,
      () =>
        new ShapeError(`${operation}: label row ${i} has ${row.length} values, row 0 has ${k}`, {
          row: i,
          length: row.length,
          expected: k,
        }),
    );
    for (let c = 0; c < k; c++) {
      const v = row[c] as number;
      if (!Number.isFinite(v)) throw new NonFiniteError(operation, 'labels', i, c, v);
      y[i * k + c] = v;
    }
  }
  return { y, n, k };
}
