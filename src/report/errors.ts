import { RethinkError } from 'rethink/core';

/**
 * A run file that is missing, unreadable or does not hold what the run-file format promises. Names the
 * file, and where it applies the 1-based line (of `metrics.jsonl`) and the offending field.
 *
 * @example
 * ```ts
 * import { RunFileError } from 'rethink/report';
 * const e = new RunFileError('readMetrics: line 3: trainAccuracy must be a number in [0, 1]', {
 *   file: 'reports/x/metrics.jsonl', line: 3, field: 'trainAccuracy',
 * });
 * console.log(e.code, e.line); // E_RUN_FILE 3
 * ```
 */
export class RunFileError extends RethinkError {
  /** The file at fault (as given, joined onto the run folder). */
  readonly file: string;
  /** The 1-based line of a JSONL file, when the fault is on one line. */
  readonly line: number | undefined;
  /** The dotted path of the offending field (`dataset.checksum`, `conditions[2].epochs`), when known. */
  readonly field: string | undefined;

  constructor(
    message: string,
    details: { file: string; line?: number | undefined; field?: string | undefined; [key: string]: unknown },
    options?: ErrorOptions,
  ) {
    super('E_RUN_FILE', message, details, options);
    this.file = details.file;
    this.line = details.line;
    this.field = details.field;
  }
}

/**
 * A run folder that does not exist or is not a folder.
 *
 * @example
 * ```ts
 * import { RunDirError } from 'rethink/report';
 * const e = new RunDirError('readRun: no such run folder: reports/nope', { dir: 'reports/nope' });
 * console.log(e.code, e.dir); // E_RUN_DIR reports/nope
 * ```
 */
export class RunDirError extends RethinkError {
  /** The folder at fault. */
  readonly dir: string;

  constructor(message: string, details: { dir: string; [key: string]: unknown }, options?: ErrorOptions) {
    super('E_RUN_DIR', message, details, options);
    this.dir = details.dir;
  }
}

/**
 * Run folders that cannot be merged into one report: they differ in their data set or preprocessing. Names the
 * field that differs and both values, with the folders they came from.
 *
 * @example
 * ```ts
 * import { RunMixError } from 'rethink/report';
 * const e = new RunMixError('mergeRuns: samples differ: 1000 in a, 2000 in b', {
 *   field: 'samples', values: [1000, 2000], dirs: ['a', 'b'],
 * });
 * console.log(e.code, e.field, e.values); // E_RUN_MIX samples [ 1000, 2000 ]
 * ```
 */
export class RunMixError extends RethinkError {
  /** The field that differs (`dataset`, `samples`, `testSamples`, `dataSeed`, `preprocessing`, `checksum`). */
  readonly field: string;
  /** The two values: the first folder's and the one that differs. */
  readonly values: readonly [unknown, unknown];
  /** The two folders. */
  readonly dirs: readonly [string, string];

  constructor(
    message: string,
    details: { field: string; values: readonly [unknown, unknown]; dirs: readonly [string, string] },
    options?: ErrorOptions,
  ) {
    super('E_RUN_MIX', message, details, options);
    this.field = details.field;
    this.values = details.values;
    this.dirs = details.dirs;
  }
}
