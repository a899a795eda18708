import { resolve } from 'node:path';
import envPaths from 'env-paths';

/** Options of {@link dataCacheDir}. */
export interface DataCacheDirOptions {
  /** An explicit directory (`--dir`); wins over everything. */
  readonly dir?: string;
  /** Environment to read `RETHINK_DATA` from. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The directory downloaded data sets are cached in: `dir` if given, else `$RETHINK_DATA`, else the user's
 * cache directory for `rethink` (`$XDG_CACHE_HOME/rethink` or `~/.cache/rethink` on Linux,
 * `~/Library/Caches/rethink` on macOS, `%LOCALAPPDATA%\rethink\Cache` on Windows). Each data set lives in a
 * subdirectory named after it (`cifar10`, `mnist`, `fashion-mnist`). Returns an absolute path.
 *
 * @example
 * ```ts
 * import { dataCacheDir } from 'rethink/data';
 * console.log(dataCacheDir({ env: { RETHINK_DATA: '/srv/data' } })); // /srv/data
 * ```
 */
export function dataCacheDir(options: DataCacheDirOptions = {}): string {
  const { dir, env = process.env } = options;
  const chosen = dir !== undefined && dir !== '' ? dir : env.RETHINK_DATA;
  return resolve(chosen !== undefined && chosen !== '' ? chosen : envPaths('rethink', { suffix: '' }).cache);
}
