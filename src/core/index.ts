export {
  RethinkError,
  ShapeError,
  ArgumentError,
  FormatError,
  NotFoundError,
  DownloadError,
  IntegrityError,
  ensure,
} from './errors.ts';
export { Rng, createRng, restoreRng } from './rng.ts';
export type { RngState } from './rng.ts';
export { FileError, fileErrorReason } from './file-error.ts';
export { writeAtomic, writeAtomicSync } from './write-atomic.ts';
export { exists } from './exists.ts';
export type { WriteAtomicOptions } from './write-atomic.ts';
export { checkSchema } from './check-schema.ts';
export type { SchemaWhere, CheckSchemaOptions, SchemaErrorDetails } from './check-schema.ts';
export { CONDITION_KINDS, CONDITION_ALIASES } from './condition.ts';
export type { ConditionKind, Condition } from './condition.ts';
export { parseConditionKind } from './parse-condition-kind.ts';
export { conditionId } from './condition-id.ts';
export { corruptionLevel } from './corruption-level.ts';
export {
  RUN_FORMAT_VERSION,
  RUN_FILES,
  BACKEND_NAMES,
  STOP_REASONS,
  jsonValueSchema,
  toJsonValue,
  datasetInfoSchema,
  lrScheduleSchema,
  webGpuAdapterSchema,
  backendInfoSchema,
  recordedBackendSchema,
  runConfigSchema,
  metricRecordSchema,
  conditionSummarySchema,
  theoremPanelSchema,
  theoremSkippedSchema,
  runSummarySchema,
} from './run-format.ts';
export type {
  JsonValue,
  DatasetInfo,
  LrSchedule,
  BackendName,
  WebGpuAdapter,
  BackendInfo,
  RecordedBackend,
  RunConfig,
  MetricRecord,
  ConditionSummary,
  TheoremPanel,
  TheoremSkipped,
  RunSummary,
} from './run-format.ts';
export {
  PLAN_FORMAT_VERSION,
  PLAN_FILES,
  PLAN_MODELS,
  PREPROCESSING,
  optimizerSchema,
  exclusionSchema,
  planInputSchema,
  resolvedPlanSchema,
  cellConditionSchema,
  cellSchema,
  cellResultSchema,
  cellErrorSchema,
  theoremFileSchema,
  kernelPanelSchema,
} from './plan-format.ts';
export type {
  Optimizer,
  Exclusion,
  PlanInput,
  Plan,
  ResolvedPlan,
  Cell,
  CellResult,
  CellError,
  KernelPanel,
} from './plan-format.ts';
