import fc from 'fast-check';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from 'rethink/core';
import { CheckpointError, readCheckpoint, writeCheckpoint } from 'rethink/train';
import type { Checkpoint, TrainConfig } from 'rethink/train';
import { sameFloatLists } from '../arbitraries/train.ts';

let root: string;
let counter = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rethink-ckpt-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
const freshDir = (): string => join(root, `c${++counter}`);

const config: TrainConfig = {
  model: 'spec',
  init: 'glorot',
  inputShape: [2, 2, 1],
  classes: 2,
  seed: 1,
  epochs: 5,
  batchSize: 4,
  lr: 0.01,
  momentum: 0.9,
  schedule: { kind: 'epoch', decay: 0.95 },
  weightDecay: 0,
  crop: null,
  scaling: 'unit',
  targetAccuracy: 1,
  stopOnFit: true,
  trainMetric: 'eval',
  evalTest: true,
  evalBatchSize: 256,
  data: { name: 'x', trainN: 4, testN: 4, sha256: '0'.repeat(64) },
};

/** Tensors with arbitrary float32 bit patterns (NaN payloads aside), including −0 and ±Infinity. */
const tensorArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 }).chain((shape) => {
  const size = shape.reduce((a, b) => a * b, 1);
  return fc
    .array(fc.float({ noNaN: true }), { minLength: size, maxLength: size })
    .map((v) => ({ shape, values: Float32Array.from(v) }));
});

const checkpointArb: fc.Arbitrary<Checkpoint> = fc
  .record({
    epoch: fc.integer({ min: 1, max: 999_999 }),
    weights: fc.array(tensorArb, { maxLength: 4 }),
    velocities: fc.array(tensorArb, { maxLength: 4 }),
    seed: fc.integer(),
  })
  .map(({ epoch, weights, velocities, seed }) => ({
    state: {
      config,
      epoch,
      steps: epoch * 3,
      history: [],
      rng: { shuffle: createRng(seed, 'a').snapshot(), crop: createRng(seed, 'b').snapshot() },
      stoppedBy: null,
    },
    weights: weights.map((t) => t.values),
    velocities: velocities.map((t) => t.values),
    weightShapes: weights.map((t) => t.shape),
    velocityShapes: velocities.map((t) => t.shape),
  }));

const simple = (epoch: number): Checkpoint => ({
  state: {
    config,
    epoch,
    steps: epoch,
    history: [],
    rng: { shuffle: createRng(epoch, 's').snapshot(), crop: createRng(epoch, 'c').snapshot() },
    stoppedBy: null,
  },
  weights: [Float32Array.of(epoch, -0, 1.5)],
  velocities: [Float32Array.of(0.25)],
  weightShapes: [[3]],
  velocityShapes: [[1]],
});

describe('writeCheckpoint / readCheckpoint', () => {
  it('round-trip state, shapes and every float32 bit', async () => {
    await fc.assert(
      fc.asyncProperty(checkpointArb, async (checkpoint) => {
        const dir = freshDir();
        await writeCheckpoint(dir, checkpoint);
        const back = await readCheckpoint(dir);
        expect(back?.state).toEqual(checkpoint.state);
        expect(back?.weightShapes).toEqual(checkpoint.weightShapes);
        expect(back?.velocityShapes).toEqual(checkpoint.velocityShapes);
        expect(sameFloatLists(back?.weights ?? [], checkpoint.weights)).toBe(true);
        expect(sameFloatLists(back?.velocities ?? [], checkpoint.velocities)).toBe(true);
        expect((await readdir(dir)).sort()).toEqual([
          'checkpoint.json',
          `weights-${String(checkpoint.state.epoch).padStart(6, '0')}.bin`,
        ]);
      }),
      { numRuns: 25 },
    );
  });

  it('a missing directory or checkpoint reads as null', async () => {
    expect(await readCheckpoint(join(root, 'nowhere'))).toBeNull();
    const dir = freshDir();
    await mkdir(dir);
    expect(await readCheckpoint(dir)).toBeNull();
  });

  it('a newer checkpoint replaces the older one and removes its tensor file and stray temporary files', async () => {
    const dir = freshDir();
    await writeCheckpoint(dir, simple(1));
    // Leftovers of an interrupted write: ignored by readCheckpoint, removed by the next write.
    await writeFile(join(dir, 'checkpoint.json.3141592653'), '{"half":');
    await writeFile(join(dir, 'weights-000002.bin.2718281828'), 'junk');
    expect((await readCheckpoint(dir))?.state.epoch).toBe(1);
    await writeCheckpoint(dir, simple(2));
    expect((await readdir(dir)).sort()).toEqual(['checkpoint.json', 'weights-000002.bin']);
    expect((await readCheckpoint(dir))?.weights[0]).toEqual(Float32Array.of(2, -0, 1.5));
  });

  it('a write that fails midway leaves the previous checkpoint intact and no temporary file behind', async () => {
    const dir = freshDir();
    await writeCheckpoint(dir, simple(1));
    // Make the rename of epoch 2's tensor file fail: a non-empty directory sits at its name.
    await mkdir(join(dir, 'weights-000002.bin', 'blocker'), { recursive: true });
    await expect(writeCheckpoint(dir, simple(2))).rejects.toThrow(CheckpointError);
    await expect(writeCheckpoint(dir, simple(2))).rejects.toThrow(
      /writeCheckpoint: .*weights-000002\.bin: cannot write/,
    );
    const back = await readCheckpoint(dir);
    expect(back?.state.epoch).toBe(1);
    expect(back?.weights[0]).toEqual(Float32Array.of(1, -0, 1.5));
    expect((await readdir(dir)).sort()).toEqual(['checkpoint.json', 'weights-000001.bin', 'weights-000002.bin']);
  });

  it('reports directories that cannot be created or checkpoint files that cannot be read', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    await expect(writeCheckpoint(join(file, 'sub'), simple(1))).rejects.toThrow(
      /writeCheckpoint: cannot create directory/,
    );
    const dir = freshDir();
    await mkdir(join(dir, 'checkpoint.json'), { recursive: true });
    await expect(readCheckpoint(dir)).rejects.toThrow(/readCheckpoint: cannot read .*checkpoint\.json/);
  });

  it('refuses tensors whose length does not match their shape', async () => {
    const bad = { ...simple(1), weightShapes: [[2]] };
    await expect(writeCheckpoint(freshDir(), bad)).rejects.toThrow(
      /writeCheckpoint: tensor 0 has 3 values but shape \[2\]/,
    );
  });

  it('detects corrupt, truncated, missing and foreign files, naming the file', async () => {
    const dir = freshDir();
    await writeCheckpoint(dir, simple(3));
    const weights = join(dir, 'weights-000003.bin');
    const bytes = await readFile(weights);

    const flipped = Buffer.from(bytes);
    flipped[5] = (flipped[5] as number) ^ 1;
    await writeFile(weights, flipped);
    await expect(readCheckpoint(dir)).rejects.toThrow(/weights-000003\.bin fails its SHA-256 check/);

    await writeFile(weights, bytes.subarray(0, 8));
    await expect(readCheckpoint(dir)).rejects.toThrow(/weights-000003\.bin has 8 bytes, expected 16/);

    await rm(weights);
    await expect(readCheckpoint(dir)).rejects.toThrow(CheckpointError);

    const manifest = JSON.parse(await readFile(join(dir, 'checkpoint.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(weights, bytes);
    await writeFile(join(dir, 'checkpoint.json'), JSON.stringify({ ...manifest, version: 99 }));
    await expect(readCheckpoint(dir)).rejects.toThrow(/version 99, expected rethink-checkpoint version 1/);

    await writeFile(join(dir, 'checkpoint.json'), JSON.stringify({ ...manifest, weightsFile: '../etc/passwd' }));
    await expect(readCheckpoint(dir)).rejects.toThrow(/bad tensor file name/);

    await writeFile(
      join(dir, 'checkpoint.json'),
      JSON.stringify({ ...manifest, weights: [{ shape: [9], offset: 0, length: 9 }] }),
    );
    await expect(readCheckpoint(dir)).rejects.toThrow(/tensor entry 0 \(shape \[9\]\) does not fit/);

    await writeFile(join(dir, 'checkpoint.json'), '{"format": "rethink-checkpoint", ');
    const error = await readCheckpoint(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).details).toMatchObject({ dir, file: 'checkpoint.json' });
  });
});
