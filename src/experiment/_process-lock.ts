/**
 * Internal: who holds a lock (a run folder's, a cell's, a run's coordinator lock in Redis) and whether that process
 * is still alive — one home for what the three locks share.
 */
import { z } from 'zod';

/** A lock's holder as written into the lock: its process id and host (and since when). */
export const lockHolderSchema = z.object({
  pid: z.int(),
  host: z.string(),
  startedAt: z.string().optional(),
});
/** See {@link lockHolderSchema}. */
export type LockHolder = z.infer<typeof lockHolderSchema>;

/** The holder written in a lock's text, or null when the text is not one (empty, cut short by a crash). */
export function parseLockHolder(text: string | null): LockHolder | null {
  if (text === null) return null;
  try {
    const parsed = lockHolderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** True when a process with this pid exists on this host (one owned by another user counts). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
