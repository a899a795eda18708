import { centreCrop, loadDataSet, type DataSet } from 'rethink/data';
import type { Cell } from 'rethink/core';
import type { CropOptions, Scaling } from 'rethink/train';
import { canonicalJson } from './resolve-plan.ts';

/** Options of {@link loadCellData}. */
export interface LoadCellDataOptions {
  /** Environment for `RETHINK_DATA` and the cache (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A cell's data as the trainer takes it: the images, the random-crop option and the pixel scaling. */
export interface CellData {
  readonly data: DataSet;
  /** The trainer's `crop` option: null when the cell's crop is off. */
  readonly crop: CropOptions | null;
  readonly scaling: Scaling;
  /** Whether the images keep the data set's own shape (false only for the paper's 32 → 28 crop). */
  readonly ownShape: boolean;
}

const cache = new Map<string, Promise<DataSet>>();

/**
 * Loads the data a cell trains on (memoized per process: every cell of a plan shares one data set) and prepares
 * it as the plan's preprocessing says:
 *
 * - `paper` on 32×32 images (CIFAR-10): per-image standardization; crop off → the centre 28×28 window,
 *   crop on → random 28×28 windows of the 32×32 image in training and the centre one in evaluation — the
 *   paper's set-up, whose models then have Table 1's parameter counts;
 * - otherwise the images keep their own shape (`paper` still standardizes each image), and crop on is the
 *   pad-and-crop augmentation (zero padding of ⌊size / 8⌉ pixels, a random window of the original size).
 *
 * @example
 * ```ts
 * import { loadCellData } from 'rethink/experiment';
 * const cell = { data: { dataset: 'mnist', samples: 100, testSamples: 50, dataSeed: 0, preprocessing: 'none' }, crop: true };
 * const { data, crop, scaling } = await loadCellData(cell as never);
 * console.log(data.train.n, JSON.stringify(crop), scaling); // 100 {"padding":4} unit
 * ```
 */
export async function loadCellData(
  cell: Pick<Cell, 'data' | 'crop'>,
  options: LoadCellDataOptions = {},
): Promise<CellData> {
  const key = canonicalJson({ ...cell.data, env: options.env?.RETHINK_DATA ?? null });
  let loading = cache.get(key);
  if (loading === undefined) {
    loading = loadDataSet(cell.data.dataset, {
      ...(cell.data.samples !== null ? { samples: cell.data.samples } : {}),
      ...(cell.data.testSamples !== null ? { testSamples: cell.data.testSamples } : {}),
      seed: cell.data.dataSeed,
      ...(options.env ? { env: options.env } : {}),
    });
    cache.set(key, loading);
    loading.catch(() => cache.delete(key));
  }
  const full = await loading;
  const paper = cell.data.preprocessing === 'paper';
  const scaling: Scaling = paper ? 'standardize' : 'unit';
  if (paper && full.train.height === 32 && full.train.width === 32) {
    if (cell.crop) return { data: full, crop: { height: 28, width: 28 }, scaling, ownShape: false };
    const data = { name: full.name, train: centreCrop(full.train, 28, 28), test: centreCrop(full.test, 28, 28) };
    return { data, crop: null, scaling, ownShape: false };
  }
  const padding = Math.round(full.train.height / 8);
  return { data: full, crop: cell.crop ? { padding } : null, scaling, ownShape: true };
}
