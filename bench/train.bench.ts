/**
 * Training-step benchmark: `npm run bench -- train [--steps 7] [--warmup 2] [--batch 128] [--threads 1,2]
 * [--cpu-batch 8] [--cpu-steps 2] [--no-cpu] [--no-torch] [--models cnn,mlp1x512] [--profile]`.
 *
 * One step = forward + backward + SGD-momentum update (lr 0.01, momentum 0.9) of the replication CNN and
 * MLP 1x512 on a fixed random MNIST-shaped batch (28×28×1, 10 classes). For each backend available here it
 * prints the median step time over the timed steps (after warm-up), the time per image, and the ratios:
 * - against tfjs's stock 'cpu' backend, measured in the same run on a small batch (`--cpu-batch`, default 8:
 *   a full batch of the CNN takes minutes there) — per-image cost is what is compared;
 * - against PyTorch on the CPU with the same thread count, when Debian's `python3` can `import torch`
 *   (`apt-get install -y python3-torch libopenblas0-openmp`; bench/torch_train.py defines the same models).
 * Goals (issue 5): CNN ≤ 2× PyTorch's time per image, MLP 1x512 ≤ 3×.
 *
 * The machine is shared: run it alone (`flock /tmp/rethink-bench.lock npm run bench -- train`) and read the
 * medians; `--profile` adds the kernels that dominate a wasm step.
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './_stats.ts';
import { formatBackendInfo, selectBackend } from '../src/train/backend/index.ts';
import type { BackendInfo } from '../src/train/backend/index.ts';
import { buildModel } from '../src/train/models/index.ts';

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
  torch: boolean;
  models: string[];
  profile: boolean;
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
  if (threads.some((t) => !Number.isInteger(t) || t < 1 || t > 8)) throw new Error(`train bench: --threads must list integers 1–8`);
  return {
    steps: int('steps', 7),
    warmup: int('warmup', 2),
    batch: int('batch', 128),
    threads,
    cpuBatch: int('cpu-batch', 8),
    cpuSteps: int('cpu-steps', 2),
    cpu: !args.includes('--no-cpu'),
    torch: !args.includes('--no-torch'),
    models: (value('models') ?? 'cnn,mlp1x512').split(','),
    profile: args.includes('--profile'),
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
}

/** One training step's closure for `model` on the active backend, with its fixed batch. */
function makeStep(model: tf.LayersModel, batch: number): { step: () => void; dispose: () => void } {
  const x = tf.randomUniform([batch, ...SHAPE], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([batch], 0, CLASSES, 'int32', 2) as tf.Tensor1D, CLASSES);
  const optimizer = tf.train.momentum(0.01, 0.9);
  const step = (): void => {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      true,
    );
    loss?.dataSync();
    loss?.dispose();
  };
  return { step, dispose: () => tf.dispose([x, y, optimizer as unknown as tf.Tensor]) };
}

async function timeTfjs(model: string, backendLabel: string, info: BackendInfo, batch: number, warmup: number, steps: number, profile: boolean): Promise<Row> {
  const net = buildModel(model, SHAPE, CLASSES, { seed: 1 });
  const { step, dispose } = makeStep(net, batch);
  for (let i = 0; i < warmup; i++) step();
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    step();
    times.push(performance.now() - start);
  }
  if (profile) {
    const result = await tf.profile(() => step());
    const byKernel = new Map<string, number>();
    for (const k of result.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
    const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
    const top = [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`  profile ${model} on ${backendLabel} (${info.threads} threads), one step: ${total.toFixed(0)} ms in kernels`);
    for (const [name, ms] of top) console.log(`    ${name.padEnd(22)} ${ms.toFixed(1).padStart(8)} ms  ${((100 * ms) / total).toFixed(0).padStart(3)}%`);
  }
  dispose();
  net.dispose();
  const stepMs = median(times);
  return { model, backend: backendLabel, threads: info.threads, batch, stepMs, imageMs: stepMs / batch, steps };
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
    [join(here, 'torch_train.py'), '--model', model, '--batch', String(o.batch), '--steps', String(o.steps), '--warmup', String(o.warmup), '--threads', String(threads)],
    { env: py.env, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`torch_train.py failed: ${run.stderr.split('\n').slice(-3).join(' ')}`);
  const out = JSON.parse(run.stdout.trim().split('\n').pop() as string) as { times_ms: number[]; threads: number; torch: string };
  const stepMs = median(out.times_ms);
  return { model, backend: `pytorch ${out.torch}`, threads: out.threads, batch: o.batch, stepMs, imageMs: stepMs / o.batch, steps: out.times_ms.length };
}

function fmt(n: number, digits = 3): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(digits);
}

export default async function trainBench(args: string[]): Promise<void> {
  const o = parseArgs(args);
  const rows: Row[] = [];
  const py = o.torch ? torchPython() : undefined;
  console.log(`train bench: batch ${o.batch}, ${o.warmup} warm-up + ${o.steps} timed steps (median); stock cpu: batch ${o.cpuBatch}, 1 + ${o.cpuSteps} steps`);
  console.log(py ? 'pytorch: available (Debian python3)' : 'pytorch: not available (apt-get install -y python3-torch libopenblas0-openmp)');

  // tensorflow (tfjs-node / -gpu), when installed.
  try {
    const info = await selectBackend({ backend: 'tensorflow', env: {} });
    console.log(formatBackendInfo(info));
    for (const model of o.models) rows.push(await timeTfjs(model, `tensorflow (${info.package.slice(12)})`, info, o.batch, o.warmup, o.steps, o.profile));
  } catch (error) {
    console.log(`tensorflow: skipped (${(error as Error).message.split('\n')[0]})`);
  }
  for (const threads of o.threads) {
    const info = await selectBackend({ backend: 'wasm', threads, env: {} });
    console.log(formatBackendInfo(info));
    for (const model of o.models) rows.push(await timeTfjs(model, `wasm ${info.wasmVariant}`, info, o.batch, o.warmup, o.steps, o.profile && threads === Math.max(...o.threads)));
  }
  if (o.cpu) {
    const info = await selectBackend({ backend: 'cpu', env: {} });
    console.log(formatBackendInfo(info));
    for (const model of o.models) rows.push(await timeTfjs(model, 'cpu (stock)', info, o.cpuBatch, 1, o.cpuSteps, false));
  }
  if (py !== undefined) {
    for (const threads of o.threads) for (const model of o.models) rows.push(timeTorch(py, model, threads, o));
  }

  console.log('');
  console.log('| model | backend | threads | batch | step ms (median) | ms / image | vs stock cpu | vs PyTorch (same threads) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const cpu = rows.find((c) => c.model === r.model && c.backend === 'cpu (stock)');
    const torch = rows.find((c) => c.model === r.model && c.backend.startsWith('pytorch') && c.threads === r.threads);
    const vsCpu = cpu && r !== cpu ? `${fmt(cpu.imageMs / r.imageMs, 1)}× faster` : '–';
    const vsTorch = torch && r !== torch && !r.backend.startsWith('pytorch') ? `${fmt(r.imageMs / torch.imageMs, 2)}× its time` : '–';
    console.log(`| ${r.model} | ${r.backend} | ${r.threads} | ${r.batch} | ${fmt(r.stepMs)} | ${fmt(r.imageMs)} | ${vsCpu} | ${vsTorch} |`);
  }
  for (const model of o.models) {
    const goal = GOALS[model];
    if (goal === undefined) continue;
    const best = rows.filter((r) => r.model === model && r.backend.startsWith('wasm')).sort((a, b) => a.imageMs - b.imageMs)[0];
    const torch = best && rows.find((r) => r.model === model && r.backend.startsWith('pytorch') && r.threads === best.threads);
    if (best && torch) {
      const ratio = best.imageMs / torch.imageMs;
      console.log(`goal ${model}: ≤ ${goal}× PyTorch per image — best wasm ${fmt(ratio, 2)}× (${best.threads} threads): ${ratio <= goal ? 'met' : 'not met'}`);
    }
  }
  console.log(`json ${JSON.stringify(rows)}`);
}
