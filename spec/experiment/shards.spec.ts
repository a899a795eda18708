/**
 * Shards (`rethink worker --shard i/N`): a deterministic share of a plan's cells per array task; the shards
 * together cover every cell exactly once, and write one plan.json and one set of cell files between them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PLAN_MODELS, type PlanInput } from 'rethink/core';
import { expandPlan, planFromOptions, resolvePlan, runShard, shardCells } from 'rethink/experiment';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { finishedCells, metricsWithoutSeconds } from './_cells.ts';

const root = mkdtempSync(join(tmpdir(), 'rethink-shards-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Random plans: 1–3 models, 1–4 conditions, 1–3 corruption levels, weight decays, crops and seeds, exclusions. */
const plans: fc.Arbitrary<PlanInput> = fc.record({
  dataset: fc.constant('mnist'),
  models: fc.uniqueArray(fc.constantFrom(...PLAN_MODELS), { minLength: 1, maxLength: 3 }),
  conditions: fc.uniqueArray(fc.constantFrom('true-labels', 'random-labels', 'gaussian-pixels', 'corrupt-labels'), {
    minLength: 1,
    maxLength: 4,
  }),
  corruption: fc.uniqueArray(fc.constantFrom(0.2, 0.4, 0.6), { minLength: 1, maxLength: 3 }),
  weightDecay: fc.uniqueArray(fc.constantFrom(0, 5e-4, 1e-3), { minLength: 1, maxLength: 3 }),
  crop: fc.uniqueArray(fc.boolean(), { minLength: 1, maxLength: 2 }),
  seeds: fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }),
  exclude: fc.array(fc.record({ crop: fc.constant([true]), models: fc.constant(['mlp1x512' as const]) }), {
    maxLength: 1,
  }),
});

describe('shardCells', () => {
  it('shards 0/N … N-1/N of any list cover every element exactly once, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (items, count) => {
        const shards = Array.from({ length: count }, (_, i) => shardCells(items, i, count));
        expect(shards.flat().length).toBe(items.length);
        const positions = shards.flatMap((_, i) => items.map((__, p) => p).filter((p) => p % count === i));
        expect(positions.sort((a, b) => a - b)).toStrictEqual(items.map((_, p) => p));
        for (const shard of shards) expect(shard.length).toBeLessThanOrEqual(Math.ceil(items.length / count));
      }),
    );
  });

  it("shards 0/3, 1/3 and 2/3 of any plan cover each of its cells exactly once, whatever the order of the plan's keys", () => {
    fc.assert(
      fc.property(plans, (input) => {
        const cells = expandPlan(resolvePlan(input));
        const ids = [0, 1, 2].flatMap((i) => shardCells(cells, i, 3).map((c) => c.id));
        expect(ids.slice().sort()).toStrictEqual(cells.map((c) => c.id).sort());
        expect(new Set(ids).size).toBe(ids.length);
        const reordered = Object.fromEntries(Object.entries(input).reverse()) as PlanInput;
        expect(shardCells(expandPlan(resolvePlan(reordered)), 1, 3).map((c) => c.id)).toStrictEqual(
          shardCells(cells, 1, 3).map((c) => c.id),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a shard outside 0 … N-1 or N < 1', () => {
    expect(() => shardCells([1], 3, 3)).toThrow(/shard 3\/3/);
    expect(() => shardCells([1], 0, 0)).toThrow(/shard 0\/0/);
    expect(() => shardCells([1], -1, 2)).toThrow();
    expect(() => shardCells([1], 0.5, 2)).toThrow();
  });
});

describe('runShard', () => {
  const plan = {
    dataset: 'mnist',
    samples: 64,
    testSamples: 32,
    conditions: ['true', 'random', 'shuffled', 'gaussian'],
    epochs: 2,
    batchSize: 32,
    theorem: false,
  };

  it('three shards write one plan.json and every cell.json, and train every cell exactly once', async () => {
    const out = join(root, 'three');
    const trained: string[] = [];
    const shares = [];
    for (const index of [2, 0, 1]) {
      const result = await runShard({
        plan,
        out,
        index,
        count: 3,
        backend: 'cpu',
        onEvent: (e) => {
          if (e.type === 'cell-done') trained.push(e.cell.id);
        },
      });
      expect(result.aborted).toBe(false);
      shares.push(result.share);
    }
    const cells = expandPlan(planFromOptions(plan));
    expect(shares).toStrictEqual([1, 2, 1]);
    expect(trained.sort()).toStrictEqual(cells.map((c) => c.id).sort());
    expect(finishedCells(out).sort()).toStrictEqual(cells.map((c) => c.id).sort());
    const written = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as { planId: string };
    expect(written.planId).toBe(planFromOptions(plan).planId);
    for (const cell of cells) expect(metricsWithoutSeconds(out, cell.id)).toHaveLength(2);
    // Run again: every cell of the share is finished, nothing is trained.
    const again = await runShard({
      plan,
      out,
      index: 0,
      count: 3,
      backend: 'cpu',
      onEvent: (e) => trained.push(e.type),
    });
    expect(again.results.size).toBe(2);
    expect(trained.filter((t) => t === 'epoch')).toStrictEqual([]);
  });

  it('refuses a run folder that holds another plan, or that is not a run folder', async () => {
    const out = join(root, 'three');
    await expect(runShard({ plan: { ...plan, epochs: 3 }, out, index: 0, count: 3, backend: 'cpu' })).rejects.toThrow(
      /holds another plan/,
    );
    const foreign = join(root, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    await expect(runShard({ plan, out: foreign, index: 0, count: 2, backend: 'cpu' })).rejects.toThrow(
      /not a plan's run folder.*notes\.txt/,
    );
    expect(readFileSync(join(foreign, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('rethink worker --shard', () => {
  it('runs its share from the plan flags and prints a JSON line', async () => {
    const io = memoryIo();
    const out = join(root, 'cli');
    const code = await main(
      [
        'worker',
        '--shard',
        '1/2',
        '--out',
        out,
        '--samples',
        '64',
        '--test-samples',
        '32',
        '--conditions',
        'true,random',
        '--epochs',
        '1',
        '--backend',
        'cpu',
        '--no-theorem',
      ],
      io,
    );
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout.join(''))).toMatchObject({
      shard: '1/2',
      cells: 1,
      of: 2,
      finished: 1,
      failed: [],
      aborted: false,
    });
  });

  it.each([
    [['--shard', '2/2', '--out', 'x'], /--shard must be i\/N with 0 <= i < N/],
    [['--shard', 'a/b', '--out', 'x'], /--shard must be i\/N/],
    [['--shard', '0/2'], /--out DIR is required/],
    [['--shard', '0/2', '--out', 'x', '--plan', 'quick', '--models', 'cnn'], /cannot be combined with a plan/],
    [['--shard', '0/2', '--out', 'x', '--crop', 'maybe'], /--crop takes on and off/],
    [['--shard', '0/2', '--queue', 'redis://h'], /give one of --queue, --shard/],
    [['--queue', 'http://h'], /--queue must be a redis:\/\/ or rediss:\/\/ URL/],
    [['--concurrency', '1'], /give --queue/],
  ])('worker %j is a usage error (exit 2)', async (args, message) => {
    const io = memoryIo();
    expect(await main(['worker', ...args], io)).toBe(2);
    expect(io.stderr.join('')).toMatch(message);
  });
});
