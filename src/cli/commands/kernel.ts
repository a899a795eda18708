import type { Command } from 'commander';
import { loadDataSet } from 'rethink/data';
import { kernelExperiment, type KernelProgress, type KernelReport, type KernelSpec } from 'rethink/implicit';
import { CliError } from '../errors.ts';
import { parseDataSetFlag } from '../data-set-flag.ts';
import { sampleCountUsage } from '../sample-count-usage.ts';
import type { CliIo } from '../io.ts';
import { parseIntFlag, parseNumberFlag } from '../parse.ts';

interface KernelFlags {
  dataset: string;
  samples?: string;
  testSamples?: string;
  kernel: string;
  bandwidth?: string;
  degree: string;
  labels: string;
  fit: string;
  seed: string;
  json?: boolean;
}

const KERNELS = ['rbf', 'linear', 'poly'] as const;
const FITS = ['standard', 'random-centres', 'random-test-labels'] as const;
/** The paper's figures beside which the text report prints ours (MNIST, 60,000 training images, raw pixels). */
const PAPER = 'paper (Section 5): 1.2% test error on MNIST with all 60,000 training images, norm ≈ 220';

/**
 * Registers `rethink kernel`: Section 5's kernel interpolation on real images — solves Kα = Y exactly (float64
 * Cholesky, no regularization) for one-hot labels of the training split (true or random), then reports the
 * training error (0), the test error, the norm √tr(αᵀKα), the smallest pivot and the time (`--json`: one
 * JSON object). Defaults: the bundled digits' whole split (8,000 / 2,000) and the Gaussian kernel with
 * γ = 1 / median squared distance. `--fit` selects one of the paper's interpolants that do not generalize.
 * Progress goes to stderr on a terminal.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { memoryIo } from '../io.ts';
 * import { registerKernel } from './kernel.ts';
 * const io = memoryIo();
 * const program = new Command().exitOverride();
 * registerKernel(program, io);
 * await program.parseAsync(['kernel', '--samples', '100', '--test-samples', '50', '--json'], { from: 'user' });
 * console.log(JSON.parse(io.stdout.join('')).trainError); // 0
 * ```
 */
export function registerKernel(program: Command, io: CliIo): void {
  program
    .command('kernel')
    .description('Section 5: exact kernel interpolation (Kα = Y, float64 Cholesky) on raw pixels; test error and norm.')
    .option('--dataset <name>', 'data set: mnist (bundled), cifar10, cifar10:DIR, idx:DIR, …', 'mnist')
    .option('--samples <n>', 'training points n: a seeded, class-stratified subset (default: the whole split)')
    .option('--test-samples <m>', 'test points m: a seeded, class-stratified subset (default: the whole split)')
    .option('--kernel <kind>', 'rbf (Gaussian), linear or poly', 'rbf')
    .option('--bandwidth <b>', 'rbf: k = exp(−‖x−z‖²/b²) (default b² = median squared distance); poly: γ = 1/b²')
    .option('--degree <p>', 'poly: (γ⟨x,z⟩ + 1)^p', '2')
    .option('--labels <kind>', 'training labels: true or random', 'true')
    .option(
      '--fit <kind>',
      'standard, random-centres or random-test-labels (interpolants that do not generalize)',
      'standard',
    )
    .option('--seed <s>', 'seed of the subsets, random labels, centres and the median sample', '0')
    .option('--json', 'print one JSON object')
    .action(async (flags: KernelFlags) => {
      const seed = parseIntFlag('--seed', flags.seed);
      const kind = oneOf('--kernel', flags.kernel, KERNELS);
      const labels = oneOf('--labels', flags.labels, ['true', 'random'] as const);
      const fit = oneOf('--fit', flags.fit, FITS);
      const samples = flags.samples === undefined ? undefined : parseIntFlag('--samples', flags.samples, { min: 1 });
      const testSamples =
        flags.testSamples === undefined ? undefined : parseIntFlag('--test-samples', flags.testSamples, { min: 0 });
      const bandwidth =
        flags.bandwidth === undefined
          ? undefined
          : parseNumberFlag('--bandwidth', flags.bandwidth, { min: Number.MIN_VALUE });
      if (bandwidth !== undefined && kind === 'linear')
        throw new CliError('kernel: --bandwidth has no meaning for --kernel linear', { flag: '--bandwidth' });
      const degree = parseIntFlag('--degree', flags.degree, { min: 1, max: 64 });
      const spec: KernelSpec = {
        kind,
        ...(bandwidth !== undefined ? { bandwidth } : {}),
        ...(kind === 'poly' ? { degree } : {}),
      };
      parseDataSetFlag('kernel', '--dataset', flags.dataset);
      const data = await loadDataSet(flags.dataset, {
        ...(samples !== undefined ? { samples } : {}),
        ...(testSamples !== undefined ? { testSamples } : {}),
        seed,
        env: io.env,
      }).catch((error: unknown) => {
        throw sampleCountUsage('kernel', error);
      });
      if (data.train.n < 1)
        throw new CliError('kernel: --samples must leave at least one training point', { flag: '--samples' });
      const progress = io.isTTY ? terminalProgress(io) : undefined;
      let report: KernelReport;
      try {
        report = kernelExperiment(data, {
          kernel: spec,
          labels,
          fit,
          seed,
          ...(progress ? { onProgress: progress.update } : {}),
        });
      } finally {
        progress?.stop();
      }
      io.out(flags.json ? `${JSON.stringify(reportJson(report))}\n` : reportText(report));
    });
}

/** `raw` if it is one of `allowed`, else a usage error naming the flag. */
function oneOf<T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw))
    throw new CliError(`kernel: ${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`, {
      flag,
      value: raw,
    });
  return raw as T;
}

/**
 * A one-line progress display on stderr (a terminal): phase, percentage and elapsed seconds, redrawn at most
 * 5 times a second and only once the computation has run for 2 s (short runs print nothing). The solver
 * runs synchronously, so each redraw is written from inside its callbacks.
 */
function terminalProgress(io: CliIo): { update: (p: KernelProgress) => void; stop: () => void } {
  const start = performance.now();
  let last = 0;
  let drawn = false;
  return {
    update: (p) => {
      const now = performance.now();
      if (now - start < 2000 || now - last < 200) return;
      last = now;
      drawn = true;
      io.err(
        `\rkernel: ${p.phase.padEnd(7)} ${(100 * p.fraction).toFixed(0).padStart(3)}%  ${((now - start) / 1000).toFixed(0)} s   `,
      );
    },
    stop: () => {
      if (drawn) io.err('\n');
    },
  };
}

/** The JSON object printed by `--json`. */
function reportJson(r: KernelReport): Record<string, unknown> {
  return {
    dataset: r.dataset,
    n: r.n,
    m: r.m,
    d: r.d,
    classes: r.classes,
    kernel: r.kernel.kind,
    gamma: r.kernel.gamma,
    ...(r.kernel.kind === 'poly' ? { degree: r.kernel.degree, coef0: r.kernel.coef0 } : {}),
    labels: r.labels,
    fit: r.fit,
    solver: r.solver,
    trainError: r.trainError,
    testError: r.testError,
    norm: r.norm,
    maxResidual: r.maxResidual,
    minPivot: r.minPivot,
    minPivotIndex: r.minPivotIndex,
    conditionEstimate: r.conditionEstimate,
    seconds: Object.fromEntries(Object.entries(r.seconds).map(([k, v]) => [k, Number(v.toFixed(3))])),
  };
}

/** The human-readable report. */
function reportText(r: KernelReport): string {
  const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
  const kernel =
    r.kernel.kind === 'rbf'
      ? `Gaussian, γ = ${r.kernel.gamma.toPrecision(4)} (bandwidth ${(1 / Math.sqrt(r.kernel.gamma)).toPrecision(4)})`
      : r.kernel.kind === 'poly'
        ? `polynomial, (${r.kernel.gamma.toPrecision(4)}·⟨x,z⟩ + ${r.kernel.coef0})^${r.kernel.degree}`
        : 'linear, ⟨x,z⟩';
  const lines = [
    `Section 5 — kernel interpolation (${r.fit}), ${r.labels} labels, ${r.dataset}`,
    `  training points   ${r.n}`,
    `  test points       ${r.m}`,
    `  dimensions        ${r.d}`,
    `  kernel            ${kernel}`,
    `  solver            float64 ${r.solver === 'cholesky' ? 'Cholesky' : 'LU with partial pivoting'}, no regularization`,
    `  training error    ${pct(r.trainError)} (max |f(x_i) − y_i| = ${r.maxResidual.toExponential(2)})`,
    `  test error        ${pct(r.testError)}`,
    `  norm √tr(αᵀKα)    ${r.norm.toFixed(2)}`,
    `  smallest pivot    ${r.minPivot.toExponential(3)} (row ${r.minPivotIndex}; κ ≥ ${r.conditionEstimate.toExponential(2)})`,
    `  seconds           ${r.seconds.total.toFixed(2)} (Gram ${r.seconds.gram.toFixed(2)}, factor ${r.seconds.factor.toFixed(2)}, predict ${r.seconds.predict.toFixed(2)})`,
    `  ${PAPER}`,
  ];
  return `${lines.join('\n')}\n`;
}
