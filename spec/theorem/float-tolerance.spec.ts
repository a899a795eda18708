/**
 * `float32Tolerance`: a rigorous bound on how far a float32 evaluation of the network can be from its exact
 * value, and a useful one. Checked against float32 evaluations simulated here with Math.fround (every
 * parameter, input, product, sum, bias and ReLU rounded to float32, in two summation orders) and the network
 * evaluated exactly (spec/theorem/_exact.ts), and against the first-order size of the roundings it covers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeError } from 'rethink/core';
import { float32Tolerance, interpolate, type FloatInterpolant } from 'rethink/theorem';
import { abs, cmp, evaluateExactly, qOfNumber, qs, sub, type Q } from './_exact.ts';

const f = Math.fround;
const u = 2 ** -24;

/** The network in float32 arithmetic, summing inputs and units forwards or backwards. */
function float32Network(net: FloatInterpolant, x: readonly number[], reverse: boolean): number[] {
  const order = <T>(xs: T[]): T[] => (reverse ? xs.reverse() : xs);
  let z = 0;
  for (const l of order([...x.keys()])) z = f(z + f(f(net.a[l] as number) * f(x[l] as number)));
  const h = Array.from(net.b, (bj) => Math.max(f(z - f(bj)), 0));
  const out: number[] = [];
  for (let c = 0; c < net.k; c++) {
    let s = 0;
    for (const j of order([...h.keys()])) s = f(s + f(f(net.w[j * net.k + c] as number) * (h[j] as number)));
    out.push(s);
  }
  return out;
}

/**
 * The first-order size of what the bound covers, at x and output c: with S = Σ_l |a_l x_l| and z = ⟨a, x⟩,
 * u·Σ_j |w_j|·((d + 5)·S + 3|b_j| + 2|z − b_j| + (n + 3)·(max(z − b_j, 0) + (d + 5)·u·S + 3u·|b_j|)) over the
 * units that can be active (z − b_j above minus that pre-activation error). The analysis in float32-tolerance.ts
 * gives (d + 4)·u·S + u·|b_j| + u·|z − b_j| per pre-activation and (n + 2)·u per output sum, plus terms of order
 * u² and 2^-40 relative, so the bound never exceeds this (plus 2^-100 for the subnormal allowances).
 */
function firstOrder(net: FloatInterpolant, x: readonly number[], c: number): number {
  const { n, d } = net;
  const S = x.reduce((s, v, l) => s + Math.abs(v * (net.a[l] as number)), 0);
  const z = x.reduce((s, v, l) => s + v * (net.a[l] as number), 0);
  let r = 0;
  net.b.forEach((bj, j) => {
    const pre = z - bj;
    const eta = (d + 5) * u * S + 3 * u * Math.abs(bj) + 2 * u * Math.abs(pre);
    if (pre < -eta) return;
    r += Math.abs(net.w[j * net.k + c] as number) * (eta + (n + 3) * u * (Math.max(pre, 0) + eta));
  });
  return r;
}

/** A coordinate in [-m, m], with magnitudes below 2^-60 flushed to 0 (float32's subnormal allowances, which
 * scale with |a| and |w| rather than with the values, are not part of the first-order size). */
const coordinate = (m: number) =>
  fc.double({ min: -m, max: m, noNaN: true }).map((v) => (Math.abs(v) < 2 ** -60 ? 0 : v));

describe('float32Tolerance', () => {
  it('covers float32 evaluations of the network and stays within its first-order size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((d) =>
          fc.record({
            rows: fc.uniqueArray(fc.array(coordinate(64), { minLength: d, maxLength: d }), {
              minLength: 1,
              maxLength: 5,
              selector: (r) => r.join(),
            }),
            labels: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 6, maxLength: 6 }),
            probes: fc.array(fc.array(coordinate(80), { minLength: d, maxLength: d }), { maxLength: 2 }),
          }),
        ),
        ({ rows, labels, probes }) => {
          let net: FloatInterpolant;
          try {
            net = interpolate(rows, labels.slice(0, rows.length));
          } catch {
            return; // points float64 cannot separate: not this property's concern
          }
          const points = [...rows, ...probes];
          const tau = float32Tolerance(net, points);
          const exact = evaluateExactly(qs(net.a), qs(net.b), qs(net.w), net.k, points);
          points.forEach((x, i) => {
            const t = tau[i] as number;
            if (t === Infinity) return; // no claim (a weight or value beyond 2^127)
            expect(t).toBeLessThanOrEqual(firstOrder(net, x, 0) + 2 ** -100);
            for (const reverse of [false, true]) {
              const v = float32Network(net, x, reverse)[0] as number;
              if (cmp(abs(sub(qOfNumber(v), exact[i] as Q)), qOfNumber(t)) > 0)
                expect.fail(`float32 value ${v} at point ${i} is off by more than ${t}`);
            }
          });
        },
      ),
    );
  });

  it('has no finite claim where float32 overflows: inputs beyond its range, or products beyond it', () => {
    // Any parameters define a network, and the bound must hold for them, not only for interpolate's. Scaling
    // the direction and weights down lets an input beyond float32's range (it rounds to Infinity) keep every
    // float64 intermediate below 2^126; scaling the weights up lets the output products overflow float32
    // (beyond 2^128) while every parameter and input stays below 2^127.
    fc.assert(
      fc.property(
        fc.record({
          rows: fc.uniqueArray(fc.integer({ min: -8, max: 8 }), { minLength: 2, maxLength: 5 }),
          labels: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 5, maxLength: 5 }),
          scaleA: fc.integer({ min: -12, max: -4 }),
          jitter: fc.integer({ min: 0, max: 3 }),
          huge: fc.double({ min: 2 ** 128, max: 2 ** 129, maxExcluded: true, noNaN: true }),
          far: fc.integer({ min: 200, max: 1000 }),
        }),
        ({ rows, labels, scaleA, jitter, huge, far }) => {
          const base = interpolate(
            rows.map((v) => [v, 0]),
            labels.slice(0, rows.length),
          );
          const small = (v: number) => v * 2 ** scaleA;
          const tiny = { ...base, a: base.a.map(small), b: base.b.map(small), w: base.w.map((v) => v * 2 ** -10) };
          const beyond = [Math.sign(base.a[0] as number) * huge, 0]; // projection → +∞: every unit active
          expect(float32Network(tiny, beyond, false).every(Number.isFinite)).toBe(false);
          expect(float32Tolerance(tiny, [beyond])[0]).toBe(Infinity);

          const wmax = base.w.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          const heavy = { ...base, w: base.w.map((v) => v * 2 ** (122 + jitter - Math.ceil(Math.log2(wmax)))) };
          expect(heavy.w.every((v) => Math.abs(v) < 2 ** 127)).toBe(true);
          const x = [Math.sign(base.a[0] as number) * far, 0];
          expect(float32Network(heavy, x, false).every(Number.isFinite)).toBe(false);
          expect(float32Tolerance(heavy, [x])[0]).toBe(Infinity);
        },
      ),
    );
  });

  it('names itself in errors about its points', () => {
    const net = interpolate([[0], [1]], [0, 1]);
    expect(() => float32Tolerance(net, [[0, 1]])).toThrow(ShapeError);
    expect(() => float32Tolerance(net, [[0], [1, 2]])).toThrow(/^float32Tolerance: /);
  });
});
