/** fast-check arbitraries for the data specs (bounded, built with map/chain so failures shrink). */
import fc from 'fast-check';
import type { IdxTypeName } from './_writers.ts';

/** Runs for a fuzzing property: `factor` × the global runs (FC_RUNS, default 100 → 1,000 at factor 10). */
export function fuzzRuns(factor = 10): number {
  return factor * (fc.readConfigureGlobal().numRuns ?? 100);
}

/** Every IDX element type. */
export const idxTypes: readonly IdxTypeName[] = ['uint8', 'int8', 'int16', 'int32', 'float32', 'float64'];

/** A value of an IDX element type (floats without NaN, so round trips compare exactly). */
export function idxValue(type: IdxTypeName): fc.Arbitrary<number> {
  switch (type) {
    case 'uint8':
      return fc.integer({ min: 0, max: 255 });
    case 'int8':
      return fc.integer({ min: -128, max: 127 });
    case 'int16':
      return fc.integer({ min: -32768, max: 32767 });
    case 'int32':
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case 'float32':
      return fc.float({ noNaN: true });
    case 'float64':
      return fc.double({ noNaN: true });
  }
}

/** An IDX array: a type, 0–3 dimensions of 0–5 each, and exactly that many values. */
export interface IdxCase {
  readonly type: IdxTypeName;
  readonly dims: number[];
  readonly values: number[];
}

export const idxCase: fc.Arbitrary<IdxCase> = fc
  .record({ type: fc.constantFrom(...idxTypes), dims: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }) })
  .chain(({ type, dims }) => {
    const count = dims.reduce((a, b) => a * b, 1);
    return fc.array(idxValue(type), { minLength: count, maxLength: count }).map((values) => ({ type, dims, values }));
  });

/** One split of small images: n ∈ [0, maxN], uint8 pixels, labels in [0, classes). */
export interface SplitCase {
  readonly images: Uint8Array;
  readonly labels: number[];
}

export function splitCase(pixels: number, maxN: number, classes = 10, minN = 0): fc.Arbitrary<SplitCase> {
  return fc.integer({ min: minN, max: maxN }).chain((n) =>
    fc.record({
      images: fc.uint8Array({ minLength: n * pixels, maxLength: n * pixels }),
      labels: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
    }),
  );
}

/** A label array over `classes` classes with n ∈ [1, maxN]. */
export function labelsCase(classes: number, maxN: number): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: 1, maxLength: maxN });
}
