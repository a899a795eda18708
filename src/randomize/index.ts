/**
 * The randomization tests of Zhang et al. (2017, §2.1) as pure, seeded transforms over `DataSet`s from
 * `rethink/data`: label transforms work on one split, pixel transforms on a train/test pair, and
 * `applyCondition` applies any of them to a whole data set the way the experiments do.
 */
export { trueLabels } from './true-labels.ts';
export type { TrueLabelsResult } from './true-labels.ts';
export { corruptLabels } from './corrupt-labels.ts';
export type { CorruptLabelsOptions } from './corrupt-labels.ts';
export { randomLabels } from './random-labels.ts';
export { LABEL_STREAM } from './_corrupt.ts';
export type { CorruptLabelsResult } from './_corrupt.ts';
export { shufflePixels, SHUFFLE_STREAM } from './shuffle-pixels.ts';
export type { ShufflePixelsOptions, ShufflePixelsResult } from './shuffle-pixels.ts';
export { randomPixels, RANDOM_PIXELS_STREAMS } from './random-pixels.ts';
export { gaussianPixels, GAUSSIAN_STREAMS } from './gaussian-pixels.ts';
export type { GaussianPixelsOptions } from './gaussian-pixels.ts';
export { uniformPixels, UNIFORM_STREAMS } from './uniform-pixels.ts';
export type { UniformPixelsOptions } from './uniform-pixels.ts';
export type { PixelTransformResult } from './_result.ts';
export { permutePixels } from './permute-pixels.ts';
export { invertPermutation } from './invert-permutation.ts';
export { channelStatistics } from './channel-statistics.ts';
export type { ChannelStatistics } from './channel-statistics.ts';
export { indexChecksum } from './index-checksum.ts';
export { summarizeIndices, RECORD_LIST_LIMIT } from './summarize-indices.ts';
export type { SummarizeIndicesOptions } from './summarize-indices.ts';
export { applyCondition } from './apply-condition.ts';
export type { ApplyConditionOptions, ApplyConditionResult } from './apply-condition.ts';
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
