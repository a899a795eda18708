import { readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECKPOINT_FILE, TMP_FILE_PATTERN, WEIGHTS_FILE_PATTERN } from './_checkpoint-format.ts';

/**
 * Removes the checkpoint in `dir` that {@link writeCheckpoint} wrote — `checkpoint.json`, its tensor files and
 * temporary files of interrupted writes — and then `dir` itself if nothing else is left in it. Files it did not
 * write are never touched (so is a folder that holds them). A missing `dir` is fine.
 *
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { removeCheckpoint, writeCheckpoint } from 'rethink/train';
 * const dir = join(mkdtempSync(join(tmpdir(), 'rethink-')), 'ckpt');
 * await writeCheckpoint(dir, { state: { config: {} as never, epoch: 1, steps: 1, history: [], rng: { shuffle: { words: [1, 2, 3, 4], spare: null }, crop: { words: [1, 2, 3, 4], spare: null } }, stoppedBy: null }, weights: [Float32Array.of(1)], velocities: [], weightShapes: [[1]], velocityShapes: [] });
 * writeFileSync(join(dir, 'notes.txt'), 'mine');
 * await removeCheckpoint(dir);
 * console.log(readdirSync(dir)); // [ 'notes.txt' ]
 * ```
 */
export async function removeCheckpoint(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of names) {
    if (name === CHECKPOINT_FILE || WEIGHTS_FILE_PATTERN.test(name) || TMP_FILE_PATTERN.test(name)) {
      await rm(join(dir, name), { force: true });
    }
  }
  await rmdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST' && error.code !== 'ENOENT') throw error;
  });
}
