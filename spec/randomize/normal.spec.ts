/**
 * The noise fills and the Ziggurat normal source, one level below gaussianPixels / uniformPixels.
 *
 * The Ziggurat source documents how it reads a word (bits 0–6 layer i, bit 7 sign, bits 8–31 magnitude u, the
 * candidate being x = u · X[i] / 2^24) and what it does with it: accept x at once when x < X[i+1]; for the base
 * layer (i = 0) beyond r, draw from the Gaussian tail; in a wedge, accept x with probability
 * (f(x) − f(X[i])) / (f(X[i+1]) − f(X[i])), f(x) = exp(−x²/2), and otherwise start afresh from the next word.
 * The specs below feed it chosen first words (then a real stream) and check these conditional laws: they
 * see the rare branches (about 1% of draws) thousands of times in a few milliseconds, where a test on plain
 * N(0, 1) samples would need hundreds of millions of draws to see a change of the wedge or tail law.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from 'rethink/core';
import type { Rng } from 'rethink/core';
import { zigguratNormal, ZIGGURAT_R, ZIGGURAT_X } from '../../src/core/_ziggurat.ts';
import { fillGaussian } from '../../src/randomize/_noise.ts';
import { FALSE_FAILURE_RATE, dkwRadius, erfc, hoeffdingRadius } from './_bounds.ts';

const TWO_24 = 2 ** 24;
const f = (x: number): number => Math.exp(-0.5 * x * x);
const X = (i: number): number => ZIGGURAT_X[i] as number;

/** The documented word layout: layer i (bits 0–6), sign bit (bit 7), magnitude u (bits 8–31). */
function word(layer: number, sign: 0 | 1, magnitude: number): number {
  return magnitude * 256 + sign * 128 + layer;
}

/** The candidate of layer i and magnitude u: u · X[i] / 2^24. */
const candidate = (layer: number, magnitude: number): number => (magnitude * X(layer)) / TWO_24;

/** An Rng that returns the queued words first, then those of createRng(seed, 'spec/normal-forced'). */
function forcedRng(seed: number): { rng: Rng; queue: number[] } {
  const inner = createRng(seed, 'spec/normal-forced');
  const queue: number[] = [];
  const rng = Object.create(inner) as Rng;
  rng.uint32 = () => queue.shift() ?? inner.uint32();
  return { rng, queue };
}

describe('fillGaussian', () => {
  it('value e is mean[c] + std[c] · z_e (c = e mod channels, z_e the e-th deviate of the source): the 1- and 3-channel fast paths agree with the plain loop', () => {
    // Every channel count from 1 to 4 in every run (1 and 3 have fast paths, 2 and 4 take the plain loop).
    const params = fc.record({
      mean: fc.array(fc.double({ min: -300, max: 300, noNaN: true }), { minLength: 4, maxLength: 4 }),
      std: fc.array(fc.double({ min: 1e-3, max: 300, noNaN: true }), { minLength: 4, maxLength: 4 }),
      positions: fc.integer({ min: 1, max: 30 }),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(params, ({ mean, std, positions, seed }) => {
        for (let channels = 1; channels <= 4; channels++) {
          const out = new Float32Array(positions * channels);
          fillGaussian(
            out,
            Float64Array.from(mean.slice(0, channels)),
            Float64Array.from(std.slice(0, channels)),
            createRng(seed, 'spec/fill'),
          );
          const normalRng = createRng(seed, 'spec/fill');
          const normal = { next: () => zigguratNormal(normalRng) };
          const expected = new Float32Array(out.length);
          for (let e = 0; e < expected.length; e++) {
            const c = e % channels;
            expected[e] = (mean[c] as number) + (std[c] as number) * normal.next();
          }
          expect(out).toEqual(expected);
        }
      }),
    );
  });
});

describe('the Ziggurat normal source, branch by branch', () => {
  it('flipping the sign bit of an accepted first word (rectangle or tail) negates the deviate; a wedge word gives the same |z| either way', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer(), (w, seed) => {
        const layer = w & 127;
        const magnitude = w >>> 8;
        const wedge = layer > 0 && candidate(layer, magnitude) >= X(layer + 1);
        const a = forcedRng(seed);
        const b = forcedRng(seed);
        a.queue.push(w);
        b.queue.push((w ^ 128) >>> 0);
        const za = zigguratNormal(a.rng);
        const zb = zigguratNormal(b.rng);
        expect(Number.isFinite(za)).toBe(true);
        // A wedge word may be rejected (then both continue alike on the same later words).
        if (wedge) expect(Math.abs(zb)).toBe(Math.abs(za));
        else expect(Object.is(zb, -za)).toBe(true);
      }),
    );
  });

  it('a base-layer word beyond r, for either sign bit, gives deviates of both signs and |z| > r, also when the tail draws see the extreme words 0 and 2^32 − 1', () => {
    const beyond = Math.ceil((ZIGGURAT_R / X(0)) * TWO_24);
    for (const magnitude of [beyond, TWO_24 - 1]) {
      for (const extreme of [0, 2 ** 32 - 1]) {
        const signs = new Set<number>();
        for (const sign of [0, 1] as const) {
          const { rng, queue } = forcedRng(1);
          queue.push(word(0, sign, magnitude), extreme, extreme);
          const z = zigguratNormal(rng);
          expect(Number.isFinite(z)).toBe(true);
          expect(Math.abs(z)).toBeGreaterThan(ZIGGURAT_R);
          signs.add(Math.sign(z));
        }
        expect([...signs].sort()).toEqual([-1, 1]);
      }
    }
  });

  it(`a base-layer word beyond r draws |z| from the Gaussian tail beyond r: P(|z| > t) = Q(t)/Q(r) (DKW, false-failure rate ≤ ${FALSE_FAILURE_RATE})`, () => {
    const m = 25_000;
    const beyond = Math.ceil((ZIGGURAT_R / X(0)) * TWO_24);
    const { rng, queue } = forcedRng(20170210);
    const source = { next: () => zigguratNormal(rng) };
    const draws = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      // Magnitudes and signs vary over the first word's tail range; the law of |z| does not depend on them.
      queue.push(word(0, (k & 1) as 0 | 1, beyond + ((k * 7919) % (TWO_24 - beyond))));
      draws[k] = Math.abs(source.next());
    }
    draws.sort();
    const qr = erfc(ZIGGURAT_R / Math.SQRT2);
    const epsilon = dkwRadius(m, FALSE_FAILURE_RATE) + 1e-6;
    let worst = 0;
    for (let k = 0; k < m; k++) {
      const cdf = 1 - erfc((draws[k] as number) / Math.SQRT2) / qr;
      worst = Math.max(worst, Math.abs(cdf - k / m), Math.abs(cdf - (k + 1) / m));
    }
    expect(draws[0]).toBeGreaterThan(ZIGGURAT_R);
    expect(worst).toBeLessThanOrEqual(epsilon);
  });

  it(`a wedge point x of layer i is returned with probability (f(x) − f(X[i])) / (f(X[i+1]) − f(X[i])) (Hoeffding, false-failure rate ≤ ${FALSE_FAILURE_RATE})`, () => {
    const layers = [1, 2, 40, 100, 126, 127];
    const m = 1500;
    // Per layer, one check; a fresh draw after a rejection equals ±x only if it picks the same layer and
    // magnitude (probability 2^-31 per word, a few words per trial): slack 1e-6.
    const radius = hoeffdingRadius(m, FALSE_FAILURE_RATE / layers.length) + 1e-6;
    const { rng, queue } = forcedRng(7);
    const source = { next: () => zigguratNormal(rng) };
    for (const i of layers) {
      // The point of the wedge [X[i+1], X[i]] where the acceptance probability is about 1/4.
      const low = f(X(i));
      const high = f(X(i + 1));
      const target = Math.sqrt(-2 * Math.log(low + 0.25 * (high - low)));
      const u = Math.round((target / X(i)) * TWO_24);
      const x = candidate(i, u);
      expect(x).toBeGreaterThan(X(i + 1));
      const accept = (f(x) - low) / (high - low);
      let hits = 0;
      for (let k = 0; k < m; k++) {
        queue.push(word(i, 0, u));
        if (Math.abs(source.next()) === x) hits++;
      }
      expect(Math.abs(hits / m - accept), `layer ${i}: ${hits} of ${m}, expected ${accept}`).toBeLessThanOrEqual(
        radius,
      );
    }
  });

  it('a rejected wedge point starts afresh: after it and the rejecting uniform, the source gives what a new source gives on the later words', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 127 }), fc.integer(), (i, seed) => {
        // x just below X[i], where f(x) − f(X[i]) is a 2^-24 sliver of the wedge height, and a uniform word
        // 2^32 − 1 (y within 2^-32 of the top): certainly rejected.
        const forced = forcedRng(seed);
        forced.queue.push(word(i, 0, TWO_24 - 1), 2 ** 32 - 1);
        const plain = forcedRng(seed);
        const a = { next: () => zigguratNormal(forced.rng) };
        const b = { next: () => zigguratNormal(plain.rng) };
        for (let k = 0; k < 20; k++) expect(a.next()).toBe(b.next());
      }),
    );
  });
});
