/**
 * A URL as it may be printed: its password (and any `password=` query parameter) replaced by `***`, so that a
 * Redis URL such as `redis://user:secret@host:6379/0` never shows its secret in logs, errors, run files or
 * reports. A string that is not a URL comes back with anything that looks like `user:password@` masked.
 *
 * @example
 * ```ts
 * import { redactUrl } from 'rethink/experiment';
 * console.log(redactUrl('rediss://worker:s3cret@redis.lab:6380/2')); // rediss://worker:***@redis.lab:6380/2
 * ```
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/\/\/([^/@:\s]*):[^/@\s]*@/g, '//$1:***@');
  }
  if (parsed.password !== '') parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass(word)?/i.test(key)) parsed.searchParams.set(key, '***');
  }
  return parsed.toString().replace('%2A%2A%2A', '***');
}
