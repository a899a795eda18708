/**
 * Imported for its effect: registers an equality tester that compares typed arrays element by element with
 * `Object.is` (same constructor, same length) in one tight loop. `toEqual` / `toStrictEqual` would otherwise
 * walk every index as an object key, which costs seconds on the few thousand pixels per case the
 * properties compare hundreds of times. Same verdicts as the default for typed arrays
 * (type, length, +0/−0 and NaN handled by Object.is).
 */
import { expect } from 'vitest';

type Typed = ArrayLike<number> & ArrayBufferView;

function isTyped(value: unknown): value is Typed {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

expect.addEqualityTesters([
  function typedArrays(a: unknown, b: unknown): boolean | undefined {
    if (!isTyped(a) || !isTyped(b)) return undefined;
    if (a.constructor !== b.constructor || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  },
]);
