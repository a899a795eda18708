/**
 * Internal: checks parsed JSON against the run-file schemas of rethink/core, throwing a {@link RunFileError} that
 * names the function, the file, the line (JSONL) and the dotted field path.
 */
import type { z } from 'zod';
import { checkSchema, type SchemaWhere } from 'rethink/core';
import { RunFileError } from './errors.ts';

/** Checks `value` against `schema`; a violation is a {@link RunFileError} naming where it came from. */
export function checkRunFile<S extends z.ZodType>(schema: S, value: unknown, where: SchemaWhere): z.output<S> {
  return checkSchema(schema, value, where, {
    error: (message, details) => new RunFileError(message, details),
  });
}

/** Formats `caller: file[:line]: message`. */
export function located(where: SchemaWhere, message: string): string {
  return `${where.caller}: ${where.file}${where.line === undefined ? '' : `:${where.line}`}: ${message}`;
}
