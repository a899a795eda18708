export {
  RethinkError,
  ShapeError,
  ArgumentError,
  FormatError,
  NotFoundError,
  DownloadError,
  IntegrityError,
  ensure,
} from './errors.ts';
export { Rng, createRng, restoreRng } from './rng.ts';
export type { RngState } from './rng.ts';
export { FileError, fileErrorReason } from './file-error.ts';
export { writeAtomic, writeAtomicSync } from './write-atomic.ts';
export { exists } from './exists.ts';
export type { WriteAtomicOptions } from './write-atomic.ts';
