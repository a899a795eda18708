/**
 * A URL as it may be printed: its password (and any `password=` query parameter) replaced by `***`, so that a
 * Redis URL such as `redis://user:secret@host:6379/0` never shows its secret in logs, errors, run files or
 * reports. Only the secret changes: the rest of the text comes back as given.
 *
 * @example
 * ```ts
 * import { redactUrl } from 'rethink/experiment';
 * console.log(redactUrl('rediss://worker:s3cret@redis.lab:6380/2')); // rediss://worker:***@redis.lab:6380/2
 * ```
 */
export function redactUrl(url: string): string {
  return url
    .replace(
      /^([a-z][a-z0-9+.-]*:)?(\/\/[^/?#@:]*):[^/?#]*@/i,
      (_, scheme: string | undefined, user: string) => `${scheme ?? ''}${user}:***@`,
    )
    .replace(/([?&][^=&#]*pass(?:word)?[^=&#]*=)[^&#]*/gi, '$1***');
}
