/**
 * Errors raised by the Theorem 1 constructions. Each carries a stable `code` and the indices at fault, so a
 * caller can react to the kind of failure (and name the offending points) without parsing messages.
 *
 * @example
 * ```ts
 * import { interpolate, ConflictingDuplicateError } from 'rethink/theorem';
 * try {
 *   interpolate([[1, 2], [1, 2]], [0, 1]);
 * } catch (e) {
 *   if (e instanceof ConflictingDuplicateError) console.log(e.first, e.second); // 0 1
 * }
 * ```
 */
import { RethinkError } from 'rethink/core';

/**
 * Two identical points carry different labels: no function (so no network) can interpolate them.
 * `first < second` are the indices of the two points in the sample as given.
 */
export class ConflictingDuplicateError extends RethinkError {
  readonly first: number;
  readonly second: number;
  constructor(operation: string, first: number, second: number, details: Record<string, unknown> = {}) {
    super('E_DUPLICATE', `${operation}: points ${first} and ${second} are identical but their labels differ`, {
      operation,
      first,
      second,
      ...details,
    });
    this.first = first;
    this.second = second;
  }
}

/**
 * Float64 mode cannot separate two distinct points: along every direction tried, their projections are
 * closer than float64 can resolve (for example points that differ by one unit in the last place). Exact
 * mode (`exact: true`) handles any distinct points.
 */
export class ResolutionError extends RethinkError {
  readonly first: number;
  readonly second: number;
  constructor(operation: string, first: number, second: number, details: Record<string, unknown> = {}) {
    super(
      'E_RESOLUTION',
      `${operation}: points ${first} and ${second} are distinct but closer than float64 can separate along the ` +
        'directions tried; use exact mode (exact: true)',
      { operation, first, second, ...details },
    );
    this.first = first;
    this.second = second;
  }
}

/**
 * A value outside float64's range turned up while building in float mode (labels far too large for the
 * gaps between projections); exact mode has no such limit.
 */
export class FloatRangeError extends RethinkError {
  constructor(operation: string, message: string, details: Record<string, unknown> = {}) {
    super('E_RANGE', `${operation}: ${message}`, { operation, ...details });
  }
}

/** A NaN or infinite value in the sample (`row`, `column`) or in the labels (`row`, `column` = output). */
export class NonFiniteError extends RethinkError {
  readonly where: 'sample' | 'labels';
  readonly row: number;
  readonly column: number;
  constructor(operation: string, where: 'sample' | 'labels', row: number, column: number, value: number) {
    super(
      'E_NONFINITE',
      `${operation}: ${where} value at row ${row}, column ${column} is ${String(value)}; every value must be finite`,
      { operation, where, row, column, value: String(value) },
    );
    this.where = where;
    this.row = row;
    this.column = column;
  }
}
