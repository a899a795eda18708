/** Internal: checks shared by the fitting functions. */
import { ArgumentError, ShapeError, ensure } from 'rethink/core';
import { DuplicatePointsError, NonFiniteInputError } from './errors.ts';
import type { Matrix } from './matrix.ts';

/** Row-major n × k targets from class indices (one-hot) or from real values; validates them. */
export function targetsOf(
  operation: string,
  y: ArrayLike<number>,
  n: number,
  classes: number | undefined,
  outputs: number | undefined,
): { targets: Float64Array; k: number; labels: Int32Array | undefined } {
  if (classes !== undefined) {
    ensure(
      Number.isSafeInteger(classes) && classes >= 1,
      () => new ArgumentError(`${operation}: classes must be a positive integer, got ${classes}`, { classes }),
    );
    ensure(
      y.length === n,
      () => new ShapeError(`${operation}: expected ${n} labels, got ${y.length}`, { expected: n, actual: y.length }),
    );
    const targets = new Float64Array(n * classes);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const label = y[i] as number;
      if (!Number.isFinite(label)) throw new NonFiniteInputError(operation, 'labels', i, 0, label);
      ensure(
        Number.isInteger(label) && label >= 0 && label < classes,
        () =>
          new ArgumentError(`${operation}: label ${label} at index ${i} is outside [0, ${classes})`, {
            index: i,
            label,
          }),
      );
      labels[i] = label;
      targets[i * classes + label] = 1;
    }
    return { targets, k: classes, labels };
  }
  const k = outputs ?? 1;
  ensure(
    Number.isSafeInteger(k) && k >= 1,
    () => new ArgumentError(`${operation}: outputs must be a positive integer, got ${k}`, { outputs: k }),
  );
  ensure(
    y.length === n * k,
    () =>
      new ShapeError(`${operation}: expected ${n} × ${k} = ${n * k} targets, got ${y.length}`, {
        expected: n * k,
        actual: y.length,
      }),
  );
  const targets = Float64Array.from(y);
  for (let t = 0; t < targets.length; t++) {
    const v = targets[t]!;
    if (!Number.isFinite(v)) throw new NonFiniteInputError(operation, 'labels', Math.floor(t / k), t % k, v);
  }
  return { targets, k, labels: undefined };
}

/**
 * Throws {@link DuplicatePointsError} for the first pair of identical rows (smallest second index), saying
 * whether their targets differ. Rows are hashed by their float64 bits, then compared exactly: O(n·d).
 */
export function checkDuplicates(operation: string, x: Matrix, targets: Float64Array | undefined, k: number): void {
  const { data, rows, cols } = x;
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
  const seen = new Map<number, number[]>();
  for (let i = 0; i < rows; i++) {
    let h = 0x811c9dc5;
    // -0 and +0 are the same point: hash through the value, normalized.
    for (let p = 0; p < cols; p++) {
      const v = data[i * cols + p]!;
      const t = 2 * (i * cols + p);
      h = Math.imul(h ^ (v === 0 ? 0 : bits[t]!), 0x01000193);
      h = Math.imul(h ^ (v === 0 ? 0 : bits[t + 1]!), 0x01000193);
    }
    const bucket = seen.get(h);
    if (bucket === undefined) {
      seen.set(h, [i]);
      continue;
    }
    for (const j of bucket) {
      let same = true;
      for (let p = 0; p < cols && same; p++) same = data[i * cols + p] === data[j * cols + p];
      if (!same) continue;
      let conflicting = false;
      if (targets !== undefined)
        for (let c = 0; c < k && !conflicting; c++) conflicting = targets[i * k + c] !== targets[j * k + c];
      throw new DuplicatePointsError(operation, j, i, conflicting);
    }
    bucket.push(i);
  }
}

/** The fraction of rows of `scores` (m × k) whose largest entry (first on ties) is not the row's label. */
export function errorRate(scores: Float64Array, k: number, labels: ArrayLike<number>): number {
  const m = labels.length;
  if (m === 0) return 0;
  let wrong = 0;
  for (let i = 0; i < m; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (scores[i * k + c]! > scores[i * k + best]!) best = c;
    if (best !== labels[i]) wrong++;
  }
  return wrong / m;
}
