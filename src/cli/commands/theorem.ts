import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import {
  imageSample,
  memorizationReport,
  networkJson,
  randomLabeledSample,
  type MemorizationReport,
  type MemorizationProgress,
  type Sample,
} from 'rethink/theorem';
import { loadDataSet } from 'rethink/data';
import { randomLabels } from 'rethink/randomize';
import { writeAtomic } from 'rethink/core';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { parseIntFlag } from '../parse.ts';
import { parseDataSetFlag } from '../data-set-flag.ts';
import { sampleCountUsage } from '../sample-count-usage.ts';

/** Exact mode with several outputs: weights grow by ~60 bits per point (see src/theorem/_exact.ts). */
export const EXACT_VECTOR_LIMIT = 500;

/**
 * Exact mode with the deep variant: the check evaluates every point through the deep network in exact
 * arithmetic, in time growing as n² (n = 5,000 takes tens of seconds, n = 20,000 minutes); above this many
 * points the command warns before it starts.
 */
export const EXACT_DEEP_WARN = 5000;

/** What specs may change in `rethink theorem` (the defaults otherwise). */
export interface TheoremCommandDeps {
  /** Points above which an exact deep run warns (default {@link EXACT_DEEP_WARN}). */
  readonly exactDeepWarn?: number;
}

type Progress = MemorizationProgress;

/**
 * Progress of the build and the check on a terminal (stderr): a line when the construction starts, then a bar of
 * the points checked, with its ETA; nothing off a terminal. The work is synchronous, so the bar is redrawn from
 * the progress callback itself (cli-progress's synchronous update), not from a timer.
 */
function theoremProgress(io: CliIo): { onProgress?: (p: Progress) => void; stop: () => void } {
  if (!io.isTTY) return { stop: () => {} };
  const stream = { isTTY: true, columns: 100, write: (text: string) => (io.err(text), true) };
  let bar: cliProgress.SingleBar | undefined;
  const stop = (): void => {
    bar?.stop();
    bar = undefined;
  };
  return {
    stop,
    onProgress: (p) => {
      if (p.phase === 'build') {
        if (p.done === 0) io.err(`theorem: building the network on ${p.total} points…\n`);
        return;
      }
      if (bar === undefined) {
        bar = new cliProgress.SingleBar(
          {
            stream: stream as unknown as NodeJS.WritableStream,
            format: 'theorem: checking [{bar}] {value}/{total} points | ETA {eta_formatted}',
            hideCursor: false,
            clearOnComplete: true,
            synchronousUpdate: true,
            fps: 10,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total, 0);
      }
      bar.update(p.done);
      if (p.done >= p.total) stop();
    },
  };
}

interface TheoremFlags {
  dataset?: string;
  labels: string;
  samples?: string;
  dims?: string;
  outputs: string;
  exact?: boolean;
  depth: string;
  seed: string;
  json?: boolean;
  save?: string;
}

/**
 * Registers `rethink theorem`: draws a seeded random sample (Gaussian points, random labels), builds the
 * Theorem 1 network on it, checks it on every sample point and prints n, d, the parameter count, the
 * largest error, the build time and the check time (`--json`: one JSON object, `seconds` and `checkSeconds`).
 * `--save FILE` writes the network and its sample as JSON (exact rationals "p/q" in exact mode), atomically; a
 * file that cannot be written is an error naming it and the reason (exit 1). On a terminal, stderr shows the
 * progress of the check; an exact deep run on more than {@link EXACT_DEEP_WARN} points warns first (as `--exact` with
 * `--outputs` > 1 is limited to {@link EXACT_VECTOR_LIMIT} points).
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { memoryIo } from '../io.ts';
 * import { registerTheorem } from './theorem.ts';
 * const io = memoryIo();
 * const program = new Command().exitOverride();
 * registerTheorem(program, io);
 * await program.parseAsync(['theorem', '--samples', '10', '--dims', '3', '--exact', '--json'], { from: 'user' });
 * console.log(JSON.parse(io.stdout.join('')).maxAbsError); // 0
 * ```
 */
export function registerTheorem(program: Command, io: CliIo, deps: TheoremCommandDeps = {}): void {
  const { exactDeepWarn = EXACT_DEEP_WARN } = deps;
  program
    .command('theorem')
    .description('Theorem 1: build a 2n+d-parameter ReLU network that memorizes a random sample, and check it.')
    .option(
      '--samples <n>',
      'number of points n (with --dataset: a seeded, class-stratified subset of the training split)',
    )
    .option('--dims <d>', 'dimension d of the random points (not with --dataset)')
    .option('--dataset <name>', 'run on real images (flattened raw pixels): mnist, cifar10, cifar10:DIR, idx:DIR, …')
    .option('--labels <kind>', 'with --dataset: true or random labels', 'random')
    .option('--outputs <k>', 'outputs per point (k > 1: one-hot labels of k classes)', '1')
    .option('--exact', 'exact rational arithmetic (zero error) instead of float64')
    .option('--depth <k>', 'layers of weights: 2 is the two-layer network, ≥ 3 the deep variant', '2')
    .option('--seed <s>', 'seed of the sample and labels', '0')
    .option('--json', 'print one JSON object')
    .option('--save <file>', 'also write the network and its sample as JSON')
    .action(async (flags: TheoremFlags) => {
      const seed = parseIntFlag('--seed', flags.seed);
      const k = parseIntFlag('--outputs', flags.outputs, { min: 1 });
      const drawn = flags.dataset === undefined ? undefined : await datasetSample(flags, k, seed, io);
      if (drawn === undefined && flags.samples === undefined)
        throw new CliError('theorem: --samples is required (or --dataset)', { flag: '--samples' });
      const n = drawn?.sample.n ?? parseIntFlag('--samples', flags.samples ?? '', { min: 1 });
      if (drawn === undefined && flags.dims === undefined)
        throw new CliError('theorem: --dims is required with --samples (or use --dataset)', { flag: '--dims' });
      const d = drawn?.sample.d ?? parseIntFlag('--dims', flags.dims ?? '', { min: 1 });
      const depth = parseIntFlag('--depth', flags.depth, { min: 2, max: n + 2 });
      const exact = flags.exact === true;
      if (exact && k > 1 && n > EXACT_VECTOR_LIMIT) {
        throw new CliError(
          `theorem: --exact with --outputs > 1 is limited to --samples ≤ ${EXACT_VECTOR_LIMIT}: thresholds shared by several ` +
            'outputs make exact weights grow by about the bit length of a gap per point',
          { samples: n, outputs: k },
        );
      }
      if (exact && depth >= 3 && n > exactDeepWarn) {
        io.err(
          `theorem: warning: --exact with --depth ${depth} checks every point through the deep network in exact arithmetic, ` +
            `in time growing as n² (twice the points, four times the time): with ${n} points this can take minutes; ` +
            `${io.isTTY ? 'progress follows' : 'progress is shown on a terminal'}, Ctrl-C stops it\n`,
        );
      }
      const { sample, labels } = drawn ?? randomLabeledSample({ samples: n, dims: d, outputs: k, seed });
      const progress = theoremProgress(io);
      let report: MemorizationReport;
      try {
        report = memorizationReport(sample, labels, {
          exact,
          depth,
          outputs: k,
          seed,
          ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
        });
      } finally {
        progress.stop();
      }
      if (flags.save !== undefined)
        await writeAtomic(
          'theorem --save',
          flags.save,
          JSON.stringify(networkJson(report.network, sample, labels, report.deep)),
          {
            error: (message, details, cause) => new CliError(message, { ...details, flag: '--save' }, 1, { cause }),
          },
        );
      io.out(flags.json ? `${JSON.stringify(reportJson(report))}\n` : reportText(report));
    });
}

/**
 * The sample of `--dataset`: the training images (a seeded, class-stratified subset of `--samples`), flattened
 * raw pixels, with the true labels or random labels drawn as the random-labels condition draws them; with
 * `--outputs k` (k = the number of classes) the labels are one-hot rows.
 */
async function datasetSample(
  flags: TheoremFlags,
  k: number,
  seed: number,
  io: CliIo,
): Promise<{ sample: Sample; labels: Float64Array }> {
  if (flags.dims !== undefined)
    throw new CliError('theorem: --dims is set by the data set; drop it with --dataset', { flag: '--dims' });
  if (flags.labels !== 'true' && flags.labels !== 'random') {
    throw new CliError(`theorem: --labels must be true or random, got ${JSON.stringify(flags.labels)}`, {
      flag: '--labels',
    });
  }
  parseDataSetFlag('theorem', '--dataset', flags.dataset as string);
  const samples = flags.samples === undefined ? undefined : parseIntFlag('--samples', flags.samples, { min: 1 });
  const data = await loadDataSet(flags.dataset as string, {
    ...(samples !== undefined ? { samples } : {}),
    seed,
    env: io.env,
  }).catch((error: unknown) => {
    throw sampleCountUsage('theorem', error);
  });
  const train = flags.labels === 'random' ? randomLabels(data.train, seed).set : data.train;
  if (k !== 1 && k !== train.classes) {
    throw new CliError(
      `theorem: with --dataset, --outputs is 1 (class index) or ${train.classes} (one-hot), got ${k}`,
      { flag: '--outputs' },
    );
  }
  return imageSample(train, { outputs: k });
}

/** The JSON object printed by `--json`. */
function reportJson(r: MemorizationReport): Record<string, unknown> {
  return {
    n: r.n,
    d: r.d,
    outputs: r.outputs,
    parameters: r.parameters,
    exact: r.exact,
    maxAbsError: r.maxAbsError,
    seconds: Number(r.seconds.toFixed(4)),
    checkSeconds: Number(r.checkSeconds.toFixed(4)),
    errorBound: r.errorBound,
    depth: r.depth,
  };
}

/** The human-readable report. */
function reportText(r: MemorizationReport): string {
  const formula =
    r.depth === 2 ? (r.outputs === 1 ? '2n + d' : 'n·k + n + d') : `depth ${r.depth}: non-zero weights + biases`;
  const lines = [
    `Theorem 1 — ${r.exact ? 'exact rational' : 'float64'} construction, ${r.depth === 2 ? 'two-layer' : `depth-${r.depth}`} ReLU network`,
    `  n (points)        ${r.n}`,
    `  d (dimensions)    ${r.d}`,
    `  outputs           ${r.outputs}`,
    `  parameters        ${r.parameters} (${formula})`,
    `  max |c(x_i)-y_i|  ${r.maxAbsError === 0 ? '0' : r.maxAbsError.toExponential(2)} (every point, ${r.exact ? 'exact arithmetic' : 'float64 evaluation'})`,
  ];
  if (!r.exact)
    lines.push(
      `  error bound       ${r.errorBound.toExponential(2)} (rigorous, for the exact function of the float64 parameters)`,
    );
  lines.push(
    `  seconds           ${r.seconds.toFixed(3)} (construction) + ${r.checkSeconds.toFixed(3)} (check of every point)`,
  );
  return `${lines.join('\n')}\n`;
}
