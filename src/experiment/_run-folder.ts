/**
 * Internal: the rules every run folder follows, whatever its layout.
 *
 * - A folder is a run of this project when it holds a `plan.json` (or, written before plans, a `config.json`) that
 *   reads as one; an empty or missing
 *   folder becomes one. Any other folder (not empty, no valid `config.json`) is refused before anything in it is
 *   touched, and a path that is a file is refused as such.
 * - One process writes a run folder at a time: the writer holds `.rethink-lock` (its pid, host and start time),
 *   created exclusively. A lock whose process is gone (same host, no such pid) is stale and taken over, so a
 *   killed run can be resumed; a live one refuses the second writer.
 */
import { hostname } from 'node:os';
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkSchema, PLAN_FILES, resolvedPlanSchema, RUN_FILES } from 'rethink/core';
import { readConfig } from 'rethink/report';
import { ExperimentError } from './errors.ts';
import { parseLockHolder, processAlive } from './_process-lock.ts';

/**
 * Checks that `runDir` may be used as a run folder, creating it when missing. Says whether it already holds a run
 * of this project (to resume) and whether this call created it (so that a run failing before it wrote anything
 * can remove the folder again).
 */
export async function claimRunFolder(
  runDir: string,
): Promise<{ readonly resuming: boolean; readonly created: boolean }> {
  let isDir: boolean;
  try {
    isDir = (await stat(runDir)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      throw new ExperimentError(`reproduce: --out ${runDir}: cannot use it (${code ?? String(error)})`, {
        dir: runDir,
        flag: '--out',
        reason: code,
      });
    }
    await mkdir(runDir, { recursive: true });
    return { resuming: false, created: true };
  }
  if (!isDir) {
    throw new ExperimentError(`reproduce: --out ${runDir} is a file, not a folder; name a new or empty folder`, {
      dir: runDir,
      flag: '--out',
      reason: 'not-a-folder',
    });
  }
  const entries = (await readdir(runDir)).filter((name) => name !== RUN_FILES.lock);
  if (entries.length === 0) return { resuming: false, created: false };
  const foreign = () =>
    new ExperimentError(
      `reproduce: --out ${runDir} is not empty and is not a rethink run (it has ${entries
        .slice(0, 3)
        .join(
          ', ',
        )}${entries.length > 3 ? ', …' : ''} but no valid ${PLAN_FILES.plan}); nothing in it was touched — name a new or empty folder`,
      { dir: runDir, flag: '--out', reason: 'foreign-folder', entries: entries.slice(0, 20) },
    );
  const isPlan = entries.includes(PLAN_FILES.plan);
  if (!isPlan && !entries.includes(RUN_FILES.config)) throw foreign();
  try {
    if (isPlan) {
      const file = join(runDir, PLAN_FILES.plan);
      checkSchema(resolvedPlanSchema, JSON.parse(await readFile(file, 'utf8')), { caller: 'reproduce', file });
    } else {
      await readConfig(runDir);
    }
  } catch (cause) {
    throw Object.assign(foreign(), { cause });
  }
  return { resuming: true, created: false };
}

/**
 * Takes the run folder's lock for this process; returns the function that releases it. A live writer on this host
 * refuses the lock (naming its pid); a stale lock (its process gone) is taken over.
 */
export async function lockRunFolder(runDir: string): Promise<() => Promise<void>> {
  const file = join(runDir, RUN_FILES.lock);
  const mine = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify(mine)}\n`);
      } finally {
        await handle.close();
      }
      return async () => {
        const text = await readFile(file, 'utf8').catch(() => '');
        if (text.includes(`"pid":${mine.pid},`)) await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const text = await readFile(file, 'utf8').catch(() => '');
    // A lock cut short by a crash between create and write has no holder: it is stale.
    const holder = parseLockHolder(text);
    if (holder !== null && holder.pid !== process.pid && (holder.host !== mine.host || processAlive(holder.pid))) {
      throw new ExperimentError(
        holder.host === mine.host
          ? `reproduce: ${runDir} is being written by another rethink process (pid ${holder.pid}, since ${holder.startedAt}); wait for it to finish or stop it — a killed run resumes`
          : `reproduce: ${runDir} is locked by a rethink process on host ${holder.host} (pid ${holder.pid}, since ${holder.startedAt}); if that process is gone, delete ${file}`,
        { dir: runDir, reason: 'locked', pid: holder.pid, host: holder.host },
      );
    }
    await rm(file, { force: true });
  }
  throw new ExperimentError(`reproduce: cannot take the lock ${file}`, { dir: runDir, reason: 'locked' });
}
