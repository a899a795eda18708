import type { Command } from 'commander';
import { MultiBar, Presets } from 'cli-progress';
import type { SingleBar } from 'cli-progress';
import { formatDuration } from 'rethink/report';
import { ExperimentError, gridConditions, reproduce, REPRODUCE_DEFAULTS, GRID_DEFAULTS } from 'rethink/experiment';
import type { ReproduceEvent, ReproduceResult } from 'rethink/experiment';
import type { ModelName } from 'rethink/train';
import { MODEL_NAMES } from 'rethink/train';
import { formatBackendInfo } from 'rethink/train';
import { CliError, EXIT_INTERRUPTED } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { parseIntFlag, parseNumberFlag } from '../parse.ts';
import { parseDataSetFlag } from '../data-set-flag.ts';
import { sampleCountUsage } from '../sample-count-usage.ts';

/** Raw flag values of `rethink reproduce`. */
interface ReproduceFlags {
  dataset: string;
  samples?: string;
  testSamples?: string;
  model: string;
  conditions?: string;
  corruption?: string;
  epochs?: string;
  batchSize?: string;
  lr?: string;
  lrDecay?: string;
  seed?: string;
  backend?: string;
  out?: string;
  theorem: boolean;
  json?: boolean;
}

const fmt = (x: number | null, digits = 3): string => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(digits));

function duration(seconds: number): string {
  return Number.isFinite(seconds) ? formatDuration(seconds) : '?';
}

/**
 * The progress display: two bars on a terminal (the grid, and the current condition's epochs with loss,
 * accuracy and ETA), one plain line per epoch otherwise.
 */
function progressPrinter(io: CliIo, quiet: boolean): { onEvent: (e: ReproduceEvent) => void; stop: () => void } {
  let multibar: MultiBar | null = null;
  let gridBar: SingleBar | null = null;
  let runBar: SingleBar | null = null;
  let current = { index: 0, total: 0, id: '' };
  const log = (line: string): void => {
    if (multibar) multibar.log(`${line}\n`);
    else io.err(`${line}\n`);
  };
  const onEvent = (event: ReproduceEvent): void => {
    if (quiet && event.type !== 'start' && event.type !== 'done') return;
    switch (event.type) {
      case 'start': {
        const b = event.backend;
        io.err(
          `rethink reproduce: ${event.resumed ? 'resuming' : 'writing'} ${event.runDir}\n` +
            `  data ${event.config.dataset.name} (${event.config.samples} train / ${event.config.testSamples} test), model ${event.config.model} (${event.config.parameters} parameters), epoch cap ${event.config.epochs}\n` +
            `  ${formatBackendInfo(b)}\n`,
        );
        if (io.isTTY && !quiet) {
          multibar = new MultiBar(
            {
              format: '{name} |{bar}| {value}/{total} {info}',
              hideCursor: true,
              clearOnComplete: false,
              etaBuffer: 20,
              stream: process.stderr,
            },
            Presets.shades_classic,
          );
          gridBar = multibar.create(event.config.conditions.length, 0, { name: 'grid     ', info: '' });
        }
        break;
      }
      case 'theorem': {
        const p = event.panel;
        log(
          p.skipped === true
            ? `  Theorem 1: skipped: ${p.reason}${p.records.length > 0 ? ` (${p.records.join('; ')})` : ''}`
            : `  Theorem 1: n=${p.n}, d=${p.d}, ${p.parameters} parameters, max error ${p.maxAbsError.toExponential(2)} (${fmt(p.seconds, 2)} s)`,
        );
        break;
      }
      case 'condition':
        current = { index: event.index, total: event.total, id: event.id };
        if (event.skipped) {
          log(`[${event.index + 1}/${event.total}] ${event.id}: finished earlier, skipped`);
          gridBar?.increment(1, { info: '' });
        } else {
          if (event.resumedFrom !== null)
            log(`[${event.index + 1}/${event.total}] ${event.id}: resuming after epoch ${event.resumedFrom}`);
          runBar?.stop();
          if (multibar) {
            multibar.remove(runBar!);
            runBar = multibar.create(
              1,
              0,
              { name: event.id.padEnd(9).slice(0, 24), info: '' },
              { format: '{name} |{bar}| epoch {value}/{total} {info} ETA {eta_formatted}' },
            );
          }
        }
        break;
      case 'batch':
        break;
      case 'epoch': {
        const r = event.record;
        const info = `loss ${fmt(r.trainLoss)} train ${fmt(r.trainAccuracy)} test ${fmt(r.testAccuracy)}`;
        if (runBar) {
          runBar.setTotal(event.epochs);
          runBar.update(r.epoch, { info });
        } else {
          io.err(
            `[${current.index + 1}/${current.total}] ${event.id} epoch ${r.epoch}/${event.epochs} step ${r.steps} ${info} lr ${r.lr.toPrecision(3)} (${fmt(r.seconds + r.evalSeconds, 2)} s)\n`,
          );
        }
        break;
      }
      case 'condition-done': {
        const s = event.summary;
        gridBar?.increment(1, { info: s.condition });
        log(
          `[${current.index + 1}/${current.total}] ${s.condition}: ${s.fitted ? `fitted at epoch ${s.epochsToFit} (${s.stepsToFit} steps, ${duration(s.secondsToFit ?? NaN)})` : `not fitted after ${s.epochs} epochs`}, train ${fmt(s.finalTrainAccuracy)}, test ${fmt(s.finalTestAccuracy)}`,
        );
        break;
      }
      case 'done':
        break;
    }
  };
  return { onEvent, stop: () => multibar?.stop() };
}

function list(flag: string, raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0)
    throw new CliError(`${flag} must list at least one value, got ${JSON.stringify(raw)}`, { flag });
  return items;
}

/** The grid of `--conditions` and `--corruption`, checked before anything runs: an unknown name is a usage error. */
function checkedConditions(conditions: string[] | undefined, corruption: number[] | undefined): void {
  if (conditions === undefined) return;
  try {
    gridConditions({ conditions, ...(corruption ? { corruption } : {}) });
  } catch (error) {
    /* v8 ignore next -- gridConditions throws only ExperimentError */
    if (!(error instanceof ExperimentError)) throw error;
    throw new CliError(
      `reproduce: --conditions: ${error.message.replace(/^gridConditions: /, '')}`,
      { flag: '--conditions', value: conditions.join(',') },
      2,
      { cause: error },
    );
  }
}

/**
 * Runs `rethink reproduce` with already-parsed flags; exported for specs. Every flag is checked before the run
 * starts (a usage error is a {@link CliError} with exit code 2 naming the flag); a sample count larger than the
 * chosen data set's split is reported the same way once the data set is loaded. Ctrl-C (SIGINT) stops the run
 * after the current batch: the result then has `aborted: true` (the `reproduce` command turns that into exit
 * code {@link EXIT_INTERRUPTED}).
 *
 * @example
 * ```ts
 * import { runReproduce } from './reproduce.ts';
 * import { memoryIo } from '../io.ts';
 * await runReproduce({ dataset: 'mnist', model: 'mlp1x512', samples: '100', testSamples: '100', conditions: 'random', epochs: '1', backend: 'cpu', theorem: false, out: 'reports/.example' }, memoryIo());
 * ```
 */
export async function runReproduce(flags: ReproduceFlags, io: CliIo): Promise<ReproduceResult> {
  if (!(MODEL_NAMES as readonly string[]).includes(flags.model)) {
    throw new CliError(`--model must be one of ${MODEL_NAMES.join(', ')}, got ${JSON.stringify(flags.model)}`, {
      flag: '--model',
    });
  }
  parseDataSetFlag('reproduce', '--dataset', flags.dataset);
  const corruption = list('--corruption', flags.corruption)?.map((v) =>
    parseNumberFlag('--corruption', v, { min: 0, max: 1 }),
  );
  const conditions = list('--conditions', flags.conditions);
  checkedConditions(conditions, corruption);
  // A rate of 0 never moves the weights (and a decay of 0 sets it to 0 after the first epoch).
  const decay =
    flags.lrDecay === undefined ? undefined : parseNumberFlag('--lr-decay', flags.lrDecay, { above: 0, max: 1 });
  const options = {
    dataset: flags.dataset,
    model: flags.model as ModelName,
    theorem: flags.theorem,
    env: io.env,
    ...(flags.samples !== undefined ? { samples: parseIntFlag('--samples', flags.samples, { min: 1 }) } : {}),
    ...(flags.testSamples !== undefined
      ? { testSamples: parseIntFlag('--test-samples', flags.testSamples, { min: 1 }) }
      : {}),
    ...(conditions !== undefined ? { conditions } : {}),
    ...(corruption ? { corruption } : {}),
    ...(flags.epochs !== undefined ? { epochs: parseIntFlag('--epochs', flags.epochs, { min: 1 }) } : {}),
    ...(flags.batchSize !== undefined ? { batchSize: parseIntFlag('--batch-size', flags.batchSize, { min: 1 }) } : {}),
    ...(flags.lr !== undefined ? { lr: parseNumberFlag('--lr', flags.lr, { above: 0 }) } : {}),
    ...(decay !== undefined
      ? { schedule: decay === 1 ? { kind: 'constant' as const } : { kind: 'epoch' as const, decay } }
      : {}),
    ...(flags.seed !== undefined ? { seed: parseIntFlag('--seed', flags.seed) } : {}),
    ...(flags.backend !== undefined ? { backend: flags.backend } : {}),
    ...(flags.out !== undefined ? { out: flags.out } : {}),
  };
  const progress = progressPrinter(io, Boolean(flags.json));
  const controller = new AbortController();
  const onSignal = (): void => {
    io.err('\nrethink reproduce: stopping after this batch; run the same command with --out to resume\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  try {
    let result: ReproduceResult;
    try {
      result = await reproduce({ ...options, signal: controller.signal, onEvent: progress.onEvent });
    } catch (error) {
      throw sampleCountUsage('reproduce', error);
    }
    progress.stop();
    if (flags.json) {
      io.out(
        `${JSON.stringify({ runDir: result.runDir, report: result.report, aborted: result.aborted, summary: result.summary })}\n`,
      );
    } else if (!result.aborted) {
      io.out(`report: ${result.report}\n`);
    }
    return result;
  } finally {
    progress.stop();
    process.removeListener('SIGINT', onSignal);
  }
}

/** Adds the `reproduce` options to a command. */
export function reproduceOptions(command: Command): Command {
  const d = REPRODUCE_DEFAULTS;
  return command
    .option('--dataset <name>', 'mnist (bundled), cifar10, cifar10:DIR, idx:DIR, mnist-full, fashion-mnist', d.dataset)
    .option('--samples <n>', `training images (seeded, class-stratified subset) [default: ${d.samples}]`)
    .option('--test-samples <n>', `test images [default: ${d.testSamples}]`)
    .option('--model <name>', `one of ${MODEL_NAMES.join(', ')}`, d.model)
    .option('--conditions <list>', `comma-separated conditions [default: ${GRID_DEFAULTS.conditions.join(',')}]`)
    .option(
      '--corruption <list>',
      `label corruption levels for corrupt-labels [default: ${GRID_DEFAULTS.corruption.join(',')}]`,
    )
    .option('--epochs <n>', `epoch cap per condition [default: ${d.epochs}]`)
    .option('--batch-size <n>', `batch size [default: ${d.batchSize}]`)
    .option('--lr <x>', `learning rate, > 0 [default: ${d.lr}]`)
    .option('--lr-decay <x>', 'multiply the learning rate by x after every epoch (1 = constant) [default: constant]')
    .option('--seed <n>', `seed of subsets, randomizations, initialization and shuffles [default: ${d.seed}]`)
    .option('--backend <name>', 'auto, tensorflow, webgpu, wasm or cpu [default: RETHINK_BACKEND, else auto]')
    .option('--out <dir>', 'run folder (resumed if it holds an unfinished run) [default: reports/<run-id>]')
    .option('--no-theorem', 'skip the Theorem 1 panel')
    .option('--json', 'print the summary as JSON');
}

/**
 * Registers `rethink reproduce`: the paper's randomization grid, trained, recorded and reported. Exit codes: 0
 * when the grid finished (the report's path on stdout), 2 for a usage error, 1 for a failed run, and
 * {@link EXIT_INTERRUPTED} (130) when Ctrl-C (SIGINT) stopped it: what finished is on disk, and the same command
 * with `--out <run folder>` resumes it (stderr says so; with `--json`, stdout still gets the JSON, with
 * `aborted: true`).
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { memoryIo } from '../io.ts';
 * import { registerReproduce } from './reproduce.ts';
 * const program = new Command('rethink').exitOverride();
 * registerReproduce(program, memoryIo());
 * await program.parseAsync(['reproduce', '--samples', '100', '--test-samples', '100', '--conditions', 'random', '--epochs', '1', '--no-theorem', '--out', 'reports/.example'], { from: 'user' });
 * ```
 */
export function registerReproduce(program: Command, io: CliIo): void {
  reproduceOptions(
    program
      .command('reproduce')
      .description('Run the randomization tests (Figure 1, Table 1) and write a report under reports/<run-id>/.')
      .addHelpText(
        'after',
        `\nExit codes: 0 finished, 1 failed, 2 usage error, ${EXIT_INTERRUPTED} interrupted (Ctrl-C: what finished is kept;\nrun the same command with --out <run folder> to resume).`,
      ),
  ).action(async (flags: ReproduceFlags) => {
    const result = await runReproduce(flags, io);
    if (result.aborted) {
      throw new CliError(
        `reproduce: interrupted; what finished is saved in ${result.runDir}: run the same command with --out ${result.runDir} to resume`,
        { runDir: result.runDir },
        EXIT_INTERRUPTED,
      );
    }
  });
}
