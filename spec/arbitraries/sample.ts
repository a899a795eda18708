/**
 * Arbitrary samples for the Theorem 1 properties. They stress the construction, not just easy cases:
 * integer, rational, float, huge and tiny coordinates (and mixtures); rows appended by "stressors" — a copy
 * moved by one unit in the last place in one coordinate, collinear and nearly collinear runs, points whose
 * naive (all-ones) projections collide, points whose projections on the *deterministic* direction collide
 * exactly, and duplicate rows. Labels of identical rows are made equal (a map, not a filter), so every
 * generated case is a valid sample; sizes come from bounded `fc.integer`s, so failures shrink.
 */
import fc from 'fast-check';
import { chooseDirection, DIRECTION_BITS } from 'rethink/theorem';

export type CoordinateKind = 'integer' | 'rational' | 'float' | 'huge' | 'tiny' | 'mixed';
export const COORDINATE_KINDS: readonly CoordinateKind[] = ['integer', 'rational', 'float', 'huge', 'tiny', 'mixed'];
export type LabelKind = 'class' | 'float' | 'wide';

/** One way of appending stress rows derived from an existing row (row indices wrap around). */
export type Stressor =
  | { readonly kind: 'ulp'; readonly row: number; readonly column: number; readonly up: boolean }
  | {
      readonly kind: 'collinear';
      readonly row: number;
      readonly direction: readonly number[];
      readonly steps: readonly number[];
    }
  | {
      readonly kind: 'nearlyCollinear';
      readonly row: number;
      readonly direction: readonly number[];
      readonly steps: readonly number[];
      readonly column: number;
    }
  | {
      readonly kind: 'naiveCollision';
      readonly row: number;
      readonly i: number;
      readonly j: number;
      readonly shift: number;
    }
  | {
      readonly kind: 'directionCollision';
      readonly row: number;
      readonly i: number;
      readonly j: number;
      readonly shift: number;
    }
  | { readonly kind: 'duplicate'; readonly row: number };

/** A generated sample: rows n × d and labels n × k (identical rows carry identical labels). */
export interface SampleCase {
  readonly rows: number[][];
  readonly labels: number[][];
  readonly k: number;
  readonly kind: CoordinateKind;
  readonly stressors: readonly Stressor[];
}

/** Bounds of {@link sampleCaseArb}. */
export interface SampleArbOptions {
  readonly maxN?: number;
  readonly maxD?: number;
  readonly minK?: number;
  readonly maxK?: number;
  readonly kinds?: readonly CoordinateKind[];
  readonly labels?: LabelKind;
  readonly maxStressors?: number;
  readonly stressors?: readonly Stressor['kind'][];
}

const ALL_STRESSORS: readonly Stressor['kind'][] = [
  'ulp',
  'collinear',
  'nearlyCollinear',
  'naiveCollision',
  'directionCollision',
  'duplicate',
];
/** Most rows one stressor appends. */
const MAX_STEPS = 5;

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The next double above x (x finite; returns x for the largest double). */
export function nextUp(x: number): number {
  if (x === Number.MAX_VALUE) return x;
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  i64[0] = (i64[0] as bigint) + (x > 0 ? 1n : -1n);
  return f64[0] as number;
}

/** The next double below x. */
export function nextDown(x: number): number {
  return -nextUp(-x);
}

/** One coordinate of the given kind. */
export function coordinateArb(kind: CoordinateKind): fc.Arbitrary<number> {
  switch (kind) {
    case 'integer':
      return fc.integer({ min: -50, max: 50 });
    case 'rational':
      return fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 97 })).map(([p, q]) => p / q);
    case 'float':
      return fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true });
    case 'huge':
      return fc
        .tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 900, max: 1000 }))
        .map(([m, e]) => m * 2 ** e);
    case 'tiny':
      return fc
        .tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1000, max: 1074 }))
        .map(([m, e]) => m * 2 ** -e);
    case 'mixed':
      return fc.oneof(coordinateArb('integer'), coordinateArb('float'), coordinateArb('huge'), coordinateArb('tiny'));
  }
}

function labelArb(kind: LabelKind): fc.Arbitrary<number> {
  switch (kind) {
    case 'class':
      return fc.integer({ min: 0, max: 9 });
    case 'float':
      return fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true });
    case 'wide':
      return fc.oneof(
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }),
      );
  }
}

function stressorArb(d: number, kinds: readonly Stressor['kind'][]): fc.Arbitrary<Stressor> {
  const row = fc.nat({ max: 1000 });
  const column = fc.nat({ max: d - 1 });
  const direction = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: d, maxLength: d });
  const steps = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: MAX_STEPS });
  const pair = fc.tuple(column, column);
  const all: Record<Stressor['kind'], fc.Arbitrary<Stressor>> = {
    ulp: fc.record({ kind: fc.constant('ulp' as const), row, column, up: fc.boolean() }),
    collinear: fc.record({ kind: fc.constant('collinear' as const), row, direction, steps }),
    nearlyCollinear: fc.record({ kind: fc.constant('nearlyCollinear' as const), row, direction, steps, column }),
    naiveCollision: fc
      .record({ kind: fc.constant('naiveCollision' as const), row, shift: fc.integer({ min: 1, max: 5 }) })
      .chain((s) => pair.map(([i, j]) => ({ ...s, i, j }))),
    directionCollision: fc
      .record({ kind: fc.constant('directionCollision' as const), row, shift: fc.constantFrom(-1, 1, 2) })
      .chain((s) => pair.map(([i, j]) => ({ ...s, i, j }))),
    duplicate: fc.record({ kind: fc.constant('duplicate' as const), row }),
  };
  return fc.oneof(...kinds.map((k) => all[k]));
}

/** Rows a stressor appends (derived from `rows[row % rows.length]`). */
export function applyStressor(rows: readonly number[][], s: Stressor): number[][] {
  const p = rows[s.row % rows.length] as number[];
  const d = p.length;
  switch (s.kind) {
    case 'ulp': {
      const q = [...p];
      q[s.column] = s.up ? nextUp(q[s.column] as number) : nextDown(q[s.column] as number);
      return [q];
    }
    case 'collinear':
      return s.steps.map((t) => p.map((v, l) => v + t * (s.direction[l] as number)));
    case 'nearlyCollinear':
      return s.steps.map((t, r) =>
        p.map(
          (v, l) =>
            v +
            t * (s.direction[l] as number) +
            (l === s.column && r % 2 === 1 ? Math.max(Math.abs(v), 1) * 2 ** -40 : 0),
        ),
      );
    case 'naiveCollision': {
      const q = [...p];
      if (s.i === s.j || d < 2) return [q];
      q[s.i] = (q[s.i] as number) + s.shift;
      q[s.j] = (q[s.j] as number) - s.shift;
      return [q];
    }
    case 'directionCollision': {
      // ⟨a, q⟩ = ⟨a, p⟩ exactly when p is integer: q = p + shift·(A_j e_i − A_i e_j), A = a·2^31 integers.
      const q = [...p];
      if (s.i === s.j || d < 2) return [q];
      const A = Array.from(chooseDirection(d), (v) => v * 2 ** DIRECTION_BITS);
      q[s.i] = (q[s.i] as number) + s.shift * (A[s.j] as number);
      q[s.j] = (q[s.j] as number) - s.shift * (A[s.i] as number);
      return [q];
    }
    case 'duplicate':
      return [[...p]];
  }
}

/** Makes identical rows carry the first one's labels. */
export function canonicalLabels(rows: readonly number[][], labels: readonly number[][]): number[][] {
  const seen = new Map<string, number[]>();
  return rows.map((row, i) => {
    const key = row.map((v) => String(v)).join(',');
    const first = seen.get(key);
    if (first !== undefined) return [...first];
    seen.set(key, labels[i] as number[]);
    return [...(labels[i] as number[])];
  });
}

/** Stressed samples with valid labels; see the module comment. */
export function sampleCaseArb(options: SampleArbOptions = {}): fc.Arbitrary<SampleCase> {
  const {
    maxN = 40,
    maxD = 8,
    minK = 1,
    maxK = 1,
    kinds = COORDINATE_KINDS,
    labels = 'class',
    maxStressors = 3,
    stressors = ALL_STRESSORS,
  } = options;
  return fc
    .record({
      n: fc.integer({ min: 1, max: maxN }),
      d: fc.integer({ min: 1, max: maxD }),
      k: fc.integer({ min: minK, max: maxK }),
      kind: fc.constantFrom(...kinds),
    })
    .chain(({ n, d, k, kind }) =>
      fc
        .record({
          base: fc.array(fc.array(coordinateArb(kind), { minLength: d, maxLength: d }), { minLength: n, maxLength: n }),
          stress:
            maxStressors > 0
              ? fc.array(stressorArb(d, stressors), { maxLength: maxStressors })
              : fc.constant([] as Stressor[]),
          labels: fc.array(fc.array(labelArb(labels), { minLength: k, maxLength: k }), {
            minLength: n + maxStressors * MAX_STEPS,
            maxLength: n + maxStressors * MAX_STEPS,
          }),
        })
        .map(({ base, stress, labels: drawn }) => {
          const rows = [...base];
          for (const s of stress) rows.push(...applyStressor(rows, s).filter((r) => r.every(Number.isFinite)));
          return { rows, labels: canonicalLabels(rows, drawn.slice(0, rows.length)), k, kind, stressors: stress };
        }),
    );
}

/** The labels in the form `interpolate` takes: a flat array for one output, rows otherwise. */
export function labelInput(c: SampleCase): number[] | number[][] {
  return c.k === 1 ? c.labels.map((r) => r[0] as number) : c.labels;
}

/** A sample plus a copy of one of its points with a different label: a conflicting duplicate at (first, second). */
export function conflictCaseArb(
  options: SampleArbOptions = {},
): fc.Arbitrary<{ c: SampleCase; first: number; second: number }> {
  return sampleCaseArb(options).chain((c) =>
    fc
      .record({
        pick: fc.nat({ max: c.rows.length - 1 }),
        delta: fc.integer({ min: 1, max: 5 }),
        output: fc.nat({ max: c.k - 1 }),
      })
      .map(({ pick, delta, output }) => {
        const first = c.rows.findIndex((r) => r.join(',') === (c.rows[pick] as number[]).join(','));
        const label = [...(c.labels[first] as number[])];
        label[output] = (label[output] as number) + delta;
        return {
          c: { ...c, rows: [...c.rows, [...(c.rows[pick] as number[])]], labels: [...c.labels, label] },
          first,
          second: c.rows.length,
        };
      }),
  );
}
