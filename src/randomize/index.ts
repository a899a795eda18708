/**
 * The randomization tests of Zhang et al. (2017, §2.1) as pure, seeded transforms over `DataSet`s from
 * `rethink/data`: label transforms work on one split, pixel transforms on a train/test pair, and
 * `applyCondition` applies any of them to a whole data set the way the experiments do.
 */
export { trueLabels } from './trueLabels.ts';
export type { TrueLabelsResult } from './trueLabels.ts';
export { corruptLabels } from './corruptLabels.ts';
export type { CorruptLabelsOptions } from './corruptLabels.ts';
export { randomLabels } from './randomLabels.ts';
export { LABEL_STREAM } from './_corrupt.ts';
export type { CorruptLabelsResult } from './_corrupt.ts';
export { shufflePixels, SHUFFLE_STREAM } from './shufflePixels.ts';
export type { ShufflePixelsOptions, ShufflePixelsResult } from './shufflePixels.ts';
export { randomPixels, RANDOM_PIXELS_STREAMS } from './randomPixels.ts';
export { gaussianPixels, GAUSSIAN_STREAMS } from './gaussianPixels.ts';
export type { GaussianPixelsOptions } from './gaussianPixels.ts';
export { uniformPixels, UNIFORM_STREAMS } from './uniformPixels.ts';
export type { UniformPixelsOptions } from './uniformPixels.ts';
export type { PixelTransformResult } from './_result.ts';
export { permutePixels } from './permutePixels.ts';
export { invertPermutation } from './invertPermutation.ts';
export { channelStatistics } from './channelStatistics.ts';
export type { ChannelStatistics } from './channelStatistics.ts';
export { indexChecksum } from './indexChecksum.ts';
export { summarizeIndices, RECORD_LIST_LIMIT } from './summarizeIndices.ts';
export type { SummarizeIndicesOptions } from './summarizeIndices.ts';
export { applyCondition, CONDITION_KINDS } from './applyCondition.ts';
export type { Condition, ApplyConditionOptions, ApplyConditionResult } from './applyCondition.ts';
export type {
  IndexSummary,
  TrueLabelsRecord,
  CorruptLabelsRecord,
  ShufflePixelsRecord,
  RandomPixelsRecord,
  GaussianPixelsRecord,
  UniformPixelsRecord,
  SplitCounts,
  SplitStreams,
  SplitLabelRecord,
  RandomizationRecord,
} from './records.ts';
