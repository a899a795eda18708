import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { writeAtomic } from 'rethink/core';
import { join } from 'node:path';
import { CheckpointError } from './errors.ts';
import {
  CHECKPOINT_FILE,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  TMP_FILE_PATTERN,
  WEIGHTS_FILE_PATTERN,
  weightsFileName,
} from './_checkpoint-format.ts';
import type { CheckpointManifest, TensorEntry } from './_checkpoint-format.ts';
import type { Checkpoint } from './types.ts';

/**
 * Writes a checkpoint into `dir` (created if missing) atomically: the tensors go to `weights-<epoch>.bin` and the
 * state to `checkpoint.json`, each written to a temporary file, flushed to disk and renamed into place; the
 * rename of `checkpoint.json` is the commit point, and it names its tensor file and that file's SHA-256. A crash
 * at any moment leaves either the previous checkpoint or the new one, never a mixture. After the commit, older
 * tensor files and stray temporary files are removed. Tensors are stored as little-endian float32.
 * Throws {@link CheckpointError} (with the file at fault) when a write fails; the previous checkpoint then stays.
 *
 * @example
 * ```ts
 * import { readCheckpoint, writeCheckpoint } from 'rethink/train';
 * // Copy the checkpoint trainModel left in runs/a (each epoch's is written the same way).
 * const checkpoint = await readCheckpoint('runs/a');
 * if (checkpoint) await writeCheckpoint('runs/a-copy', checkpoint);
 * ```
 */
export async function writeCheckpoint(dir: string, checkpoint: Checkpoint): Promise<void> {
  const { state, weights, velocities, weightShapes, velocityShapes } = checkpoint;
  const lengths = [...weights, ...velocities].map((t) => t.length);
  const total = lengths.reduce((a, b) => a + b, 0);
  const data = new Float32Array(total);
  const entries: TensorEntry[] = [];
  let offset = 0;
  const shapes = [...weightShapes, ...velocityShapes];
  for (const [i, t] of [...weights, ...velocities].entries()) {
    const shape = shapes[i] ?? [t.length];
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== t.length) {
      throw new CheckpointError(
        `writeCheckpoint: tensor ${i} has ${t.length} values but shape ${JSON.stringify(shape)}`,
        {
          dir,
          index: i,
          shape,
          length: t.length,
        },
      );
    }
    data.set(t, offset);
    entries.push({ shape: [...shape], offset, length: t.length });
    offset += t.length;
  }
  const bytes = littleEndianBytes(data);
  const weightsFile = weightsFileName(state.epoch);
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    weightsFile,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    weights: entries.slice(0, weights.length),
    velocities: entries.slice(weights.length),
    state,
  };
  try {
    await mkdir(dir, { recursive: true });
  } catch (cause) {
    throw new CheckpointError(`writeCheckpoint: cannot create directory ${dir}`, { dir }, { cause });
  }
  await writeCheckpointFile(dir, weightsFile, bytes);
  await writeCheckpointFile(dir, CHECKPOINT_FILE, Buffer.from(JSON.stringify(manifest), 'utf8'));
  await syncDir(dir);
  await removeStale(dir, weightsFile);
}

/** The bytes of `data` as little-endian float32 (a view when the platform is little-endian). */
function littleEndianBytes(data: Float32Array): Buffer {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) return bytes;
  const copy = Buffer.from(bytes);
  copy.swap32();
  return copy;
}

async function writeCheckpointFile(dir: string, name: string, bytes: Uint8Array): Promise<void> {
  await writeAtomic('writeCheckpoint', join(dir, name), bytes, {
    error: (message, details, cause) => new CheckpointError(message, { ...details, dir, file: name }, { cause }),
  });
}

/** Flushes the directory entry changes (renames) where the platform allows it. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported on every platform (e.g. Windows); the renames are still atomic.
  }
}

/** Removes tensor files other than `keep` and temporary files left by interrupted writes. */
async function removeStale(dir: string, keep: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const stale = (WEIGHTS_FILE_PATTERN.test(name) && name !== keep) || TMP_FILE_PATTERN.test(name);
    if (stale) await rm(join(dir, name), { force: true, recursive: true }).catch(() => undefined);
  }
}
