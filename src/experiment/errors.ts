import { RethinkError } from 'rethink/core';

/**
 * An experiment that cannot run or resume as asked: an unknown condition name, a corruption level outside
 * [0, 1], or an output folder that holds a different run (`details.fields` lists what differs).
 *
 * @example
 * ```ts
 * import { ExperimentError } from 'rethink/experiment';
 * const e = new ExperimentError('reproduce: unknown condition "x"', { condition: 'x' });
 * console.log(e.code); // E_EXPERIMENT
 * ```
 */
export class ExperimentError extends RethinkError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('E_EXPERIMENT', message, details);
  }
}
