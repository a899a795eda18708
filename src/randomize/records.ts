/**
 * The records the randomizations return beside their output: plain JSON (numbers, strings, arrays), compact
 * enough for an experiment report, and enough to reproduce a run (seed + stream names + parameters).
 *
 * Index lists (the corrupted labels, the shuffled-pixels permutation) are stored as an {@link IndexSummary}:
 * the full list when it has at most `listLimit` entries ({@link RECORD_LIST_LIMIT} = 1024 by default, which
 * keeps a CIFAR-10 permutation of 32 × 32 positions), otherwise only its length and checksum.
 */

/**
 * A list of indices, summarized for a report: `count`, an FNV-1a checksum (see `indexChecksum`) and, for
 * lists of at most `listLimit` entries, the `indices` themselves.
 */
export interface IndexSummary {
  readonly count: number;
  /** FNV-1a (32-bit) of the indices as little-endian uint32 bytes, as 8 lowercase hex digits. */
  readonly checksum: string;
  /** The full list, present only when `count ≤ listLimit`. */
  readonly indices?: readonly number[];
}

/** The identity: nothing was drawn. */
export interface TrueLabelsRecord {
  readonly condition: 'true-labels';
  readonly seed: number;
}

/** What `corruptLabels` / `randomLabels` did to one split's labels. */
export interface CorruptLabelsRecord {
  readonly condition: 'corrupt-labels' | 'random-labels';
  readonly seed: number;
  /** The `createRng` stream the draws came from. */
  readonly stream: string;
  /** Probability with which each label was redrawn (1 for random labels). */
  readonly p: number;
  /** Labels in the split. */
  readonly n: number;
  readonly classes: number;
  /** Indices whose label was redrawn (uniform over all classes, so some keep their class), ascending. */
  readonly corrupted: IndexSummary;
  /** How many labels actually changed class (expected `n · p · (k − 1) / k`). */
  readonly changed: number;
}

/** What `shufflePixels` did: one permutation of pixel positions for every image of both splits. */
export interface ShufflePixelsRecord {
  readonly condition: 'shuffled-pixels';
  readonly seed: number;
  readonly stream: string;
  /** Pixel positions per image (`height × width`); channels move together. */
  readonly positions: number;
  /** The permutation: output position `j` holds input position `permutation[j]`. */
  readonly permutation: IndexSummary;
}

/** Image counts per split. */
export interface SplitCounts {
  readonly train: number;
  readonly test: number;
}

/** Stream names per split. */
export interface SplitStreams {
  readonly train: string;
  readonly test: string;
}

/**
 * What `randomPixels` did. The per-image permutations (one per image, `train + test` of them) are not listed:
 * they are reproduced from `seed` and the two `streams`.
 */
export interface RandomPixelsRecord {
  readonly condition: 'random-pixels';
  readonly seed: number;
  readonly streams: SplitStreams;
  readonly positions: number;
  readonly images: SplitCounts;
}

/** What `gaussianPixels` did: the per-channel moments the noise was drawn with. */
export interface GaussianPixelsRecord {
  readonly condition: 'gaussian-pixels';
  readonly seed: number;
  readonly streams: SplitStreams;
  /** Per-channel mean of the input data set (train and test pooled). */
  readonly mean: readonly number[];
  /** Per-channel standard deviation (population, divisor N) of the input data set (train and test pooled). */
  readonly std: readonly number[];
  /** The factor the stored noise was multiplied by (1 unless asked): values ~ N(mean · noiseScale, (std · noiseScale)²). */
  readonly noiseScale: number;
  readonly images: SplitCounts;
}

/** What `uniformPixels` did: the range the noise was drawn from and where it came from. */
export interface UniformPixelsRecord {
  readonly condition: 'uniform-pixels';
  readonly seed: number;
  readonly streams: SplitStreams;
  readonly range: readonly [number, number];
  /** `'uint8'`: [0, 255]; `'observed'`: min and max of the float data; `'option'`: given by the caller. */
  readonly rangeSource: 'uint8' | 'observed' | 'option';
  /** The factor the stored noise was multiplied by (1 unless asked): values uniform on [lo · noiseScale, hi · noiseScale]. */
  readonly noiseScale: number;
  readonly images: SplitCounts;
}

/** A label record as `applyCondition` reports it: label randomizations apply to the training split only. */
export type SplitLabelRecord = CorruptLabelsRecord & { readonly split: 'train' };

/** Every record `applyCondition` can return, discriminated by `condition`. */
export type RandomizationRecord =
  | TrueLabelsRecord
  | SplitLabelRecord
  | ShufflePixelsRecord
  | RandomPixelsRecord
  | GaussianPixelsRecord
  | UniformPixelsRecord;
