/** File helpers shared by the readers (internal): typed errors for missing or unreadable files. */
import { lstat, readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { FileError, NotFoundError, RethinkError } from 'rethink/core';

/** A symbolic link loop (`ELOOP`) at `path`, named as such (not as a missing file). */
function loopError(caller: string, path: string, error: unknown): FileError {
  return new FileError(
    `${caller}: ${path} is a symbolic link loop (ELOOP): it, or a link it goes through, points back to itself`,
    { file: path, reason: 'ELOOP' },
    { cause: error },
  );
}

function fsError(caller: string, path: string, error: unknown): RethinkError {
  // Stryker disable next-line OptionalChaining: node:fs/promises rejects only with Error objects, never with undefined or null
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new NotFoundError(`${caller}: missing file ${path}`, { file: path }, { cause: error });
  }
  if (code === 'ELOOP') return loopError(caller, path, error);
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

/**
 * True when `path` exists (following symbolic links), false when it is absent (`ENOENT`, or a parent that is
 * not a folder). Unlike a bare `stat` probe it never mistakes a broken path for an absent one: a symbolic link
 * loop is a {@link FileError} naming the path and `ELOOP`, a link to nothing a {@link NotFoundError} saying so,
 * and any other failure (no permission, …) the `E_IO` error of {@link readBytes}.
 */
export async function isPresent(caller: string, path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw loopError(caller, path, error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw fsError(caller, path, error);
    const link = await lstat(path).then(
      (info) => info.isSymbolicLink(),
      () => false,
    );
    if (link) {
      throw new NotFoundError(
        `${caller}: ${path} is a symbolic link to a missing file`,
        { file: path },
        { cause: error },
      );
    }
    return false;
  }
}
