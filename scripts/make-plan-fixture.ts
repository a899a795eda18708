/**
 * Writes `fixtures/report/plan-run/`: a small, deterministic, synthetic plan run folder (format 2: plan.json,
 * theorem.json, kernel.json, cells/<id>/{cell.json, metrics.jsonl, result.json, error.json}) for the comparative report's specs
 * and for trying `rethink report` by hand. The curves are made up (seeded), shaped like the paper's:
 *
 * - models Inception, Inception w/o BatchNorm, Alexnet and MLP 1x512 on CIFAR-10 (paper preprocessing), with
 *   `--samples 1000 --test-samples 500 --epochs 20` as overrides;
 * - conditions true labels, random labels, corrupt labels p = 0.2…0.8, shuffled pixels and Gaussian pixels without
 *   regularizers; true labels with every crop / weight-decay combination (weight decay only for the MLP), random
 *   labels with weight decay; seeds 0 and 1: 92 cells;
 * - random labels take about 2.5× the steps of true labels (Alexnet's seed 1 stops at the epoch cap just short of
 *   100%: a lower bound; Alexnet with weight decay does not converge on random labels, as in Section 3), test error
 *   rises with corruption to chance;
 * - the Inceptions train to the epoch cap (`stopOnFit: false`), so Figure 2 shows the test accuracy past the fit;
 * - one unfinished cell (`inception/corrupt-labels@0.6/…/seed=1`: no result.json, its last metrics line cut off)
 *   and one failed cell (`inception-nobn/gaussian-pixels/…/seed=1`: error.json).
 *
 * Run: `npx tsx scripts/make-plan-fixture.ts` (rewrites the folder; the output is byte-for-byte stable).
 * Try: `npx rethink report fixtures/report/plan-run --out /tmp/plan-report/index.html`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  PLAN_FILES,
  PLAN_FORMAT_VERSION,
  conditionId,
  createRng,
  type Cell,
  type CellError,
  type CellResult,
  type ConditionKind,
  type KernelPanel,
  type MetricRecord,
  type Optimizer,
  type ResolvedPlan,
  type TheoremPanel,
} from 'rethink/core';

const dir = resolve(import.meta.dirname, '..', 'fixtures', 'report', 'plan-run');
const SAMPLES = 1000;
const TEST_SAMPLES = 500;
const BATCH = 128;
const STEPS_PER_EPOCH = Math.ceil(SAMPLES / BATCH);
const EPOCHS = 20;
const SEEDS = [0, 1];
const WD = 5e-4;

type Model = 'inception' | 'inception-nobn' | 'alexnet' | 'mlp1x512';
const MODELS: readonly Model[] = ['inception', 'inception-nobn', 'alexnet', 'mlp1x512'];
/** Epochs true labels take to fit, final test accuracy on true labels, parameters (28×28×3 inputs), seconds per epoch. */
const MODEL_FACTS: Readonly<Record<Model, { fit: number; test: number; parameters: number; secondsPerEpoch: number }>> =
  {
    inception: { fit: 6, test: 0.86, parameters: 1_649_402, secondsPerEpoch: 4.1 },
    'inception-nobn': { fit: 8, test: 0.82, parameters: 1_649_402, secondsPerEpoch: 3.6 },
    alexnet: { fit: 7, test: 0.76, parameters: 1_387_786, secondsPerEpoch: 2.2 },
    mlp1x512: { fit: 7, test: 0.51, parameters: 1_209_866, secondsPerEpoch: 0.4 },
  };
const CONDITIONS: readonly (readonly [ConditionKind, number | null])[] = [
  ['true-labels', null],
  ['random-labels', null],
  ['corrupt-labels', 0.2],
  ['corrupt-labels', 0.4],
  ['corrupt-labels', 0.6],
  ['corrupt-labels', 0.8],
  ['shuffled-pixels', null],
  ['gaussian-pixels', null],
];
const OPTIMIZER: Optimizer = {
  lr: 0.01,
  momentum: 0.9,
  schedule: { kind: 'epoch', decay: 0.95 },
  batchSize: BATCH,
  epochs: EPOCHS,
  targetAccuracy: 1,
  stopOnFit: true,
};
/** The Inceptions train to the epoch cap (as `paper-figure2` does), so Figure 2 has curves past the fit. */
const optimizerOf = (model: Model): Optimizer =>
  model === 'inception' || model === 'inception-nobn' ? { ...OPTIMIZER, lr: 0.1, stopOnFit: false } : OPTIMIZER;
const DATA = {
  dataset: 'cifar10',
  samples: SAMPLES,
  testSamples: TEST_SAMPLES,
  dataSeed: 0,
  preprocessing: 'paper',
} as const;

const UNFINISHED = 'inception/corrupt-labels@0.6/wd=0/crop=off/seed=1';
const FAILED = 'inception-nobn/gaussian-pixels/wd=0/crop=off/seed=1';

const round = (x: number, digits: number): number => Number(x.toFixed(digits));
const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const wdText = (wd: number): string => (wd === 0 ? '0' : wd.toExponential().replace('e-', 'e-'));
const write = (file: string, value: unknown): void => {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
};

/** The cells of the fixture: every condition without regularizers, true labels with each regularizer, random labels with weight decay. */
function grid(): {
  model: Model;
  kind: ConditionKind;
  p: number | null;
  weightDecay: number;
  crop: boolean;
  seed: number;
}[] {
  const cells = [];
  for (const model of MODELS) {
    const crops = model === 'mlp1x512' ? [false] : [false, true];
    for (const seed of SEEDS) {
      for (const [kind, p] of CONDITIONS) {
        for (const weightDecay of [0, WD]) {
          for (const crop of crops) {
            const regularized = weightDecay > 0 || crop;
            if (regularized && kind !== 'true-labels' && !(kind === 'random-labels' && !crop)) continue;
            cells.push({ model, kind, p, weightDecay, crop, seed });
          }
        }
      }
    }
  }
  return cells;
}

function main(): void {
  rmSync(dir, { recursive: true, force: true });
  const plan: ResolvedPlan = {
    formatVersion: PLAN_FORMAT_VERSION,
    planId: '',
    plan: {
      name: 'fixture',
      description: 'Synthetic curves for the comparative report specs (not a measurement).',
      dataset: DATA.dataset,
      samples: SAMPLES,
      testSamples: TEST_SAMPLES,
      dataSeed: 0,
      preprocessing: 'paper',
      models: [...MODELS],
      conditions: ['true-labels', 'random-labels', 'corrupt-labels', 'shuffled-pixels', 'gaussian-pixels'],
      corruption: [0.2, 0.4, 0.6, 0.8],
      weightDecay: [0, WD],
      crop: [false, true],
      seeds: SEEDS,
      optimizer: { lr: 0.01, momentum: 0.9, schedule: { kind: 'epoch', decay: 0.95 }, batchSize: BATCH },
      perModel: { inception: { lr: 0.1 }, 'inception-nobn': { lr: 0.1 } },
      exclude: [
        { models: ['mlp1x512'], crop: [true] },
        { conditions: ['corrupt-labels', 'shuffled-pixels', 'gaussian-pixels'], weightDecay: [WD] },
        { conditions: ['random-labels', 'corrupt-labels', 'shuffled-pixels', 'gaussian-pixels'], crop: [true] },
      ],
      theorem: true,
      kernel: true,
    },
    optimizers: Object.fromEntries(MODELS.map((m) => [m, optimizerOf(m)])),
    overrides: { samples: SAMPLES, testSamples: TEST_SAMPLES, epochs: EPOCHS },
  };
  const resolved = { ...plan, planId: hash(plan.plan).slice(0, 16) };
  write(join(dir, PLAN_FILES.plan), resolved);
  const theorem: TheoremPanel = {
    n: SAMPLES,
    d: 28 * 28 * 3,
    parameters: 2 * SAMPLES + 28 * 28 * 3,
    maxAbsError: 0,
    exact: true,
    seconds: 2.31,
    labels: 'random',
    errorBound: 0,
  };
  write(join(dir, PLAN_FILES.theorem), theorem);
  const kernel: KernelPanel = {
    n: SAMPLES,
    m: TEST_SAMPLES,
    d: 28 * 28 * 3,
    gamma: 0.00042,
    trueLabels: { testError: 0.612, norm: 41.7, minPivot: 0.0213, seconds: 0.41 },
    randomLabels: { testError: 0.898, norm: 97.3, minPivot: 0.0213, seconds: 0.39 },
  };
  write(join(dir, PLAN_FILES.kernel), kernel);

  let lines = 0;
  const cells = grid();
  for (const g of cells) {
    const condition = { id: conditionId(g.kind, g.p), kind: g.kind, p: g.p };
    const optimizer = optimizerOf(g.model);
    const config = {
      model: g.model,
      condition,
      weightDecay: g.weightDecay,
      crop: g.crop,
      seed: g.seed,
      optimizer,
      data: DATA,
    };
    const id = hash(config).slice(0, 12);
    const name = `${g.model}/${condition.id}/wd=${wdText(g.weightDecay)}/crop=${g.crop ? 'on' : 'off'}/seed=${g.seed}`;
    const cell: Cell = { formatVersion: PLAN_FORMAT_VERSION, id, name, ...config, data: { ...DATA } };
    const cellDir = join(dir, PLAN_FILES.cells, id);
    write(join(cellDir, PLAN_FILES.cell), cell);

    const rng = createRng(g.seed, `plan-fixture/${name}`);
    const facts = MODEL_FACTS[g.model];
    const p = g.kind === 'true-labels' ? 0 : g.kind === 'random-labels' ? 1 : (g.p ?? 0);
    const slowdown =
      g.kind === 'shuffled-pixels' ? 1.3 : g.kind === 'gaussian-pixels' ? 1.7 : 1 + 1.5 * p + (g.crop ? 0.4 : 0);
    const neverFits = g.model === 'alexnet' && g.kind === 'random-labels' && g.weightDecay > 0;
    const fitEpoch = Math.round(facts.fit * slowdown * (1 + 0.3 * (rng.float() - 0.5)));
    // Alexnet on random labels without regularizers stops just short of 100% (99.82% in the paper): a lower bound.
    const capped = g.model === 'alexnet' && g.kind === 'random-labels' && g.weightDecay === 0 && g.seed === 1;
    const fits = !neverFits && !capped && fitEpoch <= EPOCHS;
    const trueTest = facts.test + (g.weightDecay > 0 ? 0.012 : 0) + (g.crop ? 0.03 : 0);
    const finalTest =
      g.kind === 'shuffled-pixels'
        ? g.model === 'mlp1x512'
          ? facts.test - 0.01
          : facts.test - 0.3
        : g.kind === 'gaussian-pixels'
          ? 0.1
          : trueTest * (1 - p) + 0.1 * p;
    const span = fits || capped ? Math.min(fitEpoch, EPOCHS) : EPOCHS * 1.25;
    const last = name === UNFINISHED ? 7 : name === FAILED ? 3 : fits && optimizer.stopOnFit ? fitEpoch : EPOCHS;
    const records: MetricRecord[] = [];
    let seconds = 0;
    let best = 0;
    for (let epoch = 1; epoch <= last; epoch++) {
      const t = epoch / span;
      const wobble = g.model === 'inception-nobn' ? 0.05 : 0.02;
      const trainAccuracy =
        fits && epoch >= fitEpoch
          ? 1
          : round(Math.min(0.996 + 0.003 * rng.float(), 0.1 + 0.9 * (1 - Math.exp(-4 * t ** 2))), 4);
      // Past the fit the test accuracy wanders (more without batch normalization) and, without it, slowly falls.
      const drift = fits && epoch > fitEpoch ? (g.model === 'inception-nobn' ? -0.0015 : 0) * (epoch - fitEpoch) : 0;
      const testAccuracy = round(
        Math.min(
          1,
          Math.max(0, 0.1 + (finalTest - 0.1) * ((trainAccuracy - 0.1) / 0.9) + drift + wobble * (rng.float() - 0.5)),
        ),
        4,
      );
      best = Math.max(best, testAccuracy);
      seconds = round(seconds + facts.secondsPerEpoch * (1 + 0.1 * rng.float()), 3);
      records.push({
        condition: condition.id,
        kind: g.kind,
        p: g.p,
        epoch,
        step: epoch * STEPS_PER_EPOCH,
        trainLoss: round(2.3 * Math.exp(-4.2 * t ** 1.5) * (1 + 0.05 * (rng.float() - 0.5)) + (neverFits ? 2.1 : 0), 5),
        trainAccuracy: neverFits ? round(0.1 + 0.02 * rng.float(), 4) : trainAccuracy,
        testLoss: round(2.3 + 0.6 * t * (1 - finalTest), 4),
        testAccuracy: neverFits ? round(0.1 + 0.01 * rng.float(), 4) : testAccuracy,
        lr: round(optimizer.lr * 0.95 ** (epoch - 1), 8),
        seconds,
      });
    }
    let text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    if (name === UNFINISHED) text += JSON.stringify({ ...records[records.length - 1], epoch: last + 1 }).slice(0, 57);
    writeFileSync(join(cellDir, PLAN_FILES.metrics), text);
    lines += records.length;

    if (name === FAILED) {
      const error: CellError = {
        formatVersion: PLAN_FORMAT_VERSION,
        cellId: id,
        code: 'E_DIVERGED',
        message: 'training loss became NaN at epoch 4 (lr 0.1 without batch normalization); not retried',
        host: 'fixture-host',
        at: '2025-01-01T13:10:00.000Z',
      };
      write(join(cellDir, 'error.json'), error);
      continue;
    }
    if (name === UNFINISHED) continue;
    const final = records[records.length - 1] as MetricRecord;
    const fit = fits ? (records[fitEpoch - 1] as MetricRecord) : null;
    const result: CellResult = {
      formatVersion: PLAN_FORMAT_VERSION,
      cellId: id,
      fitted: fits,
      stoppedBy: fits && optimizer.stopOnFit ? 'fitted' : 'epochs',
      epochs: final.epoch,
      epochsToFit: fit?.epoch ?? null,
      stepsToFit: fit?.step ?? null,
      secondsToFit: fit?.seconds ?? null,
      finalTrainAccuracy: final.trainAccuracy,
      finalTestAccuracy: final.testAccuracy,
      bestTestAccuracy: best,
      finalTrainLoss: final.trainLoss,
      parameters: facts.parameters,
      dataChecksum: `sha256:${hash({ data: DATA, kind: g.kind, p: g.p, seed: g.seed })}`,
      backends: [{ name: 'tensorflow', host: 'fixture-host' }],
      randomization: g.kind === 'true-labels' ? { kind: g.kind } : { kind: g.kind, seed: g.seed, p: g.p },
      startedAt: '2025-01-01T12:00:00.000Z',
      finishedAt: '2025-01-01T12:05:00.000Z',
    };
    write(join(cellDir, PLAN_FILES.result), result);
  }
  console.log(`wrote ${dir}: ${cells.length} cells, ${lines} metric records`);
}

main();
