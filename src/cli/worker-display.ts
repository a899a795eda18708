import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { DistributedOptions } from 'rethink/experiment';
import { formatDuration } from 'rethink/report';
import { formatBackendInfo } from 'rethink/train';
import type { CliIo } from './io.ts';

/** An event of `executeCellsDistributed` (or `executeCells`): a cell's start, batches, epochs, end; maybe a worker. */
export type WorkerDisplayEvent = Parameters<NonNullable<DistributedOptions['onEvent']>>[0];

/** Options of {@link workerDisplay}. */
export interface WorkerDisplayOptions {
  /** Print only the cells' ends (e.g. with `--json`). */
  readonly quiet?: boolean;
  /** Put before every plain line (e.g. `shard 1/4`). */
  readonly prefix?: string;
  /** Where the bars are drawn (default `process.stderr`, when `io.isTTY`). */
  readonly stream?: NodeJS.WritableStream;
}

/** What {@link workerDisplay} returns: feed it the events, stop it at the end. */
export interface WorkerDisplay {
  readonly onEvent: (event: WorkerDisplayEvent) => void;
  readonly stop: () => void;
}

const fmt = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);

/**
 * The progress display of cells trained by several workers. On a terminal: one bar for the plan's cells and one
 * per worker with its cell, epoch, loss, accuracies and ETA. Piped: one line per epoch prefixed with the cell
 * (`[mlp1x512/random-labels/wd=0/crop=off/seed=0] epoch 3/300 …`), and a line when a cell starts (resumed or
 * not), is skipped as finished, or ends.
 *
 * @example
 * ```ts
 * import { memoryIo } from './io.ts';
 * import { workerDisplay } from './worker-display.ts';
 * const io = memoryIo();
 * const display = workerDisplay(io);
 * const cell = { name: 'mlp1x512/random-labels/wd=0/crop=off/seed=0', optimizer: { epochs: 3 } } as never;
 * display.onEvent({ type: 'epoch', cell, worker: 1, record: { epoch: 1, trainLoss: 2.3, trainAccuracy: 0.1, testAccuracy: 0.1, seconds: 1, evalSeconds: 0 } as never });
 * display.stop();
 * console.log(io.stderr.join('').trim()); // [mlp1x512/random-labels/wd=0/crop=off/seed=0] epoch 1/3 loss 2.300 train 0.100 test 0.100 (w1)
 * ```
 */
export function workerDisplay(io: CliIo, options: WorkerDisplayOptions = {}): WorkerDisplay {
  const prefix = options.prefix ? `${options.prefix} ` : '';
  const tty = io.isTTY && !options.quiet;
  let multibar: MultiBar | null = null;
  let cellsBar: SingleBar | null = null;
  const bars = new Map<string, SingleBar>();
  let done = 0;
  let total = 0;
  const ensureBars = (): MultiBar => {
    if (multibar === null) {
      multibar = new MultiBar(
        {
          format: '{name} |{bar}| {value}/{total} {info}',
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 20,
          stream: options.stream ?? process.stderr,
        },
        Presets.shades_classic,
      );
      cellsBar = multibar.create(Math.max(1, total), done, { name: 'cells'.padEnd(10), info: '' });
    }
    return multibar;
  };
  const log = (line: string): void => {
    if (multibar !== null) (multibar as MultiBar).log(`${prefix}${line}\n`);
    else io.err(`${prefix}${line}\n`);
  };
  const barOf = (worker: string, epochs: number, cellName: string): SingleBar => {
    const bars_ = ensureBars();
    let bar = bars.get(worker);
    if (bar === undefined) {
      bar = bars_.create(
        epochs,
        0,
        { name: `w${worker}`.padEnd(10).slice(0, 24), info: '', cell: cellName },
        { format: '{name} |{bar}| epoch {value}/{total} {cell} {info} ETA {eta_formatted}' },
      );
      bars.set(worker, bar);
    }
    return bar;
  };
  const onEvent = (event: WorkerDisplayEvent): void => {
    const worker = event.worker === undefined ? '' : String(event.worker);
    const tag = worker === '' ? '' : ` (w${worker})`;
    switch (event.type) {
      case 'worker-ready':
        if (!options.quiet) log(`worker ${worker}: ${formatBackendInfo(event.backend, { fallbacks: false })}`);
        break;
      case 'cell':
        total = event.total;
        if (cellsBar !== null) (cellsBar as SingleBar).setTotal(Math.max(1, total));
        if (event.skipped) {
          done++;
          if (cellsBar !== null) (cellsBar as SingleBar).update(done);
          if (!options.quiet) log(`[${event.cell.name}] finished earlier, skipped`);
        } else if (tty && worker !== '') {
          const bar = barOf(worker, event.cell.optimizer.epochs, event.cell.name);
          bar.setTotal(event.cell.optimizer.epochs);
          bar.update(0, { cell: event.cell.name, info: '' });
        }
        break;
      case 'cell-start':
        if (!options.quiet && event.resumedFrom !== null)
          log(`[${event.cell.name}] resuming after epoch ${event.resumedFrom}${tag}`);
        if (tty && worker !== '')
          barOf(worker, event.cell.optimizer.epochs, event.cell.name).update(event.resumedFrom ?? 0, {
            cell: event.cell.name,
          });
        break;
      case 'batch':
        break;
      case 'epoch': {
        if (options.quiet) break;
        const r = event.record;
        const info = `loss ${fmt(r.trainLoss)} train ${fmt(r.trainAccuracy)} test ${fmt(r.testAccuracy)}`;
        if (tty && worker !== '') {
          const bar = barOf(worker, event.cell.optimizer.epochs, event.cell.name);
          bar.setTotal(event.cell.optimizer.epochs);
          bar.update(r.epoch, { cell: event.cell.name, info });
        } else {
          log(`[${event.cell.name}] epoch ${r.epoch}/${event.cell.optimizer.epochs} ${info}${tag}`);
        }
        break;
      }
      case 'cell-done': {
        done++;
        if (cellsBar !== null) (cellsBar as SingleBar).update(done, { info: event.cell.name });
        const s = event.result;
        const fit =
          s.stoppedBy === 'diverged'
            ? `diverged at epoch ${s.epochs} (the loss is not finite: try a smaller --lr)`
            : s.fitted && s.epochsToFit !== null
              ? `fitted at epoch ${s.epochsToFit}${s.secondsToFit !== null ? ` (${formatDuration(s.secondsToFit)})` : ''}`
              : `not fitted after ${s.epochs} epochs`;
        log(`[${event.cell.name}] ${fit}, train ${fmt(s.finalTrainAccuracy)}, test ${fmt(s.finalTestAccuracy)}${tag}`);
        break;
      }
    }
  };
  return {
    onEvent,
    stop: () => {
      if (multibar !== null) (multibar as MultiBar).stop();
      multibar = null;
    },
  };
}
