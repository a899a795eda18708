/**
 * The variants of Theorem 1: the all-ReLU network, the deep network (width O(n/depth), O(n + d) non-zero
 * weights) and the TensorFlow.js export. Each is checked against the labels (or the two-layer network) by
 * independent exact evaluation, and the tfjs model against its stated float32 tolerance.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { fraction, type Fraction } from 'mathjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allRelu,
  deepNetwork,
  float32Tolerance,
  FloatRangeError,
  interpolate,
  ResolutionError,
  toLayersModel,
  type DeepNetwork,
  type FloatInterpolant,
  type Interpolant,
} from 'rethink/theorem';
import { labelInput, sampleCaseArb, type SampleCase } from '../arbitraries/sample.ts';
import { abs, add, cmp, evaluateExactly, mul, qOfFraction, qOfNumber, qs, relu, sub, type Q } from './_exact.ts';
import { runs } from './_runs.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => {
  tf.disposeVariables();
});

/** The float network, or undefined where float64 legitimately refuses (see float.spec.ts). */
function floatNet(c: SampleCase): FloatInterpolant | undefined {
  try {
    return interpolate(c.rows, labelInput(c));
  } catch (error) {
    if (error instanceof ResolutionError || error instanceof FloatRangeError) return undefined;
    throw error;
  }
}

/** Exact value of every layer's output for every row, by the plain layer formula. */
function evaluateLayers<T>(net: DeepNetwork<T>, q: (v: T) => Q, rows: readonly number[][]): Q[] {
  const out: Q[] = [];
  for (const row of rows) {
    let values: Q[] = row.map(qOfNumber);
    for (const layer of net.layers) {
      values = layer.units.map((u) => {
        let s = q(u.bias);
        u.inputs.forEach((from, t) => (s = add(s, mul(q(u.weights[t] as T), values[from] as Q))));
        return layer.relu ? relu(s) : s;
      });
    }
    out.push(...values);
  }
  return out;
}

function expectEqualQ(actual: readonly Q[], expected: readonly Q[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, t) => {
    if (cmp(v, expected[t] as Q) !== 0)
      expect.fail(`entry ${t}: ${v.p}/${v.q} ≠ ${(expected[t] as Q).p}/${(expected[t] as Q).q}`);
  });
}

const depthArb = fc.integer({ min: 2, max: 7 });

describe('all-ReLU variant', () => {
  it('interpolates exactly in exact mode, with one extra parameter per output', () => {
    fc.assert(
      fc.property(sampleCaseArb({ maxN: 25, maxD: 5, maxK: 3, labels: 'wide' }), (c) => {
        const net = allRelu(interpolate(c.rows, labelInput(c), { exact: true }));
        expect(net.parameters).toBe(net.base.parameters + c.k);
        // Independent evaluation: max(c(x) + C, 0) − C with the base network's exact parameters.
        const base = evaluateExactly(
          net.base.a.map(qOfFraction),
          net.base.b.map(qOfFraction),
          net.base.w.map(qOfFraction),
          c.k,
          c.rows,
        );
        base.forEach((v, t) => {
          const shift = qOfFraction(net.shift[t % c.k] as Fraction);
          expect(cmp(sub(relu(add(v, shift)), shift), qOfNumber(c.labels.flat()[t] as number))).toBe(0);
          expect(shift.p >= 0n).toBe(true);
        });
        net
          .evaluate(c.rows)
          .forEach((v, t) => expect(cmp(qOfFraction(v), qOfNumber(c.labels.flat()[t] as number))).toBe(0));
      }),
      { numRuns: runs(0.5) },
    );
  });

  it('interpolates within the base network’s error bound in float mode', () => {
    fc.assert(
      fc.property(sampleCaseArb({ maxN: 25, maxD: 5, maxK: 2, labels: 'float' }), (c) => {
        const base = floatNet(c);
        if (base === undefined) return;
        const net = allRelu(base);
        const values = evaluateExactly(qs(base.a), qs(base.b), qs(base.w), c.k, c.rows);
        const evaluated = net.evaluate(c.rows);
        values.forEach((v, t) => {
          const shift = qOfNumber(net.shift[t % c.k] as number);
          const exact = sub(relu(add(v, shift)), shift);
          const e = abs(sub(exact, qOfNumber(c.labels.flat()[t] as number)));
          expect(cmp(e, qOfNumber(base.errorBound))).toBeLessThanOrEqual(0);
          expect(evaluated[t]! >= -(net.shift[t % c.k] as number)).toBe(true); // the output ReLU clips at −C
        });
      }),
      { numRuns: runs(0.5) },
    );
  });
});

describe('deep variant', () => {
  it('interpolates exactly in exact mode, within width ⌈n/(D−2)⌉ + 2 + 2k and O(n·k + d) non-zero weights', () => {
    fc.assert(
      fc.property(sampleCaseArb({ maxN: 30, maxD: 6, maxK: 3, labels: 'wide' }), depthArb, (c, depth) => {
        const base = interpolate(c.rows, labelInput(c), { exact: true });
        const deep = deepNetwork(base, { depth });
        const { n, d, k } = base;
        expect(deep.layers.length).toBe(depth);
        expect(deep.depth).toBe(depth);
        const values = evaluateLayers(deep, qOfFraction, c.rows);
        expectEqualQ(values, c.labels.flat().map(qOfNumber));
        // Its own exact evaluator agrees.
        expectEqualQ(deep.evaluate(c.rows).map(qOfFraction), values);
        if (depth >= 3) {
          const blocks = depth - 2;
          expect(deep.width).toBeLessThanOrEqual(Math.ceil(n / blocks) + 2 + 2 * k);
          expect(deep.nonZeroWeights).toBeLessThanOrEqual(2 * d + (2 + 3 * k) * n + (2 + 6 * k) * depth);
        } else {
          expect(deep.width).toBe(n);
        }
      }),
      { numRuns: runs(0.5) },
    );
  });

  it('computes exactly the two-layer network’s function in float mode', () => {
    fc.assert(
      fc.property(sampleCaseArb({ maxN: 20, maxD: 4, maxK: 2, labels: 'float' }), depthArb, (c, depth) => {
        const base = floatNet(c);
        if (base === undefined) return;
        const deep = deepNetwork(base, { depth });
        const probes = [...c.rows, ...c.rows.map((r) => r.map((v) => v / 2 + 1))];
        expectEqualQ(
          evaluateLayers(deep, qOfNumber, probes),
          evaluateExactly(qs(base.a), qs(base.b), qs(base.w), base.k, probes),
        );
      }),
      { numRuns: runs(0.5) },
    );
  });

  it('rejects a depth below 2, bad points, and exact parameters that are not dyadic', () => {
    const base = interpolate([[0], [1]], [0, 1]);
    expect(() => deepNetwork(base, { depth: 1 })).toThrow(/depth must be an integer ≥ 2/);
    expect(() => deepNetwork(base).evaluate([[NaN]])).toThrow(
      /deepNetwork.evaluate: sample value at row 0, column 0 is NaN/,
    );
    expect(() => deepNetwork(base).evaluate([[1, 2]])).toThrow(/points have 2 coordinates, the network takes 1/);
    const exact = interpolate([[0], [1]], [0, 1], { exact: true });
    const third = fraction(1n, 3n);
    const fake = { ...exact, b: [third.sub(fraction(1n, 1n)), third] };
    expect(() => deepNetwork(fake).evaluate([[0]])).toThrow(/is not a dyadic rational/);
  });
});

describe('TensorFlow.js export', () => {
  async function predict(net: Interpolant, rows: readonly number[][]): Promise<Float32Array> {
    const model = await toLayersModel(net);
    const input = tf.tensor2d(rows as number[][]);
    const output = model.predict(input) as tf.Tensor;
    const values = (await output.data()) as Float32Array;
    input.dispose();
    output.dispose();
    model.dispose();
    return values;
  }

  it('is Dense(n, relu) with the rank-1 kernel, then Dense(k) without bias', async () => {
    const net = interpolate(
      [
        [0, 1],
        [1, 0],
        [2, 2],
      ],
      [1, 2, 3],
    );
    const model = await toLayersModel(net);
    const [kernel, bias, output] = model.getWeights();
    expect(kernel?.shape).toStrictEqual([2, 3]);
    expect(bias?.shape).toStrictEqual([3]);
    expect(output?.shape).toStrictEqual([3, 1]);
    const k = (await kernel?.array()) as number[][];
    for (const row of k) expect(new Set(row).size).toBe(1); // every column is a
    expect(k.map((r) => r[0])).toStrictEqual(Array.from(net.a, Math.fround));
    model.dispose();
  });

  it('agrees with the labels and with the float64 evaluator within the stated float32 tolerance', async () => {
    await fc.assert(
      fc.asyncProperty(
        sampleCaseArb({
          maxN: 12,
          maxD: 4,
          maxK: 2,
          kinds: ['integer', 'rational', 'float'],
          labels: 'float',
          stressors: ['collinear', 'duplicate'],
        }),
        async (c) => {
          const net = floatNet(c);
          if (net === undefined) return;
          const tfjs = await predict(net, c.rows);
          const tau = float32Tolerance(net, c.rows);
          const { values, bounds } = net.evaluateWithBounds(c.rows);
          c.labels.flat().forEach((y, t) => {
            if (tau[t] === Infinity) return; // float32 may overflow (or lose the input to underflow): no claim
            expect(Math.abs((tfjs[t] as number) - y)).toBeLessThanOrEqual((tau[t] as number) + net.errorBound);
            expect(Math.abs((tfjs[t] as number) - (values[t] as number))).toBeLessThanOrEqual(
              (tau[t] as number) + (bounds[t] as number),
            );
          });
        },
      ),
      { numRuns: runs(0.3) },
    );
  });

  it('exports exact networks too, within the float32 tolerance of the exact labels', async () => {
    await fc.assert(
      fc.asyncProperty(
        sampleCaseArb({ maxN: 10, maxD: 3, kinds: ['integer', 'rational'], stressors: ['duplicate'] }),
        async (c) => {
          const net = interpolate(c.rows, labelInput(c), { exact: true });
          const tfjs = await predict(net, c.rows);
          const tau = float32Tolerance(net, c.rows);
          c.labels
            .flat()
            .forEach((y, t) => expect(Math.abs((tfjs[t] as number) - y)).toBeLessThanOrEqual(tau[t] as number));
        },
      ),
      { numRuns: runs(0.2) },
    );
  });

  it('gives a useful tolerance on a well-separated sample', async () => {
    const rows = [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
      [2, 1],
    ];
    const net = interpolate(rows, [0, 1, 1, 0, 5]);
    const tau = float32Tolerance(net, rows);
    for (const t of tau) expect(t).toBeLessThan(1e-4);
    const tfjs = await predict(net, rows);
    expect(Array.from(tfjs, (v) => Math.round(v))).toStrictEqual([0, 1, 1, 0, 5]);
    expect(() => float32Tolerance(net, [[1, 2, 3]])).toThrow(/points have 3 coordinates, the network takes 2/);
    // No claim where float32 may overflow: an input, or a weight, beyond 2^127.
    expect(float32Tolerance(net, [[1e39, 0]])[0]).toBe(Infinity);
    const steep = interpolate([[0], [1e-30]], [0, 1e10]);
    expect(float32Tolerance(steep, [[1e-30]])[0]).toBe(Infinity);
  });
});
