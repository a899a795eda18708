import { checkPermutation } from './_validate.ts';

/**
 * The inverse of a permutation of `0 … n − 1`: `inverse[perm[j]] = j`. So `permutePixels` with the inverse
 * undoes `permutePixels` with `perm`. Throws `ArgumentError` naming the first entry that is out of range or
 * repeated.
 *
 * @example
 * ```ts
 * import { invertPermutation } from 'rethink/randomize';
 * console.log([...invertPermutation([2, 0, 1])]); // [ 1, 2, 0 ]
 * ```
 */
export function invertPermutation(perm: ArrayLike<number>): Uint32Array {
  checkPermutation('invertPermutation', perm, perm.length);
  const inverse = new Uint32Array(perm.length);
  for (let j = 0; j < perm.length; j++) inverse[perm[j] as number] = j;
  return inverse;
}
