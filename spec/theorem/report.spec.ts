/**
 * The pieces around the construction: the report the CLI prints, the seeded random sample, the saved JSON
 * (checked independently from its strings alone), the direction, the exact rational conversion.
 */
import fc from 'fast-check';
import { fraction } from 'mathjs';
import { describe, expect, it } from 'vitest';
import {
  chooseDirection,
  DIRECTION_BITS,
  exactRational,
  interpolate,
  memorizationReport,
  networkJson,
  randomLabeledSample,
  type NetworkJson,
} from 'rethink/theorem';
import { assertSameSeedSameOutput } from '../arbitraries/assertions.ts';
import { labelInput, sampleCaseArb } from '../arbitraries/sample.ts';
import { add, cmp, mul, qOfNumber, relu, sub, ZERO, type Q } from './_exact.ts';
import { runs } from './_runs.ts';

/** Parses "p/q" (exact mode) or a decimal string (float mode) into an exact rational. */
function parse(s: string): Q {
  const m = /^(-?\d+)\/(\d+)$/.exec(s);
  if (m) return { p: BigInt(m[1] as string), q: BigInt(m[2] as string) };
  return qOfNumber(Number(s));
}

/** Checks c(x) = y for every saved point using nothing but the saved strings. */
function checkSaved(json: NetworkJson, maxError: Q): void {
  const a = json.a.map(parse);
  const b = json.b.map(parse);
  const w = (json.outputs === 1 ? (json.w as string[]).map((v) => [v]) : (json.w as string[][])).map((r) =>
    r.map(parse),
  );
  const y = (json.outputs === 1 ? (json.y as string[]).map((v) => [v]) : (json.y as string[][])).map((r) =>
    r.map(parse),
  );
  json.x.forEach((row, i) => {
    const z = row.reduce((s, v, l) => add(s, mul(a[l] as Q, parse(v))), ZERO);
    for (let c = 0; c < json.outputs; c++) {
      let value = ZERO;
      b.forEach((bj, j) => (value = add(value, mul((w[j] as Q[])[c] as Q, relu(sub(z, bj))))));
      const e = sub(value, (y[i] as Q[])[c] as Q);
      const absE = e.p < 0n ? { p: -e.p, q: e.q } : e;
      expect(cmp(absE, maxError)).toBeLessThanOrEqual(0);
    }
  });
}

describe('networkJson', () => {
  it('in exact mode, holds "p/q" strings from which the interpolation checks out exactly', () => {
    fc.assert(
      fc.property(sampleCaseArb({ maxN: 15, maxD: 4, maxK: 3, labels: 'float' }), (c) => {
        const net = interpolate(c.rows, labelInput(c), { exact: true });
        const json = networkJson(net, c.rows, labelInput(c));
        expect(JSON.parse(JSON.stringify(json))).toStrictEqual(json);
        for (const s of [...json.a, ...json.b, ...json.x.flat(), ...[json.w, json.y].flat(2)])
          expect(s).toMatch(/^-?\d+\/\d+$/);
        expect([json.n, json.d, json.outputs, json.parameters, json.exact]).toStrictEqual([
          net.n,
          net.d,
          net.k,
          net.parameters,
          true,
        ]);
        checkSaved(json, ZERO);
      }),
      { numRuns: runs(0.5) },
    );
  });

  it('in float mode, holds decimal strings that read back as the network’s float64 values', () => {
    const rows = [
      [0.1, 0.2],
      [0.3, -0.4],
      [1e-5, 7],
    ];
    const net = interpolate(rows, [
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    const json = networkJson(net, rows, [
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    expect(json.a.map(Number)).toStrictEqual(Array.from(net.a));
    expect(json.b.map(Number)).toStrictEqual(Array.from(net.b));
    expect((json.w as string[][]).flat().map(Number)).toStrictEqual(Array.from(net.w));
    expect(json.x[2]).toStrictEqual(['0.00001', '7']);
    checkSaved(json, qOfNumber(net.errorBound));
  });

  it('includes the deep network’s layers when given one', () => {
    const r = memorizationReport([[0], [1], [2]], [1, 0, 1], { exact: true, depth: 4 });
    const json = networkJson(r.network, [[0], [1], [2]], [1, 0, 1], r.deep);
    expect(json.layers?.length).toBe(4);
    expect(json.layers?.[0]?.units[0]?.weights[0]).toMatch(/^-?\d+\/\d+$/);
  });
});

describe('memorizationReport', () => {
  it('reports n, d, outputs, parameters, the exact zero error and the time, for either depth', () => {
    const { sample, labels } = randomLabeledSample({ samples: 40, dims: 6, outputs: 3, seed: 2 });
    for (const depth of [2, 5]) {
      const r = memorizationReport(sample, labels, { exact: true, depth, outputs: 3 });
      expect([r.n, r.d, r.outputs, r.exact, r.maxAbsError, r.errorBound, r.depth]).toStrictEqual([
        40,
        6,
        3,
        true,
        0,
        0,
        depth,
      ]);
      expect(r.parameters).toBe(depth === 2 ? 40 * 3 + 40 + 6 : r.deep?.parameters);
      expect(r.seconds).toBeGreaterThanOrEqual(0);
    }
  });

  it('in float mode, reports an evaluated error that its rigorous bound plus the evaluator’s own bound covers', () => {
    const { sample, labels } = randomLabeledSample({ samples: 300, dims: 10, seed: 4 });
    const r = memorizationReport(sample, labels);
    expect(r.parameters).toBe(2 * 300 + 10);
    const { bounds } = (r.network.exact ? undefined : r.network)!.evaluateWithBounds(sample);
    expect(r.maxAbsError).toBeLessThanOrEqual(r.errorBound + Math.max(...bounds));
    const deep = memorizationReport(sample, labels, { depth: 3 });
    expect(deep.maxAbsError).toBeLessThan(1e-6);
    expect(() => memorizationReport(sample, labels, { depth: 1 })).toThrow(/depth must be an integer ≥ 2/);
  });
});

describe('memorizationReport progress (#16.15)', () => {
  it('reports the build, then the check in increasing slices up to n, and the same error as without a callback', () => {
    fc.assert(
      fc.property(
        fc.record({
          samples: fc.integer({ min: 1, max: 120 }),
          dims: fc.integer({ min: 1, max: 4 }),
          outputs: fc.integer({ min: 1, max: 3 }),
          depth: fc.integer({ min: 2, max: 4 }),
          exact: fc.boolean(),
          seed: fc.integer({ min: 0, max: 1000 }),
        }),
        ({ samples, dims, outputs, depth, exact, seed }) => {
          const { sample, labels } = randomLabeledSample({ samples, dims, outputs, seed });
          const events: { phase: string; done: number; total: number }[] = [];
          const options = { exact, depth, outputs };
          const r = memorizationReport(sample, labels, { ...options, onProgress: (p) => events.push({ ...p }) });
          const plain = memorizationReport(sample, labels, options);
          expect(r.maxAbsError).toBe(plain.maxAbsError);
          expect(events.slice(0, 2)).toStrictEqual([
            { phase: 'build', done: 0, total: samples },
            { phase: 'build', done: samples, total: samples },
          ]);
          const checks = events.slice(2);
          expect(checks.every((e) => e.phase === 'check' && e.total === samples)).toBe(true);
          expect(checks.at(-1)?.done).toBe(samples);
          checks.slice(1).forEach((e, i) => expect(e.done).toBeGreaterThan((checks[i] as { done: number }).done));
          expect(checks.length).toBeLessThanOrEqual(100);
          expect(r.checkSeconds).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: runs(0.3) },
    );
  });
});

describe('randomLabeledSample', () => {
  it('is reproducible from its seed', () => {
    assertSameSeedSameOutput(
      fc.record({
        samples: fc.integer({ min: 1, max: 20 }),
        dims: fc.integer({ min: 1, max: 5 }),
        outputs: fc.integer({ min: 1, max: 4 }),
      }),
      (o, seed) => randomLabeledSample({ ...o, seed }),
    );
  });

  it('draws labels 0–9 for one output and one-hot rows for k outputs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (n, k, seed) => {
        const { sample, labels, outputs } = randomLabeledSample({ samples: n, dims: 2, outputs: k, seed });
        expect([sample.n, sample.d, outputs, labels.length]).toStrictEqual([n, 2, k, n * k]);
        for (let i = 0; i < n; i++) {
          const row = Array.from(labels.subarray(i * k, i * k + k));
          if (k === 1)
            expect(Number.isInteger(row[0]) && (row[0] as number) >= 0 && (row[0] as number) <= 9).toBe(true);
          else expect([row.filter((v) => v === 1).length, row.filter((v) => v === 0).length]).toStrictEqual([1, k - 1]);
        }
      }),
    );
    expect(() => randomLabeledSample({ samples: 0, dims: 1 })).toThrow(/samples must be a positive integer/);
    expect(() => randomLabeledSample({ samples: 1, dims: 1, seed: 0.5 })).toThrow(/seed must be a safe integer/);
  });
});

describe('chooseDirection', () => {
  it('has non-zero dyadic entries with |a_l| ∈ [1, 2)·2^exponent and pairwise distinct magnitudes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom('deterministic' as const, 'random' as const),
        fc.integer(),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: -20, max: 20 }),
        (d, kind, seed, attempt, exponent) => {
          const a = chooseDirection(d, { kind, seed, attempt, exponent });
          const mags = Array.from(a, (v) => Math.abs(v) / 2 ** exponent);
          for (const m of mags) {
            expect(m >= 1 && m < 2).toBe(true);
            expect(Number.isInteger(m * 2 ** DIRECTION_BITS)).toBe(true);
          }
          expect(new Set(mags).size).toBe(d);
          expect(Array.from(chooseDirection(d, { kind, seed, attempt, exponent }))).toStrictEqual(Array.from(a));
        },
      ),
      { numRuns: runs(0.3) },
    );
    // The deterministic choice has distinct magnitudes for every dimension the project meets (CIFAR: 3072).
    expect(new Set(Array.from(chooseDirection(3072), Math.abs)).size).toBe(3072);
  });
});

describe('exactRational', () => {
  it('is the exact dyadic value of every double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const f = exactRational(x);
        const q = qOfNumber(x);
        expect(f.s * f.n * q.q).toBe(q.p * f.d);
      }),
    );
    expect(exactRational(0.1).toFraction()).toBe('3602879701896397/36028797018963968');
    expect(exactRational(-0).equals(fraction(0))).toBe(true);
  });
});
