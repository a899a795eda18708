import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DataSet } from 'rethink/data';
import {
  applyCondition,
  corruptLabels,
  gaussianPixels,
  randomLabels,
  randomPixels,
  shufflePixels,
  trueLabels,
  uniformPixels,
} from 'rethink/randomize';
import { CONDITION_KINDS } from 'rethink/core';
import type { Condition } from 'rethink/core';
import { assertDataSetShapesPreserved, assertOnlyChanges } from '../arbitraries/dataset-assertions.ts';
import { assertInputUnchanged, assertSameSeedSameOutput } from '../arbitraries/assertions.ts';
import { dataSetArb } from '../arbitraries/dataset.ts';

const data = dataSetArb();
const probability = fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true }));

const labelConditions: fc.Arbitrary<Condition> = fc.oneof(
  fc.constant<Condition>({ kind: 'true-labels' }),
  probability.map((p): Condition => ({ kind: 'corrupt-labels', p })),
  fc.constant<Condition>({ kind: 'random-labels' }),
);
const pixelConditions: fc.Arbitrary<Condition> = fc.constantFrom<Condition>(
  { kind: 'shuffled-pixels' },
  { kind: 'random-pixels' },
  { kind: 'gaussian-pixels' },
  { kind: 'uniform-pixels' },
);
const conditions = fc.oneof(labelConditions, pixelConditions);
const dataAndCondition = fc.record({ d: data, condition: conditions }, { noNullPrototype: true });

const isLabel = (c: Condition): boolean =>
  c.kind === 'true-labels' || c.kind === 'corrupt-labels' || c.kind === 'random-labels';

describe('applyCondition', () => {
  it('covers every condition kind, in the paper order', () => {
    expect(CONDITION_KINDS).toEqual([
      'true-labels',
      'corrupt-labels',
      'random-labels',
      'shuffled-pixels',
      'random-pixels',
      'gaussian-pixels',
      'uniform-pixels',
    ]);
  });

  it('same seed, same output; input unchanged; shapes preserved (noise is float32, the rest keeps the pixel type)', () => {
    assertSameSeedSameOutput(dataAndCondition, ({ d, condition }, seed) => applyCondition(d, condition, seed));
    assertInputUnchanged(dataAndCondition, ({ d, condition }, seed) => applyCondition(d, condition, seed));
    for (const condition of [
      { kind: 'true-labels' },
      { kind: 'corrupt-labels', p: 0.3 },
      { kind: 'random-labels' },
      { kind: 'shuffled-pixels' },
      { kind: 'random-pixels' },
    ] as const) {
      assertDataSetShapesPreserved(data, (d, seed) => applyCondition(d, condition, seed).set, 'same', {
        numRuns: 20,
      });
    }
    for (const condition of [{ kind: 'gaussian-pixels' }, { kind: 'uniform-pixels' }] as const) {
      assertDataSetShapesPreserved(data, (d, seed) => applyCondition(d, condition, seed).set, 'float32', {
        numRuns: 20,
      });
    }
  });

  it('label conditions change only the training labels (test labels stay true); pixel conditions only the images of both splits', () => {
    const all: Condition[] = [
      { kind: 'true-labels' },
      { kind: 'corrupt-labels', p: 0.3 },
      { kind: 'random-labels' },
      { kind: 'shuffled-pixels' },
      { kind: 'random-pixels' },
      { kind: 'gaussian-pixels' },
      { kind: 'uniform-pixels' },
    ];
    for (const condition of all) {
      const changes = isLabel(condition)
        ? ({ train: 'labels', test: 'nothing' } as const)
        : ({ train: 'images', test: 'images' } as const);
      assertOnlyChanges(data, (d, seed) => applyCondition(d, condition, seed).set, changes, { numRuns: 30 });
    }
  });

  it('true-labels returns the data set itself', () => {
    fc.assert(
      fc.property(data, fc.integer(), (d, seed) => {
        const { set: dataSet, record } = applyCondition(d, { kind: 'true-labels' }, seed);
        expect(dataSet).toBe(d);
        expect(record).toEqual({ condition: 'true-labels', seed });
      }),
    );
  });

  it('gives what the individual transforms give, with label records marked split "train"; records are JSON', () => {
    fc.assert(
      fc.property(
        dataAndCondition,
        fc.integer(),
        fc.integer({ min: 0, max: 64 }),
        ({ d, condition }, seed, listLimit) => {
          const { set: dataSet, record } = applyCondition(d, condition, seed, { listLimit });
          expect(JSON.parse(JSON.stringify(record))).toEqual(record);
          expect(record.seed).toBe(seed);
          switch (condition.kind) {
            case 'true-labels':
              expect(trueLabels(d.train, seed).set).toBe(dataSet.train);
              break;
            case 'corrupt-labels': {
              const single = corruptLabels(d.train, condition.p, seed, { listLimit });
              expect(dataSet.train).toEqual(single.set);
              expect(record).toEqual({ ...single.record, split: 'train' });
              break;
            }
            case 'random-labels': {
              const single = randomLabels(d.train, seed, { listLimit });
              expect(dataSet.train).toEqual(single.set);
              expect(record).toEqual({ ...single.record, split: 'train' });
              break;
            }
            case 'shuffled-pixels': {
              const single = shufflePixels(d, seed, { listLimit });
              expect({ set: dataSet, record }).toEqual({ set: single.set, record: single.record });
              break;
            }
            case 'random-pixels':
              expect({ set: dataSet, record }).toEqual(randomPixels(d, seed));
              break;
            case 'gaussian-pixels':
              expect({ set: dataSet, record }).toEqual(gaussianPixels(d, seed));
              break;
            case 'uniform-pixels':
              expect({ set: dataSet, record }).toEqual(uniformPixels(d, seed));
              break;
          }
        },
      ),
    );
  });

  it('passes a uniform range and the noise scale through', () => {
    fc.assert(
      fc.property(data, fc.integer(), (d, seed) => {
        const { record } = applyCondition(d, { kind: 'uniform-pixels', range: [0, 1] }, seed, { noiseScale: 0.5 });
        expect(record).toMatchObject({
          condition: 'uniform-pixels',
          range: [0, 1],
          rangeSource: 'option',
          noiseScale: 0.5,
        });
        expect(applyCondition(d, { kind: 'gaussian-pixels' }, seed, { noiseScale: 1 / 255 }).record).toMatchObject({
          noiseScale: 1 / 255,
        });
      }),
      { numRuns: 20 },
    );
  });

  it('a label condition and a pixel condition commute (independent streams)', () => {
    fc.assert(
      fc.property(data, labelConditions, pixelConditions, fc.integer(), fc.integer(), (d, label, pixels, s1, s2) => {
        const labelFirst = applyCondition(applyCondition(d, label, s1).set, pixels, s2).set;
        const pixelsFirst = applyCondition(applyCondition(d, pixels, s2).set, label, s1).set;
        expect(labelFirst).toEqual(pixelsFirst);
      }),
    );
  });

  it('one seed for labels and pixels: the composition equals each transform alone (separate streams)', () => {
    // With one seed for both, composing must still give the separate results (no shared draws).
    fc.assert(
      fc.property(data, fc.integer(), (d, seed) => {
        const both = applyCondition(
          applyCondition(d, { kind: 'random-labels' }, seed).set,
          { kind: 'shuffled-pixels' },
          seed,
        ).set;
        expect(both.train.labels).toEqual(randomLabels(d.train, seed).set.labels);
        expect(both.train.images).toEqual(shufflePixels(d, seed).set.train.images);
      }),
    );
  });
});

describe('the shared helpers are not vacuous', () => {
  const tiny = fc.constant<DataSet>({
    name: 't',
    train: {
      images: Uint8Array.of(1, 2),
      labels: Int32Array.of(0, 1),
      n: 2,
      height: 1,
      width: 1,
      channels: 1,
      classes: 2,
    },
    test: { images: new Uint8Array(0), labels: new Int32Array(0), n: 0, height: 1, width: 1, channels: 1, classes: 2 },
  });

  it('"input unchanged" fails for a transform that writes into its input', () => {
    expect(() =>
      assertInputUnchanged(tiny, (d) => {
        (d.train.images as Uint8Array)[0] = 99;
      }),
    ).toThrow();
  });

  it('"same seed, same output" fails for a transform that ignores the seed and draws from Math.random', () => {
    expect(() => assertSameSeedSameOutput(tiny, () => Float64Array.of(Math.random()))).toThrow();
  });

  it('"shapes preserved" fails for a transform that drops an image or changes the pixel type', () => {
    expect(() => assertDataSetShapesPreserved(tiny, (d) => ({ ...d, train: { ...d.train, n: 1 } }), 'same')).toThrow();
    expect(() => assertDataSetShapesPreserved(tiny, (d) => d, 'float32')).toThrow();
  });

  it('"only changes" fails for a labels-only transform that copies the images', () => {
    expect(() =>
      assertOnlyChanges(tiny, (d) => ({ ...d, train: { ...d.train, images: d.train.images.slice() } }), {
        train: 'labels',
        test: 'nothing',
      }),
    ).toThrow();
  });
});
