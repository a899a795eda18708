/**
 * @internal One-line reasons for the backends `selectBackend` passes over: the first line of an error, and
 * whether an import failed because the package is not installed (as opposed to failing while loading).
 */

/** The first line of an error's message (or of its string form). */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/**
 * True when `error` says that `specifier` itself is not installed (not a file or package it imports):
 * - Node's "module not found" (`ERR_MODULE_NOT_FOUND` / `MODULE_NOT_FOUND`) naming it, quoted `'x'` (or `"x"`);
 * - under vitest, for an optional peer dependency of this package, the error vite's stub module throws
 *   instead (no code): `Could not resolve "x" imported by "rethink". Is it installed?`.
 */
export function isMissing(error: unknown, specifier: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const line = firstLine(error);
  if (line.startsWith(`Could not resolve "${specifier}" imported by `)) return true;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    (line.includes(`'${specifier}'`) || line.includes(`"${specifier}"`))
  );
}
