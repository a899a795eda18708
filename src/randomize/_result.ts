import type { DataSet } from 'rethink/data';

/** What a pixel randomization returns: the new train/test pair and its record. */
export interface PixelTransformResult<R> {
  /** Both splits transformed; labels are the input's arrays (shared, not copied). */
  readonly dataSet: DataSet;
  readonly record: R;
}
