import * as tf from '@tensorflow/tfjs';
import type { Checkpoint, CheckpointState } from './types.ts';

/**
 * @internal A checkpoint kept in memory between two writes: the state and copies of the weights and momentum
 * slots that share the live tensors' data (the optimizer assigns new data to its variables, so holding costs no
 * copy), read only when the checkpoint is written.
 */
export interface HeldCheckpoint {
  readonly state: CheckpointState;
  readonly weights: readonly tf.Tensor[];
  readonly velocities: readonly tf.Tensor[];
}

/** @internal Holds `state` with references to the current values of `weights` and `velocities`. */
export function holdCheckpoint(
  state: CheckpointState,
  weights: readonly tf.Tensor[],
  velocities: readonly tf.Tensor[],
): HeldCheckpoint {
  return {
    state: { ...state, history: [...state.history] },
    weights: weights.map((t) => tf.clone(t)),
    velocities: velocities.map((t) => tf.clone(t)),
  };
}

/** @internal The held checkpoint's tensors read off the device, ready for `writeCheckpoint`. */
export async function readHeldCheckpoint(held: HeldCheckpoint): Promise<Checkpoint> {
  const read = (list: readonly tf.Tensor[]): Promise<Float32Array[]> =>
    Promise.all(list.map(async (t) => (await t.data()) as Float32Array));
  return {
    state: held.state,
    weights: await read(held.weights),
    velocities: await read(held.velocities),
    weightShapes: held.weights.map((t) => t.shape),
    velocityShapes: held.velocities.map((t) => t.shape),
  };
}

/** @internal Releases the held references. */
export function releaseCheckpoint(held: HeldCheckpoint | null): void {
  if (held === null) return;
  for (const t of [...held.weights, ...held.velocities]) t.dispose();
}
