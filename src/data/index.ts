export { RethinkError, ShapeError, ArgumentError, FormatError, ensure } from './errors.ts';
export { Rng, createRng, restoreRng } from './rng.ts';
export type { RngState } from './rng.ts';
export { imageSet, pixelsPerImage } from './dataset.ts';
export type { ImageSet, DataSet, ImageSetOptions, PixelArray } from './dataset.ts';
