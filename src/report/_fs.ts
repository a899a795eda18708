/**
 * Internal: file helpers for the run files. Reads map failures to {@link RunFileError}s that name the file;
 * writes go to a temporary file beside the target and are renamed over it, so a reader never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RunDirError, RunFileError } from './errors.ts';

/** Reads `file` as UTF-8; a missing or unreadable file throws a {@link RunFileError} naming it. */
export async function readText(file: string, fn: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'missing'
        : code === 'EISDIR'
          ? 'a folder, not a file'
          : `unreadable (${code ?? String(error)})`;
    throw new RunFileError(`${fn}: ${file}: ${reason}`, { file, reason: code ?? 'unknown' }, { cause: error });
  }
}

/** Reads and parses a JSON file; bad JSON throws a {@link RunFileError} naming the file. */
export async function readJson(file: string, fn: string): Promise<unknown> {
  const text = await readText(file, fn);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RunFileError(`${fn}: ${file}: not valid JSON: ${(error as Error).message}`, { file }, { cause: error });
  }
}

/** True when `file` exists. */
export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Throws a {@link RunDirError} unless `dir` is an existing folder. */
export async function ensureDir(dir: string, fn: string): Promise<void> {
  let isDir = false;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch (error) {
    throw new RunDirError(`${fn}: no such run folder: ${dir}`, { dir }, { cause: error });
  }
  if (!isDir) throw new RunDirError(`${fn}: not a folder: ${dir}`, { dir });
}

/**
 * Writes `text` to `file` through a temporary file in the same folder and a rename, creating the folder;
 * a failure throws a {@link RunFileError} naming `file` and leaves no temporary file behind.
 */
export async function writeAtomic(file: string, text: string, fn: string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temp, text, { encoding: 'utf8', flush: true });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new RunFileError(`${fn}: ${file}: cannot write (${code})`, { file, reason: code }, { cause: error });
  }
}
