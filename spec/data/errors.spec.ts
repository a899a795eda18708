import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  DownloadError,
  FormatError,
  IntegrityError,
  NotFoundError,
  RethinkError,
  ShapeError,
  ensure,
} from 'rethink/core';

describe('error classes', () => {
  it.each([
    [ShapeError, 'E_SHAPE'],
    [ArgumentError, 'E_ARGUMENT'],
    [FormatError, 'E_FORMAT'],
    [NotFoundError, 'E_NOT_FOUND'],
    [DownloadError, 'E_DOWNLOAD'],
    [IntegrityError, 'E_INTEGRITY'],
  ] as const)('%o carries its code, name, message and details', (Class, code) => {
    const e = new Class('f: bad thing', { file: 'x.bin', offset: 3 });
    expect(e).toBeInstanceOf(RethinkError);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe(code);
    expect(e.name).toBe(Class.name);
    expect(e.message).toBe('f: bad thing');
    expect(e.details).toEqual({ file: 'x.bin', offset: 3 });
    expect(new Class('m').details).toEqual({});
  });

  it('keeps a cause where one is given', () => {
    const cause = new Error('root');
    expect(new FormatError('m', {}, { cause }).cause).toBe(cause);
    expect(new NotFoundError('m', {}, { cause }).cause).toBe(cause);
    expect(new DownloadError('m', {}, { cause }).cause).toBe(cause);
    expect(new RethinkError('E_X', 'm', {}, { cause }).cause).toBe(cause);
  });
});

describe('ensure', () => {
  it('builds the error only on failure', () => {
    let built = 0;
    const make = () => {
      built++;
      return new ShapeError('demo');
    };
    ensure(true, make);
    ensure(1, make);
    expect(built).toBe(0);
    expect(() => ensure(false, make)).toThrow(ShapeError);
    expect(() => ensure(0, make)).toThrow('demo');
    expect(built).toBe(2);
  });
});
