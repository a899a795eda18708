import { ArgumentError } from 'rethink/core';

/**
 * A sample count (`samples` or `testSamples` of `loadDataSet`) that the data set's split cannot supply: not an
 * integer, negative, or more than the split holds. It is an `ArgumentError` (`E_ARGUMENT`) whose fields say
 * which option asked for how many of how many images, so a command line can name its own flag and give the
 * range of the data set actually chosen (`details` holds the same: `{ [option]: value, n }`).
 *
 * @example
 * ```ts
 * import { SampleCountError } from 'rethink/data';
 * const e = new SampleCountError('samples', 100000, 8000, 'mnist');
 * console.log(e.code, e.option, e.available, e.split); // E_ARGUMENT samples 8000 training
 * ```
 */
export class SampleCountError extends ArgumentError {
  /** The option at fault. */
  readonly option: 'samples' | 'testSamples';
  /** The count asked for. */
  readonly value: number;
  /** Images in the split: the largest count allowed. */
  readonly available: number;
  /** The data set, as named (`mnist`, `cifar10:DIR`, …). */
  readonly dataset: string;
  /** `training` or `test`. */
  readonly split: 'training' | 'test';

  constructor(option: 'samples' | 'testSamples', value: number, available: number, dataset: string) {
    const split = option === 'samples' ? 'training' : 'test';
    super(
      `loadDataSet: ${option} must be an integer in [0, ${available}] for ${dataset} (its ${split} split holds ${available} images), got ${value}`,
      { [option]: value, n: available },
    );
    this.option = option;
    this.value = value;
    this.available = available;
    this.dataset = dataset;
    this.split = split;
  }
}
