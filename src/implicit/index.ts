/**
 * Section 5 of Zhang et al. (2017), implicit regularization: for linear models SGD from w₀ = 0 stays in the
 * span of the data and converges to the minimum-norm interpolant w* = Xᵀ(XXᵀ)⁻¹y — the kernel trick; and
 * exact kernel interpolation (Kα = Y, no regularization) on raw pixels generalizes, while interpolants that
 * do not generalize have larger norms. Float64 Gram matrices, Cholesky and LU solves of our own (tiled).
 */
export { toMatrix } from './matrix.ts';
export type { Matrix, MatrixInput } from './matrix.ts';
export { imageMatrix } from './image-matrix.ts';
export { minNormInterpolant, MIN_NORM_INTERPOLANT_DEFAULTS } from './min-norm-interpolant.ts';
export type { MinNormInterpolant, MinNormInterpolantOptions } from './min-norm-interpolant.ts';
export { sgdLeastSquares, SGD_LEAST_SQUARES_DEFAULTS } from './sgd-least-squares.ts';
export type { SgdLeastSquaresOptions, SgdLeastSquaresResult, SgdRecord } from './sgd-least-squares.ts';
export { shiftedInterpolant, SHIFTED_INTERPOLANT_DEFAULTS } from './shifted-interpolant.ts';
export type { ShiftedInterpolant, ShiftedInterpolantOptions } from './shifted-interpolant.ts';
export { medianSquaredDistance, MEDIAN_SQUARED_DISTANCE_DEFAULTS } from './median-squared-distance.ts';
export type { MedianSquaredDistanceOptions } from './median-squared-distance.ts';
export { resolveKernel, KERNEL_DEFAULTS } from './resolve-kernel.ts';
export type { KernelKind, KernelSpec, ResolveKernelOptions, ResolvedKernel } from './resolve-kernel.ts';
export { gramMatrix, GRAM_MATRIX_DEFAULTS } from './gram-matrix.ts';
export type { GramMatrixOptions } from './gram-matrix.ts';
export { fitKernel, FIT_KERNEL_DEFAULTS } from './fit-kernel.ts';
export type { FitKernelOptions, KernelModel, KernelProgress } from './fit-kernel.ts';
export { predictKernel } from './predict-kernel.ts';
export type { PredictKernelOptions } from './predict-kernel.ts';
export { kernelExperiment, KERNEL_EXPERIMENT_DEFAULTS } from './kernel-experiment.ts';
export type { KernelExperimentOptions, KernelFit, KernelReport } from './kernel-experiment.ts';
export { DuplicatePointsError, SingularSystemError, NonFiniteInputError } from './errors.ts';
