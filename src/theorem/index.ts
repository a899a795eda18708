/**
 * Theorem 1 of Zhang et al. (2017), finite-sample expressivity: a two-layer ReLU network with 2n + d
 * parameters, c(x) = Σ_j w_j·max(⟨a,x⟩ − b_j, 0), represents any labelling of n distinct points in d
 * dimensions. Exact (rational) and float64 constructions, vector outputs, the all-ReLU and deep variants,
 * and the TensorFlow.js export.
 */
export { interpolate, INTERPOLATE_DEFAULTS } from './interpolate.ts';
export type {
  InterpolateOptions,
  InterpolantInfo,
  Interpolant,
  FloatInterpolant,
  ExactInterpolant,
} from './interpolate.ts';
export { toSample } from './sample.ts';
export type { Sample, SampleData, SampleInput } from './sample.ts';
export { imageSample, IMAGE_SAMPLE_DEFAULTS } from './image-sample.ts';
export type { ImageSampleOptions } from './image-sample.ts';
export { toLabels } from './labels.ts';
export type { Labels, LabelInput, ToLabelsOptions } from './labels.ts';
export { chooseDirection, DIRECTION_DEFAULTS, DIRECTION_BITS } from './direction.ts';
export type { DirectionKind, DirectionOptions } from './direction.ts';
export { triangularWeights } from './triangular-weights.ts';
export { allRelu } from './all-relu.ts';
export type { FloatAllRelu, ExactAllRelu } from './all-relu.ts';
export { deepNetwork, DEEP_NETWORK_DEFAULTS } from './deep-network.ts';
export type { DeepNetwork, DeepLayer, DeepUnit, DeepNetworkOptions } from './deep-network.ts';
export { denseLayers } from './dense-layers.ts';
export type { DenseLayers } from './dense-layers.ts';
export { toLayersModel } from './to-layers-model.ts';
export { float32Tolerance } from './float32-tolerance.ts';
export { memorizationReport } from './memorization-report.ts';
export type { MemorizationProgress, MemorizationReport, MemorizationReportOptions } from './memorization-report.ts';
export { randomLabeledSample, RANDOM_LABELED_SAMPLE_DEFAULTS } from './random-labeled-sample.ts';
export type { RandomLabeledSampleOptions } from './random-labeled-sample.ts';
export { networkJson } from './network-json.ts';
export type { NetworkJson } from './network-json.ts';
export { exactRational } from './exact-rational.ts';
export { ConflictingDuplicateError, ResolutionError, FloatRangeError, NonFiniteError } from './errors.ts';
