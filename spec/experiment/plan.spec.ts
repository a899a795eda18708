/**
 * Plans (issue #17): a plan expands into the product of its axes less its exclusions; every cell's id is a hash
 * of its whole configuration, so ids are unique and do not depend on the order of the plan's keys or flags; the
 * presets reproduce the paper's comparisons; and every schema violation names its field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLAN_MODELS, type PlanInput } from 'rethink/core';
import { ExperimentError, expandPlan, PLAN_PRESETS, planFromOptions, resolvePlan } from 'rethink/experiment';
import { caught } from '../arbitraries/assertions.ts';

const KINDS = ['true-labels', 'random-labels', 'shuffled-pixels', 'random-pixels', 'gaussian-pixels'] as const;

/** A plan with distinct values on each axis (bounded arrays of distinct picks, no filtering). */
const planArb = fc.record({
  models: fc.uniqueArray(fc.constantFrom(...PLAN_MODELS), { minLength: 1, maxLength: 3 }),
  conditions: fc.uniqueArray(fc.constantFrom(...KINDS, 'corrupt-labels'), { minLength: 1, maxLength: 4 }),
  corruption: fc.uniqueArray(
    fc.integer({ min: 1, max: 9 }).map((t) => t / 10),
    { minLength: 1, maxLength: 3 },
  ),
  weightDecay: fc.uniqueArray(fc.constantFrom(0, 1e-4, 5e-4, 1e-3), { minLength: 1, maxLength: 3 }),
  crop: fc.uniqueArray(fc.boolean(), { minLength: 1, maxLength: 2 }),
  seeds: fc.uniqueArray(fc.integer({ min: -5, max: 50 }), { minLength: 1, maxLength: 3 }),
});

function conditionCount(plan: { conditions: readonly string[]; corruption: readonly number[] }): number {
  return plan.conditions.reduce((n, c) => n + (c === 'corrupt-labels' ? plan.corruption.length : 1), 0);
}

/** The same object with its keys in reverse order (recursively), so canonical ids must not see the order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  return value;
}

describe('expandPlan', () => {
  it('gives models × conditions (one per corruption level) × weight decay × crop × seeds cells, with unique ids', () => {
    fc.assert(
      fc.property(planArb, (axes) => {
        const cells = expandPlan(resolvePlan({ dataset: 'mnist', ...axes }));
        const expected =
          axes.models.length * conditionCount(axes) * axes.weightDecay.length * axes.crop.length * axes.seeds.length;
        expect(cells).toHaveLength(expected);
        expect(new Set(cells.map((c) => c.id)).size).toBe(expected);
        expect(new Set(cells.map((c) => c.name)).size).toBe(expected);
      }),
    );
  });

  it('leaves out exactly the cells an exclusion matches', () => {
    fc.assert(
      fc.property(planArb, fc.record({ model: fc.boolean(), wd: fc.boolean(), crop: fc.boolean() }), (axes, use) => {
        const rule = {
          ...(use.model ? { models: [axes.models[0] as (typeof PLAN_MODELS)[number]] } : {}),
          ...(use.wd ? { weightDecay: [axes.weightDecay[0] as number] } : {}),
          ...(use.crop ? { crop: [axes.crop[0] as boolean] } : {}),
        };
        const all = expandPlan(resolvePlan({ dataset: 'mnist', ...axes }));
        const kept = expandPlan(resolvePlan({ dataset: 'mnist', ...axes, exclude: [rule] }));
        const matches = all.filter(
          (c) =>
            (rule.models === undefined || rule.models.includes(c.model)) &&
            (rule.weightDecay === undefined || rule.weightDecay.includes(c.weightDecay)) &&
            (rule.crop === undefined || rule.crop.includes(c.crop)),
        );
        expect(kept.map((c) => c.id)).toStrictEqual(all.filter((c) => !matches.includes(c)).map((c) => c.id));
      }),
    );
  });

  it('the same plan gives the same ids whatever the order of its keys; another value on any axis, another id', () => {
    fc.assert(
      fc.property(planArb, fc.integer({ min: 51, max: 99 }), (axes, otherSeed) => {
        const input = { dataset: 'mnist', ...axes, optimizer: { lr: 0.02, epochs: 7 } };
        const ids = expandPlan(resolvePlan(input)).map((c) => c.id);
        expect(expandPlan(resolvePlan(reversedKeys(input))).map((c) => c.id)).toStrictEqual(ids);
        const moved = expandPlan(resolvePlan({ ...input, seeds: [otherSeed] })).map((c) => c.id);
        for (const id of moved) expect(ids).not.toContain(id);
      }),
    );
  });

  it('the same flags in another order give the same plan id', () => {
    const a = planFromOptions({ models: ['mlp1x512', 'alexnet'], weightDecay: [0, 5e-4], seeds: [0, 1] });
    const b = planFromOptions({ seeds: [0, 1], weightDecay: [0, 5e-4], models: ['mlp1x512', 'alexnet'] });
    expect(b.planId).toBe(a.planId);
  });

  it('names cells readably: model/condition/wd/crop/seed', () => {
    const [cell] = expandPlan(
      resolvePlan({ dataset: 'mnist', models: ['alexnet'], conditions: ['random'], weightDecay: [5e-4], seeds: [1] }),
    );
    expect(cell?.name).toBe('alexnet/random-labels/wd=5e-4/crop=off/seed=1');
  });
});

describe('presets', () => {
  it('quick is the grid npm start has always run: MLP 1x512, 10 conditions, 500 digits, 300 epochs', () => {
    const cells = expandPlan(resolvePlan(PLAN_PRESETS.quick));
    expect(cells).toHaveLength(10);
    expect(new Set(cells.map((c) => c.model))).toStrictEqual(new Set(['mlp1x512']));
    expect(cells[0]?.optimizer).toMatchObject({ lr: 0.01, batchSize: 64, epochs: 300, schedule: { kind: 'constant' } });
  });

  it('paper-table1 has the columns the paper reports, random labels with both off, and §3 with weight decay on', () => {
    const cells = expandPlan(resolvePlan(PLAN_PRESETS['paper-table1']));
    const has = (model: string, kind: string, crop: boolean, wd: boolean): boolean =>
      cells.some((c) => c.model === model && c.condition.kind === kind && c.crop === crop && c.weightDecay > 0 === wd);
    for (const model of ['inception', 'alexnet'])
      for (const crop of [true, false])
        for (const wd of [true, false]) expect(has(model, 'true-labels', crop, wd)).toBe(true);
    for (const model of ['inception-nobn', 'mlp3x512', 'mlp1x512']) {
      expect(has(model, 'true-labels', true, false) || has(model, 'true-labels', true, true)).toBe(false);
      expect(has(model, 'true-labels', false, true) && has(model, 'true-labels', false, false)).toBe(true);
    }
    for (const model of PLAN_PRESETS['paper-table1']?.models ?? []) {
      expect(has(model, 'random-labels', false, false)).toBe(true);
      expect(has(model, 'random-labels', false, true)).toBe(true);
      expect(has(model, 'random-labels', true, false) || has(model, 'random-labels', true, true)).toBe(false);
    }
    expect(cells.find((c) => c.model === 'inception')?.optimizer.lr).toBe(0.1);
    expect(cells.find((c) => c.model === 'alexnet')?.optimizer.lr).toBe(0.01);
  });

  it('paper-figure2 trains both Inceptions on true labels to the cap (no early stop)', () => {
    const cells = expandPlan(resolvePlan(PLAN_PRESETS['paper-figure2']));
    expect(cells.map((c) => c.model)).toStrictEqual(['inception', 'inception-nobn']);
    expect(cells.every((c) => !c.optimizer.stopOnFit && c.condition.kind === 'true-labels')).toBe(true);
  });

  it('--samples, --test-samples and --epochs override any preset and are recorded', () => {
    const plan = planFromOptions({ plan: 'paper-figure1', samples: 500, testSamples: 100, epochs: 3 });
    expect(plan.overrides).toStrictEqual({ samples: 500, testSamples: 100, epochs: 3 });
    expect(expandPlan(plan).every((c) => c.data.samples === 500 && c.optimizer.epochs === 3)).toBe(true);
  });
});

describe('plan errors name the field', () => {
  const base: PlanInput = { dataset: 'mnist', models: ['mlp1x512'], conditions: ['random'] };
  it.each([
    [{ ...base, models: ['resnet'] }, 'models[0]'],
    [{ ...base, seeds: [1.5] }, 'seeds[0]'],
    [{ ...base, weightDecay: [-1] }, 'weightDecay[0]'],
    [{ ...base, optimizer: { lr: 0 } }, 'optimizer.lr'],
    [{ ...base, perModel: { mlp1x512: { momentum: 1 } } }, 'perModel.mlp1x512.momentum'],
    [{ ...base, crop: ['yes'] }, 'crop[0]'],
    [{ ...base, samples: 0 }, 'samples'],
    [{ ...base, models: [] }, 'models'],
    [{ ...base, dataset: undefined }, 'dataset'],
    [{ ...base, colour: 'blue' }, '(top level)'],
  ])('%j → %s', (input, field) => {
    const error = caught(() => resolvePlan(input), ExperimentError);
    expect(error.details.field).toBe(field);
    expect(error.message).toContain(field === '(top level)' ? 'colour' : field);
  });

  it('a plan combined with plan-defining flags is refused, naming them', () => {
    const error = caught(() => planFromOptions({ plan: 'quick', lr: 0.1, models: ['cnn'] }), ExperimentError);
    expect(error.message).toContain('lr');
    expect(error.message).toContain('models');
  });

  it('an unknown preset that is not a file lists the presets', () => {
    const error = caught(() => planFromOptions({ plan: 'no-such-preset' }), ExperimentError);
    expect(error.message).toContain('quick, paper-figure1, paper-table1, paper-figure2');
  });
});
