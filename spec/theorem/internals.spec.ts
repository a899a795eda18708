/**
 * The numerical building blocks, checked against exact arithmetic: the radix argsort, the projection pass
 * and its running error bound, the compensated projection and its bound, the float64 ↔ rational conversions
 * and the dyadic arithmetic of the exact evaluators.
 */
import fc from 'fast-check';
import { fraction } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { argsortFloat64 } from '../../src/theorem/_argsort.ts';
import { decompose, exactFraction, fractionString, fractionToNumber } from '../../src/theorem/_float-bits.ts';
import { projectAccurate, projectAll, projectCompensated } from '../../src/theorem/_project.ts';
import {
  dyadicCmp,
  dyadicFromFraction,
  dyadicFromNumber,
  dyadicMul,
  dyadicNormalize,
  dyadicRelu,
  dyadicShift,
  dyadicSub,
  dyadicToFraction,
} from '../../src/theorem/_dyadic.ts';
import { coordinateArb } from '../arbitraries/sample.ts';
import { abs, add, cmp, mul, qOfFraction, qOfNumber, sub, ZERO, type Q } from './_exact.ts';

const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true });

describe('argsortFloat64', () => {
  it('orders like a stable comparison sort, for small and large arrays', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.oneof(anyDouble, fc.constantFrom(0, -0, 1, -1)), { maxLength: 40 }),
          fc.array(
            fc.integer({ min: -1000, max: 1000 }).map((v) => v / 8),
            { minLength: 513, maxLength: 1500 },
          ),
          // Keys of both signs that differ only in their low 32 bits: only the radix passes over the low words order them.
          fc.array(
            fc
              .tuple(fc.boolean(), fc.integer({ min: 0, max: 2 ** 20 }))
              .map(([negative, low]) => (negative ? -1 : 1) * (1 + low * 2 ** -45)),
            { minLength: 513, maxLength: 700 },
          ),
        ),
        (values) => {
          const keys = Float64Array.from(values);
          const order = Array.from(argsortFloat64(keys));
          const expected = [...keys.keys()].sort((i, j) => (keys[i] as number) - (keys[j] as number) || i - j);
          expect(order.map((i) => (keys[i] as number) + 0)).toStrictEqual(expected.map((i) => (keys[i] as number) + 0)); // -0 and +0 are equal keys
          for (let r = 1; r < order.length; r++) {
            const i = order[r - 1] as number;
            const j = order[r] as number;
            if (keys[i] === keys[j] && !Object.is(keys[i], -0) && !Object.is(keys[j], -0)) expect(i < j).toBe(true);
          }
        },
      ),
      { numRuns: 40 },
    );
    // Large non-negative integers share their low words: those radix passes are skipped.
    const keys = Float64Array.from({ length: 2000 }, (_, i) => (i * 7919) % 1000);
    expect(Array.from(argsortFloat64(keys), (i) => keys[i])).toStrictEqual([...keys].sort((x, y) => x - y));
  });
});

describe('projections', () => {
  const caseArb = fc.integer({ min: 1, max: 12 }).chain((d) =>
    fc.record({
      a: fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: d, maxLength: d }),
      rows: fc.array(
        fc.array(fc.oneof(coordinateArb('float'), coordinateArb('tiny'), coordinateArb('integer')), {
          minLength: d,
          maxLength: d,
        }),
        { minLength: 1, maxLength: 6 },
      ),
    }),
  );

  function exactDot(a: readonly number[], x: readonly number[]): Q {
    return a.reduce((s, v, l) => add(s, mul(qOfNumber(v), qOfNumber(x[l] as number))), ZERO);
  }

  it('the plain pass’s running bound covers its rounding error', () => {
    fc.assert(
      fc.property(caseArb, ({ a, rows }) => {
        const d = a.length;
        const z = new Float64Array(rows.length);
        const mu = new Float64Array(rows.length);
        expect(
          projectAll({ data: Float64Array.from(rows.flat()), n: rows.length, d }, Float64Array.from(a), z, mu),
        ).toBe(-1);
        rows.forEach((row, i) =>
          expect(
            cmp(abs(sub(qOfNumber(z[i] as number), exactDot(a, row))), qOfNumber(mu[i] as number)),
          ).toBeLessThanOrEqual(0),
        );
      }),
    );
  });

  // Which is wrong when the bound lands in the subnormal range, the code's running bound or this ceiling? The ceiling.
  // The code's bound is rigorous there: a subnormal sum is exact, each underflowing product errs by at most 2^-1075,
  // and the bound's own last rounding (fl(m·inflate), or fl(γ²·Σ|h|) then ·(1 + 4dU)) can round *down* by at most
  // 2^-1075 per operation, which its floor d·2^-1074 (4d·2^-1074) absorbs. But those same roundings can also go *up*:
  // one half-ulp of the subnormal grid (2^-1075) per multiplication whose result is subnormal: on a bound of k subnormal
  // ulps that is a relative error of 1/(2k), far beyond the ceiling's relative slack 2^-40. The ceiling, itself evaluated in float, can
  // round down by as much. So the ceiling allows, besides its relative slack, one subnormal ulp (2^-1074) per rounding
  // that may fall in the subnormal range: 2 for the plain bound (fl(m·inflate) and the ceiling's own product), 3 for the
  // compensated one (two products in the code, one in the ceiling). These are absolute terms of 1e-323, so a mutant
  // that changes the bound's factors (relative changes of order d·U or more on a bound of order U·Σ|a_l x_l|) or drops
  // its floor is still caught whenever Σ|a_l x_l| is normal.
  const SUB = 2 ** -1074;
  function checkRunningBounds(a: readonly number[], rows: readonly (readonly number[])[]): void {
    const d = a.length;
    const z = new Float64Array(rows.length);
    const mu = new Float64Array(rows.length);
    projectAll({ data: Float64Array.from(rows.flat()), n: rows.length, d }, Float64Array.from(a), z, mu);
    rows.forEach((row, i) => {
      const size = row.reduce((s, v, l) => s + Math.abs(v * (a[l] as number)), 0);
      expect(mu[i]).toBeLessThanOrEqual((d + 1) * 2 ** -53 * size * (1 + 2 ** -40) + d * SUB + 2 * SUB);
      expect(projectCompensated(row, 0, Float64Array.from(a)).bound).toBeLessThanOrEqual(
        (2 * d * 2 ** -53) ** 2 * size * (1 + 2 ** -40) + 4 * d * SUB + 3 * SUB,
      );
    });
  }

  it('the running bounds stay within their first-order size: (d + 1)·u·Σ|a_l x_l| plain, (2d·u)²·Σ|a_l x_l| compensated', () => {
    // Wilkinson's bound sums u·(|p_l| + |s_l|) ≤ u·(d + 1)·Σ|a_l x_l| (each partial sum is at most the total
    // magnitude); Dot2's is γ_2d²·Σ|a_l x_l|; both up to a factor 1 + 2^-40, d·2^-1074 (resp. 4d·2^-1074) for
    // underflowing products, and one subnormal ulp per rounding that may land below 2^-1022 (see above).
    fc.assert(fc.property(caseArb, ({ a, rows }) => checkRunningBounds(a, rows)));
  });

  it('the running bounds stay within their ceiling when the bound itself is subnormal (regression: FC_SEED=-1520211910)', () => {
    // |a·x| ≈ 1.7e-306 is normal, but u·(|p| + |s|) ≈ 3.8e-322 is subnormal: fl(m·inflate) rounded up by half a
    // subnormal ulp and exceeded the old ceiling (3.9e-322 > 3.85e-322).
    checkRunningBounds([3.999999999999991], [[-4.311080600857703e-307], [0]]);
    // The same with the bound computed from a sum of several underflowing terms.
    checkRunningBounds(
      [3.999999999999991, -1.5],
      [
        [-4.311080600857703e-307, 3e-308],
        [1e-310, -0],
      ],
    );
  });

  it('the compensated projection’s bound covers its error, and is far tighter', () => {
    fc.assert(
      fc.property(caseArb, ({ a, rows }) => {
        rows.forEach((row) => {
          const r = projectCompensated(row, 0, Float64Array.from(a));
          expect(
            cmp(abs(sub(add(qOfNumber(r.z), qOfNumber(r.lo)), exactDot(a, row))), qOfNumber(r.bound)),
          ).toBeLessThanOrEqual(0);
          // z alone is within one rounding (plus the bound) of the exact value.
          expect(Math.abs(r.lo)).toBeLessThanOrEqual(Math.abs(r.z) * 2 ** -53 + 5e-324);
        });
      }),
    );
  });

  it('falls back to the plain projection when the compensated one overflows', () => {
    const row = [1.5e300, -1e300];
    const r = projectAccurate(row, 0, Float64Array.from([1, 1]));
    expect([r.z, r.lo]).toStrictEqual([1.5e300 - 1e300, 0]);
    expect(cmp(abs(sub(qOfNumber(r.z), exactDot([1, 1], row))), qOfNumber(r.bound))).toBeLessThanOrEqual(0);
    const z = new Float64Array(1);
    expect(
      projectAll(
        { data: Float64Array.from([1e308, 1e308]), n: 1, d: 2 },
        Float64Array.from([1, 1]),
        z,
        new Float64Array(1),
      ),
    ).toBe(0);
  });
});

describe('float64 ↔ rational', () => {
  it('decompose gives x = m·2^e with m odd, exactly', () => {
    fc.assert(
      fc.property(anyDouble, (x) => {
        const { m, e } = decompose(x);
        if (x === 0) {
          expect(m).toBe(0);
        } else {
          expect(Math.abs(m) % 2).toBe(1);
          expect(
            cmp(qOfNumber(x), e >= 0 ? { p: BigInt(m) << BigInt(e), q: 1n } : { p: BigInt(m), q: 1n << BigInt(-e) }),
          ).toBe(0);
        }
      }),
    );
  });

  it('fractionToNumber returns the double a fraction came from, and rounds others to within one unit', () => {
    fc.assert(
      fc.property(anyDouble, (x) => {
        expect(fractionToNumber(exactFraction(x))).toBe(x === 0 ? 0 : x);
      }),
    );
    expect(fractionToNumber(fraction(1n, 3n))).toBeCloseTo(1 / 3, 15);
    expect(fractionToNumber(fraction(-(10n ** 400n), 3n * 10n ** 399n))).toBeCloseTo(-10 / 3, 14);
    expect(fractionString(fraction(-3n, 4n))).toBe('-3/4');
    expect(fractionString(fraction(0n, 1n))).toBe('0/1');
  });
});

describe('fractionToNumber', () => {
  it('rounds any fraction in the float64 range to within one unit in the last place', () => {
    const part = fc
      .tuple(fc.bigInt({ min: 1n, max: (1n << 80n) - 1n }), fc.integer({ min: 0, max: 1040 }))
      .map(([m, s]) => m << BigInt(s));
    fc.assert(
      fc.property(part, part, fc.boolean(), (p, q, negative) => {
        const r = fractionToNumber(fraction(negative ? -p : p, q));
        const x: Q = { p: negative ? -p : p, q };
        const ax = abs(x);
        if (cmp(ax, { p: 1n << 1023n, q: 1n }) >= 0) return; // beyond the largest binade: no claim here
        expect(Math.sign(r) === (negative ? -1 : 1) || r === 0).toBe(true);
        const err = abs(sub(qOfNumber(r), x));
        // |r − x| ≤ 2^-52·|x| in the normal range, ≤ 2^-1074 below it.
        const ok = cmp(err, mul(ax, { p: 1n, q: 1n << 52n })) <= 0 || cmp(err, { p: 1n, q: 1n << 1074n }) <= 0;
        if (!ok) expect.fail(`fractionToNumber(${x.p}/${x.q}) = ${r} is off by more than one unit`);
      }),
    );
  });
});

describe('dyadic arithmetic', () => {
  it('agrees with rational arithmetic', () => {
    fc.assert(
      fc.property(anyDouble, anyDouble, fc.integer({ min: -60, max: 60 }), (x, y, k) => {
        const dx = dyadicFromNumber(x);
        const dy = dyadicFromNumber(y);
        const q = (v: ReturnType<typeof dyadicFromNumber>) => qOfFraction(dyadicToFraction(v));
        expect(cmp(q(dyadicSub(dx, dy)), sub(qOfNumber(x), qOfNumber(y)))).toBe(0);
        expect(cmp(q(dyadicMul(dx, dy)), mul(qOfNumber(x), qOfNumber(y)))).toBe(0);
        expect(dyadicCmp(dx, dy)).toBe(Math.sign(cmp(qOfNumber(x), qOfNumber(y))));
        expect(cmp(q(dyadicRelu(dx)), x > 0 ? qOfNumber(x) : ZERO)).toBe(0);
        expect(
          cmp(
            q(dyadicNormalize(dyadicShift(dx, k))),
            mul(qOfNumber(x), k >= 0 ? { p: 1n << BigInt(k), q: 1n } : { p: 1n, q: 1n << BigInt(-k) }),
          ),
        ).toBe(0);
        expect(
          dyadicNormalize(dyadicFromFraction(exactFraction(x)) as ReturnType<typeof dyadicFromNumber>),
        ).toStrictEqual(x === 0 ? { m: 0n, e: 0 } : { m: BigInt(decompose(x).m), e: decompose(x).e });
      }),
    );
    expect(dyadicFromFraction(fraction(1n, 3n))).toBeUndefined();
    expect(dyadicCmp(dyadicFromNumber(0.75), { m: 3n, e: -2 })).toBe(0);
  });
});
