/**
 * The typed errors of the Theorem 1 module as a caller sees them: each carries its stable `code`, a message
 * that names the operation and the points (or row and column) at fault, and the same facts as fields and
 * `details` — raised by the public functions on inputs that must fail.
 */
import { describe, expect, it } from 'vitest';
import { caught } from '../arbitraries/assertions.ts';
import { RethinkError } from 'rethink/core';
import {
  chooseDirection,
  ConflictingDuplicateError,
  FloatRangeError,
  interpolate,
  NonFiniteError,
  ResolutionError,
} from 'rethink/theorem';

describe('typed errors of the construction', () => {
  it('ConflictingDuplicateError names both identical points (in sample order) in the message, fields and details', () => {
    for (const exact of [false, true]) {
      const e = caught(
        () =>
          interpolate(
            [
              [1, 2],
              [3, 4],
              [9, 9],
              [1, 2],
            ],
            [5, 6, 7, 8],
            { exact },
          ),
        ConflictingDuplicateError,
        'interpolate: points 0 and 3 are identical but their labels differ',
      );
      expect(e).toBeInstanceOf(RethinkError);
      expect([e.name, e.code, e.first, e.second]).toStrictEqual(['ConflictingDuplicateError', 'E_DUPLICATE', 0, 3]);
      expect(e.details).toStrictEqual({ operation: 'interpolate', first: 0, second: 3 });
    }
  });

  it('ResolutionError in exact mode names the colliding pair, the attempts made and the mode', () => {
    // Points 0 and 1 project to the same value on the deterministic direction (q = shift·(A_1, −A_0)).
    const A = Array.from(chooseDirection(2), (v) => v * 2 ** 31);
    const rows = [
      [0, 0],
      [A[1] as number, -(A[0] as number)],
      [1, 5],
    ];
    const e = caught(
      () => interpolate(rows, [0, 1, 2], { exact: true, maxAttempts: 1 }),
      ResolutionError,
      'interpolate: points 0 and 1 are distinct but closer than float64 can separate along the directions tried; use exact mode (exact: true)',
    );
    expect([e.name, e.code, e.first, e.second]).toStrictEqual(['ResolutionError', 'E_RESOLUTION', 0, 1]);
    expect(e.details).toStrictEqual({ operation: 'interpolate', first: 0, second: 1, attempts: 1, mode: 'exact' });
  });

  it('FloatRangeError prefixes the operation and keeps it in details', () => {
    const e = caught(() => interpolate([[0], [2 ** -40]], [0, 1e300]), FloatRangeError, 'interpolate: ');
    expect(e.message.startsWith('interpolate: ')).toBe(true);
    expect(e.message.length).toBeGreaterThan('interpolate: '.length);
    expect([e.name, e.code, e.details['operation']]).toStrictEqual(['FloatRangeError', 'E_RANGE', 'interpolate']);
  });

  it('NonFiniteError names where, row, column and value, for the sample (flat, exact mode) and the labels', () => {
    const data = Float64Array.from([1, 2, 3, -Infinity, 5, 6]);
    const e = caught(
      () => interpolate({ data, n: 3, d: 2 }, [1, 2, 3], { exact: true }),
      NonFiniteError,
      'interpolate: sample value at row 1, column 1 is -Infinity; every value must be finite',
    );
    expect([e.name, e.code, e.where, e.row, e.column]).toStrictEqual(['NonFiniteError', 'E_NONFINITE', 'sample', 1, 1]);
    expect(e.details).toStrictEqual({
      operation: 'interpolate',
      where: 'sample',
      row: 1,
      column: 1,
      value: '-Infinity',
    });
    const l = caught(
      () =>
        interpolate(
          [[1], [2]],
          [
            [1, 2],
            [NaN, 4],
          ],
          { exact: true },
        ),
      NonFiniteError,
      'labels value at row 1, column 0 is NaN',
    );
    expect(l.details).toStrictEqual({ operation: 'interpolate', where: 'labels', row: 1, column: 0, value: 'NaN' });
  });
});
