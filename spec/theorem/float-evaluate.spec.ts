/**
 * The float64 network's evaluator (`evaluateWithBounds`) at its hardest points, and the errors it and
 * `interpolate` raise: points whose projection rounds onto a threshold (the exact projection may sit on the
 * other side of the kink), points whose projection or value leaves the float64 range, non-finite points.
 * Every bound is checked against the network evaluated exactly (spec/theorem/_exact.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeError } from 'rethink/core';
import { FloatRangeError, interpolate, NonFiniteError, type FloatInterpolant } from 'rethink/theorem';
import { caught } from '../arbitraries/assertions.ts';
import { nextDown, nextUp } from '../arbitraries/sample.ts';
import { abs, add, cmp, evaluateExactly, mul, qOfNumber, qs, sub, ZERO, type Q } from './_exact.ts';

/** Largest |w_1 + … + w_j| over j and outputs: the steepest slope of the network (float sums, ample for a ceiling). */
function steepest(net: FloatInterpolant): number {
  let L = 0;
  for (let c = 0; c < net.k; c++) {
    let s = 0;
    for (let j = 0; j < net.n; j++) {
      s += net.w[j * net.k + c] as number;
      L = Math.max(L, Math.abs(s));
    }
  }
  return L;
}

/**
 * Soundness and tightness of `evaluateWithBounds` at `points`:
 * - the exact value of the network lies within the reported bound of the reported value;
 * - the bound stays below the documented scale of the rounding it accounts for, errorBound (which covers the
 *   construction's running error at every neuron) + 2^-46·(|v| + L·(|⟨a,x⟩| + max|z_j| + Σ|a_l x_l|)), L the
 *   steepest slope: the evaluator's own roundings, a projection error and a kink or two within it cost a
 *   few u = 2^-53 of those terms each, far below 2^-46 = 128u.
 */
function checkBounds(net: FloatInterpolant, points: readonly (readonly number[])[]): void {
  const { values, bounds } = net.evaluateWithBounds(points);
  const exact = evaluateExactly(qs(net.a), qs(net.b), qs(net.w), net.k, points);
  const L = steepest(net);
  const zmax = Math.max(...Array.from(net.projections, Math.abs));
  points.forEach((x, i) => {
    const zExact = x.reduce<Q>((s, v, l) => add(s, mul(qOfNumber(net.a[l] as number), qOfNumber(v))), ZERO);
    const z = Math.abs(Number(zExact.p) / Number(zExact.q));
    const size = x.reduce((s, v, l) => s + Math.abs(v * (net.a[l] as number)), 0);
    for (let c = 0; c < net.k; c++) {
      const t = i * net.k + c;
      const v = values[t] as number;
      const bound = bounds[t] as number;
      if (cmp(abs(sub(qOfNumber(v), exact[t] as Q)), qOfNumber(bound)) > 0)
        expect.fail(`value ${v} at point ${i} is off by more than its bound ${bound}`);
      expect(bound).toBeLessThanOrEqual(net.errorBound + 2 ** -46 * (Math.abs(v) + L * (z + zmax + size)));
    }
  });
}

/**
 * Points x (d = 1) whose computed projection fl(a·x) is exactly the threshold b_j: the exact projection a·x
 * may lie just past the kink, on the next linear piece.
 */
function kinkProbes(net: FloatInterpolant): number[][] {
  const a = net.a[0] as number;
  const probes: number[][] = [];
  for (const bj of net.b) {
    let x = nextDown(nextDown(bj / a));
    for (let step = 0; step < 5; step++, x = nextUp(x)) if (a * x === bj) probes.push([x]);
  }
  return probes;
}

/** Up to 10 distinct points in 1–4 dimensions, integer or float coordinates up to 1e6, labels up to 1e3. */
const wellScaled = fc.integer({ min: 1, max: 4 }).chain((d) =>
  fc.record({
    rows: fc.uniqueArray(
      fc.array(fc.oneof(fc.integer({ min: -20, max: 20 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), {
        minLength: d,
        maxLength: d,
      }),
      {
        minLength: 1,
        maxLength: 10,
        selector: (r) => r.join(),
      },
    ),
    k: fc.integer({ min: 1, max: 2 }),
    labels: fc.array(fc.oneof(fc.integer({ min: -8, max: 8 }), fc.double({ min: -1e3, max: 1e3, noNaN: true })), {
      minLength: 20,
      maxLength: 20,
    }),
  }),
);

describe('float64 construction', () => {
  it('reports an error bound within its first-order size 2^-46·(max|y| + (d + 1)·L·max_i Σ_l|a_l x_il|)', () => {
    // The bound is the label residual (≈ u·|y|), the chain's running error (contracting: ≈ u·|y| per step) and
    // the steepest slope L times the projection error ((d + 1)·u·Σ|a_l x_l|, less after refinement), a few u
    // each: 2^-46 = 128u leaves a wide margin, 2^-1000 covers the subnormal allowances.
    fc.assert(
      fc.property(wellScaled, ({ rows, k, labels }) => {
        let net: FloatInterpolant;
        const y = labels.slice(0, rows.length * k);
        try {
          net = interpolate(rows, y, { outputs: k });
        } catch {
          return; // points float64 cannot separate: float.spec.ts checks those refusals
        }
        const Y = Math.max(1, ...y.map(Math.abs));
        const Z = Math.max(...rows.map((x) => x.reduce((t, v, l) => t + Math.abs(v * (net.a[l] as number)), 0)));
        expect(net.errorBound).toBeLessThanOrEqual(2 ** -46 * (Y + (net.d + 1) * steepest(net) * Z) + 2 ** -1000);
      }),
    );
  });

  it('refines the projections whose rounding matters: far from the origin the bound stays at the scale of the gaps', () => {
    // Points at 2^26 … 2^40 spaced by small integers: a plain projection is off by up to (d + 1)·u·|z|, which
    // times a slope of order max|y| is far above refineTolerance = 0, so every neuron with a non-zero slope gets
    // the compensated projection (error ≈ (2d·u)²·|z|). The bound is then the chain's own rounding, a few u of
    // max|y| + L·(z_n − z_1): 2^-46·(…) is a wide margin; without refinement it would be ≈ u·L·2^26 at least.
    fc.assert(
      fc.property(
        fc.integer({ min: 2 ** 26, max: 2 ** 40 }),
        fc.uniqueArray(fc.integer({ min: -30, max: 30 }), { minLength: 2, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 8, maxLength: 8 }),
        (offset, steps, labels) => {
          const rows = steps.map((s) => [offset + s, s]);
          const y = labels.slice(0, rows.length);
          const net = interpolate(rows, y, { refineTolerance: 0 });
          expect(net.refined).toBeGreaterThanOrEqual(1);
          expect(net.refined).toBeLessThanOrEqual(rows.length);
          const span = (net.projections[net.n - 1] as number) - (net.projections[0] as number);
          expect(net.errorBound).toBeLessThanOrEqual(2 ** -46 * (Math.max(...y) + steepest(net) * span));
          const exact = evaluateExactly(qs(net.a), qs(net.b), qs(net.w), 1, rows);
          exact.forEach((v, i) => {
            if (cmp(abs(sub(v, qOfNumber(y[i] as number))), qOfNumber(net.errorBound)) > 0)
              expect.fail(`error at point ${i} exceeds the bound ${net.errorBound}`);
          });
        },
      ),
    );
  });

  it('scales the direction only for samples that need it', () => {
    // |a_l| ∈ [1, 2)·2^exponent (direction.ts). Ordinary coordinates keep exponent 0; coordinates near 2^-530
    // have projections below 2^-500, and the direction is scaled by a power of two that brings them to [1, 2).
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.uniqueArray(fc.integer({ min: -50, max: 50 }), { minLength: 2, maxLength: 5 }),
        fc.constantFrom(1, 2 ** -300, 2 ** 300, 2 ** -530),
        (d, steps, scale) => {
          const rows = steps.map((s) => Array.from({ length: d }, (_, l) => (s + l) * scale));
          const net = interpolate(
            rows,
            steps.map((s) => s % 3),
          );
          const a = Math.max(...Array.from(net.a, Math.abs));
          const z = Math.max(...Array.from(net.projections, Math.abs));
          if (scale === 2 ** -530) {
            expect(z).toBeGreaterThanOrEqual(0.5);
            expect(z).toBeLessThan(4);
          } else {
            expect(a).toBeGreaterThanOrEqual(1);
            expect(a).toBeLessThan(2);
          }
        },
      ),
    );
  });

  it('merges identical points with equal labels into one neuron each', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: -9, max: 9 })), {
          minLength: 1,
          maxLength: 5,
          selector: (p) => p.join(),
        }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        (base, picks) => {
          // The distinct points first or interleaved with copies (picks choose which point each copy repeats).
          const rows = [
            ...base.map((p) => [...p]),
            ...picks.map((t) => [...(base[t % base.length] as [number, number])]),
          ];
          if ((picks[0] as number) % 2 === 1) rows.reverse();
          const labels = rows.map(([x, y]) => 3 * (x as number) - (y as number));
          const net = interpolate(rows, labels);
          expect(net.n).toBe(base.length);
          expect(new Set(Array.from(net.neurons, (i) => rows[i]?.join())).size).toBe(base.length);
          for (const i of net.neurons) expect(net.duplicateOf[i]).toBe(-1);
          rows.forEach((row, i) => {
            const t = net.duplicateOf[i] as number;
            if (t >= 0) {
              expect(rows[t]).toStrictEqual(row);
              expect(net.duplicateOf[t]).toBe(-1);
            }
          });
          const values = net.evaluate(rows);
          labels.forEach((y, i) =>
            expect(Math.abs((values[i] as number) - y)).toBeLessThanOrEqual(net.errorBound * 2 + 1e-9),
          );
        },
      ),
    );
  });

  it('separates points closer than the plain projection can resolve by refining their projections', () => {
    // d = 1, X ∈ [2^40, 2^41): certification needs a gap above 4(μ_i + μ_j) + 4(ulp_i + ulp_j) ≈ (16 + 16)·u·aX
    // with the plain bounds μ ≈ 2u·aX, but only ≈ 16u·aX once the projections are compensated (μ ≈ 0).
    // A spacing of 24u·X is in between: the points are certified after refinement, with no new direction.
    fc.assert(
      fc.property(fc.integer({ min: 2 ** 40, max: 2 ** 41 - 1 }), fc.integer({ min: -5, max: 5 }), (X, label) => {
        const delta = Math.round(24 * X * 2 ** -53 * 2 ** 12) / 2 ** 12;
        const rows = [[X], [X + delta]];
        const y = [label, 2 * label + 1];
        const net = interpolate(rows, y, { maxAttempts: 1 });
        expect(net.n).toBe(2);
        expect(net.refined).toBeGreaterThanOrEqual(1);
        const exact = evaluateExactly(qs(net.a), qs(net.b), qs(net.w), 1, rows);
        y.forEach((v, i) =>
          expect(cmp(abs(sub(exact[i] as Q, qOfNumber(v))), qOfNumber(net.errorBound))).toBeLessThanOrEqual(0),
        );
      }),
    );
  });

  it('names the point whose slope or weight leaves the float64 range', () => {
    // Two points 1e-10 apart, both labelled 1e308: the first slope is ~1e318.
    // It is the point with the smaller projection (the first neuron, as a benign labelling shows).
    const first = interpolate([[0], [1e-10]], [0, 1]).neurons[0];
    let error = caught(
      () => interpolate([[0], [1e-10]], [1e308, 1e308]),
      FloatRangeError,
      `interpolate: values leave the float64 range at point ${first}; use exact mode`,
    );
    expect(error.details.row).toBe(first);
    // Labels 0, 1e308, −1e308 one unit apart: the weight turning the slope from ~+1e308 to ~−1e308 overflows.
    error = caught(
      () => interpolate([[0], [1], [2]], [0, 1e308, -1e308]),
      FloatRangeError,
      'interpolate: values leave the float64 range at point',
    );
    const row = error.details.row as number;
    expect(error.message).toContain(`at point ${row}; use exact mode`);
    expect([1, 2]).toContain(row);
  });
});

describe('float64 evaluator', () => {
  it('bounds the exact value at points whose projection rounds onto a threshold, far from the origin', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2 ** 26, max: 2 ** 40 }),
        fc.uniqueArray(fc.integer({ min: -40, max: 40 }), { minLength: 3, maxLength: 8 }),
        fc.array(fc.integer({ min: -8, max: 8 }), { minLength: 8, maxLength: 8 }),
        (offset, steps, labels) => {
          const rows = steps.map((s) => [offset + s]);
          const net = interpolate(rows, labels.slice(0, rows.length));
          checkBounds(net, [...rows, ...kinkProbes(net)]);
        },
      ),
    );
  });

  it('bounds the exact value with several outputs, at sample points and kinks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2 ** 20, max: 2 ** 36 }),
        fc.uniqueArray(fc.integer({ min: -20, max: 20 }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 2, maxLength: 2 }), {
          minLength: 6,
          maxLength: 6,
        }),
        (offset, steps, labels) => {
          const rows = steps.map((s) => [offset - s]);
          const net = interpolate(rows, labels.slice(0, rows.length));
          expect(net.parameters).toBe(net.n * 2 + net.n + 1);
          checkBounds(net, [...rows, ...kinkProbes(net)]);
        },
      ),
    );
  });

  it('names the point whose projection overflows float64 (finite or not)', () => {
    const net = interpolate(
      [
        [0, 0],
        [1, 0],
        [0, 1],
      ],
      [1, 2, 3],
    );
    const [a0, a1] = [net.a[0] as number, net.a[1] as number];
    // |a_0·x_0| near 1e308 cancelled by a_1·x_1: the projection is finite, its error bound is not.
    const x0 = (Math.sign(a0) * 1e308) / Math.abs(a0);
    const cancelling = [x0, -(a0 * x0) / a1];
    let error = caught(
      () => net.evaluateWithBounds([[0, 0], cancelling]),
      FloatRangeError,
      'evaluate: the projection of point 1 overflows float64',
    );
    expect(error.details).toEqual({ operation: 'evaluate', row: 1 });
    error = caught(
      () =>
        net.evaluate([
          [1, 1],
          [1, 2],
          [1.7e308 * Math.sign(a0), 1.7e308 * Math.sign(a1)],
        ]),
      FloatRangeError,
      'the projection of point 2 overflows',
    );
    expect(error.details).toEqual({ operation: 'evaluate', row: 2 });
  });

  it('names the point and output whose value or bound leaves the float64 range', () => {
    // Slope ~1e300: at x = 1e100 the value overflows.
    const steep = interpolate([[0], [1]], [0, 1e300]);
    let error = caught(
      () => steep.evaluateWithBounds([[0.5], [1e100]]),
      FloatRangeError,
      'evaluate: the value at point 1 (output 0) leaves the float64 range',
    );
    expect(error.details).toEqual({ operation: 'evaluate', row: 1 });
    // Before the first threshold the value is 0, but a projection bound near 1e268 (cancellation in ⟨a, x⟩)
    // times the first slope ~1e50 overflows the value's bound.
    const net = interpolate(
      [
        [0, 0],
        [1, 0],
        [0, 1],
      ],
      [1e50, 1e50, 1e50],
    );
    const [a0, a1] = [net.a[0] as number, net.a[1] as number];
    const x0 = Math.sign(a0) * 1e299;
    const below = [x0, -(a0 * x0 * (1 + 2 ** -30)) / a1]; // ⟨a, x⟩ ≈ −|a_0|·1e299·2^-30, far below b_1
    error = caught(
      () => net.evaluateWithBounds([[0, 0], below]),
      FloatRangeError,
      'the value at point 1 (output 0) leaves',
    );
    expect(error.details).toEqual({ operation: 'evaluate', row: 1 });
  });

  it('rejects non-finite points with NonFiniteError naming the operation, row and column (both modes)', () => {
    const rows = [
      [0, 1],
      [1, 0],
      [2, 2],
    ];
    for (const net of [interpolate(rows, [1, 2, 3]), interpolate(rows, [1, 2, 3], { exact: true })]) {
      let error = caught(
        () =>
          net.evaluate([
            [0, 0],
            [NaN, 1],
          ]),
        NonFiniteError,
        'evaluate: sample value at row 1, column 0 is NaN',
      );
      expect([error.where, error.row, error.column]).toStrictEqual(['sample', 1, 0]);
      error = caught(
        () => net.evaluate([[1, -Infinity]]),
        NonFiniteError,
        'evaluate: sample value at row 0, column 1 is -Infinity',
      );
      expect([error.where, error.row, error.column]).toStrictEqual(['sample', 0, 1]);
      caught(() => net.evaluate([[0, 1], [1]]), ShapeError, 'evaluate: row 1 has 1 coordinates');
      // A flat sample is not scanned on input: the evaluators check it themselves.
      error = caught(
        () => net.evaluate({ data: Float64Array.from([0, 0, NaN, 1]), n: 2, d: 2 }),
        NonFiniteError,
        'evaluate: sample value at row 1, column 0 is NaN',
      );
      expect([error.row, error.column]).toStrictEqual([1, 0]);
    }
  });

  it('reports label shape errors under the name interpolate', () => {
    caught(() => interpolate([[0], [1]], [1, 2, 3]), ShapeError, 'interpolate: expected 2 labels');
    caught(() => interpolate([[0], [1]], [1, 2, 3], { exact: true }), ShapeError, 'interpolate: expected 2 labels');
  });
});
