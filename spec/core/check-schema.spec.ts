/**
 * Every JSON file the project reads goes through `checkSchema`: a value that fits comes back parsed; one that does
 * not gets one typed error naming the caller, the file (and line), the dotted field path, what was expected and a
 * short preview of what was found — or says the field is missing.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { checkSchema, FormatError, RethinkError, type SchemaErrorDetails } from 'rethink/core';

const schema = z.object({
  epochs: z.int({ error: 'an integer >= 1' }).min(1, { error: 'an integer >= 1' }),
  rows: z.array(z.object({ name: z.string({ error: 'a name' }) })),
  note: z.string().optional(),
});

function fail(value: unknown, line?: number): FormatError {
  try {
    checkSchema(schema, value, { caller: 'spec', file: 'plan.json', ...(line !== undefined ? { line } : {}) });
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    return error as FormatError;
  }
  throw new Error('expected checkSchema to throw');
}

describe('checkSchema', () => {
  it('returns the parsed value when it fits (unknown keys of a plain object are dropped)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(fc.string(), { maxLength: 4 }), (epochs, names) => {
        const value = { epochs, rows: names.map((name) => ({ name })), extra: 1 };
        expect(checkSchema(schema, value, { caller: 'spec', file: 'f' })).toStrictEqual({
          epochs,
          rows: names.map((name) => ({ name })),
        });
      }),
    );
  });

  it('names the dotted field path with array indices, what was expected and what was found', () => {
    const e = fail({ epochs: 3, rows: [{ name: 'a' }, { name: 7 }] }, 12);
    expect(e.message).toBe('spec: plan.json:12: rows[1].name must be a name, got 7');
    expect(e.details).toStrictEqual({ file: 'plan.json', line: 12, field: 'rows[1].name', expected: 'a name' });
    const zero = fail({ epochs: 0, rows: [] });
    expect(zero.message).toBe('spec: plan.json: epochs must be an integer >= 1, got 0');
    expect(zero.details.line).toBeUndefined();
  });

  it('says a field is missing, and names the top level when the value is not an object at all', () => {
    expect(fail({ rows: [] }).message).toBe('spec: plan.json: missing field epochs (an integer >= 1)');
    const top = fail([1, 2]);
    expect(top.details.field).toBe('(top level)');
    expect(top.message).toMatch(/^spec: plan\.json: \(top level\) must be .*, got \[1,2\]$/);
    expect(fail(undefined).message).toMatch(/\(top level\) must be .*, got undefined$/);
  });

  it('shortens a long value to 60 characters and survives values JSON cannot print', () => {
    const long = fail({ epochs: 'x'.repeat(100), rows: [] });
    expect(long.message).toContain(`got "${'x'.repeat(56)}...`);
    expect(long.message.length).toBeLessThan(150);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(fail({ epochs: cyclic, rows: [] }).message).toContain('got [object Object]');
    expect(fail({ epochs: 1n, rows: [] }).message).toContain('got 1');
  });

  it('builds the error the caller asks for', () => {
    class MyError extends RethinkError {}
    const error = (() => {
      try {
        return checkSchema(
          schema,
          {},
          { caller: 'c', file: 'f' },
          {
            error: (message, details: SchemaErrorDetails) => new MyError('E_MINE', message, details),
          },
        );
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MyError);
    expect((error as MyError).code).toBe('E_MINE');
    expect((error as MyError).details.field).toBe('epochs');
  });
});
