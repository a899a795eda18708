/** @internal The on-disk layout shared by writeCheckpoint and readCheckpoint. */
import type { CheckpointState } from './types.ts';

/** Name of the JSON file whose rename commits a checkpoint. */
export const CHECKPOINT_FILE = 'checkpoint.json';
export const CHECKPOINT_FORMAT = 'rethink-checkpoint';
export const CHECKPOINT_VERSION = 1;
/**
 * Temporary files left by an interrupted write: `writeAtomic` (rethink/core, on write-file-atomic) writes
 * `<target>.<uint32>` beside the target before renaming it.
 */
export const TMP_FILE_PATTERN = /^(checkpoint\.json|weights-\d+\.bin)\.\d+$/;

/** Name of the tensor file for a completed epoch. */
export function weightsFileName(epoch: number): string {
  return `weights-${String(epoch).padStart(6, '0')}.bin`;
}

export const WEIGHTS_FILE_PATTERN = /^weights-\d+\.bin$/;

export interface TensorEntry {
  readonly shape: readonly number[];
  /** Offset and length in float32 elements within the tensor file. */
  readonly offset: number;
  readonly length: number;
}

export interface CheckpointManifest {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  readonly weightsFile: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly weights: readonly TensorEntry[];
  readonly velocities: readonly TensorEntry[];
  readonly state: CheckpointState;
}
