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
