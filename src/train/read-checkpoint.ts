import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError } from './errors.ts';
import { checkSchema } from 'rethink/core';
import {
  CHECKPOINT_FILE,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  checkpointManifestSchema,
  WEIGHTS_FILE_PATTERN,
} from './_checkpoint-format.ts';
import type { CheckpointManifest, TensorEntry } from './_checkpoint-format.ts';
import type { Checkpoint } from './types.ts';

/**
 * Reads the checkpoint in `dir` written by {@link writeCheckpoint} (or by {@link trainModel} after each epoch).
 * Returns `null` when `dir` holds no `checkpoint.json` (or does not exist). Throws {@link CheckpointError}
 * naming the file when the JSON cannot be parsed, the format or version is unknown, or the tensor file is
 * missing, of the wrong size or fails its SHA-256.
 *
 * @example
 * ```ts
 * import { readCheckpoint } from 'rethink/train';
 * const checkpoint = await readCheckpoint('runs/mlp-random');
 * if (checkpoint) console.log(checkpoint.state.epoch, checkpoint.state.history.at(-1)?.trainAccuracy);
 * ```
 */
export async function readCheckpoint(dir: string): Promise<Checkpoint | null> {
  let text: string;
  try {
    text = await readFile(join(dir, CHECKPOINT_FILE), 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CheckpointError(
      `readCheckpoint: cannot read ${join(dir, CHECKPOINT_FILE)}`,
      { dir, file: CHECKPOINT_FILE },
      { cause },
    );
  }
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(text) as CheckpointManifest;
  } catch (cause) {
    throw new CheckpointError(
      `readCheckpoint: ${join(dir, CHECKPOINT_FILE)} is not valid JSON`,
      { dir, file: CHECKPOINT_FILE },
      { cause },
    );
  }
  if (manifest?.format !== CHECKPOINT_FORMAT || manifest.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(
      `readCheckpoint: ${join(dir, CHECKPOINT_FILE)} has format ${String(manifest?.format)} version ${String(manifest?.version)}, expected ${CHECKPOINT_FORMAT} version ${CHECKPOINT_VERSION}`,
      { dir, file: CHECKPOINT_FILE, field: 'format' },
    );
  }
  const checked = checkSchema(
    checkpointManifestSchema,
    manifest,
    { caller: 'readCheckpoint', file: join(dir, CHECKPOINT_FILE) },
    {
      error: (message, details) => new CheckpointError(message, { ...details, dir, file: CHECKPOINT_FILE }),
    },
  );
  // The trainer's own state type: its shape was checked above, its values are the trainer's.
  manifest = { ...checked, state: manifest.state };
  const file = manifest.weightsFile;
  if (typeof file !== 'string' || !WEIGHTS_FILE_PATTERN.test(file)) {
    throw new CheckpointError(`readCheckpoint: bad tensor file name ${JSON.stringify(file)}`, {
      dir,
      file: CHECKPOINT_FILE,
      field: 'weightsFile',
    });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, file));
  } catch (cause) {
    throw new CheckpointError(`readCheckpoint: cannot read ${join(dir, file)}`, { dir, file }, { cause });
  }
  if (bytes.length !== manifest.bytes) {
    throw new CheckpointError(
      `readCheckpoint: ${join(dir, file)} has ${bytes.length} bytes, expected ${manifest.bytes}`,
      {
        dir,
        file,
        expected: manifest.bytes,
        actual: bytes.length,
      },
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== manifest.sha256) {
    throw new CheckpointError(`readCheckpoint: ${join(dir, file)} fails its SHA-256 check`, {
      dir,
      file,
      expected: manifest.sha256,
      actual: sha256,
    });
  }
  const all = new Float32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < all.length; i++) all[i] = view.getFloat32(4 * i, true);
  const slice = (e: TensorEntry, i: number): Float32Array => {
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (size !== e.length || e.offset < 0 || e.offset + e.length > all.length) {
      throw new CheckpointError(
        `readCheckpoint: tensor entry ${i} (shape ${JSON.stringify(e.shape)}) does not fit ${file}`,
        {
          dir,
          file: CHECKPOINT_FILE,
          index: i,
        },
      );
    }
    return all.slice(e.offset, e.offset + e.length);
  };
  return {
    state: manifest.state,
    weights: manifest.weights.map(slice),
    velocities: manifest.velocities.map((e, i) => slice(e, manifest.weights.length + i)),
    weightShapes: manifest.weights.map((e) => e.shape),
    velocityShapes: manifest.velocities.map((e) => e.shape),
  };
}
