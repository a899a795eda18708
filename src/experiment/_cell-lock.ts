/**
 * Internal: one worker trains a cell at a time. A queue can hand a cell to a second worker while the first still
 * trains it (Redis restarted and the job was enqueued again, or a lock expired under a long batch); the cell's
 * `.worker-lock` file — created exclusively, its mtime renewed while the cell trains — makes the second wait.
 * A lock whose process is gone (same host, no such pid) or that has not been renewed for `staleMs` is taken over.
 */
import { hostname } from 'node:os';
import { open, readFile, rm, stat, utimes, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { cellDir } from './_cell-files.ts';
import { parseLockHolder, processAlive } from './_process-lock.ts';

export const CELL_LOCK_FILE = '.worker-lock';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes the cell's lock, waiting while a live worker holds it; returns the release, or null when aborted. */
export async function lockCell(
  runDir: string,
  cellId: string,
  options: { signal?: AbortSignal; staleMs?: number; renewMs?: number } = {},
): Promise<(() => Promise<void>) | null> {
  const dir = cellDir(runDir, cellId);
  const file = join(dir, CELL_LOCK_FILE);
  const staleMs = options.staleMs ?? 60_000;
  const renewMs = options.renewMs ?? Math.max(1000, Math.floor(staleMs / 4));
  const mine = { pid: process.pid, host: hostname(), at: new Date().toISOString() };
  await mkdir(dir, { recursive: true });
  for (;;) {
    if (options.signal?.aborted) return null;
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify(mine)}\n`);
      } finally {
        await handle.close();
      }
      const timer = setInterval(() => {
        const now = new Date();
        void utimes(file, now, now).catch(() => undefined);
      }, renewMs);
      timer.unref();
      return async () => {
        clearInterval(timer);
        const text = await readFile(file, 'utf8').catch(() => '');
        if (text.includes(`"pid":${mine.pid},`) && text.includes(`"host":${JSON.stringify(mine.host)}`))
          await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let stale = false;
    try {
      const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
      const holder = parseLockHolder(text);
      if (holder === null) throw new Error('not a lock holder yet');
      stale = Date.now() - info.mtimeMs > staleMs || (holder.host === mine.host && !processAlive(holder.pid));
    } catch {
      // Gone meanwhile, or empty: being written right now, or cut short by a crash between create and write.
      const age = await stat(file).then(
        (info) => Date.now() - info.mtimeMs,
        () => Infinity,
      );
      stale = age > 5000;
      if (age === Infinity) continue;
    }
    if (stale) await rm(file, { force: true });
    else await sleep(500);
  }
}
