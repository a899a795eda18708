import type { z } from 'zod';
import { FormatError } from './errors.ts';

/** Where a value being checked came from, for the error message. */
export interface SchemaWhere {
  /** The public function doing the reading or writing. */
  readonly caller: string;
  /** The file the value came from (or is going to). */
  readonly file: string;
  /** The 1-based line of a JSONL file. */
  readonly line?: number;
}

/** Options of {@link checkSchema}. */
export interface CheckSchemaOptions {
  /**
   * Builds the error thrown for a value that does not fit (default: a `FormatError`). It gets the message and
   * the details: `file`, `line`, `field` (the dotted path, `conditions[2].epochs`, or `(top level)`) and
   * `expected`.
   */
  readonly error?: (message: string, details: SchemaErrorDetails) => Error;
}

/** The fields of a schema violation. */
export interface SchemaErrorDetails {
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string;
  readonly expected: string;
  readonly [key: string]: unknown;
}

/** `a.b[2].c`, or `(top level)` for the empty path. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out === '' ? '(top level)' : out;
}

/** The value at `path` inside `value`, or undefined when the path leaves it. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** A short printable form of a bad value. */
function preview(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Checks `value` (parsed JSON) against a zod `schema` and returns the parsed value. A value that does not fit
 * throws one error for the first violation, naming the caller, the file (and line), the dotted field path, what
 * was expected and what was found: `readConfig: run/config.json: dataset.classes must be an integer >= 2, got 1`,
 * or `… missing field lr (a finite number >= 0)`.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { checkSchema, FormatError } from 'rethink/core';
 * const schema = z.object({ epochs: z.int({ error: 'an integer >= 1' }).min(1, { error: 'an integer >= 1' }) });
 * try {
 *   checkSchema(schema, { epochs: 0 }, { caller: 'demo', file: 'plan.json' });
 * } catch (e) {
 *   if (e instanceof FormatError) console.log(e.message, e.details.field); // demo: plan.json: epochs must be an integer >= 1, got 0 epochs
 * }
 * ```
 */
export function checkSchema<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: SchemaWhere,
  options: CheckSchemaOptions = {},
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const field = fieldPath(issue.path);
  const actual = valueAt(value, issue.path);
  const expected = issue.message;
  const at = `${where.caller}: ${where.file}${where.line === undefined ? '' : `:${where.line}`}`;
  const missing = actual === undefined && issue.path.length > 0;
  const message = missing
    ? `${at}: missing field ${field} (${expected})`
    : `${at}: ${field} must be ${expected}, got ${preview(actual)}`;
  const details: SchemaErrorDetails = { file: where.file, line: where.line, field, expected };
  throw options.error ? options.error(message, details) : new FormatError(message, details);
}
