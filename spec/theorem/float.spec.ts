/**
 * Theorem 1 in float64: the network agrees with the labels (and so with the exact network, which reproduces
 * them) within its reported error bound, and the bound is honest — checked by evaluating the float network
 * as an exact function of its float64 parameters (spec/theorem/_exact.ts), never by trusting its own numbers.
 * Points closer than float64 can separate raise ResolutionError, and only such points.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FloatRangeError,
  interpolate,
  randomLabeledSample,
  ResolutionError,
  type FloatInterpolant,
} from 'rethink/theorem';
import { coordinateArb, labelInput, sampleCaseArb, type SampleCase } from '../arbitraries/sample.ts';
import { abs, cmp, evaluateExactly, maxAbsDiff, qOfNumber, qs, sub, type Q } from './_exact.ts';

/** Ratio of the largest to the smallest non-zero magnitude among `values` (1 when none). */
function dynamicRange(values: readonly number[]): number {
  const mags = values.map(Math.abs).filter((v) => v > 0);
  return mags.length === 0 ? 1 : Math.max(...mags) / Math.min(...mags);
}

/**
 * Float mode, or `undefined` when it legitimately refuses: ResolutionError only for two points float64 cannot
 * tell apart (‖x_i − x_j‖_∞ ≤ 2^-30·(‖x_i‖₁ + ‖x_j‖₁), see `close`), FloatRangeError only for samples whose
 * coordinates or labels span more than 2^200 in magnitude (a float64 weight cannot take a slope from 10^50
 * down to 0 exactly, and the leftover slope times a gap of 10^270 overflows; the bound says so honestly).
 * False-failure rate: a direction with |a_l| ∈ [1, 2) and 31 random bits per entry cancels a difference
 * larger than that threshold with probability below 2^-20 per try, and 8 tries are made: ≤ 2^-160.
 */
function tryFloat(c: SampleCase, options = {}): FloatInterpolant | undefined {
  try {
    return interpolate(c.rows, labelInput(c), options);
  } catch (error) {
    if (error instanceof ResolutionError) {
      expect(unresolvable(c.rows[error.first] as number[], c.rows[error.second] as number[])).toBe(true);
      return undefined;
    }
    if (error instanceof FloatRangeError) {
      expect(Math.max(dynamicRange(c.rows.flat()), dynamicRange(c.labels.flat()))).toBeGreaterThan(2 ** 200);
      return undefined;
    }
    throw error;
  }
}

/**
 * What float64 along a direction with |a_l| ∈ [1, 2) may fail to resolve: ‖x_i − x_j‖_∞ ≤ 2^-30·(‖x_i‖₁ + ‖x_j‖₁),
 * or a difference below 2^-900 (products near the subnormal range lose their relative precision, and a sample
 * that also holds ordinary points cannot be scaled up).
 */
function unresolvable(x: readonly number[], y: readonly number[]): boolean {
  let diff = 0;
  let size = 0;
  x.forEach((v, l) => {
    diff = Math.max(diff, Math.abs(v - (y[l] as number)));
    size += Math.abs(v) + Math.abs(y[l] as number);
  });
  return diff <= size * 2 ** -30 || diff < 2 ** -900;
}

function honest(net: FloatInterpolant, c: SampleCase): void {
  const values = evaluateExactly(qs(net.a), qs(net.b), qs(net.w), net.k, c.rows);
  const worst = maxAbsDiff(values, c.labels.flat());
  if (cmp(worst, qOfNumber(net.errorBound)) > 0) {
    expect.fail(`true error ${Number(worst.p) / Number(worst.q)} exceeds the reported bound ${net.errorBound}`);
  }
}

describe('float64 mode', () => {
  it('never reports an error bound below the true error of the network (scalar labels)', () => {
    fc.assert(
      fc.property(sampleCaseArb({ maxN: 60, maxD: 8, labels: 'float' }), (c) => {
        const net = tryFloat(c);
        if (net !== undefined) honest(net, c);
      }),
    );
  });

  it('never reports an error bound below the true error (vector labels)', () => {
    fc.assert(
      fc.property(sampleCaseArb({ maxN: 30, maxD: 6, minK: 2, maxK: 4, labels: 'float' }), (c) => {
        const net = tryFloat(c);
        if (net !== undefined) honest(net, c);
      }),
    );
  });

  it('agrees with the exact network on the sample within its reported bound', () => {
    fc.assert(
      fc.property(
        sampleCaseArb({
          maxN: 40,
          maxD: 6,
          maxK: 2,
          kinds: ['integer', 'rational', 'float'],
          stressors: ['collinear', 'duplicate', 'naiveCollision', 'directionCollision'],
        }),
        (c) => {
          const float = tryFloat(c);
          const exact = interpolate(c.rows, labelInput(c), { exact: true });
          if (float === undefined) return;
          const fv = evaluateExactly(qs(float.a), qs(float.b), qs(float.w), float.k, c.rows);
          exact.evaluate(c.rows).forEach((v, t) => {
            const e = abs(sub(fv[t] as Q, { p: v.s * v.n, q: v.d }));
            expect(cmp(e, qOfNumber(float.errorBound))).toBeLessThanOrEqual(0);
          });
        },
      ),
    );
  });

  it('bounds its own evaluator honestly, on the sample and at new points', () => {
    fc.assert(
      fc.property(
        sampleCaseArb({ maxN: 30, maxD: 5, maxK: 2, labels: 'float' }).chain((c) =>
          fc.record({
            c: fc.constant(c),
            probes: fc.array(
              fc.array(coordinateArb(c.kind), {
                minLength: (c.rows[0] as number[]).length,
                maxLength: (c.rows[0] as number[]).length,
              }),
              {
                maxLength: 6,
              },
            ),
          }),
        ),
        ({ c, probes }) => {
          const net = tryFloat(c);
          if (net === undefined) return;
          const points = [...c.rows, ...probes];
          const magnitude = (x: readonly number[]) => x.reduce((s, v, l) => s + Math.abs(v * (net.a[l] as number)), 0);
          let result: ReturnType<typeof net.evaluateWithBounds>;
          try {
            result = net.evaluateWithBounds(points);
          } catch (error) {
            // Only a point where the network's own numbers approach overflow may fail: its projection, or the
            // largest slope (a running sum of w) times the distance from that projection to the farthest kink.
            expect(error).toBeInstanceOf(FloatRangeError);
            const row = (error as FloatRangeError).details.row as number;
            const point = points[row] as number[];
            const z = point.reduce((s, v, l) => s + v * (net.a[l] as number), 0);
            let slope = 0;
            let maxSlope = 0;
            for (let j = 0; j < net.n * net.k; j++) {
              slope += Math.abs(net.w[j] as number);
              maxSlope = Math.max(maxSlope, slope);
            }
            const reach = Math.max(...Array.from(net.b, (bj) => Math.abs(z - bj)));
            expect(Math.max(magnitude(point), maxSlope * reach)).toBeGreaterThan(1e300);
            return;
          }
          const { values, bounds } = result;
          const exact = evaluateExactly(qs(net.a), qs(net.b), qs(net.w), net.k, points);
          exact.forEach((v, t) => {
            const e = abs(sub(qOfNumber(values[t] as number), v));
            if (cmp(e, qOfNumber(bounds[t] as number)) > 0)
              expect.fail(`value ${values[t]} off by more than its bound ${bounds[t]} at entry ${t}`);
          });
        },
      ),
    );
  });

  it('reaches the reference numerics: random labels on Gaussian points leave an error bound below 1e-6', () => {
    const { sample, labels } = randomLabeledSample({ samples: 3000, dims: 64, seed: 3 });
    const net = interpolate(sample, labels);
    expect(net.errorBound).toBeLessThan(1e-6);
    expect(net.parameters).toBe(2 * 3000 + 64);
    const values = net.evaluate(sample);
    let worst = 0;
    values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (labels[i] as number)))));
    expect(worst).toBeLessThan(1e-6);
  });

  it('raises ResolutionError naming both points when they differ by one unit in the last place', () => {
    const x = [1, 2, 3];
    const y = [1, 2, 3 + 2 ** -51];
    const error = (() => {
      try {
        interpolate([x, [5, 5, 5], y], [0, 1, 2], { maxAttempts: 3 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ResolutionError);
    expect([(error as ResolutionError).first, (error as ResolutionError).second]).toStrictEqual([0, 2]);
    expect((error as ResolutionError).code).toBe('E_RESOLUTION');
    expect((error as ResolutionError).details).toMatchObject({ attempts: 3 });
    // Exact mode separates them.
    const exact = interpolate([x, [5, 5, 5], y], [0, 1, 2], { exact: true });
    expect(exact.evaluate([y])[0]?.toFraction()).toBe('2');
  });
});
