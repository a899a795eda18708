import { ArgumentError } from 'rethink/core';

/** A parsed `--dataset` value. `dir` absent: the data set's directory in the cache. */
export type DataSetSpec =
  | { readonly kind: 'mnist' }
  | { readonly kind: 'cifar10'; readonly dir?: string }
  | { readonly kind: 'idx'; readonly dir: string }
  | { readonly kind: 'mnist-full'; readonly dir?: string }
  | { readonly kind: 'fashion-mnist'; readonly dir?: string };

/** The forms `--dataset` accepts, for help texts. */
export const DATASET_FORMS: readonly string[] = [
  'mnist',
  'cifar10',
  'cifar10:DIR',
  'idx:DIR',
  'mnist-full',
  'fashion-mnist',
];

/**
 * Parses a data-set name as every command accepts it: `mnist` (the bundled 10,000 digits, the default),
 * `cifar10` (the download cache) or `cifar10:DIR`, `idx:DIR` (a directory of the four standard IDX files),
 * `mnist-full` and `fashion-mnist` (the download cache, or `NAME:DIR`). Throws `ArgumentError` listing the
 * accepted forms otherwise.
 *
 * @example
 * ```ts
 * import { parseDataSetSpec } from 'rethink/data';
 * console.log(parseDataSetSpec('cifar10:/data/cifar')); // { kind: 'cifar10', dir: '/data/cifar' }
 * ```
 */
export function parseDataSetSpec(spec: string): DataSetSpec {
  const text = spec.trim();
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  const dir = colon < 0 ? undefined : text.slice(colon + 1);
  const bad = (why: string) =>
    new ArgumentError(`parseDataSetSpec: ${why} in ${JSON.stringify(spec)}; accepted: ${DATASET_FORMS.join(', ')}`, {
      spec,
    });
  if (dir === '') throw bad('an empty directory');
  switch (name) {
    case 'mnist':
      if (dir !== undefined) throw bad('the bundled "mnist" takes no directory (use idx:DIR or mnist-full:DIR)');
      return { kind: 'mnist' };
    case 'idx':
      if (dir === undefined) throw bad('idx needs a directory (idx:DIR)');
      return { kind: 'idx', dir };
    case 'cifar10':
    case 'mnist-full':
    case 'fashion-mnist':
      return dir === undefined ? { kind: name } : { kind: name, dir };
    default:
      throw bad(`unknown data set ${JSON.stringify(name)}`);
  }
}
