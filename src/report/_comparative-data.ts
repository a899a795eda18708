/**
 * Internal: the numbers of the comparative report, computed from a {@link PlanRun}'s cells only: Table 1 in the
 * paper's layout, the series of Figures 1a–c and 2, and the regularization panel, each as plain rows (mean over
 * seeds with min and max) that the figures, the HTML tables and the CSV files share.
 */
import { corruptionLevel, type ConditionKind } from 'rethink/core';
import {
  PAPER_TABLE_1,
  PAPER_TABLE_1_COLUMNS,
  type PaperTable1Column,
  type PaperTable1Row,
} from './paper-reference.ts';
import type { CellOutcome, PlanRun, PlanRunCell } from './plan-run.ts';

/** A mean over seeds with its range. */
export interface Spread {
  readonly n: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/** The mean, min and max of `values`; null when empty. */
export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return { n: values.length, mean: sum / values.length, min: Math.min(...values), max: Math.max(...values) };
}

const MODEL_ORDER = ['inception', 'inception-nobn', 'alexnet', 'mlp3x512', 'mlp1x512', 'cnn'];
const MODEL_LABELS: Readonly<Record<string, string>> = {
  inception: 'Inception',
  'inception-nobn': 'Inception w/o BN',
  alexnet: 'Alexnet',
  mlp3x512: 'MLP 3x512',
  mlp1x512: 'MLP 1x512',
  cnn: 'CNN',
};

/** The label a model's series carry (`Inception w/o BN`), or its own name when it is not one of the plan models. */
export function modelLabel(model: string): string {
  return MODEL_LABELS[model] ?? model;
}

/** The paper's Table 1 row that corresponds to a model name, or null. */
export function paperRow(model: string): PaperTable1Row | null {
  const name = model.toLowerCase();
  return PAPER_TABLE_1.find((row) => row.matches.some((m) => m.test(name))) ?? null;
}

/** Models present, in the paper's order (Inception, Inception w/o BN, Alexnet, MLPs), then the rest by name. */
export function modelsOf(run: PlanRun): string[] {
  const models = [...new Set(run.cells.map((c) => c.model))];
  const rank = (m: string): number => {
    const i = MODEL_ORDER.indexOf(m);
    if (i >= 0) return i;
    const row = paperRow(m);
    return row === null ? MODEL_ORDER.length + 1 : PAPER_TABLE_1.indexOf(row) + 0.5;
  };
  return models.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A cell that counts: not failed, with numbers. */
export type UsableCell = PlanRunCell & { readonly outcome: CellOutcome };

/** The cells whose numbers count (failed cells and cells without one epoch are left out). */
export function usable(run: PlanRun): UsableCell[] {
  return run.cells.filter((c): c is UsableCell => c.error === null && c.outcome !== null);
}

/** The regularizer-free cells (no weight decay, no random crop): Figures 1 and 2. */
export function baseline(cells: readonly UsableCell[]): UsableCell[] {
  return cells.filter((c) => c.weightDecay === 0 && !c.crop);
}

/** One cell of this run's Table 1: the seeds' cells and their train and test accuracy. */
export interface Table1Entry {
  readonly cells: readonly UsableCell[];
  readonly train: Spread;
  readonly test: Spread;
  /** Some of its cells are unfinished. */
  readonly provisional: boolean;
  /** The weight decay values pooled (one, normally). */
  readonly weightDecay: readonly number[];
}

/** One row of this run's Table 1. */
export interface Table1Row {
  readonly model: string;
  readonly label: string;
  readonly parameters: number | null;
  readonly paper: PaperTable1Row | null;
  readonly entries: Readonly<Record<PaperTable1Column, Table1Entry | null>>;
}

const COLUMN_FILTERS: Readonly<Record<PaperTable1Column, (c: UsableCell) => boolean>> = {
  'yes/yes': (c) => c.condition.kind === 'true-labels' && c.crop && c.weightDecay > 0,
  'yes/no': (c) => c.condition.kind === 'true-labels' && c.crop && c.weightDecay === 0,
  'no/yes': (c) => c.condition.kind === 'true-labels' && !c.crop && c.weightDecay > 0,
  'no/no': (c) => c.condition.kind === 'true-labels' && !c.crop && c.weightDecay === 0,
  'random labels': (c) => c.condition.kind === 'random-labels' && !c.crop && c.weightDecay === 0,
};

function entry(cells: readonly UsableCell[]): Table1Entry | null {
  const train = spread(cells.map((c) => c.outcome.finalTrainAccuracy));
  const test = spread(cells.map((c) => c.outcome.finalTestAccuracy));
  if (train === null || test === null) return null;
  return {
    cells,
    train,
    test,
    provisional: cells.some((c) => c.outcome.provisional),
    weightDecay: [...new Set(cells.map((c) => c.weightDecay))].sort((a, b) => a - b),
  };
}

/** Table 1 of this run in the paper's layout: rows = models, columns = crop/weight decay and random labels. */
export function table1(run: PlanRun): Table1Row[] {
  const cells = usable(run);
  return modelsOf(run).map((model) => {
    const mine = cells.filter((c) => c.model === model);
    const entries = Object.fromEntries(
      PAPER_TABLE_1_COLUMNS.map((column) => [column, entry(mine.filter(COLUMN_FILTERS[column]))]),
    ) as Record<PaperTable1Column, Table1Entry | null>;
    const parameters = mine.find((c) => c.outcome.parameters !== null)?.outcome.parameters ?? null;
    return { model, label: modelLabel(model), parameters, paper: paperRow(model), entries };
  });
}

/** Figure 1a: mean training loss per epoch of each model's regularizer-free cells, per condition. */
export interface LossPoint {
  readonly model: string;
  readonly condition: string;
  readonly step: number;
  readonly loss: number;
}

/** Figure 1a's points (means over seeds, epoch by epoch). */
export function lossCurves(run: PlanRun): LossPoint[] {
  const groups = new Map<
    string,
    { model: string; condition: string; epoch: number; steps: number[]; losses: number[] }
  >();
  for (const cell of baseline(usable(run))) {
    for (const r of cell.records) {
      if (r.trainLoss === null) continue;
      const key = `${cell.model}\u0000${cell.condition.id}\u0000${r.epoch}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = { model: cell.model, condition: cell.condition.id, epoch: r.epoch, steps: [], losses: [] };
        groups.set(key, g);
      }
      g.steps.push(r.step);
      g.losses.push(r.trainLoss);
    }
  }
  return [...groups.values()].map((g) => ({
    model: modelLabel(g.model),
    condition: g.condition,
    step: (spread(g.steps) as Spread).mean,
    loss: (spread(g.losses) as Spread).mean,
  }));
}

/** The condition ids in Figure 1a's order (true labels, random labels, corruption levels, pixels, noise). */
export function conditionOrder(run: PlanRun): string[] {
  const rank: Record<ConditionKind, number> = {
    'true-labels': 0,
    'corrupt-labels': 1,
    'random-labels': 2,
    'shuffled-pixels': 3,
    'random-pixels': 4,
    'gaussian-pixels': 5,
    'uniform-pixels': 6,
  } as Record<ConditionKind, number>;
  const seen = new Map<string, { kind: ConditionKind; p: number | null }>();
  for (const c of run.cells) if (!seen.has(c.condition.id)) seen.set(c.condition.id, c.condition);
  return [...seen.entries()]
    .sort(
      ([a, x], [b, y]) => (rank[x.kind] ?? 9) - (rank[y.kind] ?? 9) || (x.p ?? 0) - (y.p ?? 0) || a.localeCompare(b),
    )
    .map(([id]) => id);
}

/** A point of Figures 1b and 1c: one model at one corruption level, over its seeds. */
export interface LevelPoint {
  readonly model: string;
  readonly p: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly seeds: number;
  /** Figure 1b: `not fitted (lower bound)` when some seed hit the epoch cap (its steps so far stand in). */
  readonly status: 'fitted' | 'not fitted (lower bound)';
}

/** A figure-1b/1c point of `model` at level `p` from its seeds' spread; `lower` when some seed did not fit. */
function levelPoint(model: string, p: number, s: Spread, lower: boolean): LevelPoint {
  const status = lower ? 'not fitted (lower bound)' : 'fitted';
  return { model: modelLabel(model), p, mean: s.mean, min: s.min, max: s.max, seeds: s.n, status };
}

/** Figure 1b: steps to fit ÷ the same model's (and seed's) true-labels steps, per model and corruption level. */
export function fitTimes(run: PlanRun): { points: LevelPoint[]; unrelated: string[] } {
  const cells = baseline(usable(run));
  const points: LevelPoint[] = [];
  const unrelated: string[] = [];
  for (const model of modelsOf(run)) {
    const mine = cells.filter((c) => c.model === model);
    const base = new Map<number, number>();
    for (const c of mine) {
      if (c.condition.kind === 'true-labels' && c.outcome.fitted && (c.outcome.stepsToFit ?? 0) > 0) {
        base.set(c.seed, c.outcome.stepsToFit as number);
      }
    }
    const fallback = spread([...base.values()])?.mean ?? null;
    if (fallback === null) {
      if (mine.length > 0) unrelated.push(modelLabel(model));
      continue;
    }
    for (const [p, group] of byLevel(mine)) {
      const ys: number[] = [];
      let lower = false;
      for (const c of group) {
        const steps = c.outcome.fitted ? c.outcome.stepsToFit : c.outcome.steps;
        if (steps === null) continue;
        ys.push(steps / (base.get(c.seed) ?? fallback));
        if (!c.outcome.fitted) lower = true;
      }
      const s = spread(ys);
      if (s === null) continue;
      points.push(levelPoint(model, p, s, lower));
    }
  }
  return { points, unrelated };
}

/** Figure 1c: test error at the end of training per model and corruption level. */
export function testErrors(run: PlanRun): LevelPoint[] {
  const cells = baseline(usable(run));
  const points: LevelPoint[] = [];
  for (const model of modelsOf(run)) {
    for (const [p, group] of byLevel(cells.filter((c) => c.model === model))) {
      const s = spread(group.map((c) => 1 - c.outcome.finalTestAccuracy)) as Spread;
      points.push(
        levelPoint(
          model,
          p,
          s,
          group.some((c) => !c.outcome.fitted),
        ),
      );
    }
  }
  return points;
}

function byLevel(cells: readonly UsableCell[]): [number, UsableCell[]][] {
  const groups = new Map<number, UsableCell[]>();
  for (const c of cells) {
    const p = corruptionLevel(c.condition);
    if (p === null) continue;
    const g = groups.get(p);
    if (g === undefined) groups.set(p, [c]);
    else g.push(c);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b);
}

/** A point of Figure 2: one model's mean accuracy at one epoch (true labels, no regularizer). */
export interface CurvePoint {
  readonly model: string;
  readonly epoch: number;
  readonly train: number;
  readonly test: number;
  /** The cumulative best test accuracy up to this epoch (mean over seeds of each seed's running maximum). */
  readonly best: number;
  readonly seeds: number;
}

/** Figure 2's points. */
export function learningCurves(run: PlanRun): CurvePoint[] {
  const cells = baseline(usable(run)).filter((c) => c.condition.kind === 'true-labels');
  const points: CurvePoint[] = [];
  for (const model of modelsOf(run)) {
    const byEpoch = new Map<number, { train: number[]; test: number[]; best: number[] }>();
    for (const cell of cells.filter((c) => c.model === model)) {
      let best = 0;
      for (const r of [...cell.records].sort((a, b) => a.epoch - b.epoch)) {
        best = Math.max(best, r.testAccuracy);
        let g = byEpoch.get(r.epoch);
        if (g === undefined) {
          g = { train: [], test: [], best: [] };
          byEpoch.set(r.epoch, g);
        }
        g.train.push(r.trainAccuracy);
        g.test.push(r.testAccuracy);
        g.best.push(best);
      }
    }
    for (const [epoch, g] of [...byEpoch.entries()].sort(([a], [b]) => a - b)) {
      points.push({
        model: modelLabel(model),
        epoch,
        train: (spread(g.train) as Spread).mean,
        test: (spread(g.test) as Spread).mean,
        best: (spread(g.best) as Spread).mean,
        seeds: g.test.length,
      });
    }
  }
  return points;
}

/** The regularizer settings of the regularization panel, in order. */
export const REGULARIZERS = ['none', 'weight decay', 'random crop', 'both'] as const;
/** One of {@link REGULARIZERS}. */
export type Regularizer = (typeof REGULARIZERS)[number];

/** One model's row of the regularization panel. */
export interface RegularizationRow {
  readonly model: string;
  readonly label: string;
  /** Test accuracy on true labels per setting (null: not in the run). */
  readonly test: Readonly<Record<Regularizer, Spread | null>>;
  /** Random labels with weight decay on (no crop): how many seeds fitted, and the training accuracy reached. */
  readonly randomWithWeightDecay: { readonly fitted: number; readonly seeds: number; readonly train: Spread } | null;
}

function regularizerOf(c: UsableCell): Regularizer {
  return c.weightDecay > 0 ? (c.crop ? 'both' : 'weight decay') : c.crop ? 'random crop' : 'none';
}

/** The regularization panel's rows. */
export function regularization(run: PlanRun): RegularizationRow[] {
  const cells = usable(run);
  return modelsOf(run).map((model) => {
    const mine = cells.filter((c) => c.model === model);
    const truth = mine.filter((c) => c.condition.kind === 'true-labels');
    const test = Object.fromEntries(
      REGULARIZERS.map((r) => [
        r,
        spread(truth.filter((c) => regularizerOf(c) === r).map((c) => c.outcome.finalTestAccuracy)),
      ]),
    ) as Record<Regularizer, Spread | null>;
    const random = mine.filter((c) => c.condition.kind === 'random-labels' && c.weightDecay > 0 && !c.crop);
    const train = spread(random.map((c) => c.outcome.finalTrainAccuracy));
    return {
      model,
      label: modelLabel(model),
      test,
      randomWithWeightDecay:
        train === null ? null : { fitted: random.filter((c) => c.outcome.fitted).length, seeds: random.length, train },
    };
  });
}
