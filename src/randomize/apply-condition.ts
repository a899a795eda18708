import { ArgumentError, CONDITION_KINDS, type Condition } from 'rethink/core';
import type { DataSet } from 'rethink/data';
import type { RandomizationRecord } from './records.ts';
import { corruptLabels } from './corrupt-labels.ts';
import { randomLabels } from './random-labels.ts';
import { trueLabels } from './true-labels.ts';
import { shufflePixels } from './shuffle-pixels.ts';
import { randomPixels } from './random-pixels.ts';
import { gaussianPixels } from './gaussian-pixels.ts';
import { uniformPixels } from './uniform-pixels.ts';
import { checkDataSet, checkSeed } from './_validate.ts';

/** Options of {@link applyCondition}. */
export interface ApplyConditionOptions {
  /** Index lists up to this length are written into the record in full. Default 1024 (`RECORD_LIST_LIMIT`). */
  readonly listLimit?: number;
  /**
   * Scale of the noise conditions' output (`gaussian-pixels`, `uniform-pixels`), passed on as their own
   * `noiseScale`. Default 1 (data units); 1/255 puts noise from uint8 data on the uint8 / 255 scale the trainer
   * feeds true images at.
   */
  readonly noiseScale?: number;
}

/** What {@link applyCondition} returns. */
export interface ApplyConditionResult {
  readonly set: DataSet;
  /** JSON-serializable: seed, parameters, streams, and the corrupted indices / permutation or their checksum. */
  readonly record: RandomizationRecord;
}

/**
 * Applies one randomization to a whole data set, the way the paper's experiments do:
 *
 * - label conditions (`corrupt-labels`, `random-labels`) change the TRAINING labels only; the test labels stay
 *   true, so test accuracy measures generalization to the true labels (chance level when nothing is learnt);
 * - pixel conditions transform both splits: `shuffled-pixels` with the same permutation for train and test,
 *   `random-pixels`, `gaussian-pixels` and `uniform-pixels` independently per image;
 * - `true-labels` returns `dataSet` itself.
 *
 * Arrays a condition does not change are shared with the input (labels-only conditions do not copy images);
 * the input is never modified. Throws the errors of the underlying transform, and `ArgumentError` for an
 * unknown condition kind.
 *
 * @example
 * ```ts
 * import { imageSet } from 'rethink/data';
 * import { applyCondition } from 'rethink/randomize';
 * const split = imageSet({ images: new Uint8Array(8), labels: [0, 1, 0, 1, 0, 1, 0, 1], height: 1, width: 1, channels: 1, classes: 2 });
 * const { set: dataSet, record } = applyCondition({ name: 'demo', train: split, test: split }, { kind: 'random-labels' }, 7);
 * console.log(record.condition, dataSet.test.labels === split.labels); // random-labels true
 * ```
 */
export function applyCondition(
  dataSet: DataSet,
  condition: Condition,
  seed: number,
  options: ApplyConditionOptions = {},
): ApplyConditionResult {
  const { listLimit, noiseScale } = options;
  switch (condition.kind) {
    case 'true-labels': {
      checkSeed('applyCondition', seed);
      checkDataSet('applyCondition', dataSet);
      return { set: dataSet, record: trueLabels(dataSet.train, seed).record };
    }
    case 'corrupt-labels':
    case 'random-labels': {
      checkSeed('applyCondition', seed);
      checkDataSet('applyCondition', dataSet);
      const result =
        condition.kind === 'corrupt-labels'
          ? corruptLabels(dataSet.train, condition.p, seed, { listLimit })
          : randomLabels(dataSet.train, seed, { listLimit });
      return { set: { ...dataSet, train: result.set }, record: { ...result.record, split: 'train' } };
    }
    case 'shuffled-pixels': {
      const { set: out, record } = shufflePixels(dataSet, seed, { listLimit });
      return { set: out, record };
    }
    case 'random-pixels':
      return randomPixels(dataSet, seed);
    case 'gaussian-pixels':
      return gaussianPixels(dataSet, seed, { noiseScale });
    case 'uniform-pixels':
      return uniformPixels(dataSet, seed, { range: condition.range, noiseScale });
    default: {
      const kind = (condition as { kind?: unknown }).kind;
      throw new ArgumentError(
        `applyCondition: unknown condition kind ${JSON.stringify(kind)} (expected one of ${CONDITION_KINDS.join(', ')})`,
        { kind },
      );
    }
  }
}
