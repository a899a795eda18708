import type { Command } from 'commander';
import {
  imageSample,
  memorizationReport,
  networkJson,
  randomLabeledSample,
  type MemorizationReport,
  type Sample,
} from 'rethink/theorem';
import { loadDataSet } from 'rethink/data';
import { randomLabels } from 'rethink/randomize';
import { writeAtomic } from 'rethink/core';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { parseIntFlag } from '../parse.ts';

/** Exact mode with several outputs: weights grow by ~60 bits per point (see src/theorem/_exact.ts). */
export const EXACT_VECTOR_LIMIT = 500;

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
 * largest error and the build time (`--json`: one JSON object). `--save FILE` writes the network and its
 * sample as JSON (exact rationals "p/q" in exact mode), atomically.
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
export function registerTheorem(program: Command, io: CliIo): void {
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
      const { sample, labels } = drawn ?? randomLabeledSample({ samples: n, dims: d, outputs: k, seed });
      const report = memorizationReport(sample, labels, { exact, depth, outputs: k, seed });
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
  const samples = flags.samples === undefined ? undefined : parseIntFlag('--samples', flags.samples, { min: 1 });
  const data = await loadDataSet(flags.dataset as string, {
    ...(samples !== undefined ? { samples } : {}),
    seed,
    env: io.env,
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
  lines.push(`  seconds           ${r.seconds.toFixed(3)} (construction)`);
  return `${lines.join('\n')}\n`;
}
