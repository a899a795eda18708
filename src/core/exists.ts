import { stat } from 'node:fs/promises';

/**
 * True when `path` exists (a file, a folder or anything else).
 *
 * @example
 * ```ts
 * import { exists } from 'rethink/core';
 * console.log(await exists('package.json'), await exists('no-such-file')); // true false
 * ```
 */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
