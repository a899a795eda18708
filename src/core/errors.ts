/**
 * The project's error classes. Every error carries a stable `code` and the fields at fault, so callers
 * (and the CLI) can react to the kind of failure without parsing messages.
 *
 * @example
 * ```ts
 * import { RethinkError, ensure } from 'rethink/core';
 * try {
 *   ensure(false, () => new RethinkError('E_DEMO', 'demo: always fails', { index: 3 }));
 * } catch (e) {
 *   if (e instanceof RethinkError) console.log(e.code, e.details.index); // E_DEMO 3
 * }
 * ```
 */
export class RethinkError extends Error {
  /** A stable machine-readable code such as `E_SHAPE` or `E_FORMAT`. */
  readonly code: string;
  /** The fields at fault (file, offset, index, shape, …). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/**
 * Shapes or sizes that do not fit together (mismatched lengths, rows of unequal length, empty inputs).
 *
 * @example
 * ```ts
 * import { ShapeError } from 'rethink/core';
 * const e = new ShapeError('f: expected 3 labels, got 2', { expected: 3, actual: 2 });
 * console.log(e.code); // E_SHAPE
 * ```
 */
export class ShapeError extends RethinkError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('E_SHAPE', message, details);
  }
}

/**
 * A parameter outside its domain (a probability outside [0, 1], NaN, a negative count, a label outside [0, k)).
 *
 * @example
 * ```ts
 * import { ArgumentError } from 'rethink/core';
 * const e = new ArgumentError('corruptLabels: p must be in [0, 1], got 2', { p: 2 });
 * console.log(e.code); // E_ARGUMENT
 * ```
 */
export class ArgumentError extends RethinkError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('E_ARGUMENT', message, details);
  }
}

/**
 * A file that does not hold what its format promises; `details` names the file and the byte offset or field.
 *
 * @example
 * ```ts
 * import { FormatError } from 'rethink/core';
 * const e = new FormatError('readIdx: bad magic', { file: 'x.idx', offset: 0 });
 * console.log(e.code, e.details.offset); // E_FORMAT 0
 * ```
 */
export class FormatError extends RethinkError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super('E_FORMAT', message, details, options);
  }
}

/**
 * Throws the error built by `error` when `condition` is falsy. The error (and its message) is only
 * constructed on failure, so hot paths pay nothing for descriptive messages.
 *
 * @example
 * ```ts
 * import { ensure, ShapeError } from 'rethink/core';
 * const rows = [[1, 2], [3, 4]];
 * ensure(rows.length > 0, () => new ShapeError('demo: empty sample'));
 * ```
 */
export function ensure(condition: unknown, error: () => Error): asserts condition {
  if (!condition) throw error();
}

/**
 * A file or directory that should exist does not (a missing batch in a CIFAR-10 directory, a data set that
 * was never downloaded). `details` names the path and, where there is one, the command that fixes it.
 *
 * @example
 * ```ts
 * import { NotFoundError } from 'rethink/core';
 * const e = new NotFoundError('loadCifar10: missing data_batch_3.bin', { file: '/data/cifar10/data_batch_3.bin' });
 * console.log(e.code, e.details.file); // E_NOT_FOUND /data/cifar10/data_batch_3.bin
 * ```
 */
export class NotFoundError extends RethinkError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super('E_NOT_FOUND', message, details, options);
  }
}

/**
 * A download that failed before its bytes could be checked: the host was unreachable, the server answered
 * with an HTTP error, the connection dropped or stalled. `details` names the URL (and the status, if any).
 *
 * @example
 * ```ts
 * import { DownloadError } from 'rethink/core';
 * const e = new DownloadError('downloadDataSet: HTTP 404 from https://example.org/x.gz', { url: 'https://example.org/x.gz', status: 404 });
 * console.log(e.code, e.details.status); // E_DOWNLOAD 404
 * ```
 */
export class DownloadError extends RethinkError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super('E_DOWNLOAD', message, details, options);
  }
}

/**
 * Bytes whose checksum is not the published one. `details` names the file, the algorithm, and the
 * expected and actual digests.
 *
 * @example
 * ```ts
 * import { IntegrityError } from 'rethink/core';
 * const e = new IntegrityError('downloadDataSet: bad MD5', { file: 'x.gz', algorithm: 'md5', expected: 'aa', actual: 'bb' });
 * console.log(e.code, e.details.algorithm); // E_INTEGRITY md5
 * ```
 */
export class IntegrityError extends RethinkError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('E_INTEGRITY', message, details);
  }
}
