/** @internal The on-disk layout shared by writeCheckpoint and readCheckpoint. */
import { z } from 'zod';
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

const count = z.int({ error: 'an integer >= 0' }).min(0, { error: 'an integer >= 0' });
const tensorEntrySchema = z.object({
  shape: z.array(count, { error: 'an array of dimensions' }),
  /** Offset and length in float32 elements within the tensor file. */
  offset: count,
  length: count,
});
export type TensorEntry = z.infer<typeof tensorEntrySchema>;

const rngStateSchema = z.object({ words: z.array(z.number()), spare: z.number().nullable() });

/**
 * `checkpoint.json`: the tensor file's name, size and SHA-256, where each tensor lies in it, and the training
 * state (configuration, history, random streams). The state's records are checked for their shape; their
 * values were written by this project's trainer (a loss that was not finite is `null` in JSON).
 */
export const checkpointManifestSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.literal(CHECKPOINT_VERSION),
  weightsFile: z.string({ error: 'a tensor file name' }),
  bytes: count,
  sha256: z.string({ error: 'a SHA-256 hex digest' }).regex(/^[0-9a-f]{64}$/, { error: 'a SHA-256 hex digest' }),
  weights: z.array(tensorEntrySchema),
  velocities: z.array(tensorEntrySchema),
  state: z.looseObject({
    config: z.looseObject({}, { error: 'the training configuration (an object)' }),
    epoch: count,
    steps: count,
    history: z.array(z.looseObject({ epoch: count })),
    rng: z.object({ shuffle: rngStateSchema, crop: rngStateSchema }),
    stoppedBy: z.enum(['target', 'epochs', 'diverged', 'aborted']).nullable(),
  }),
});

/** The manifest as the trainer wrote it (its state typed as the trainer's). */
export type CheckpointManifest = Omit<z.infer<typeof checkpointManifestSchema>, 'state'> & {
  readonly state: CheckpointState;
};
