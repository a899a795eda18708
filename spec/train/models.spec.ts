import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from 'rethink/core';
import { MODEL_NAMES, alexnet, buildModel, cnn, countParameters, inception, isModelName, mlp } from 'rethink/train';
import type { InputShape, ModelName } from 'rethink/train';
import { sameFloatLists, sameFloats } from '../arbitraries/train.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Builds, runs `f`, disposes. */
function withModel<T>(build: () => tf.LayersModel, f: (m: tf.LayersModel) => T): T {
  const model = build();
  try {
    return f(model);
  } finally {
    model.dispose();
  }
}

const dense = (inputs: number, units: number): number => inputs * units + units;
const conv = (k: number, cin: number, cout: number): number => k * k * cin * cout + cout;

describe('parameter counts (conv/dense weights and biases; batch-norm γ, β and moving statistics not counted)', () => {
  it.each<[ModelName, number]>([
    ['mlp1x512', 1_209_866],
    ['mlp3x512', 1_735_178],
    ['alexnet', 1_387_786],
    ['inception', 1_649_402],
    ['inception-nobn', 1_649_402],
  ])('%s on 28×28×3 with 10 classes has Table 1’s %i parameters', (name, expected) => {
    expect(withModel(() => buildModel(name, [28, 28, 3], 10, { seed: 1 }), countParameters)).toBe(expected);
  });

  it('the replication CNN has 1,626,442 parameters on 32×32×3 (Keras summary of the replication)', () => {
    expect(withModel(() => buildModel('cnn', [32, 32, 3], 10), countParameters)).toBe(1_626_442);
  });

  it('inception’s batch norm adds 4 weights per conv channel (γ, β, moving mean and variance), only when asked', () => {
    // Conv channels per the architecture: stem 96, nine Inception modules (c1 + c3), two downsample convs.
    const channels =
      96 + (32 + 32) + (32 + 48) + 80 + (112 + 48) + (96 + 64) + (80 + 80) + (48 + 96) + 96 + 2 * (176 + 160);
    withModel(
      () => inception([28, 28, 3], 10),
      (m) => expect(countParameters(m, { includeBatchNorm: true }) - countParameters(m)).toBe(4 * channels),
    );
    withModel(
      () => inception([28, 28, 3], 10, { batchNorm: false }),
      (m) => expect(countParameters(m, { includeBatchNorm: true })).toBe(countParameters(m)),
    );
  });

  it('mlp: Σ (fan-in · width + width) over its layers, for any shape and hidden widths', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 })),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 3 }),
        (shape, classes, hidden) => {
          let expected = 0;
          let fanIn = shape[0] * shape[1] * shape[2];
          for (const h of [...hidden, classes]) {
            expected += dense(fanIn, h);
            fanIn = h;
          }
          expect(withModel(() => mlp(shape, classes, { hidden }), countParameters)).toBe(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('cnn: two valid 3×3 convs, a 2×2 pool and two dense layers, for any shape ≥ 6×6', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 6, max: 14 }),
        fc.integer({ min: 6, max: 14 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 12 }),
        (h, w, c, k) => {
          const flat = Math.floor((h - 4) / 2) * Math.floor((w - 4) / 2) * 64;
          const expected = conv(3, c, 32) + conv(3, 32, 64) + dense(flat, 128) + dense(128, k);
          expect(withModel(() => cnn([h, w, c], k), countParameters)).toBe(expected);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('alexnet: two 5×5×64 convs, two stride-2 same pools, dense 384 → 192 → k', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 12 }),
        (h, w, c, k) => {
          const side = (s: number): number => Math.ceil(Math.ceil(s / 2) / 2);
          const expected =
            conv(5, c, 64) + conv(5, 64, 64) + dense(side(h) * side(w) * 64, 384) + dense(384, 192) + dense(192, k);
          expect(withModel(() => alexnet([h, w, c], k), countParameters)).toBe(expected);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('inception: the count depends only on channels and classes (global pooling), matching Table 1 at 3 channels and 10 classes', () => {
    const base = 1_649_402 - conv(3, 3, 96) - dense(336, 10);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        (h, w, c, k, batchNorm) => {
          expect(withModel(() => inception([h, w, c], k, { batchNorm }), countParameters)).toBe(
            base + conv(3, c, 96) + dense(336, k),
          );
        },
      ),
      { numRuns: 10 },
    );
  });
});

describe('model outputs and seeding', () => {
  const smallShape: InputShape = [8, 8, 2];

  it.each(MODEL_NAMES.map((n) => [n]))('%s maps a batch to finite logits of shape [batch, classes]', (name) => {
    withModel(
      () => buildModel(name, smallShape, 3, { seed: 5 }),
      (model) => {
        const x = tf.randomUniform([2, ...smallShape], 0, 1, 'float32', 7);
        const y = model.predict(x) as tf.Tensor;
        expect(model.outputs[0]?.shape).toEqual([null, 3]);
        expect(y.shape).toEqual([2, 3]);
        expect([...y.dataSync()].every(Number.isFinite)).toBe(true);
        tf.dispose([x, y]);
      },
    );
  });

  const weightsOf = (name: ModelName, seed: number, init: 'glorot' | 'he' = 'glorot'): Float32Array[] =>
    withModel(
      () => buildModel(name, smallShape, 3, { seed, init }),
      (m) => m.getWeights().map((w) => Float32Array.from(w.dataSync())),
    );

  it.each(MODEL_NAMES.map((n) => [n]))(
    '%s: the same seed gives identical weights, another seed other kernels',
    (name) => {
      fc.assert(
        fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), (seed, delta) => {
          const a = weightsOf(name, seed);
          expect(sameFloatLists(weightsOf(name, seed), a)).toBe(true);
          const b = weightsOf(name, seed + delta);
          // Every kernel differs (biases and batch-norm weights start equal): the seeds are per layer.
          const kernels = a
            .map((w, i) => [w, b[i] as Float32Array] as const)
            .filter(([w]) => w.some((v) => v !== 0 && v !== 1));
          expect(kernels.length).toBeGreaterThan(0);
          for (const [wa, wb] of kernels) expect(sameFloats(wa, wb)).toBe(false);
        }),
        { numRuns: 3 },
      );
    },
  );

  it('no two same-shaped kernels in a model are equal (each layer has its own seed)', () => {
    withModel(
      () => buildModel('mlp3x512', [4, 4, 1], 3, { seed: 0 }),
      (m) => {
        const [k2, k3] = m.layers.slice(2, 4).map((l) => l.getWeights()[0]?.dataSync());
        expect(k2?.length).toBe(512 * 512);
        expect(sameFloats(k3, k2)).toBe(false);
      },
    );
  });

  it('glorot kernels lie within ±√(6 / (fan-in + fan-out)); he kernels differ from glorot ones', () => {
    withModel(
      () => mlp([4, 4, 2], 3, { hidden: [40], seed: 3 }),
      (m) => {
        const w = m.layers[1]?.getWeights()[0]?.dataSync() as Float32Array;
        const limit = Math.sqrt(6 / (32 + 40));
        expect(w.length).toBe(32 * 40);
        expect(w.every((v) => Math.abs(v) <= limit)).toBe(true);
      },
    );
    expect(sameFloats(weightsOf('mlp1x512', 3, 'he')[0], weightsOf('mlp1x512', 3, 'glorot')[0])).toBe(false);
  });
});

describe('model argument errors', () => {
  it('unknown names are refused, listing the known ones', () => {
    expect(isModelName('alexnet')).toBe(true);
    expect(isModelName('resnet')).toBe(false);
    expect(isModelName('toString')).toBe(false);
    expect(() => buildModel('resnet', [8, 8, 1], 2)).toThrow(ArgumentError);
    expect(() => buildModel('resnet', [8, 8, 1], 2)).toThrow(/buildModel: unknown model 'resnet'.*mlp1x512/);
  });

  it('bad shapes, class counts, widths, seeds and schemes name the function and the value', () => {
    expect(() => cnn([5, 9, 1], 10)).toThrow(ShapeError);
    expect(() => cnn([5, 9, 1], 10)).toThrow(/cnn: input 5×9 is smaller than the 6×6/);
    expect(() => mlp([0, 2, 1], 10)).toThrow(/mlp: input shape entry 0 must be a positive integer, got 0/);
    expect(() => mlp([2, 2] as unknown as InputShape, 10)).toThrow(ShapeError);
    expect(() => alexnet([4, 4, 1], 0)).toThrow(ArgumentError);
    expect(() => mlp([2, 2, 1], 2, { hidden: [8, 1.5] })).toThrow(
      /mlp: hidden width 1 must be a positive integer, got 1.5/,
    );
    expect(() => mlp([2, 2, 1], 2, { seed: 0.5 })).toThrow(/seed must be an integer/);
    expect(() => mlp([2, 2, 1], 2, { init: 'lecun' as 'he' })).toThrow(/init must be 'glorot' or 'he'/);
  });
});
