import type { DataSet } from 'rethink/data';

/**
 * What a pixel randomization returns: the new train/test pair and its record. Every transform returns this
 * shape, `{ set, record }`: the label transforms with the new split, the pixel ones with the new data set.
 */
export interface PixelTransformResult<R> {
  /** Both splits transformed; labels are the input's arrays (shared, not copied). */
  readonly set: DataSet;
  readonly record: R;
}
