export { FLOAT64_EPSILON, FLOAT32_EPSILON, isClose, expectArraysClose } from './tolerance.ts';
export { assertSameSeedSameOutput, assertInputUnchanged, snapshot } from './assertions.ts';
export {
  HOSTILE_NAMES,
  kindAndP,
  conditionArb,
  conditionRecords,
  metricSetArb,
  sampleConfig,
  runFilesArb,
} from './report.ts';
export type { ConditionArb } from './report.ts';
export {
  dataSetShapeArb,
  dataSetArb,
  imageSetArb,
  makeSplit,
  makeDataSet,
  positionCodedSplit,
  decodePositions,
} from './dataset.ts';
export type { DataSetShape, DataSetArbOptions } from './dataset.ts';
export {
  expectSplitShapePreserved,
  assertSplitShapesPreserved,
  assertDataSetShapesPreserved,
  assertOnlyChanges,
} from './dataset-assertions.ts';
export type { DtypeRule } from './dataset-assertions.ts';
export {
  randomImageSet,
  randomDataSet,
  tinyDimsArb,
  tinyImageSetArb,
  tinyMlp,
  tinyConvBn,
  withoutTimings,
  sameFloats,
  sameFloatLists,
} from './train.ts';
export type { TinyDims } from './train.ts';
export {
  sampleCaseArb,
  conflictCaseArb,
  coordinateArb,
  applyStressor,
  canonicalLabels,
  labelInput,
  nextUp,
  nextDown,
  COORDINATE_KINDS,
} from './sample.ts';
export type { SampleCase, SampleArbOptions, Stressor, CoordinateKind, LabelKind } from './sample.ts';
export { fillArb, fillValues, conv2dCaseArb, matMulCaseArb, valuesOn } from './kernels.ts';
export type { Fill, Padding, Conv2dCase, MatMulCase } from './kernels.ts';
