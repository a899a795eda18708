import { ArgumentError, ensure, type LrSchedule } from 'rethink/core';

/** The default schedule: × 0.95 after every epoch. */
export const DEFAULT_SCHEDULE: LrSchedule = { kind: 'epoch', decay: 0.95 };

/** Steps per decay of a `'step'` schedule when `every` is not given: one CIFAR-10 epoch at batch 128. */
export const DEFAULT_DECAY_EVERY = 391;

/**
 * The learning rate for the step with 0-based index `step` in the epoch with 0-based index `epoch`.
 * Throws {@link ArgumentError} for a negative or non-finite rate, a decay outside (0, 1], a non-positive
 * `every`, or a negative index.
 *
 * @example
 * ```ts
 * import { learningRate } from 'rethink/train';
 * console.log(learningRate(0.01, { kind: 'epoch', decay: 0.5 }, 2, 0)); // 0.0025
 * console.log(learningRate(0.01, { kind: 'step', decay: 0.5, every: 10, staircase: true }, 0, 25)); // 0.0025
 * ```
 */
export function learningRate(lr: number, schedule: LrSchedule, epoch: number, step: number): number {
  checkSchedule('learningRate', lr, schedule);
  ensure(
    Number.isInteger(epoch) && epoch >= 0 && Number.isInteger(step) && step >= 0,
    () =>
      new ArgumentError(`learningRate: epoch and step must be non-negative integers, got ${epoch}, ${step}`, {
        epoch,
        step,
      }),
  );
  switch (schedule.kind) {
    case 'constant':
      return lr;
    case 'epoch':
      return lr * Math.pow(schedule.decay, epoch);
    case 'step': {
      const every = schedule.every ?? DEFAULT_DECAY_EVERY;
      const exponent = schedule.staircase ? Math.floor(step / every) : step / every;
      return lr * Math.pow(schedule.decay, exponent);
    }
  }
}

/** @internal Validates a base rate and schedule; `fn` names the caller in the error. */
export function checkSchedule(fn: string, lr: number, schedule: LrSchedule): void {
  ensure(
    Number.isFinite(lr) && lr >= 0,
    () => new ArgumentError(`${fn}: lr must be a finite non-negative number, got ${lr}`, { lr }),
  );
  const kind: string = schedule?.kind;
  ensure(
    kind === 'constant' || kind === 'epoch' || kind === 'step',
    () =>
      new ArgumentError(`${fn}: schedule kind must be 'constant', 'epoch' or 'step', got ${String(kind)}`, {
        schedule,
      }),
  );
  if (schedule.kind === 'constant') return;
  const { decay } = schedule;
  ensure(
    Number.isFinite(decay) && decay > 0 && decay <= 1,
    () => new ArgumentError(`${fn}: schedule decay must be in (0, 1], got ${decay}`, { decay }),
  );
  if (schedule.kind === 'step') {
    const every = schedule.every ?? DEFAULT_DECAY_EVERY;
    ensure(
      Number.isFinite(every) && every > 0,
      () => new ArgumentError(`${fn}: schedule every must be a positive number of steps, got ${every}`, { every }),
    );
  }
}
