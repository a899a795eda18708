import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import {
  DATASET_FORMS,
  DATA_SOURCES,
  dataCacheDir,
  dataChecksum,
  downloadDataSet,
  imageSetStats,
  loadDataSet,
  type DataSource,
  type DownloadName,
  type DownloadProgress,
  type ImageSet,
} from 'rethink/data';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { parseIntFlag } from '../parse.ts';
import { parseDataSetFlag } from '../data-set-flag.ts';
import { sampleCountUsage } from '../sample-count-usage.ts';

/** What specs may inject into `rethink data` (the built-in sources otherwise). */
export interface DataCommandDeps {
  /** Sources replacing the built-in ones of the same name (specs serve fixture archives). */
  readonly sources?: Partial<Record<DownloadName, DataSource>>;
  /** Transfer timeouts in milliseconds (see `downloadDataSet`). */
  readonly connectTimeoutMs?: number;
  readonly stallTimeoutMs?: number;
}

const DOWNLOAD_NAMES: Readonly<Record<string, DownloadName>> = {
  cifar10: 'cifar10',
  mnist: 'mnist',
  'mnist-full': 'mnist',
  'fashion-mnist': 'fashion-mnist',
};

/** Bytes as MB with one decimal (decimal megabytes, as download sizes are quoted). */
function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function seconds(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '?';
  return s < 60 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Progress on a terminal: one cli-progress bar per file, drawn through `io.err`. */
function barProgress(io: CliIo): { onProgress: (p: DownloadProgress) => void; stop: () => void } {
  const stream = { isTTY: true, columns: 100, write: (text: string) => (io.err(text), true) };
  let bar: cliProgress.SingleBar | undefined;
  let file: string | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    stop,
    onProgress: (p) => {
      if (p.file !== file) {
        stop();
        file = p.file;
        bar = new cliProgress.SingleBar(
          {
            stream: stream as unknown as NodeJS.WritableStream,
            format: '{file} [{bar}] {percentage}% | {got} / {size} | {rate}/s | ETA {left}',
            hideCursor: false,
            fps: 5,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total ?? 0, 0, {
          file: p.file,
          got: mb(0),
          size: p.total ? mb(p.total) : '?',
          rate: mb(0),
          left: '?',
        });
      }
      bar?.update(p.received, { got: mb(p.received), rate: mb(p.bytesPerSecond), left: seconds(p.etaSeconds) });
      if (p.done) stop();
    },
  };
}

/** Progress without a terminal: a line per 10 % (or per 10 MB when the size is unknown), and one at the end. */
function lineProgress(io: CliIo): (p: DownloadProgress) => void {
  let file: string | undefined;
  let step = 0;
  return (p) => {
    if (p.file !== file) {
      file = p.file;
      step = 0;
      io.err(`${p.file}: downloading ${p.url}${p.total ? ` (${mb(p.total)})` : ''}\n`);
    }
    if (p.done) {
      io.err(`${p.file}: ${mb(p.received)} at ${mb(p.bytesPerSecond)}/s\n`);
      return;
    }
    const now = p.total ? Math.floor((10 * p.received) / p.total) : Math.floor(p.received / 1e7);
    if (now > step) {
      step = now;
      const share = p.total ? ` (${Math.floor((100 * p.received) / p.total)} %)` : '';
      io.err(
        `${p.file}: ${mb(p.received)}${p.total ? ` of ${mb(p.total)}` : ''}${share}, ${mb(p.bytesPerSecond)}/s, ETA ${seconds(p.etaSeconds)}\n`,
      );
    }
  };
}

/** A mirror must be an http(s) URL: anything else is a usage error naming where it came from (exit 2). */
function checkMirror(from: '--mirror' | 'RETHINK_DATA_MIRROR', value: string): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new CliError(
      `data download: ${from} must be an http:// or https:// URL (the folder the files are fetched from), got ${JSON.stringify(value)}`,
      { flag: from, value },
    );
  }
}

function fmt(values: readonly number[]): string {
  return values.map((v) => (Number.isNaN(v) ? 'n/a' : v.toFixed(4))).join(' ');
}

function describe(label: string, set: ImageSet, io: CliIo): void {
  const s = imageSetStats(set);
  const dtype = set.images instanceof Uint8Array ? 'uint8' : 'float32';
  const names = set.classNames;
  io.out(`${label}: ${s.n} × ${s.height} × ${s.width} × ${s.channels} ${dtype}, ${s.classes} classes\n`);
  io.out(`  class counts: ${s.classCounts.map((c, k) => `${names?.[k] ?? k}=${c}`).join(' ')}\n`);
  io.out(`  mean per channel: ${fmt(s.mean)}   std: ${fmt(s.std)}   (pixels scaled to [0, 1])\n`);
  io.out(`  checksum: ${dataChecksum(set)}\n`);
}

/**
 * Registers `rethink data download|inspect|dir`.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { memoryIo } from '../io.ts';
 * import { registerData } from './data.ts';
 * const program = new Command('rethink').exitOverride();
 * const io = memoryIo();
 * registerData(program, io);
 * await program.parseAsync(['data', 'inspect', 'mnist', '--json'], { from: 'user' });
 * console.log(JSON.parse(io.stdout.join('')).train.n); // 8000
 * ```
 */
export function registerData(program: Command, io: CliIo, deps: DataCommandDeps = {}): void {
  const data = program.command('data').description('Download, inspect and locate data sets.');

  data
    .command('download')
    .description(
      'Download a data set into the cache, verify its checksum and unpack it (a no-op when already verified).',
    )
    .argument('<name>', 'cifar10 | mnist | fashion-mnist')
    .option('--dir <dir>', 'cache directory (default: $RETHINK_DATA, else the user cache directory)')
    .option('--mirror <url>', 'base URL to fetch from instead of the official mirrors (default: $RETHINK_DATA_MIRROR)')
    .action(async (name: string, options: { dir?: string; mirror?: string }) => {
      const canonical = DOWNLOAD_NAMES[name];
      if (canonical === undefined) {
        throw new CliError(
          `data download: unknown data set ${JSON.stringify(name)}; expected one of ${Object.keys(DATA_SOURCES).join(', ')}`,
          { name },
        );
      }
      if (options.mirror !== undefined) checkMirror('--mirror', options.mirror);
      else if (io.env.RETHINK_DATA_MIRROR) checkMirror('RETHINK_DATA_MIRROR', io.env.RETHINK_DATA_MIRROR);
      const progress = io.isTTY ? barProgress(io) : { onProgress: lineProgress(io), stop: () => {} };
      const source = deps.sources?.[canonical];
      try {
        const result = await downloadDataSet(canonical, {
          env: io.env,
          onProgress: progress.onProgress,
          ...(options.dir !== undefined ? { dir: options.dir } : {}),
          ...(options.mirror !== undefined ? { mirror: options.mirror } : {}),
          ...(source ? { source } : {}),
          ...(deps.connectTimeoutMs !== undefined ? { connectTimeoutMs: deps.connectTimeoutMs } : {}),
          ...(deps.stallTimeoutMs !== undefined ? { stallTimeoutMs: deps.stallTimeoutMs } : {}),
        });
        const dataset = (source ?? DATA_SOURCES[canonical]).dataset;
        io.out(
          result.downloaded
            ? `${result.name}: verified and unpacked into ${result.dir}; use --dataset ${dataset}\n`
            : `${result.name}: already verified in ${result.dir}; nothing to do (use --dataset ${dataset})\n`,
        );
      } finally {
        progress.stop();
      }
    });

  data
    .command('inspect')
    .description("Print each split's shape, dtype, class counts, per-channel pixel mean/std and checksum.")
    .argument('[dataset]', `data set: ${DATASET_FORMS.join(' | ')}`, 'mnist')
    .option('--json', 'print JSON: { name, dtype, checksum, train, test }')
    .option('--samples <n>', 'seeded class-stratified subset of the training split')
    .option('--test-samples <m>', 'seeded class-stratified subset of the test split')
    .option('--seed <s>', 'seed of the bundled split and of the subsets', '0')
    .option('--dir <dir>', 'cache directory of downloaded data sets')
    .action(
      async (
        spec: string,
        options: { json?: boolean; samples?: string; testSamples?: string; seed: string; dir?: string },
      ) => {
        parseDataSetFlag('data inspect', 'the data set', spec);
        const seed = parseIntFlag('--seed', options.seed);
        const ds = await loadDataSet(spec, {
          seed,
          env: io.env,
          cacheDir: dataCacheDir({ env: io.env, ...(options.dir !== undefined ? { dir: options.dir } : {}) }),
          ...(options.samples !== undefined ? { samples: parseIntFlag('--samples', options.samples, { min: 0 }) } : {}),
          ...(options.testSamples !== undefined
            ? { testSamples: parseIntFlag('--test-samples', options.testSamples, { min: 0 }) }
            : {}),
        }).catch((error: unknown) => {
          throw sampleCountUsage('data inspect', error, 0);
        });
        const checksum = dataChecksum(ds);
        if (options.json) {
          const dtype = ds.train.images instanceof Uint8Array ? 'uint8' : 'float32';
          io.out(
            `${JSON.stringify({ name: ds.name, dtype, checksum, train: imageSetStats(ds.train), test: imageSetStats(ds.test) }, null, 2)}\n`,
          );
          return;
        }
        io.out(`${ds.name} (checksum ${checksum})\n`);
        describe('train', ds.train, io);
        describe('test', ds.test, io);
      },
    );

  data
    .command('dir')
    .description('Print the cache directory of downloaded data sets.')
    .option('--dir <dir>', 'cache directory (default: $RETHINK_DATA, else the user cache directory)')
    .action((options: { dir?: string }) => {
      io.out(`${dataCacheDir({ env: io.env, ...(options.dir !== undefined ? { dir: options.dir } : {}) })}\n`);
    });
}
