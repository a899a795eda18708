/**
 * Training-step benchmark: `npm run bench -- train [--steps 7] [--warmup 2] [--batch 128] [--threads 1,2]
 * [--rounds 3] [--cpu-batch 8] [--cpu-steps 2] [--no-cpu] [--no-webgpu] [--webgpu-software] [--no-torch]
 * [--models cnn,mlp1x512] [--profile]`.
 *
 * One step = forward + backward + SGD-momentum update (lr 0.01, momentum 0.9) of the replication CNN and
 * MLP 1x512 on a fixed random MNIST-shaped batch (28×28×1, 10 classes); each step ends with an asynchronous
 * read of the loss (`await loss.data()`, the only read webgpu supports in Node). For each backend available here it
 * prints the median step time over the timed steps (after warm-up), the time per image, and the ratios. wasm and
 * PyTorch run in `--rounds` alternating rounds (the ratio to PyTorch is the median of the per-round ratios):
 * - against tfjs's stock 'cpu' backend, measured in the same run on a small batch (`--cpu-batch`, default 8:
 *   a full batch of the CNN takes minutes there) — per-image cost is what is compared;
 * - against PyTorch on the CPU with the same thread count, when Debian's `python3` can `import torch`
 *   (`apt-get install -y python3-torch libopenblas0-openmp`; bench/torch_train.py defines the same models).
 * Goals (issue 5): CNN ≤ 2× PyTorch's time per image, MLP 1x512 ≤ 3×. The webgpu row (issue 8) appears when
 * `webgpu` is installed and Dawn finds a hardware adapter (a software one, e.g. lavapipe, with `--webgpu-software`,
 * on the stock cpu's small batch).
 *
 * The machine is shared: run it alone (`flock /tmp/rethink-heavy.lock npm run bench -- train`) and read the
 * medians; `--profile` adds the kernels that dominate a wasm step.
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timeRuns } from './_stats.ts';
import { formatBackendInfo, selectBackend } from 'rethink/train';
import type { BackendInfo } from 'rethink/core';
import { buildModel } from 'rethink/train';

const here = dirname(fileURLToPath(import.meta.url));
const SHAPE: [number, number, number] = [28, 28, 1];
const CLASSES = 10;
const GOALS: Record<string, number> = { cnn: 2, mlp1x512: 3 };

interface Options {
  steps: number;
  warmup: number;
  batch: number;
  threads: number[];
  cpuBatch: number;
  cpuSteps: number;
  cpu: boolean;
  webgpu: boolean;
  webgpuSoftware: boolean;
  torch: boolean;
  models: string[];
  profile: boolean;
  rounds: number;
}

function parseArgs(args: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const int = (name: string, fallback: number): number => {
    const raw = value(name);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`train bench: --${name} must be a positive integer, got ${raw}`);
    return n;
  };
  const cores = Math.min(availableParallelism(), 8);
  const threads = (value('threads') ?? [...new Set([1, cores])].join(',')).split(',').map(Number);
  if (threads.some((t) => !Number.isInteger(t) || t < 1 || t > 8))
    throw new Error(`train bench: --threads must list integers 1–8`);
  return {
    steps: int('steps', 7),
    warmup: int('warmup', 2),
    batch: int('batch', 128),
    threads,
    cpuBatch: int('cpu-batch', 8),
    cpuSteps: int('cpu-steps', 2),
    cpu: !args.includes('--no-cpu'),
    webgpu: !args.includes('--no-webgpu'),
    webgpuSoftware: args.includes('--webgpu-software'),
    torch: !args.includes('--no-torch'),
    models: (value('models') ?? 'cnn,mlp1x512').split(','),
    profile: args.includes('--profile'),
    rounds: int('rounds', 3),
  };
}

interface Row {
  model: string;
  backend: string;
  threads: number;
  batch: number;
  stepMs: number;
  imageMs: number;
  steps: number;
  /** Every timed step (ms). */
  times?: number[];
  /** Per-round medians (wasm and PyTorch rows: one per round), for the paired ratios. */
  rounds?: number[];
}

/**
 * One training step's closure for `model` on the active backend, with its fixed batch. The step ends by reading
 * the loss asynchronously (the only read the webgpu backend supports in Node), which waits for the device.
 */
function makeStep(model: tf.LayersModel, batch: number): { step: () => Promise<void>; dispose: () => void } {
  const x = tf.randomUniform([batch, ...SHAPE], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([batch], 0, CLASSES, 'int32', 2) as tf.Tensor1D, CLASSES);
  const optimizer = tf.train.momentum(0.01, 0.9);
  const step = async (): Promise<void> => {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      true,
    );
    await loss?.data();
    loss?.dispose();
  };
  return { step, dispose: () => tf.dispose([x, y, optimizer as unknown as tf.Tensor]) };
}

async function timeTfjs(
  model: string,
  backendLabel: string,
  info: BackendInfo,
  batch: number,
  warmup: number,
  steps: number,
  profile: boolean,
): Promise<Row> {
  const net = buildModel(model, SHAPE, CLASSES, { seed: 1 });
  const { step, dispose } = makeStep(net, batch);
  const times = await timeRuns(step, steps, warmup);
  if (profile) {
    const result = await tf.profile(() => step());
    const byKernel = new Map<string, number>();
    for (const k of result.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
    const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
    const top = [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(
      `  profile ${model} on ${backendLabel} (${info.threads} threads), one step: ${total.toFixed(0)} ms in kernels`,
    );
    // (on webgpu the kernel times are GPU timestamps when the adapter offers 'timestamp-query', else 0)
    for (const [name, ms] of top)
      console.log(
        `    ${name.padEnd(22)} ${ms.toFixed(1).padStart(8)} ms  ${((100 * ms) / total).toFixed(0).padStart(3)}%`,
      );
  }
  dispose();
  net.dispose();
  const stepMs = median(times);
  return { model, backend: backendLabel, threads: info.threads, batch, stepMs, imageMs: stepMs / batch, steps, times };
}

/** Debian's interpreter (the one `apt-get install python3-torch` serves), or undefined without torch. */
function torchPython(): { python: string; env: NodeJS.ProcessEnv } | undefined {
  try {
    const path = execFileSync('getconf', ['PATH'], { encoding: 'utf8' }).trim();
    const env = { ...process.env, PATH: path };
    const probe = spawnSync('python3', ['-c', 'import torch'], { env, encoding: 'utf8' });
    return probe.status === 0 ? { python: 'python3', env } : undefined;
  } catch {
    return undefined;
  }
}

function timeTorch(py: { python: string; env: NodeJS.ProcessEnv }, model: string, threads: number, o: Options): Row {
  const run = spawnSync(
    py.python,
    [
      join(here, 'torch_train.py'),
      '--model',
      model,
      '--batch',
      String(o.batch),
      '--steps',
      String(o.steps),
      '--warmup',
      String(o.warmup),
      '--threads',
      String(threads),
    ],
    { env: py.env, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`torch_train.py failed: ${run.stderr.split('\n').slice(-3).join(' ')}`);
  const out = JSON.parse(run.stdout.trim().split('\n').pop() as string) as {
    times_ms: number[];
    threads: number;
    torch: string;
  };
  const stepMs = median(out.times_ms);
  return {
    model,
    backend: `pytorch ${out.torch}`,
    threads: out.threads,
    batch: o.batch,
    stepMs,
    imageMs: stepMs / o.batch,
    steps: out.times_ms.length,
    times: out.times_ms,
  };
}

/**
 * Per-image time of `row` over PyTorch's: the median of the per-round ratios when both were timed in the same
 * rounds (paired, so a load change during one round cancels), else the ratio of the overall medians.
 */
function torchRatio(row: Row, torch: Row): number {
  const a = row.rounds ?? [];
  const b = torch.rounds ?? [];
  if (a.length > 0 && a.length === b.length)
    return median(a.map((ms, i) => ms / row.batch / ((b[i] as number) / torch.batch)));
  return row.imageMs / torch.imageMs;
}

function fmt(n: number, digits = 3): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(digits);
}

export default async function trainBench(args: string[]): Promise<void> {
  const o = parseArgs(args);
  const rows: Row[] = [];
  const py = o.torch ? torchPython() : undefined;
  console.log(
    `train bench: batch ${o.batch}, ${o.rounds} rounds of ${o.warmup} warm-up + ${o.steps} timed steps (median), wasm and PyTorch alternating; stock cpu: batch ${o.cpuBatch}, 1 + ${o.cpuSteps} steps`,
  );
  console.log(
    py
      ? 'pytorch: available (Debian python3)'
      : 'pytorch: not available (apt-get install -y python3-torch libopenblas0-openmp)',
  );

  // tensorflow (tfjs-node / -gpu), when installed.
  try {
    const info = await selectBackend({ backend: 'tensorflow', env: {} });
    console.log(formatBackendInfo(info));
    for (const model of o.models)
      rows.push(
        await timeTfjs(model, `tensorflow (${info.package.slice(12)})`, info, o.batch, o.warmup, o.steps, o.profile),
      );
  } catch (error) {
    console.log(`tensorflow: skipped (${(error as Error).message.split('\n')[0]})`);
  }
  // webgpu (Dawn, the optional `webgpu` package) on a GPU; a software adapter only with --webgpu-software.
  if (o.webgpu) {
    try {
      const info = await selectBackend({ backend: 'webgpu', env: {} });
      const software = info.adapter?.software === true;
      console.log(formatBackendInfo(info));
      if (software && !o.webgpuSoftware) {
        console.log(
          'webgpu: skipped (a software adapter: correctness only; --webgpu-software times it on the stock cpu batch)',
        );
      } else {
        const label = `webgpu${software ? ' (software)' : ''}`;
        const [batch, warmup, steps] = software ? [o.cpuBatch, 1, o.cpuSteps] : [o.batch, o.warmup, o.steps];
        for (const model of o.models) rows.push(await timeTfjs(model, label, info, batch, warmup, steps, o.profile));
      }
    } catch (error) {
      console.log(`webgpu: skipped (${(error as Error).message.split('\n')[0]})`);
    }
  }
  if (o.cpu) {
    const info = await selectBackend({ backend: 'cpu', env: {} });
    console.log(formatBackendInfo(info));
    for (const model of o.models)
      rows.push(await timeTfjs(model, 'cpu (stock)', info, o.cpuBatch, 1, o.cpuSteps, false));
  }
  // wasm and PyTorch alternate, round by round: on a shared machine a load change then hits both sides of a
  // ratio alike. Each round times `steps` steps of every configuration; a row's step time is the median of all its
  // timed steps, and its ratio to PyTorch the median of the per-round ratios (paired by round).
  const pooled = new Map<string, { row: Row; times: number[]; rounds: number[] }>();
  const add = (row: Row): void => {
    const key = `${row.backend}|${row.threads}|${row.model}`;
    const seen = pooled.get(key) ?? { row, times: [], rounds: [] };
    seen.times.push(...(row.times ?? []));
    seen.rounds.push(row.stepMs);
    pooled.set(key, seen);
  };
  for (let round = 0; round < o.rounds; round++) {
    for (const threads of o.threads) {
      const info = await selectBackend({ backend: 'wasm', threads, env: {} });
      if (round === 0) console.log(formatBackendInfo(info));
      const profile = o.profile && round === 0 && threads === Math.max(...o.threads);
      for (const model of o.models)
        add(await timeTfjs(model, `wasm ${info.wasmVariant}`, info, o.batch, o.warmup, o.steps, profile));
    }
    if (py !== undefined)
      for (const threads of o.threads) for (const model of o.models) add(timeTorch(py, model, threads, o));
    console.log(`round ${round + 1}/${o.rounds} done`);
  }
  for (const { row, times, rounds } of pooled.values()) {
    const stepMs = median(times);
    rows.push({ ...row, stepMs, imageMs: stepMs / row.batch, steps: times.length, times, rounds });
  }
  console.log('');
  console.log(
    '| model | backend | threads | batch | step ms (median) | ms / image | vs stock cpu | vs PyTorch (same threads) |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const cpu = rows.find((c) => c.model === r.model && c.backend === 'cpu (stock)');
    const torch = rows.find((c) => c.model === r.model && c.backend.startsWith('pytorch') && c.threads === r.threads);
    const vsCpu = cpu && r !== cpu ? `${fmt(cpu.imageMs / r.imageMs, 1)}× faster` : '–';
    const vsTorch =
      torch && r !== torch && !r.backend.startsWith('pytorch') ? `${fmt(torchRatio(r, torch), 2)}× its time` : '–';
    console.log(
      `| ${r.model} | ${r.backend} | ${r.threads} | ${r.batch} | ${fmt(r.stepMs)} | ${fmt(r.imageMs)} | ${vsCpu} | ${vsTorch} |`,
    );
  }
  for (const model of o.models) {
    const goal = GOALS[model];
    if (goal === undefined) continue;
    for (const row of rows.filter((r) => r.model === model && r.backend.startsWith('wasm'))) {
      const torch = rows.find((r) => r.model === model && r.backend.startsWith('pytorch') && r.threads === row.threads);
      if (torch === undefined) continue;
      const ratio = torchRatio(row, torch);
      console.log(
        `goal ${model}: ≤ ${goal}× PyTorch per image — ${row.backend} (${row.threads} threads) ${fmt(ratio, 2)}× PyTorch (${torch.threads} threads): ${ratio <= goal ? 'met' : 'not met'}`,
      );
    }
  }
  console.log(`json ${JSON.stringify(rows.map(({ times: _times, ...row }) => row))}`);
}
