/**
 * rethink/train: the paper's models, the trainer (SGD with momentum, schedules, checkpoints, resume) and the
 * backend selection with the wasm training kernels.
 */
export {
  MODEL_DEFAULTS,
  mlp,
  MLP_DEFAULTS,
  cnn,
  alexnet,
  inception,
  INCEPTION_DEFAULTS,
  LocalResponseNormalization,
  localResponseNormalization,
  LRN_DEFAULTS,
  countParameters,
  MODELS,
  MODEL_NAMES,
  buildModel,
  isModelName,
} from './models/index.ts';
export type {
  InputShape,
  InitScheme,
  ModelOptions,
  MlpOptions,
  InceptionOptions,
  LrnOptions,
  CountParametersOptions,
  ModelBuilder,
  ModelName,
} from './models/index.ts';
export { trainModel, TRAIN_DEFAULTS } from './train-model.ts';
export type { TrainOptions, CustomModel, BatchProgress, EpochContext } from './train-model.ts';
export { evaluate, EVALUATE_DEFAULTS } from './evaluate.ts';
export type { EvaluateOptions, Evaluation } from './evaluate.ts';
export { learningRate, DEFAULT_SCHEDULE, DEFAULT_DECAY_EVERY } from './schedule.ts';
export type { CropOptions, Scaling } from './_batch.ts';
export { readCheckpoint } from './read-checkpoint.ts';
export { writeCheckpoint } from './write-checkpoint.ts';
export { removeCheckpoint } from './remove-checkpoint.ts';
export { CheckpointError } from './errors.ts';
export type {
  TrainConfig,
  TrainMetric,
  StopReason,
  EpochRecord,
  TrainResult,
  Checkpoint,
  CheckpointState,
} from './types.ts';
export {
  BackendError,
  selectBackend,
  SELECT_BACKEND_DEFAULTS,
  BACKEND_CHOICES,
  PINNED_TFJS_VERSION,
  MAX_WASM_THREADS,
  formatBackendInfo,
  wasmHeapStats,
} from './backend/index.ts';
export type { BackendChoice, FormatBackendInfoOptions, SelectBackendOptions, WasmHeapStats } from './backend/index.ts';
