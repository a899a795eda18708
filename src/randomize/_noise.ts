/** Noise fills for gaussianPixels and uniformPixels (hot loops on raw `Rng.uint32()` words). */
import type { Rng } from 'rethink/core';

/** Fills `out` (channels last) with mean[c] + std[c] · z, z standard normal. */
export function fillGaussian(out: Float32Array, mean: Float64Array, std: Float64Array, rng: Rng): void {
  const channels = mean.length;
  // Stryker disable next-line BlockStatement: without this fast path one channel falls through to the general loop, which computes mean[0] + std[0] · z from the same deviates in the same order
  if (channels === 1) {
    const m = mean[0] as number;
    const s = std[0] as number;
    for (let e = 0; e < out.length; e++) out[e] = m + s * rng.normal();
    return;
  }
  // Stryker disable next-line BlockStatement: without this fast path three channels fall through to the general loop, which computes mean[c] + std[c] · z from the same deviates in the same order
  if (channels === 3) {
    const [m0, m1, m2] = mean as unknown as [number, number, number];
    const [s0, s1, s2] = std as unknown as [number, number, number];
    for (let e = 0; e < out.length; e += 3) {
      out[e] = m0 + s0 * rng.normal();
      out[e + 1] = m1 + s1 * rng.normal();
      out[e + 2] = m2 + s2 * rng.normal();
    }
    return;
  }
  for (let e = 0; e < out.length;) {
    for (let c = 0; c < channels; c++) out[e++] = (mean[c] as number) + (std[c] as number) * rng.normal();
  }
}

/** Fills `out` with lo + (hi − lo) · w / 2^32, one 32-bit word w per value. */
export function fillUniform(out: Float32Array, lo: number, hi: number, rng: Rng): void {
  const scale = (hi - lo) / 4294967296;
  for (let e = 0; e < out.length; e++) out[e] = lo + rng.uint32() * scale;
}
