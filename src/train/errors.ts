import { RethinkError } from 'rethink/core';

/**
 * A checkpoint that cannot be used: unreadable or corrupt files (a checksum or size that does not match), an
 * unknown format version, or a checkpoint written by a different configuration than the run resuming from it.
 * `details` names the directory, the file and the field at fault.
 *
 * @example
 * ```ts
 * import { CheckpointError } from 'rethink/train';
 * const e = new CheckpointError('readCheckpoint: checksum mismatch', { dir: 'runs/a', file: 'weights-000003.bin' });
 * console.log(e.code, e.details.file); // E_CHECKPOINT weights-000003.bin
 * ```
 */
export class CheckpointError extends RethinkError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super('E_CHECKPOINT', message, details, options);
  }
}
