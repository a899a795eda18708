/**
 * `npm run bench -- data`: the data loaders against plain file reads of the same bytes.
 *
 * 1. CIFAR-10-sized split: 50,000 records (5 files of 10,000, 153.65 MB) written in CIFAR binary form to a
 *    temporary directory; `readCifarFiles` (decode to channels-last uint8) against `fs.promises.readFile` of
 *    the same five files, run alternately in this process; medians of several runs and their ratio
 *    (goal ≤ 3×).
 * 2. The same two, cold: each in a fresh child process, where every page of the result is new (in-process
 *    repeats let malloc hand `readFile` back its previous 30 MB buffers, while a 154 MB result is always
 *    fresh memory).
 *    Peak RSS of loading that split, measured in those fresh child processes (so nothing else is on the heap):
 *    the peak (VmHWM) and the growth over the RSS before loading, each relative to the
 *    raw bytes (goal ≤ 1.5×); a child that only `readFile`s the same bytes is the baseline.
 * 3. The bundled default, cold (in fresh child processes, as on every `npm start`): `loadBundledMnist()`
 *    against `readFile` of the package's ten JSON files.
 *
 * Arguments: `--runs N` (default 5).
 */
import { randomFillSync } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadBundledMnist, readCifarFiles } from 'rethink/data';
import { digitsDir } from '../src/data/_mnist-digits.ts';
import { median } from './_stats.ts';

const RECORDS_PER_FILE = 10_000;
const FILES = 5;
const RECORD = 3073;
const here = fileURLToPath(import.meta.url);

async function writeSplit(dir: string): Promise<string[]> {
  const paths: string[] = [];
  for (let f = 0; f < FILES; f++) {
    const bytes = Buffer.allocUnsafe(RECORDS_PER_FILE * RECORD);
    randomFillSync(bytes);
    for (let r = 0; r < RECORDS_PER_FILE; r++) bytes[r * RECORD] = (bytes[r * RECORD] as number) % 10;
    const path = join(dir, `data_batch_${f + 1}.bin`);
    await writeFile(path, bytes);
    paths.push(path);
  }
  return paths;
}

interface ChildReport {
  readonly baselineRss: number;
  readonly peakRss: number;
  readonly ms: number;
  readonly baselineMs?: number;
}

/** Runs this file in a fresh Node process in child mode and parses its JSON report. */
async function child(mode: string, args: string[]): Promise<ChildReport> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', here, '--child', mode, ...args], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as ChildReport;
}

/**
 * Peak RSS of this process in bytes: VmHWM of /proc/self/status on Linux (`resourceUsage().maxRSS` would
 * include the parent's RSS at fork time, which Linux carries across exec), else maxRSS.
 */
function peakRss(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

async function childMain(mode: string, args: string[]): Promise<void> {
  const baselineRss = process.memoryUsage().rss;
  const start = performance.now();
  let keep: unknown;
  let baselineMs: number | undefined;
  if (mode === 'cifar') keep = await readCifarFiles(args);
  else if (mode === 'readfile') keep = await Promise.all(args.map((p) => readFile(p)));
  else {
    const dir = digitsDir();
    const t = performance.now();
    await Promise.all(Array.from({ length: 10 }, (_, d) => readFile(join(dir, `${d}.json`))));
    baselineMs = performance.now() - t;
    const s = performance.now();
    keep = await loadBundledMnist();
    const ms = performance.now() - s;
    process.stdout.write(JSON.stringify({ baselineRss, peakRss: peakRss(), ms, baselineMs }));
    return;
  }
  const ms = performance.now() - start;
  void keep;
  process.stdout.write(JSON.stringify({ baselineRss, peakRss: peakRss(), ms }));
}

/** A full garbage collection (V8's gc, exposed at run time). */
const collect: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export default async function bench(args: string[]): Promise<void> {
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
  const dir = await mkdtemp(join(tmpdir(), 'rethink-bench-data-'));
  try {
    const paths = await writeSplit(dir);
    const raw = FILES * RECORDS_PER_FILE * RECORD;
    const pixels = FILES * RECORDS_PER_FILE * 3072;
    console.log(
      `CIFAR-10-sized split: ${FILES * RECORDS_PER_FILE} records, ${mb(raw)} in ${FILES} files (${runs} runs each, alternating)`,
    );

    const read: number[] = [];
    const load: number[] = [];
    const time = async (fn: () => Promise<unknown>) => {
      collect(); // start every run from a collected heap, so no run pays for the garbage of the previous one
      const s = performance.now();
      await fn();
      return performance.now() - s;
    };
    await time(() => Promise.all(paths.map((p) => readFile(p)))); // warm the page cache
    await time(() => readCifarFiles(paths)); // and the JIT
    for (let i = 0; i < runs; i++) {
      read.push(
        await time(async () => {
          for (const p of paths) await readFile(p);
        }),
      );
      load.push(await time(() => readCifarFiles(paths)));
    }
    const r = median(read);
    const l = median(load);
    console.log(`  fs.readFile (baseline)   median ${r.toFixed(1)} ms  (${mb(raw / (r / 1000))}/s)`);
    console.log(`  readCifarFiles           median ${l.toFixed(1)} ms  ratio ${(l / r).toFixed(2)}× (goal ≤ 3×)`);

    const cifar: ChildReport[] = [];
    const base: ChildReport[] = [];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      cifar.push(await child('cifar', paths));
      base.push(await child('readfile', paths));
    }
    const coldLoad = median(cifar.map((c) => c.ms));
    const coldRead = median(base.map((c) => c.ms));
    console.log(
      `Cold, in fresh processes (medians of ${cifar.length}; here every page of the result is new to the process):`,
    );
    console.log(
      `  fs.readFile ${coldRead.toFixed(1)} ms, readCifarFiles ${coldLoad.toFixed(1)} ms: ratio ${(coldLoad / coldRead).toFixed(2)}×`,
    );
    const peak = median(cifar.map((c) => c.peakRss));
    const growth = median(cifar.map((c) => c.peakRss - c.baselineRss));
    const basePeak = median(base.map((c) => c.peakRss));
    const baseGrowth = median(base.map((c) => c.peakRss - c.baselineRss));
    console.log(
      `Peak RSS loading the split in a fresh process (medians of ${cifar.length}; raw bytes ${mb(raw)}, decoded pixels ${mb(pixels)}):`,
    );
    console.log(
      `  readCifarFiles  peak ${mb(peak)} = ${(peak / raw).toFixed(2)}× raw (goal ≤ 1.5×); growth over the process's ${mb(median(cifar.map((c) => c.baselineRss)))} before loading ${mb(growth)} = ${(growth / raw).toFixed(2)}× raw`,
    );
    console.log(
      `  readFile only   peak ${mb(basePeak)} = ${(basePeak / raw).toFixed(2)}× raw; growth ${mb(baseGrowth)} = ${(baseGrowth / raw).toFixed(2)}× raw`,
    );

    const bundled: ChildReport[] = [];
    for (let i = 0; i < runs; i++) bundled.push(await child('bundled', []));
    const bundledLoad = median(bundled.map((b) => b.ms));
    const bundledRead = median(bundled.map((b) => b.baselineMs ?? NaN));
    console.log(`Bundled default, cold in a fresh process (medians of ${runs}):`);
    console.log(`  readFile of the 10 JSON files (21.4 MB)  ${bundledRead.toFixed(1)} ms`);
    console.log(
      `  loadBundledMnist() (decode + 8,000/2,000 split)  ${bundledLoad.toFixed(1)} ms  ratio ${(bundledLoad / bundledRead).toFixed(1)}×; peak RSS ${mb(median(bundled.map((b) => b.peakRss)))}`,
    );
    await loadBundledMnist(); // decode once in this process
    const warmRuns: number[] = [];
    for (let i = 0; i < runs; i++) warmRuns.push(await time(() => loadBundledMnist()));
    const warm = median(warmRuns);
    console.log(
      `  warm (the package is decoded once per process; this is the seeded split alone): ${warm.toFixed(1)} ms`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await childMain(process.argv[3] as string, process.argv.slice(4));
