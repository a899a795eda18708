import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { checkSchema, writeAtomic } from 'rethink/core';

const versionSchema = z.looseObject({ version: z.string() });
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

let versions: Promise<Record<string, string>> | undefined;

/** @internal The project's own version and the versions of the packages a run depends on (read once a process). */
export function packageVersions(): Promise<Record<string, string>> {
  versions ??= readVersions();
  return versions;
}

async function readVersions(): Promise<Record<string, string>> {
  const read = async (path: string): Promise<string> => {
    try {
      const file = fileURLToPath(new URL(path, import.meta.url));
      return checkSchema(versionSchema, JSON.parse(await readFile(file, 'utf8')), { caller: 'packageVersions', file })
        .version;
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
