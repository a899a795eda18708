import { RethinkError } from './errors.ts';

/**
 * A file or folder that could not be written or read for a reason of the file system (a parent that is a
 * file, no permission, a full disk). `details.file` names the path and `details.reason` the system's code.
 *
 * @example
 * ```ts
 * import { FileError } from 'rethink/core';
 * const e = new FileError('writeConfig: run/config.json: cannot write (EACCES)', { file: 'run/config.json', reason: 'EACCES' });
 * console.log(e.code, e.details.reason); // E_FILE EACCES
 * ```
 */
export class FileError extends RethinkError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super('E_FILE', message, details, options);
  }
}

/** The reason a file-system call failed, in words a user can act on. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'missing';
    case 'ENOTDIR':
      return 'a path component is a file, not a folder (ENOTDIR)';
    case 'EISDIR':
      return 'a folder, not a file (EISDIR)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'ELOOP':
      return 'a symbolic link loop (ELOOP)';
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC)';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
