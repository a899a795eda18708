/**
 * Reusable property helpers (after fast-check's own `ArbitraryAssertions.ts`): each states one invariant
 * that many functions should share and checks it with a fast-check property.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * "Same seed, same output": `run(input, seed)` called twice with the same arguments gives deep-equal
 * results (typed arrays compared element by element).
 */
export function assertSameSeedSameOutput<T, U>(
  inputs: fc.Arbitrary<T>,
  run: (input: T, seed: number) => U,
  parameters: fc.Parameters<[T, number]> = {},
): void {
  fc.assert(
    fc.property(inputs, fc.integer(), (input, seed) => {
      expect(run(input, seed)).toStrictEqual(run(input, seed));
    }),
    parameters,
  );
}

/** Deep copy that keeps typed arrays typed (structuredClone does). */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}

/**
 * "Input unchanged": `run(input)` leaves its input deep-equal to a copy taken before the call.
 */
export function assertInputUnchanged<T>(
  inputs: fc.Arbitrary<T>,
  run: (input: T, seed: number) => unknown,
  parameters: fc.Parameters<[T, number]> = {},
): void {
  fc.assert(
    fc.property(inputs, fc.integer(), (input, seed) => {
      const before = snapshot(input);
      run(input, seed);
      expect(input).toStrictEqual(before);
    }),
    parameters,
  );
}

/**
 * Runs `fn`, expecting it to throw an instance of `type` whose message contains every fragment; returns the
 * error so a spec can check its fields (`code`, `details`).
 */
export function caught<E extends Error>(
  fn: () => unknown,
  type: new (...args: never[]) => E,
  ...fragments: string[]
): E {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(type);
  for (const fragment of fragments) expect((error as Error).message).toContain(fragment);
  return error as E;
}
