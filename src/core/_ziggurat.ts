/**
 * Fast standard normal deviates from `Rng.uint32()` words: the Ziggurat method of Marsaglia & Tsang (2000),
 * 128 layers, with the layer index, sign and magnitude taken from disjoint bits of one word (Doornik 2005:
 * bits 0–6 layer, bit 7 sign, bits 8–31 magnitude), so ~99% of deviates cost one word and a multiply.
 * Wedges and the tail (|z| > r) are sampled exactly (wedge: rejection against exp(−x²/2); tail: Marsaglia's
 * method), so the output is exactly Gaussian up to the 24-bit magnitude grid.
 *
 * The project's one normal generator (`Rng.normal()`): the randomizer's Gaussian-pixel properties pin it down
 * (the branch laws of the layers, wedges and tail, checked by feeding chosen words), it costs about one word per
 * deviate, and it keeps no state of its own beyond the words it draws, so a generator's snapshot is its words.
 */
import type { Rng } from './rng.ts';

/** Right edge of the base layer (start of the tail) for 128 layers. */
export const ZIGGURAT_R = 3.442619855899;
/** Area of every layer (base strip including the tail) for 128 layers. */
export const ZIGGURAT_V = 9.91256303526217e-3;

const TWO_24 = 16777216;
const TWO_M32 = 1 / 4294967296;

const density = (x: number): number => Math.exp(-0.5 * x * x);

/**
 * Layer i (0 … 127) is the box [0, X[i]] × [f(X[i]), f(X[i+1])]; X[0] = v / f(r) (base strip), X[1] = r,
 * X[128] = 0. Exported for the spec that checks every box has area v.
 */
export const ZIGGURAT_X = new Float64Array(129);
const F = new Float64Array(129);
const K = new Float64Array(128);
const W = new Float64Array(128);
ZIGGURAT_X[0] = ZIGGURAT_V / density(ZIGGURAT_R);
ZIGGURAT_X[1] = ZIGGURAT_R;
for (let i = 1; i < 127; i++) {
  const x = ZIGGURAT_X[i] as number;
  ZIGGURAT_X[i + 1] = Math.sqrt(-2 * Math.log(ZIGGURAT_V / x + density(x)));
}
ZIGGURAT_X[128] = 0;
for (let i = 0; i <= 128; i++) F[i] = density(ZIGGURAT_X[i] as number);
for (let i = 0; i < 128; i++) {
  // Accept u (24 bits) at once when x = u · X[i] / 2^24 lies left of the next layer's edge X[i+1].
  K[i] = ((ZIGGURAT_X[i + 1] as number) / (ZIGGURAT_X[i] as number)) * TWO_24;
  W[i] = (ZIGGURAT_X[i] as number) / TWO_24;
}

/** A uniform in the open interval (0, 1) from one word. */
function openUnit(rng: Rng): number {
  return (rng.uint32() + 0.5) * TWO_M32;
}

/** One N(0, 1) deviate drawn from `rng`'s words. */
export function zigguratNormal(rng: Rng): number {
  const w = rng.uint32();
  const i = w & 127;
  const u = w >>> 8;
  // Branch-free sign (bit 7): 1 − 2·bit, a 50/50 branch would mispredict half the time.
  if (u < (K[i] as number)) return u * (W[i] as number) * (1 - ((w >>> 6) & 2));
  return slow(rng, w);
}

/** The rare cases: the tail of the base layer, the wedges, and retries after a wedge rejection. */
function slow(rng: Rng, first: number): number {
  let w = first;
  for (;;) {
    const i = w & 127;
    const u = w >>> 8;
    if (u < (K[i] as number)) {
      const x = u * (W[i] as number);
      // Stryker disable next-line EqualityOperator: `!==` swaps which value of the sign bit means minus; bit 7 is uniform and independent of the layer and magnitude bits that chose x, so ±x keep the same law
      return (w & 128) === 0 ? x : -x;
    }
    if (i === 0) {
      // Tail beyond r (Marsaglia 1964): x = −ln(U1)/r, y = −ln(U2), accept when 2y ≥ x².
      let a: number;
      let b: number;
      do {
        a = -Math.log(openUnit(rng)) / ZIGGURAT_R;
        b = -Math.log(openUnit(rng));
      } while (b + b < a * a);
      // Stryker disable next-line EqualityOperator: `!==` swaps which value of the sign bit means minus; bit 7 is uniform and independent of the bits that chose the tail and of the tail draws, so ±(r + a) keep the same law
      return (w & 128) === 0 ? ZIGGURAT_R + a : -ZIGGURAT_R - a;
    }
    const x = u * (W[i] as number);
    const lower = F[i] as number;
    const y = lower + openUnit(rng) * ((F[i + 1] as number) - lower);
    if (y < density(x)) return (w & 128) === 0 ? x : -x;
    w = rng.uint32();
  }
}
