import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { FileError, fileErrorReason } from './file-error.ts';

/** Options of {@link writeAtomic}. */
export interface WriteAtomicOptions {
  /** Builds the error thrown on failure (default: a {@link FileError}); gets the message, the details and the cause. */
  readonly error?: (message: string, details: Record<string, unknown>, cause: unknown) => Error;
  /** Create the parent folders first (default false). */
  readonly makeParents?: boolean;
}

/**
 * Writes `data` to `file` so that a reader never sees half a file: the bytes go to a temporary file beside it
 * (flushed to disk), which is renamed over `file`; a failure removes the temporary file and throws a
 * {@link FileError} (or `options.error`'s) naming `caller`, the file and the reason. Built on the well-kept
 * `write-file-atomic` (also removes its temporary file when the process is stopped by a signal).
 *
 * @example
 * ```ts
 * import { readFileSync, mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { writeAtomic } from 'rethink/core';
 * const file = join(mkdtempSync(join(tmpdir(), 'rethink-')), 'a.txt');
 * await writeAtomic('demo', file, 'hello');
 * console.log(readFileSync(file, 'utf8')); // hello
 * ```
 */
export async function writeAtomic(
  caller: string,
  file: string,
  data: string | Uint8Array,
  options: WriteAtomicOptions = {},
): Promise<void> {
  try {
    if (options.makeParents) await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(
      file,
      typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    );
  } catch (cause) {
    const reason = fileErrorReason(cause);
    const message = `${caller}: ${file}: cannot write (${reason})`;
    const details = { file, reason: (cause as NodeJS.ErrnoException).code ?? reason };
    throw options.error ? options.error(message, details, cause) : new FileError(message, details, { cause });
  }
}

/**
 * The synchronous form of {@link writeAtomic}, for start-up paths that cannot await (a temporary file beside
 * `file`, then a rename; the temporary file is removed on failure).
 *
 * @example
 * ```ts
 * import { readFileSync, mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { writeAtomicSync } from 'rethink/core';
 * const file = join(mkdtempSync(join(tmpdir(), 'rethink-')), 'b.txt');
 * writeAtomicSync('demo', file, 'hi');
 * console.log(readFileSync(file, 'utf8')); // hi
 * ```
 */
export function writeAtomicSync(caller: string, file: string, data: string | Uint8Array): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temp, data, { flag: 'wx' });
    renameSync(temp, file);
  } catch (cause) {
    // The clean-up's own failure (e.g. ENOTDIR again) must not replace the error that says why the write failed.
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing was created.
    }
    const reason = fileErrorReason(cause);
    throw new FileError(`${caller}: ${file}: cannot write (${reason})`, { file, reason }, { cause });
  }
}
