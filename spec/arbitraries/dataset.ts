/**
 * Arbitrary image data sets for the specs. The structure (counts, image size, channels, classes, pixel type)
 * comes from bounded `fc.integer`s, so a failing case shrinks to few, small images; the pixel and label
 * contents are filled from a `createRng` stream keyed by an arbitrary content seed (fast for a few hundred
 * images, and reproducible from the printed counterexample).
 */
import fc from 'fast-check';
import { createRng } from 'rethink/core';
import { imageSet } from 'rethink/data';
import type { DataSet, ImageSet } from 'rethink/data';

/** Everything that determines a generated data set. */
export interface DataSetShape {
  readonly trainN: number;
  readonly testN: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly classes: number;
  readonly dtype: 'uint8' | 'float32';
  /** Distinct pixel levels per channel (2 gives many repeated values, 256 the full uint8 range). */
  readonly levels: number;
  /** Seed of the pixel and label contents. */
  readonly contentSeed: number;
}

/** Bounds of {@link dataSetShapeArb}; every field has a default. */
export interface DataSetArbOptions {
  readonly minTrain?: number;
  readonly maxTrain?: number;
  readonly minTest?: number;
  readonly maxTest?: number;
  readonly minSide?: number;
  readonly maxSide?: number;
  readonly maxChannels?: number;
  readonly minClasses?: number;
  readonly maxClasses?: number;
  readonly dtype?: 'uint8' | 'float32' | 'any';
}

const DEFAULTS: Required<DataSetArbOptions> = {
  minTrain: 1,
  maxTrain: 300,
  minTest: 0,
  maxTest: 60,
  minSide: 1,
  maxSide: 8,
  maxChannels: 4,
  minClasses: 2,
  maxClasses: 12,
  dtype: 'any',
};

/** Shapes of data sets: N up to a few hundred, H and W up to 8, C up to 4, k ≥ 2 (see the defaults). */
export function dataSetShapeArb(options: DataSetArbOptions = {}): fc.Arbitrary<DataSetShape> {
  const o = { ...DEFAULTS, ...options };
  return fc.record(
    {
      trainN: fc.integer({ min: o.minTrain, max: o.maxTrain }),
      testN: fc.integer({ min: o.minTest, max: o.maxTest }),
      height: fc.integer({ min: o.minSide, max: o.maxSide }),
      width: fc.integer({ min: o.minSide, max: o.maxSide }),
      channels: fc.integer({ min: 1, max: o.maxChannels }),
      classes: fc.integer({ min: o.minClasses, max: o.maxClasses }),
      dtype: o.dtype === 'any' ? fc.constantFrom<'uint8' | 'float32'>('uint8', 'float32') : fc.constant(o.dtype),
      levels: fc.constantFrom(256, 2, 17),
      contentSeed: fc.integer(),
    },
    { noNullPrototype: true },
  );
}

/**
 * Fills one split: channel c of every pixel takes a level in [0, levels) scaled by (c + 1) / channels (so
 * channels differ in mean and spread); float32 pixels are those values / 255 plus a small offset.
 */
export function makeSplit(shape: DataSetShape, n: number, stream: string): ImageSet {
  const { height, width, channels, classes, dtype, levels } = shape;
  const rng = createRng(shape.contentSeed, stream);
  const values = n * height * width * channels;
  const images = dtype === 'uint8' ? new Uint8Array(values) : new Float32Array(values);
  for (let e = 0; e < values;) {
    for (let c = 0; c < channels; c++) {
      const level = Math.floor(((rng.uint32() % levels) * (c + 1)) / channels);
      images[e++] = dtype === 'uint8' ? level : level / 255 + 0.125 * c;
    }
  }
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = rng.int(0, classes - 1);
  return imageSet({ images, labels, height, width, channels, classes });
}

/** The data set a shape describes. */
export function makeDataSet(shape: DataSetShape): DataSet {
  return {
    name: `arb-${shape.dtype}-${shape.height}x${shape.width}x${shape.channels}`,
    train: makeSplit(shape, shape.trainN, 'spec/train'),
    test: makeSplit(shape, shape.testN, 'spec/test'),
  };
}

/** Arbitrary train/test pairs sharing image size, channels and classes (test may be empty). */
export function dataSetArb(options: DataSetArbOptions = {}): fc.Arbitrary<DataSet> {
  return dataSetShapeArb(options).map(makeDataSet);
}

/** Arbitrary single splits (non-empty). */
export function imageSetArb(options: DataSetArbOptions = {}): fc.Arbitrary<ImageSet> {
  return dataSetShapeArb({ ...options, maxTest: 0, minTest: 0 }).map((shape) =>
    makeSplit(shape, shape.trainN, 'spec/train'),
  );
}

/**
 * A split whose pixel values reveal their position: float32, channel c of position j holds j + c / 8, so the
 * output of a position permutation tells which input position each output position came from.
 */
export function positionCodedSplit(n: number, height: number, width: number, channels: number, classes = 2): ImageSet {
  const positions = height * width;
  const images = new Float32Array(n * positions * channels);
  for (let i = 0, e = 0; i < n; i++) {
    for (let j = 0; j < positions; j++) for (let c = 0; c < channels; c++) images[e++] = j + c / 8;
  }
  return imageSet({ images, labels: new Int32Array(n), height, width, channels, classes });
}

/** Reads back, per image, the input position each output position of a {@link positionCodedSplit} holds. */
export function decodePositions(set: ImageSet, image: number): number[] {
  const positions = set.height * set.width;
  const base = image * positions * set.channels;
  return Array.from({ length: positions }, (_, j) => set.images[base + j * set.channels] as number);
}
