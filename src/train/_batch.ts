import { ArgumentError, ShapeError, ensure } from 'rethink/core';
import type { Rng } from 'rethink/core';
import type { ImageSet } from 'rethink/data';

/**
 * How pixels become network inputs. `'unit'`: uint8 images are divided by 255 (float32 images are used as
 * they are); `'standardize'`: after that, each (cropped) image is standardized to mean 0 and standard deviation
 * 1, as TensorFlow's `per_image_standardization` does (dividing by `max(std, 1/√size)`).
 */
export type Scaling = 'unit' | 'standardize';

/**
 * Random-crop augmentation: during training each image is zero-padded by `padding` pixels on every side and a
 * random `height × width` window is taken (a fresh offset per image and epoch, from the run's crop stream);
 * evaluation takes the centre window. `{ height: 28, width: 28 }` on 32×32 CIFAR-10 is the paper's crop;
 * `{ padding: 4 }` keeps the size (the common pad-and-crop). `height`/`width` default to the image's.
 */
export interface CropOptions {
  readonly height?: number;
  readonly width?: number;
  readonly padding?: number;
}

/** @internal A resolved input view: window size, padding and scaling. */
export interface InputView {
  readonly height: number;
  readonly width: number;
  readonly padding: number;
  readonly scaling: Scaling;
}

/** @internal Resolves crop options against an image size and validates them (`fn` names the caller). */
export function resolveView(
  fn: string,
  set: Pick<ImageSet, 'height' | 'width'>,
  crop: CropOptions | null | undefined,
  scaling: Scaling,
): InputView {
  ensure(
    scaling === 'unit' || scaling === 'standardize',
    () => new ArgumentError(`${fn}: scaling must be 'unit' or 'standardize', got ${String(scaling)}`, { scaling }),
  );
  const height = crop?.height ?? set.height;
  const width = crop?.width ?? set.width;
  const padding = crop?.padding ?? 0;
  for (const [name, v, min] of [
    ['crop.height', height, 1],
    ['crop.width', width, 1],
    ['crop.padding', padding, 0],
  ] as const) {
    ensure(
      Number.isInteger(v) && v >= min,
      () => new ArgumentError(`${fn}: ${name} must be an integer ≥ ${min}, got ${v}`, { [name]: v }),
    );
  }
  ensure(
    height <= set.height + 2 * padding && width <= set.width + 2 * padding,
    () =>
      new ShapeError(
        `${fn}: crop ${height}×${width} does not fit the ${set.height}×${set.width} image padded by ${padding}`,
        { crop: [height, width], image: [set.height, set.width], padding },
      ),
  );
  return { height, width, padding, scaling };
}

/**
 * @internal Builds the float32 input batch for `indices[start … start+count)` of `set` under `view`: a fresh
 * `count × height × width × channels` array (never the whole set); `indices` null means the identity. With `cropRng` each image gets a random
 * window offset (two draws per image, row then column); without it, the centre window.
 */
export function buildBatch(
  set: ImageSet,
  indices: ArrayLike<number> | null,
  start: number,
  count: number,
  view: InputView,
  cropRng: Rng | null,
): Float32Array {
  const { height: oh, width: ow, padding, scaling } = view;
  const { height: ih, width: iw, channels: c, images } = set;
  const outSize = oh * ow * c;
  const inSize = ih * iw * c;
  const out = new Float32Array(count * outSize);
  const maxDy = ih + 2 * padding - oh;
  const maxDx = iw + 2 * padding - ow;
  const rowLen = ow * c;
  for (let b = 0; b < count; b++) {
    const src = (indices === null ? start + b : (indices[start + b] as number)) * inSize;
    const dst = b * outSize;
    const dy = (cropRng ? cropRng.int(0, maxDy) : maxDy >> 1) - padding;
    const dx = (cropRng ? cropRng.int(0, maxDx) : maxDx >> 1) - padding;
    const x0 = Math.max(0, -dx);
    const x1 = Math.min(ow, iw - dx);
    for (let y = 0; y < oh; y++) {
      const sy = y + dy;
      // A row above or below the image, or a window left or right of it (padding wider than the window): zeros.
      if (sy < 0 || sy >= ih || x1 <= x0) continue;
      // One contiguous run of the row: pixels x0 … x1 of the window, every channel.
      const from = src + (sy * iw + x0 + dx) * c;
      const to = dst + y * rowLen + x0 * c;
      const length = (x1 - x0) * c;
      if (images instanceof Uint8Array) copyScaled(images, from, out, to, length);
      else out.set(images.subarray(from, from + length), to);
    }
    if (scaling === 'standardize') standardize(out, dst, outSize);
  }
  return out;
}

/** `v / 255` as float32 for every byte value (a table look-up gives the very numbers a division would). */
const UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);

function copyScaled(from: Uint8Array, at: number, to: Float32Array, offset: number, length: number): void {
  for (let i = 0; i < length; i++) to[offset + i] = UNIT[from[at + i] as number] as number;
}

/** Per-image standardization in place over `values[offset … offset+size)` (float64 sums). */
function standardize(values: Float32Array, offset: number, size: number): void {
  let sum = 0;
  for (let i = 0; i < size; i++) sum += values[offset + i] as number;
  const mean = sum / size;
  let sq = 0;
  for (let i = 0; i < size; i++) {
    const d = (values[offset + i] as number) - mean;
    sq += d * d;
  }
  const adjusted = Math.max(Math.sqrt(sq / size), 1 / Math.sqrt(size));
  for (let i = 0; i < size; i++) values[offset + i] = ((values[offset + i] as number) - mean) / adjusted;
}
