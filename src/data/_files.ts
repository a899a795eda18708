/** File helpers shared by the readers (internal): typed errors for missing or unreadable files. */
import { readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { NotFoundError, RethinkError } from 'rethink/core';

function fsError(caller: string, path: string, error: unknown): RethinkError {
  // Stryker disable next-line OptionalChaining: node:fs/promises rejects only with Error objects, never with undefined or null
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new NotFoundError(`${caller}: missing file ${path}`, { file: path }, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new RethinkError(
    'E_IO',
    `${caller}: cannot read ${path}: ${message}`,
    { file: path, errno: code },
    { cause: error },
  );
}

/** Reads a whole file; a missing file is a {@link NotFoundError} naming it, other failures `E_IO`. */
export async function readBytes(caller: string, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw fsError(caller, path, error);
  }
}

/** `stat` of a regular file, with the same errors as {@link readBytes} (a directory is `E_IO`). */
export async function statFile(caller: string, path: string): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw fsError(caller, path, error);
  }
  if (!info.isFile()) throw new RethinkError('E_IO', `${caller}: ${path} is not a regular file`, { file: path });
  return info;
}
