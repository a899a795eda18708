import { ExperimentError, gridConditions, type PlanOptions } from 'rethink/experiment';
import { MODEL_NAMES } from 'rethink/train';
import { CliError } from './errors.ts';
import { parseIntFlag, parseNumberFlag } from './parse.ts';
import { parseDataSetFlag } from './data-set-flag.ts';

/** The raw plan flags of `rethink reproduce` and `rethink worker --shard`. */
export interface PlanFlags {
  plan?: string;
  dataset?: string;
  samples?: string;
  testSamples?: string;
  model?: string;
  models?: string;
  weightDecay?: string;
  crop?: string;
  seeds?: string;
  conditions?: string;
  corruption?: string;
  epochs?: string;
  batchSize?: string;
  lr?: string;
  lrDecay?: string;
  seed?: string;
  theorem?: boolean;
  kernel?: boolean;
}

/** A comma-separated flag's values (at least one). */
export function list(flag: string, raw: string | undefined): string[] | undefined {
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
 * The plan options of `reproduce` (and `worker --shard`) from their flags, every one checked: a usage error names
 * the flag (exit 2).
 *
 * @example
 * ```ts
 * import { planOptionsOf } from './plan-flags.ts';
 * console.log(JSON.stringify(planOptionsOf({ models: 'mlp1x512,cnn', crop: 'off,on', theorem: true, kernel: true }))); // {"models":["mlp1x512","cnn"],"crop":[false,true]}
 * ```
 */
export function planOptionsOf(flags: PlanFlags): PlanOptions {
  const models = list('--models', flags.models) ?? (flags.model !== undefined ? [flags.model] : undefined);
  for (const model of models ?? []) {
    if (!(MODEL_NAMES as readonly string[]).includes(model)) {
      throw new CliError(
        `${flags.models !== undefined ? '--models' : '--model'} must name models among ${MODEL_NAMES.join(', ')}, got ${JSON.stringify(model)}`,
        { flag: flags.models !== undefined ? '--models' : '--model' },
      );
    }
  }
  if (flags.models !== undefined && flags.model !== undefined)
    throw new CliError('give --model or --models, not both', { flag: '--models' });
  if (flags.dataset !== undefined) parseDataSetFlag('reproduce', '--dataset', flags.dataset);
  const corruption = list('--corruption', flags.corruption)?.map((v) =>
    parseNumberFlag('--corruption', v, { min: 0, max: 1 }),
  );
  const conditions = list('--conditions', flags.conditions);
  checkedConditions(conditions, corruption);
  // A rate of 0 never moves the weights (and a decay of 0 sets it to 0 after the first epoch).
  const decay =
    flags.lrDecay === undefined ? undefined : parseNumberFlag('--lr-decay', flags.lrDecay, { above: 0, max: 1 });
  const weightDecay = list('--weight-decay', flags.weightDecay)?.map((v) =>
    parseNumberFlag('--weight-decay', v, { min: 0 }),
  );
  const crop = list('--crop', flags.crop)?.map((v) => {
    if (v === 'on' || v === 'off') return v === 'on';
    throw new CliError(`--crop takes on and off (comma-separated), got ${JSON.stringify(v)}`, { flag: '--crop' });
  });
  const seeds = list('--seeds', flags.seeds)?.map((v) => parseIntFlag('--seeds', v));
  if (seeds !== undefined && flags.seed !== undefined)
    throw new CliError('give --seed or --seeds, not both', { flag: '--seeds' });
  return {
    ...(flags.plan !== undefined ? { plan: flags.plan } : {}),
    ...(flags.theorem === false ? { theorem: false } : {}),
    ...(flags.kernel === false ? { kernel: false } : {}),
    ...(flags.dataset !== undefined ? { dataset: flags.dataset } : {}),
    ...(models !== undefined ? { models } : {}),
    ...(flags.samples !== undefined ? { samples: parseIntFlag('--samples', flags.samples, { min: 1 }) } : {}),
    ...(flags.testSamples !== undefined
      ? { testSamples: parseIntFlag('--test-samples', flags.testSamples, { min: 1 }) }
      : {}),
    ...(conditions !== undefined ? { conditions } : {}),
    ...(corruption ? { corruption } : {}),
    ...(weightDecay ? { weightDecay } : {}),
    ...(crop ? { crop } : {}),
    ...(seeds ? { seeds } : {}),
    ...(flags.epochs !== undefined ? { epochs: parseIntFlag('--epochs', flags.epochs, { min: 1 }) } : {}),
    ...(flags.batchSize !== undefined ? { batchSize: parseIntFlag('--batch-size', flags.batchSize, { min: 1 }) } : {}),
    ...(flags.lr !== undefined ? { lr: parseNumberFlag('--lr', flags.lr, { above: 0 }) } : {}),
    ...(decay !== undefined
      ? { schedule: decay === 1 ? { kind: 'constant' as const } : { kind: 'epoch' as const, decay } }
      : {}),
    ...(flags.seed !== undefined ? { seed: parseIntFlag('--seed', flags.seed) } : {}),
  };
}
