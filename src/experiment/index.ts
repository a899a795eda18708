export { reproduce, REPRODUCE_DEFAULTS } from './reproduce.ts';
export type { ReproduceOptions, ReproduceEvent, ReproduceResult } from './reproduce.ts';
export { gridConditions, GRID_DEFAULTS } from './grid.ts';
export type { GridCondition, GridOptions } from './grid.ts';
export { ExperimentError } from './errors.ts';
