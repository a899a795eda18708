import type { Command } from 'commander';
import { MultiBar, Presets } from 'cli-progress';
import type { SingleBar } from 'cli-progress';
import { formatDuration } from 'rethink/report';
import type { PlanInput } from 'rethink/core';
import {
  defaultWorkers,
  estimatePlan,
  executeCellsDistributed,
  expandPlan,
  ExperimentError,
  PLAN_PRESETS,
  planFromOptions,
  reproduce,
} from 'rethink/experiment';
import type { ReproduceEvent, ReproduceOptions, ReproduceResult } from 'rethink/experiment';
import { formatBackendInfo, MODEL_NAMES, selectBackend } from 'rethink/train';
import { addDistributionFlags, distributionOptions, type DistributionFlags } from '../distribution-flags.ts';
import { planOptionsOf, type PlanFlags } from '../plan-flags.ts';
import { workerDisplay } from '../worker-display.ts';
import { CliError, EXIT_INTERRUPTED } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { sampleCountUsage } from '../sample-count-usage.ts';
import { CHECKPOINT_EVERY_HELP, withCheckpointEvery } from '../checkpoint-flag.ts';

/** Raw flag values of `rethink reproduce`. */
interface ReproduceFlags extends DistributionFlags, PlanFlags {
  dryRun?: boolean;
  backend?: string;
  out?: string;
  json?: boolean;
  checkpointEvery?: string;
}

const fmt = (x: number | null, digits = 3): string => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(digits));

function duration(seconds: number): string {
  return Number.isFinite(seconds) ? formatDuration(seconds) : '?';
}

/**
 * The progress display: two bars on a terminal (the plan's cells, and the current cell's epochs with loss,
 * accuracy and ETA), one plain line per epoch otherwise, prefixed with the cell.
 */
function progressPrinter(
  io: CliIo,
  quiet: boolean,
  bars = true,
): { onEvent: (e: ReproduceEvent) => void; stop: () => void } {
  let multibar: MultiBar | null = null;
  let gridBar: SingleBar | null = null;
  let runBar: SingleBar | null = null;
  let current = { index: 0, total: 0, name: '' };
  const log = (line: string): void => {
    if (multibar) multibar.log(`${line}\n`);
    else io.err(`${line}\n`);
  };
  const onEvent = (event: ReproduceEvent): void => {
    if (quiet && event.type !== 'start' && event.type !== 'done') return;
    switch (event.type) {
      case 'start': {
        const { plan, cells } = event;
        const p = plan.plan;
        const overrides = Object.entries(plan.overrides).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
        io.err(
          `rethink reproduce: ${event.resumed ? 'resuming' : 'writing'} ${event.runDir}\n` +
            `  plan ${p.name ?? '(from flags)'}: ${cells.length} cells; data ${p.dataset} (${p.samples ?? 'all'} train / ${p.testSamples ?? 'all'} test${p.preprocessing === 'paper' ? ', paper preprocessing' : ''}); models ${p.models.join(', ')}${overrides.length > 0 ? `; overrides ${overrides.join(', ')}` : ''}\n` +
            `  ${formatBackendInfo(event.backend)}\n`,
        );
        if (io.isTTY && !quiet && bars) {
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
          gridBar = multibar.create(cells.length, 0, { name: 'cells    ', info: '' });
        }
        break;
      }
      case 'theorem': {
        const p = event.panel;
        log(
          p.skipped === true
            ? `  Theorem 1: skipped: ${p.reason}${p.records.length > 0 ? ` (${p.records.join('; ')})` : ''}`
            : `  Theorem 1: n=${p.n}, d=${p.d}, ${p.parameters} parameters, max error ${p.maxAbsError.toExponential(2)} (${fmt(p.seconds, 2)} s)${p.merged ? `; ${p.merged} identical images merged` : ''}`,
        );
        break;
      }
      case 'cell':
        current = { index: event.index, total: event.total, name: event.cell.name };
        if (event.skipped) {
          log(`[${event.index + 1}/${event.total}] ${event.cell.name}: finished earlier, skipped`);
          gridBar?.increment(1, { info: '' });
        }
        break;
      case 'cell-start':
        if (event.resumedFrom !== null)
          log(`[${current.index + 1}/${current.total}] ${event.cell.name}: resuming after epoch ${event.resumedFrom}`);
        runBar?.stop();
        if (multibar) {
          if (runBar) multibar.remove(runBar);
          runBar = multibar.create(
            event.cell.optimizer.epochs,
            event.resumedFrom ?? 0,
            { name: event.cell.condition.id.padEnd(9).slice(0, 24), info: '' },
            { format: '{name} |{bar}| epoch {value}/{total} {info} ETA {eta_formatted}' },
          );
        }
        break;
      case 'kernel': {
        const k = event.panel;
        log(
          k.skipped === true
            ? `  Section 5 (kernel interpolation): skipped: ${k.reason}`
            : `  Section 5: Gaussian-kernel interpolant on the ${k.n} training images: test error ${(k.trueLabels.testError * 100).toFixed(1)}% (norm ${k.trueLabels.norm.toFixed(1)}) with true labels, ${(k.randomLabels.testError * 100).toFixed(1)}% (norm ${k.randomLabels.norm.toFixed(1)}) with random labels`,
        );
        break;
      }
      case 'batch':
        break;
      case 'epoch': {
        const r = event.record;
        const info = `loss ${fmt(r.trainLoss)} train ${fmt(r.trainAccuracy)} test ${fmt(r.testAccuracy)}`;
        if (runBar) runBar.update(r.epoch, { info });
        else
          io.err(
            `[${current.index + 1}/${current.total}] ${event.cell.name} epoch ${r.epoch}/${event.cell.optimizer.epochs} step ${r.steps} ${info} lr ${r.lr.toPrecision(3)} (${fmt(r.seconds + r.evalSeconds, 2)} s)\n`,
          );
        break;
      }
      case 'cell-done': {
        const s = event.result;
        gridBar?.increment(1, { info: event.cell.condition.id });
        const how =
          s.stoppedBy === 'diverged'
            ? `diverged at epoch ${s.epochs} (the loss is not finite: try a smaller --lr)`
            : s.fitted
              ? `fitted at epoch ${s.epochsToFit} (${s.stepsToFit} steps, ${duration(s.secondsToFit ?? NaN)})`
              : `not fitted after ${s.epochs} epochs`;
        log(
          `[${current.index + 1}/${current.total}] ${event.cell.name}: ${how}, train ${fmt(s.finalTrainAccuracy)}, test ${fmt(s.finalTestAccuracy)}`,
        );
        break;
      }
      case 'done':
        break;
    }
  };
  return { onEvent, stop: () => multibar?.stop() };
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
export async function runReproduce(flags: ReproduceFlags, io: CliIo): Promise<ReproduceResult | null> {
  const options = reproduceOptionsOf(flags, io);
  // The plan is checked before anything runs: a bad field of a plan file or preset is a usage error naming it.
  let plan: ReturnType<typeof planFromOptions>;
  try {
    plan = planFromOptions(options);
  } catch (error) {
    if (!(error instanceof ExperimentError)) throw error;
    throw new CliError(error.message, { ...error.details }, 2, { cause: error });
  }
  if (flags.dryRun) {
    await printDryRun(plan, io, options.backend, Boolean(flags.json));
    return null;
  }
  // Cells run in local worker processes (default: the measured best for this machine's backend) or on a queue;
  // with one local worker, in this process.
  const dist = distributionOptions(flags, io.env);
  const workers =
    dist.queue !== undefined
      ? undefined
      : (dist.workers ??
        defaultWorkers({ ...(options.backend !== undefined ? { backend: options.backend } : {}), env: io.env }));
  const distributed = dist.queue !== undefined || (workers !== undefined && workers > 1);
  const progress = progressPrinter(io, Boolean(flags.json), !distributed);
  const display = distributed ? workerDisplay(io, { quiet: Boolean(flags.json) }) : null;
  const controller = new AbortController();
  const onSignal = (): void => {
    io.err('\nrethink reproduce: stopping after this batch; run the same command with --out to resume\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  try {
    let result: ReproduceResult;
    try {
      result = await reproduce({
        ...options,
        signal: controller.signal,
        onEvent: progress.onEvent,
        ...(distributed
          ? {
              execute: (runDir, cells, o) =>
                executeCellsDistributed(runDir, cells, {
                  ...(dist.queue !== undefined ? { queue: dist.queue } : { workers }),
                  ...(options.backend !== undefined ? { backend: options.backend } : {}),
                  env: o.env,
                  ...(o.signal ? { signal: o.signal } : {}),
                  onEvent: (event) => display?.onEvent(event),
                }),
            }
          : {}),
      });
    } catch (error) {
      throw sampleCountUsage('reproduce', error);
    }
    progress.stop();
    display?.stop();
    if (flags.json) {
      io.out(
        `${JSON.stringify({
          runDir: result.runDir,
          report: result.report,
          aborted: result.aborted,
          planId: result.plan.planId,
          cells: result.cells.map(({ cell, result: r }) => ({ id: cell.id, name: cell.name, result: r })),
        })}\n`,
      );
    } else if (!result.aborted) {
      io.out(`report: ${result.report}\n`);
    }
    return result;
  } finally {
    progress.stop();
    display?.stop();
    process.removeListener('SIGINT', onSignal);
  }
}

/** `reproduce`'s options from its flags, every one checked (a usage error names the flag). */
function reproduceOptionsOf(flags: ReproduceFlags, io: CliIo): ReproduceOptions {
  return {
    env: withCheckpointEvery(flags.checkpointEvery, io.env),
    ...planOptionsOf(flags),
    ...(flags.backend !== undefined ? { backend: flags.backend } : {}),
    ...(flags.out !== undefined ? { out: flags.out } : {}),
  };
}

/** `--dry-run`: the cells, each model's parameter count and the plan's cost on this machine, without training. */
async function printDryRun(
  plan: ReturnType<typeof planFromOptions>,
  io: CliIo,
  backend: string | undefined,
  json: boolean,
): Promise<void> {
  const cells = expandPlan(plan);
  const info = await selectBackend({ ...(backend !== undefined ? { backend } : {}), env: io.env });
  const estimate = await estimatePlan(plan, cells, { env: io.env });
  if (json) {
    io.out(
      `${JSON.stringify({ planId: plan.planId, plan: plan.plan, overrides: plan.overrides, cells: cells.map((c) => ({ id: c.id, name: c.name })), estimate, backend: info.name })}\n`,
    );
    return;
  }
  const lines = [
    `plan ${plan.plan.name ?? '(from flags)'} (${plan.planId}): ${cells.length} cells`,
    ...Object.entries(plan.overrides).map(([k, v]) => `  override: ${k} = ${JSON.stringify(v)}`),
    ...cells.map((c) => `  ${c.id}  ${c.name}`),
    `data: ${estimate.dataShape.join('×')} images, ${estimate.trainImages} for training${estimate.measuredData ? '' : ' (the data set is not at hand: its known shape and size)'}`,
    `cost on ${formatBackendInfo(info)}:`,
    ...estimate.models.map(
      (m) =>
        `  ${m.model.padEnd(14)} ${m.parameters.toLocaleString('en-US').padStart(10)} parameters  ${String(m.cells).padStart(3)} cells  ≤ ${m.maxSteps.toLocaleString('en-US')} steps × ${m.secondsPerStep === null ? '?' : `${(m.secondsPerStep * 1000).toFixed(1)} ms`}`,
    ),
    `  at most ${estimate.maxSeconds === null ? '?' : duration(estimate.maxSeconds)} of training if every cell ran to its epoch cap (evaluation adds about a third; cells that fit stop earlier)`,
  ];
  io.out(`${lines.join('\n')}\n`);
}

/** Adds the `reproduce` options to a command. */
export function reproduceOptions(command: Command): Command {
  return addDistributionFlags(planOptions(command));
}

/** Adds the plan options of `reproduce` (shared with `rethink worker --shard`). */
export function planOptions(command: Command): Command {
  const quick = PLAN_PRESETS.quick as PlanInput;
  const o = quick.optimizer ?? {};
  return command
    .option(
      '--plan <name|file>',
      `a preset (${Object.keys(PLAN_PRESETS).join(', ')}) or a plan JSON file [default: quick]`,
    )
    .option('--dry-run', "print the plan's cells, parameter counts and estimated cost, without training")
    .option(
      '--dataset <name>',
      `mnist (bundled), cifar10, cifar10:DIR, idx:DIR, mnist-full, fashion-mnist [default: ${quick.dataset}]`,
    )
    .option('--samples <n>', `training images (seeded, class-stratified subset) [default: ${quick.samples}]`)
    .option('--test-samples <n>', `test images [default: ${quick.testSamples}]`)
    .option('--model <name>', `one of ${MODEL_NAMES.join(', ')} [default: ${quick.models.join(',')}]`)
    .option('--models <list>', 'comma-separated models (one cell per model)')
    .option('--conditions <list>', `comma-separated conditions [default: ${quick.conditions.join(',')}]`)
    .option(
      '--corruption <list>',
      `label corruption levels for corrupt-labels [default: ${(quick.corruption ?? []).join(',')}]`,
    )
    .option('--weight-decay <list>', 'comma-separated weight decay values, 0 = off [default: 0]')
    .option('--crop <list>', 'random-crop augmentation: off, on or off,on [default: off]')
    .option('--epochs <n>', `epoch cap per cell [default: ${o.epochs}]`)
    .option('--batch-size <n>', `batch size [default: ${o.batchSize}]`)
    .option('--lr <x>', `learning rate, > 0 [default: ${o.lr}]`)
    .option('--lr-decay <x>', 'multiply the learning rate by x after every epoch (1 = constant) [default: constant]')
    .option('--seed <n>', 'seed of subsets, randomizations, initialization and shuffles [default: 0]')
    .option('--seeds <list>', 'comma-separated seeds (one cell each; the data subset uses the first)')
    .option('--backend <name>', 'auto, tensorflow, webgpu, wasm or cpu [default: RETHINK_BACKEND, else auto]')
    .option(
      '--out <dir>',
      'run folder (resumed if it holds an unfinished run of the same plan) [default: reports/<run-id>]',
    )
    .option('--checkpoint-every <seconds>', CHECKPOINT_EVERY_HELP)
    .option('--no-theorem', 'skip the Theorem 1 panel')
    .option('--no-kernel', 'skip the Section 5 panel (kernel interpolation on the training subset)')
    .option('--json', 'print the result (or, with --dry-run, the plan and estimate) as JSON');
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
      .description(
        'Run an experiment plan (default: the quick randomization grid of Figure 1) and write a report under reports/<run-id>/.',
      )
      .addHelpText(
        'after',
        `\nExit codes: 0 finished, 1 failed, 2 usage error, ${EXIT_INTERRUPTED} interrupted (Ctrl-C: what finished is kept;\nrun the same command with --out <run folder> to resume).`,
      ),
  ).action(async (flags: ReproduceFlags) => {
    const result = await runReproduce(flags, io);
    if (result?.aborted) {
      throw new CliError(
        `reproduce: interrupted; what finished is saved in ${result.runDir}: run the same command with --out ${result.runDir} to resume`,
        { runDir: result.runDir },
        EXIT_INTERRUPTED,
      );
    }
  });
}
