/**
 * Internal: file helpers for the run files. Reads map failures to {@link RunFileError}s that name the file;
 * writes go to a temporary file beside the target and are renamed over it, so a reader never sees half a file.
 */
import { readFile, stat } from 'node:fs/promises';
import { fileErrorReason, writeAtomic } from 'rethink/core';
import { RunDirError, RunFileError } from './errors.ts';

/** Reads `file` as UTF-8; a missing or unreadable file throws a {@link RunFileError} naming it. */
export async function readText(caller: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RunFileError(
      `${caller}: ${file}: ${fileErrorReason(error)}`,
      { file, reason: code ?? 'unknown' },
      { cause: error },
    );
  }
}

/** Reads and parses a JSON file; bad JSON throws a {@link RunFileError} naming the file. */
export async function readJson(caller: string, file: string): Promise<unknown> {
  const text = await readText(caller, file);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RunFileError(
      `${caller}: ${file}: not valid JSON: ${(error as Error).message}`,
      { file },
      { cause: error },
    );
  }
}

/** Throws a {@link RunDirError} unless `dir` is an existing folder. */
export async function ensureDir(caller: string, dir: string): Promise<void> {
  let isDir = false;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch (error) {
    throw new RunDirError(`${caller}: no such run folder: ${dir}`, { dir }, { cause: error });
  }
  if (!isDir) throw new RunDirError(`${caller}: not a folder: ${dir}`, { dir });
}

/** Writes `text` to `file` atomically (see `writeAtomic` in rethink/core), creating the folder; a failure is a {@link RunFileError}. */
export async function writeRunFile(caller: string, file: string, text: string): Promise<void> {
  await writeAtomic(caller, file, text, {
    makeParents: true,
    error: (message, details, cause) => new RunFileError(message, { ...details, file }, { cause }),
  });
}
