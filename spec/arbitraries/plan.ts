/**
 * Arbitraries for the comparative report: whole plan runs in memory ({@link PlanRun}) with 1–3 models, 1–3 seeds,
 * a few conditions and regularizer settings, each cell with consistent metrics and outcome. Built from bounded
 * integers with map/chain (no filters), so failures shrink to small runs.
 */
import fc from 'fast-check';
import { PLAN_MODELS, conditionId, type ConditionKind, type MetricRecord } from 'rethink/core';
import type { PlanRun, PlanRunCell, PlanRunData } from 'rethink/report';

/** The data fields that {@link mergeRuns} compares, with two different values each. */
export const DATA_FIELDS: readonly (readonly [keyof PlanRunData, unknown, unknown])[] = [
  ['dataset', 'cifar10', 'mnist'],
  ['preprocessing', 'none', 'paper'],
  ['samples', 1000, 2000],
  ['testSamples', 500, 250],
  ['dataSeed', 0, 1],
  ['checksum', 'sha256:aa', 'sha256:bb'],
  ['classes', 10, 100],
];

/** The data of the generated runs. */
export const PLAN_DATA: PlanRunData = {
  dataset: 'cifar10',
  samples: 1000,
  testSamples: 500,
  dataSeed: 0,
  preprocessing: 'paper',
  checksum: null,
  classes: 10,
};

/** A cell's numbers as drawn: whether it fits, after how many epochs it stops, its final accuracies (per mille). */
interface CellDraw {
  readonly fitted: boolean;
  readonly epochs: number;
  readonly train: number;
  readonly test: number;
}

const cellDraw: fc.Arbitrary<CellDraw> = fc
  .record({
    fitted: fc.boolean(),
    epochs: fc.integer({ min: 1, max: 5 }),
    train: fc.integer({ min: 0, max: 1000 }),
    test: fc.integer({ min: 0, max: 1000 }),
  })
  .map((d) => ({ ...d, train: d.fitted ? 1000 : Math.min(d.train, 999) }));

/** The settings of one cell. */
export interface CellSpec {
  readonly model: string;
  readonly kind: ConditionKind;
  readonly p: number | null;
  readonly weightDecay: number;
  readonly crop: boolean;
  readonly seed: number;
}

/** A finished cell with `draw`'s numbers and metrics that end on them. */
export function makeCell(spec: CellSpec, draw: CellDraw, source = 'generated'): PlanRunCell {
  const condition = { id: conditionId(spec.kind, spec.p), kind: spec.kind, p: spec.p };
  const name = `${spec.model}/${condition.id}/wd=${spec.weightDecay}/crop=${spec.crop ? 'on' : 'off'}/seed=${spec.seed}`;
  const records: MetricRecord[] = [];
  for (let epoch = 1; epoch <= draw.epochs; epoch++) {
    const last = epoch === draw.epochs;
    records.push({
      condition: condition.id,
      kind: spec.kind,
      p: spec.p,
      epoch,
      step: epoch * 4,
      trainLoss: 2 / epoch,
      trainAccuracy: last ? draw.train / 1000 : ((draw.train / 1000) * epoch) / (draw.epochs + 1),
      testLoss: 2,
      testAccuracy: last ? draw.test / 1000 : ((draw.test / 1000) * epoch) / (draw.epochs + 1),
      lr: 0.01,
      seconds: epoch,
    });
  }
  return {
    id: name,
    name,
    model: spec.model,
    condition,
    weightDecay: spec.weightDecay,
    crop: spec.crop,
    seed: spec.seed,
    epochCap: 5,
    cell: null,
    records,
    truncated: null,
    result: null,
    outcome: {
      provisional: false,
      fitted: draw.fitted,
      stoppedBy: draw.fitted ? 'fitted' : 'epochs',
      epochs: draw.epochs,
      epochsToFit: draw.fitted ? draw.epochs : null,
      stepsToFit: draw.fitted ? draw.epochs * 4 : null,
      secondsToFit: draw.fitted ? draw.epochs : null,
      steps: draw.epochs * 4,
      finalTrainAccuracy: draw.train / 1000,
      finalTestAccuracy: draw.test / 1000,
      bestTestAccuracy: draw.test / 1000,
      finalTrainLoss: 2 / draw.epochs,
      parameters: 1000,
    },
    error: null,
    source,
  };
}

/** The regularizer settings a generated run may have besides none: [weight decay, crop]. */
const REGULARIZED: readonly (readonly [number, boolean])[] = [
  [5e-4, false],
  [0, true],
  [5e-4, true],
];
const CONDITIONS: readonly (readonly [ConditionKind, number | null])[] = [
  ['true-labels', null],
  ['random-labels', null],
  ['corrupt-labels', 0.4],
  ['gaussian-pixels', null],
];

/** The layout of a generated run: which models, seeds, extra conditions and regularizer settings. */
export interface PlanLayout {
  readonly models: readonly string[];
  readonly seeds: readonly number[];
  /** Conditions besides true labels (always present, without regularizers). */
  readonly conditions: readonly (readonly [ConditionKind, number | null])[];
  /** Regularizer settings run on true labels. */
  readonly regularized: readonly (readonly [number, boolean])[];
}

/** The cells a layout expands to: every condition without regularizers, true labels with each regularizer setting. */
export function layoutCells(layout: PlanLayout): CellSpec[] {
  const cells: CellSpec[] = [];
  for (const model of layout.models) {
    for (const seed of layout.seeds) {
      for (const [kind, p] of [CONDITIONS[0] as (typeof CONDITIONS)[number], ...layout.conditions]) {
        cells.push({ model, kind, p, weightDecay: 0, crop: false, seed });
      }
      for (const [weightDecay, crop] of layout.regularized) {
        cells.push({ model, kind: 'true-labels', p: null, weightDecay, crop, seed });
      }
    }
  }
  return cells;
}

/** A layout: 1–3 models, 1–3 seeds, some of the other conditions and regularizer settings. */
export const planLayoutArb: fc.Arbitrary<PlanLayout> = fc.record({
  models: fc.uniqueArray(fc.constantFrom(...PLAN_MODELS), { minLength: 1, maxLength: 3 }),
  seeds: fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }),
  conditions: fc.subarray([...CONDITIONS.slice(1)]),
  regularized: fc.subarray([...REGULARIZED]),
});

/** A whole plan run in memory, with its layout. */
export const planRunArb: fc.Arbitrary<{ layout: PlanLayout; run: PlanRun }> = planLayoutArb.chain((layout) => {
  const specs = layoutCells(layout);
  return fc.array(cellDraw, { minLength: specs.length, maxLength: specs.length }).map((draws) => ({
    layout,
    run: {
      sources: [{ dir: 'generated', format: 2 as const, plan: null, config: null }],
      data: PLAN_DATA,
      cells: specs.map((spec, i) => makeCell(spec, draws[i] as CellDraw)),
      theorem: null,
      kernel: null,
      warnings: [],
    },
  }));
});
