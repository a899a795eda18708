/**
 * The file helpers of rethink/core: `exists` answers a boolean; `writeAtomic` never leaves half a file or a
 * temporary file behind, and fails with a typed error naming the caller, the file and the reason.
 */
import fc from 'fast-check';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exists, FileError, fileErrorReason, RethinkError, writeAtomic, writeAtomicSync } from 'rethink/core';

describe('exists', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rethink-exists-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is true for a file that is there and false (a boolean, not just falsy) for one that is not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[a-z0-9]{1,12}$/), async (name) => {
        const path = join(dir, name);
        await rm(path, { force: true });
        expect(await exists(path)).toBe(false);
        expect(await exists(join(path, 'below-a-missing-file'))).toBe(false);
        await writeFile(path, 'x');
        expect(await exists(path)).toBe(true);
      }),
      { numRuns: 10 },
    );
  });
});

describe('writeAtomic', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rethink-write-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces the whole file or nothing: the content read back is exactly the last write, and no temporary file stays', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 200 }), { minLength: 1, maxLength: 5 }), async (texts) => {
        const file = join(dir, 'target.txt');
        for (const text of texts) await writeAtomic('spec', file, text);
        expect(await readFile(file, 'utf8')).toBe(texts.at(-1));
        expect(await readdir(dir)).toEqual(['target.txt']);
      }),
      { numRuns: 20 },
    );
  });

  it('under a regular file: a FileError naming the caller, the file and ENOTDIR, and the file next to it untouched', async () => {
    const blocker = join(dir, 'afile.txt');
    await writeFile(blocker, 'keep');
    for (const makeParents of [false, true]) {
      const error = await writeAtomic('theorem', join(blocker, 'net.json'), '{}', { makeParents }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FileError);
      expect((error as FileError).message).toMatch(/^theorem: .*afile\.txt\/net\.json: cannot write \(.*\)$/);
      expect((error as FileError).details).toMatchObject({ file: join(blocker, 'net.json') });
    }
    expect(await readFile(blocker, 'utf8')).toBe('keep');
  });

  it('builds the error the caller asks for, with the cause attached', async () => {
    class RunError extends RethinkError {}
    const error = await writeAtomic('demo', join(dir, 'missing', 'x.json'), 'x', {
      error: (message, details, cause) => new RunError('E_RUN', message, details, { cause }),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).details).toMatchObject({ reason: 'ENOENT' });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('creates missing parent folders when asked', async () => {
    const file = join(dir, 'a', 'b', 'c.txt');
    await writeAtomic('demo', file, new Uint8Array([104, 105]), { makeParents: true });
    expect(await readFile(file, 'utf8')).toBe('hi');
  });

  it('has a synchronous form with the same guarantees', async () => {
    const sub = join(dir, 'sync');
    await mkdir(sub);
    writeAtomicSync('demo', join(sub, 'w.txt'), 'one');
    writeAtomicSync('demo', join(sub, 'w.txt'), 'two');
    expect(await readFile(join(sub, 'w.txt'), 'utf8')).toBe('two');
    expect(() => writeAtomicSync('demo', join(sub, 'w.txt', 'x'), 'three')).toThrow(FileError);
    expect(await readdir(sub)).toEqual(['w.txt']);
  });
});

describe('fileErrorReason', () => {
  it('says in words what each file-system code means, and keeps any other code or message as it is', () => {
    const reason = (code: string | undefined, message = 'boom'): string =>
      fileErrorReason(Object.assign(new Error(message), code === undefined ? {} : { code }));
    expect(reason('ENOENT')).toBe('missing');
    expect(reason('ENOTDIR')).toBe('a path component is a file, not a folder (ENOTDIR)');
    expect(reason('EISDIR')).toBe('a folder, not a file (EISDIR)');
    expect(reason('EACCES')).toBe('permission denied (EACCES)');
    expect(reason('EPERM')).toBe('permission denied (EPERM)');
    expect(reason('ELOOP')).toBe('a symbolic link loop (ELOOP)');
    expect(reason('ENOSPC')).toBe('no space left on the device (ENOSPC)');
    expect(reason('EMFILE')).toBe('EMFILE');
    expect(reason(undefined, 'odd failure')).toBe('odd failure');
    expect(fileErrorReason('a string')).toBe('a string');
    expect(fileErrorReason(undefined)).toBe('undefined');
  });

  it('FileError carries E_FILE and its fields', () => {
    const e = new FileError('x: f: cannot write (missing)', { file: 'f', reason: 'ENOENT' });
    expect([e.code, e.details.file, e.details.reason, e.name]).toStrictEqual(['E_FILE', 'f', 'ENOENT', 'FileError']);
  });
});
