import { readFile, rm } from 'node:fs/promises';
import { writeAtomic } from 'rethink/core';
import { join } from 'node:path';
import { RUN_FILES } from 'rethink/core';
import type { MetricRecord } from 'rethink/core';

/**
 * @internal Rewrites `metrics.jsonl` atomically (temporary file, then rename) with `records`, one JSON object a
 * line, as `appendMetric` writes them. Used when resuming, to make the file agree with the checkpoint.
 */
export async function rewriteMetrics(runDir: string, records: readonly MetricRecord[]): Promise<void> {
  await writeAtomic(
    'reproduce',
    join(runDir, RUN_FILES.metrics),
    records.map((r) => `${JSON.stringify(r)}\n`).join(''),
  );
}

/** @internal Removes a directory tree if present. */
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** @internal The project's own version and the versions of the packages a run depends on. */
export async function packageVersions(): Promise<Record<string, string>> {
  const read = async (path: string): Promise<string> => {
    try {
      return (JSON.parse(await readFile(new URL(path, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    rethink: await read('../../package.json'),
    node: process.version,
    '@tensorflow/tfjs': await read('../../node_modules/@tensorflow/tfjs/package.json'),
    'fast-check': await read('../../node_modules/fast-check/package.json'),
    mathjs: await read('../../node_modules/mathjs/package.json'),
  };
}
