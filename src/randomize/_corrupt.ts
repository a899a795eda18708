/** The draws behind corruptLabels and randomLabels (one internal implementation, two names). */
import { createRng } from 'rethink/core';
import type { ImageSet } from 'rethink/data';
import type { CorruptLabelsRecord } from './records.ts';
import { summarizeIndices } from './summarize-indices.ts';
import { checkProbability, checkSeed, checkSplit } from './_validate.ts';

/** The `createRng` stream of every label draw. Pixel transforms use other streams. */
export const LABEL_STREAM = 'randomize/labels';

/** What both label corruptions return. */
export interface CorruptLabelsResult {
  /** The split with new labels; `images` is the input's array (shared, not copied). */
  readonly set: ImageSet;
  readonly record: CorruptLabelsRecord;
  /** Every index whose label was redrawn, ascending (the full list; the record may hold only its checksum). */
  readonly corrupted: Uint32Array;
}

/**
 * For every label i, in order, draws a word w_i = rng.uint32() (u_i = w_i / 2^32, uniform on a 2^-32 grid
 * in [0, 1)) and a candidate class c_i = rng.int(0, k − 1) from stream {@link LABEL_STREAM}, whatever p is;
 * label i becomes c_i when u_i < p. The draws do not depend on p, so under one seed
 * corrupted(p1) ⊆ corrupted(p2) whenever p1 ≤ p2, and p = 1 corrupts every label.
 */
export function drawCorruption(
  fn: string,
  condition: CorruptLabelsRecord['condition'],
  set: ImageSet,
  probability: number,
  seed: number,
  listLimit: number | undefined,
): CorruptLabelsResult {
  const p = checkProbability(fn, probability);
  const jsonSeed = checkSeed(fn, seed);
  checkSplit(fn, set, 'input', false);
  const { n, classes } = set;
  const source = set.labels;
  const rng = createRng(seed, LABEL_STREAM);
  const labels = new Int32Array(n);
  const hits = new Uint32Array(n);
  let count = 0;
  let changed = 0;
  const threshold = p * 4294967296; // u_i < p ⇔ w_i < p · 2^32 (exact: both sides are exact doubles)
  for (let i = 0; i < n; i++) {
    const word = rng.uint32();
    const candidate = rng.int(0, classes - 1);
    const old = source[i] as number;
    if (word < threshold) {
      hits[count++] = i;
      labels[i] = candidate;
      if (candidate !== old) changed++;
    } else {
      labels[i] = old;
    }
  }
  const corrupted = hits.slice(0, count);
  const record: CorruptLabelsRecord = {
    condition,
    seed: jsonSeed,
    stream: LABEL_STREAM,
    p,
    n,
    classes,
    corrupted: summarizeIndices(corrupted, { listLimit }),
    changed,
  };
  return { set: { ...set, labels }, record, corrupted };
}
