/** Argument checks shared by the randomizations. Every message names the function and the offending value. */
import { ArgumentError, ShapeError, ensure } from 'rethink/core';
import type { DataSet, ImageSet } from 'rethink/data';

/** The seed must be a safe integer (createRng keeps its low 32 bits). Returns it with −0 made +0 (JSON has no −0). */
export function checkSeed(fn: string, seed: number): number {
  ensure(
    Number.isSafeInteger(seed),
    () => new ArgumentError(`${fn}: seed must be a safe integer, got ${String(seed)}`, { seed }),
  );
  return seed + 0;
}

/** A probability in [0, 1] (NaN rejected). Returns it with −0 made +0. */
export function checkProbability(fn: string, p: number): number {
  ensure(
    typeof p === 'number' && p >= 0 && p <= 1,
    () => new ArgumentError(`${fn}: p must be a number in [0, 1], got ${String(p)}`, { p }),
  );
  return p + 0;
}

/** A positive finite output scale (noise values are multiplied by it). */
export function checkScale(fn: string, scale: number): void {
  ensure(
    typeof scale === 'number' && Number.isFinite(scale) && scale > 0,
    () =>
      new ArgumentError(`${fn}: noiseScale must be a positive finite number, got ${String(scale)}`, {
        noiseScale: scale,
      }),
  );
}

/**
 * One split: positive integer dimensions, a pixel buffer of `n × height × width × channels` values,
 * labels in `[0, classes)`, and at least one image unless `allowEmpty`.
 */
export function checkSplit(fn: string, set: ImageSet, split: string, allowEmpty: boolean): void {
  const { height, width, channels, classes, images, labels, n } = set;
  for (const [name, value] of [
    ['height', height],
    ['width', width],
    ['channels', channels],
    ['classes', classes],
  ] as const) {
    ensure(
      Number.isInteger(value) && value > 0,
      () =>
        new ArgumentError(`${fn}: ${split}.${name} must be a positive integer, got ${String(value)}`, {
          split,
          [name]: value,
        }),
    );
  }
  ensure(
    images instanceof Uint8Array || images instanceof Float32Array,
    () => new ArgumentError(`${fn}: ${split}.images must be a Uint8Array or Float32Array`, { split }),
  );
  ensure(
    labels instanceof Int32Array && labels.length === n,
    () =>
      new ShapeError(`${fn}: ${split} has n = ${n} but ${String(labels?.length)} labels`, {
        split,
        expected: n,
        actual: labels?.length,
      }),
  );
  const expected = n * height * width * channels;
  ensure(
    images.length === expected,
    () =>
      new ShapeError(
        `${fn}: ${split}.images hold ${images.length} values, expected ${n} × ${height} × ${width} × ${channels} = ${expected}`,
        { split, expected: [n, height, width, channels], actual: images.length },
      ),
  );
  ensure(allowEmpty || n > 0, () => new ShapeError(`${fn}: the ${split} split is empty (n = 0)`, { split, n }));
  for (let i = 0; i < n; i++) {
    const label = labels[i] as number;
    if (label < 0 || label >= classes) {
      throw new ArgumentError(`${fn}: ${split} label ${label} at index ${i} is outside [0, ${classes})`, {
        split,
        index: i,
        label,
        classes,
      });
    }
  }
}

/**
 * A train/test pair: a non-empty training split, a (possibly empty) test split, and the same image size,
 * channel count and class count in both.
 */
export function checkDataSet(fn: string, data: DataSet): void {
  checkSplit(fn, data.train, 'train', false);
  checkSplit(fn, data.test, 'test', true);
  const { train, test } = data;
  const shape = (s: ImageSet): [number, number, number] => [s.height, s.width, s.channels];
  ensure(
    train.height === test.height && train.width === test.width && train.channels === test.channels,
    () =>
      new ShapeError(
        `${fn}: train images are ${shape(train).join('×')} but test images are ${shape(test).join('×')} (height×width×channels)`,
        { train: shape(train), test: shape(test) },
      ),
  );
  ensure(
    train.classes === test.classes,
    () =>
      new ShapeError(`${fn}: train has ${train.classes} classes but test has ${test.classes}`, {
        train: train.classes,
        test: test.classes,
      }),
  );
}

/** `perm` must hold each of `0 … length − 1` exactly once. */
export function checkPermutation(fn: string, perm: ArrayLike<number>, length: number): void {
  ensure(
    perm.length === length,
    () =>
      new ShapeError(`${fn}: permutation has ${perm.length} entries, expected ${length}`, {
        expected: length,
        actual: perm.length,
      }),
  );
  const seen = new Uint8Array(length);
  for (let j = 0; j < length; j++) {
    const v = perm[j] as number;
    if (!Number.isInteger(v) || v < 0 || v >= length || seen[v] === 1) {
      throw new ArgumentError(
        `${fn}: permutation entry ${String(v)} at index ${j} is ${
          Number.isInteger(v) && v >= 0 && v < length ? 'a repeat' : `not an integer in [0, ${length})`
        }`,
        { index: j, value: v },
      );
    }
    seen[v] = 1;
  }
}
