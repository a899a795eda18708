/**
 * The reference figures the report shows beside a run's results.
 *
 * Source: C. Zhang, S. Bengio, M. Hardt, B. Recht, O. Vinyals, "Understanding deep learning requires
 * rethinking generalization", ICLR 2017 (arXiv:1611.03530), Table 1: CIFAR-10 training / test accuracy (%)
 * with and without random crop and weight decay, and with random labels. The Keras figures are from a
 * public replication (small CNN on CIFAR-10, 100 epochs, SGD 0.01 momentum 0.9, lr × 0.95 per epoch).
 *
 * @example
 * ```ts
 * import { PAPER_TABLE_1 } from 'rethink/report';
 * const mlp = PAPER_TABLE_1.find((row) => row.model === 'MLP 1x512');
 * console.log(mlp?.parameters, mlp?.cells['random labels']); // 1209866 [ 99.34, 10.61 ]
 * ```
 *
 * @module
 */

/** The columns of Table 1: random crop / weight decay, and random labels (no crop, no weight decay). */
export const PAPER_TABLE_1_COLUMNS = ['yes/yes', 'yes/no', 'no/yes', 'no/no', 'random labels'] as const;

/** One of {@link PAPER_TABLE_1_COLUMNS}. */
export type PaperTable1Column = (typeof PAPER_TABLE_1_COLUMNS)[number];

/** One model's row of Table 1: `[train %, test %]` per column, null where the paper gives none. */
export interface PaperTable1Row {
  readonly model: string;
  readonly parameters: number;
  /** Lower-case patterns of the model names in this project that correspond to the row. */
  readonly matches: readonly RegExp[];
  readonly cells: Readonly<Record<PaperTable1Column, readonly [train: number, test: number] | null>>;
}

/** Table 1 of the paper (CIFAR-10). */
export const PAPER_TABLE_1: readonly PaperTable1Row[] = [
  {
    model: 'Inception (small)',
    parameters: 1_649_402,
    matches: [/^inception(?!.*(no|without|wo)-?b(atch)?n)/],
    cells: {
      'yes/yes': [100.0, 89.05],
      'yes/no': [100.0, 89.31],
      'no/yes': [100.0, 86.03],
      'no/no': [100.0, 85.75],
      'random labels': [100.0, 9.78],
    },
  },
  {
    model: 'Inception w/o BatchNorm',
    parameters: 1_649_402,
    matches: [/^inception.*(no|without|wo)-?b(atch)?n/],
    cells: {
      'yes/yes': null,
      'yes/no': null,
      'no/yes': [100.0, 83.0],
      'no/no': [100.0, 82.0],
      'random labels': [100.0, 10.12],
    },
  },
  {
    model: 'Alexnet (small)',
    parameters: 1_387_786,
    matches: [/alexnet/],
    cells: {
      'yes/yes': [99.9, 81.22],
      'yes/no': [99.82, 79.66],
      'no/yes': [100.0, 77.36],
      'no/no': [100.0, 76.07],
      'random labels': [99.82, 9.86],
    },
  },
  {
    model: 'MLP 3x512',
    parameters: 1_735_178,
    matches: [/^mlp[-_ ]?3x512/],
    cells: {
      'yes/yes': null,
      'yes/no': null,
      'no/yes': [100.0, 53.35],
      'no/no': [100.0, 52.39],
      'random labels': [100.0, 10.48],
    },
  },
  {
    model: 'MLP 1x512',
    parameters: 1_209_866,
    matches: [/^mlp[-_ ]?(1x)?512$/, /^mlp[-_ ]?1x512/],
    cells: {
      'yes/yes': null,
      'yes/no': null,
      'no/yes': [99.8, 50.39],
      'no/no': [100.0, 50.51],
      'random labels': [99.34, 10.61],
    },
  },
];

/** A replication's figures for one condition: accuracies in [0, 1] and the epoch training accuracy reached 1.0. */
export interface ReplicationFigure {
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly epochsToFit: number;
}

/** The Keras replication of the paper (small CNN, CIFAR-10, 100 epochs), true and random labels. */
export const KERAS_REPLICATION = {
  model: 'Keras small CNN (Conv32-Conv64-Pool-Dense128), CIFAR-10',
  matches: [/cnn/] as readonly RegExp[],
  'true-labels': { trainAccuracy: 1.0, testAccuracy: 0.6759, epochsToFit: 23 } satisfies ReplicationFigure,
  'random-labels': { trainAccuracy: 1.0, testAccuracy: 0.0979, epochsToFit: 63 } satisfies ReplicationFigure,
} as const;
