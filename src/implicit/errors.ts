/**
 * Errors raised by the Section 5 solvers. Each carries a stable `code` and the indices (or the pivot) at
 * fault, so a caller can name the offending points without parsing messages.
 *
 * @example
 * ```ts
 * import { fitKernel, DuplicatePointsError } from 'rethink/implicit';
 * try {
 *   fitKernel([[1, 2], [1, 2]], [0, 1], { classes: 2 });
 * } catch (e) {
 *   if (e instanceof DuplicatePointsError) console.log(e.first, e.second, e.conflicting); // 0 1 true
 * }
 * ```
 */
import { RethinkError } from 'rethink/core';

/**
 * Two identical points. With different labels (`conflicting`) no function interpolates them; with equal
 * labels the kernel matrix has two equal rows and is singular. `first < second` are the indices as given.
 */
export class DuplicatePointsError extends RethinkError {
  readonly first: number;
  readonly second: number;
  readonly conflicting: boolean;
  constructor(operation: string, first: number, second: number, conflicting: boolean) {
    super(
      'E_DUPLICATE',
      conflicting
        ? `${operation}: points ${first} and ${second} are identical but their labels differ: no function interpolates both`
        : `${operation}: points ${first} and ${second} are identical: the kernel matrix has two equal rows and is singular`,
      { operation, first, second, conflicting },
    );
    this.first = first;
    this.second = second;
    this.conflicting = conflicting;
  }
}

/**
 * The system matrix is singular to working precision: during the factorization, pivot `pivot` (0-based
 * row) came out as `value`, not above `tolerance`. For a Cholesky factorization the pivot is the diagonal
 * of the Schur complement, L_ii²; for an LU factorization, the largest remaining entry of the column.
 */
export class SingularSystemError extends RethinkError {
  readonly pivot: number;
  readonly value: number;
  readonly tolerance: number;
  constructor(operation: string, pivot: number, value: number, tolerance: number) {
    super(
      'E_SINGULAR',
      `${operation}: the system is singular to working precision: pivot ${pivot} is ${String(value)} ` +
        `(tolerance ${tolerance.toExponential(2)}); the matrix is not positive definite there`,
      { operation, pivot, value: String(value), tolerance },
    );
    this.pivot = pivot;
    this.value = value;
    this.tolerance = tolerance;
  }
}

/** A NaN or infinite input: in the points (`row`, `column`) or in the labels/targets (`row`, `column` = output). */
export class NonFiniteInputError extends RethinkError {
  readonly where: 'points' | 'labels' | 'option';
  readonly row: number;
  readonly column: number;
  constructor(operation: string, where: 'points' | 'labels' | 'option', row: number, column: number, value: number) {
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
