import { fraction, type Fraction } from 'mathjs';
import { ArgumentError, ShapeError, ensure } from 'rethink/core';
import type { ExactInterpolant, FloatInterpolant, Interpolant } from './interpolate.ts';
import { NonFiniteError } from './errors.ts';
import { toSample, type Sample, type SampleInput } from './sample.ts';
import {
  dyadicAdd,
  dyadicFromFraction,
  dyadicFromNumber,
  dyadicMul,
  dyadicRelu,
  dyadicToFraction,
  type Dyadic,
} from './_dyadic.ts';

/** One unit: value = Σ_t weights[t]·(previous layer)[inputs[t]] + bias, then ReLU if the layer has it. */
export interface DeepUnit<T> {
  readonly inputs: Int32Array;
  readonly weights: readonly T[];
  readonly bias: T;
}

/** A layer of units reading the previous layer (the input x for the first). */
export interface DeepLayer<T> {
  readonly units: readonly DeepUnit<T>[];
  readonly relu: boolean;
}

/** A sparse feed-forward ReLU network; the last layer is linear and has one unit per output. */
export interface DeepNetwork<T> {
  readonly exact: boolean;
  /** Layers of weights (hidden layers + 1), the paper's depth. */
  readonly depth: number;
  readonly inputs: number;
  readonly outputs: number;
  readonly layers: readonly DeepLayer<T>[];
  /** Widest hidden layer. */
  readonly width: number;
  /** Non-zero weights over all layers. */
  readonly nonZeroWeights: number;
  /** Non-zero weights plus one bias per unit. */
  readonly parameters: number;
  /** The network at each point, m × outputs row-major. */
  evaluate(points: SampleInput): T[];
}

/** Options of {@link deepNetwork}. */
export interface DeepNetworkOptions {
  /** Layers of weights, ≥ 2 (default 3). Depth 2 is the two-layer network itself. */
  readonly depth?: number;
}

/** Defaults of {@link DeepNetworkOptions}. */
export const DEEP_NETWORK_DEFAULTS = { depth: 3 } as const;

interface Ops<T> {
  readonly zero: T;
  readonly one: T;
  neg(x: T): T;
  isZero(x: T): boolean;
}

const floatOps: Ops<number> = { zero: 0, one: 1, neg: (x) => -x, isZero: (x) => x === 0 };
const exactOps: Ops<Fraction> = {
  zero: fraction(0n, 1n),
  one: fraction(1n, 1n),
  neg: (x) => x.neg(),
  isZero: (x) => x.n === 0n,
};

/**
 * The depth-D variant of a Theorem 1 network: the same function, computed by D layers of weights whose
 * hidden layers have width ⌈n/(D−2)⌉ + 2 + 2k and whose non-zero weights total O(n·k + d) — O(n + d) for
 * one output — instead of the n·d entries of the two-layer network's first layer.
 *
 * Construction (D ≥ 3, B = D − 2 blocks of consecutive neurons in projection order):
 * 1. layer 1 computes the projection once, as two units z⁺ = ReLU(⟨a,x⟩) and z⁻ = ReLU(−⟨a,x⟩) (2d weights);
 * 2. hidden layer β + 1 (β = 1 … B) holds block β's threshold units h_j = ReLU(z⁺ − z⁻ − b_j) (2 weights each),
 *    carries z⁺ and z⁻ forward (identity on non-negative values), and — from β = 2 on — two accumulator
 *    units per output, ReLU(±s_{β−1}), where s_{β−1} = Σ_{j in blocks < β} w_j·h_j is the partial output
 *    (s = ReLU(s) − ReLU(−s) keeps its sign through the ReLU);
 * 3. the linear output layer adds the last block: Σ_{j in block B} w_j·h_j + ReLU(s) − ReLU(−s).
 * Every unit computes exactly what it does in the two-layer network, so the deep network is the same
 * function everywhere and interpolates the same sample (exactly, in exact mode). D = 2 gives the two-layer
 * network itself (hidden units with the full rank-1 kernel).
 *
 * Exact networks evaluate exactly (BigInt dyadic arithmetic; results as mathjs Fractions).
 *
 * @example
 * ```ts
 * import { interpolate, deepNetwork } from 'rethink/theorem';
 * const net = interpolate([[0, 1], [1, 1], [2, 0], [3, 5]], [1, 0, 1, 0], { exact: true });
 * const deep = deepNetwork(net, { depth: 4 });
 * console.log(deep.width, deep.evaluate([[2, 0]])[0]?.toFraction()); // 4 1
 * ```
 */
export function deepNetwork(net: ExactInterpolant, options?: DeepNetworkOptions): DeepNetwork<Fraction>;
export function deepNetwork(net: FloatInterpolant, options?: DeepNetworkOptions): DeepNetwork<number>;
export function deepNetwork(
  net: Interpolant,
  options?: DeepNetworkOptions,
): DeepNetwork<Fraction> | DeepNetwork<number>;
export function deepNetwork(
  net: Interpolant,
  options: DeepNetworkOptions = {},
): DeepNetwork<Fraction> | DeepNetwork<number> {
  const { depth } = { ...DEEP_NETWORK_DEFAULTS, ...options };
  ensure(
    Number.isSafeInteger(depth) && depth >= 2,
    () => new ArgumentError(`deepNetwork: depth must be an integer ≥ 2, got ${depth}`, { depth }),
  );
  if (net.exact) {
    const layers = buildLayers<Fraction>(net.a, net.b, net.w, net.k, depth, exactOps);
    return finish(net, depth, layers, exactEvaluator(layers, net.d, net.k));
  }
  const layers = buildLayers<number>(Array.from(net.a), Array.from(net.b), Array.from(net.w), net.k, depth, floatOps);
  return finish(net, depth, layers, floatEvaluator(layers, net.d));
}

function finish<T>(
  net: Interpolant,
  depth: number,
  layers: DeepLayer<T>[],
  evaluate: (points: SampleInput) => T[],
): DeepNetwork<T> {
  let width = 0;
  let nonZeroWeights = 0;
  let units = 0;
  layers.forEach((layer, i) => {
    if (i < layers.length - 1) width = Math.max(width, layer.units.length);
    units += layer.units.length;
    for (const unit of layer.units) nonZeroWeights += unit.inputs.length;
  });
  return {
    exact: net.exact,
    depth,
    inputs: net.d,
    outputs: net.k,
    layers,
    width,
    nonZeroWeights,
    parameters: nonZeroWeights + units,
    evaluate,
  };
}

/** Units with zero weights are left out of `inputs`, so `inputs.length` counts non-zero weights. */
function unit<T>(entries: [number, T][], bias: T, ops: Ops<T>): DeepUnit<T> {
  const kept = entries.filter(([, w]) => !ops.isZero(w));
  return { inputs: Int32Array.from(kept, ([i]) => i), weights: kept.map(([, w]) => w), bias };
}

function buildLayers<T>(
  a: readonly T[],
  b: readonly T[],
  w: readonly T[],
  k: number,
  depth: number,
  ops: Ops<T>,
): DeepLayer<T>[] {
  const n = b.length;
  const d = a.length;
  const range = Array.from({ length: d }, (_, l) => l);
  if (depth === 2) {
    return [
      {
        relu: true,
        units: b.map((bj) =>
          unit(
            range.map((l) => [l, a[l] as T]),
            ops.neg(bj),
            ops,
          ),
        ),
      },
      {
        relu: false,
        units: Array.from({ length: k }, (_, c) =>
          unit(
            b.map((_, j) => [j, w[j * k + c] as T]),
            ops.zero,
            ops,
          ),
        ),
      },
    ];
  }
  const blocks = depth - 2;
  const starts = Array.from({ length: blocks + 1 }, (_, β) => β * Math.floor(n / blocks) + Math.min(β, n % blocks));
  const layers: DeepLayer<T>[] = [
    {
      relu: true,
      units: [
        unit(
          range.map((l) => [l, a[l] as T]),
          ops.zero,
          ops,
        ),
        unit(
          range.map((l) => [l, ops.neg(a[l] as T)]),
          ops.zero,
          ops,
        ),
      ],
    },
  ];
  let posP = 0;
  let posN = 1;
  // Stryker disable next-line ArrayDeclaration: the initial value is never read: block 0 builds no accumulators (β ≥ 1) and the loop assigns hidden before the output layer reads it
  let hidden: number[] = []; // positions of the previous block's threshold units
  // Stryker disable next-line ArrayDeclaration: the initial value is never read: block 0 builds no accumulators (β ≥ 1) and acc is reassigned at the end of every block
  let acc: [number, number][] = []; // positions of the accumulators (per output) in the previous layer
  let prevStart = 0;
  for (let β = 0; β < blocks; β++) {
    const units: DeepUnit<T>[] = [];
    const start = starts[β] as number;
    const end = starts[β + 1] as number;
    const positions: number[] = [];
    for (let j = start; j < end; j++) {
      positions.push(units.length);
      units.push(
        unit(
          [
            [posP, ops.one],
            [posN, ops.neg(ops.one)],
          ],
          ops.neg(b[j] as T),
          ops,
        ),
      );
    }
    let nextP = posP;
    let nextN = posN;
    if (β < blocks - 1) {
      nextP = units.length;
      units.push(unit([[posP, ops.one]], ops.zero, ops));
      nextN = units.length;
      units.push(unit([[posN, ops.one]], ops.zero, ops));
    }
    const nextAcc: [number, number][] = [];
    if (β >= 1) {
      for (let c = 0; c < k; c++) {
        const entries: [number, T][] = hidden.map((pos, t) => [pos, w[(prevStart + t) * k + c] as T]);
        if (acc.length > 0)
          entries.push([(acc[c] as [number, number])[0], ops.one], [(acc[c] as [number, number])[1], ops.neg(ops.one)]);
        const plus = units.length;
        units.push(unit(entries, ops.zero, ops));
        const minus = units.length;
        units.push(
          unit(
            entries.map(([i, v]) => [i, ops.neg(v)]),
            ops.zero,
            ops,
          ),
        );
        nextAcc.push([plus, minus]);
      }
    }
    layers.push({ relu: true, units });
    posP = nextP;
    posN = nextN;
    hidden = positions;
    acc = nextAcc;
    prevStart = start;
  }
  const output: DeepUnit<T>[] = [];
  for (let c = 0; c < k; c++) {
    const entries: [number, T][] = hidden.map((pos, t) => [pos, w[(prevStart + t) * k + c] as T]);
    if (acc.length > 0)
      entries.push([(acc[c] as [number, number])[0], ops.one], [(acc[c] as [number, number])[1], ops.neg(ops.one)]);
    output.push(unit(entries, ops.zero, ops));
  }
  layers.push({ relu: false, units: output });
  return layers;
}

function checkedPoints(points: SampleInput, d: number): Sample {
  const op = 'deepNetwork.evaluate';
  const p = toSample(points, op);
  ensure(
    p.d === d,
    () => new ShapeError(`${op}: points have ${p.d} coordinates, the network takes ${d}`, { expected: d, actual: p.d }),
  );
  for (let t = 0; t < p.data.length; t++) {
    const v = p.data[t] as number;
    if (!Number.isFinite(v)) throw new NonFiniteError(op, 'sample', Math.floor(t / d), t % d, v);
  }
  return p;
}

function floatEvaluator(layers: readonly DeepLayer<number>[], d: number): (points: SampleInput) => number[] {
  return (points) => {
    const p = checkedPoints(points, d);
    const out: number[] = [];
    for (let i = 0; i < p.n; i++) {
      let values: ArrayLike<number> = p.data.subarray(i * d, i * d + d);
      for (const layer of layers) {
        const next = new Float64Array(layer.units.length);
        layer.units.forEach((u, t) => {
          let s = u.bias;
          for (let q = 0; q < u.inputs.length; q++)
            s += (u.weights[q] as number) * (values[u.inputs[q] as number] as number);
          // Stryker disable next-line EqualityOperator: (s <= 0) only maps −0 to +0, the same value
          next[t] = layer.relu && s < 0 ? 0 : s;
        });
        values = next;
      }
      out.push(...Array.from(values));
    }
    return out;
  };
}

function exactEvaluator(
  layers: readonly DeepLayer<Fraction>[],
  d: number,
  k: number,
): (points: SampleInput) => Fraction[] {
  const toDyadic = (f: Fraction): Dyadic => {
    const v = dyadicFromFraction(f);
    // Every parameter of the exact construction is dyadic (see _exact.ts).
    if (v === undefined)
      throw new ArgumentError(`deepNetwork.evaluate: parameter ${f.toFraction()} is not a dyadic rational`, {});
    return v;
  };
  const dl = layers.map((layer) => ({
    relu: layer.relu,
    units: layer.units.map((u) => ({ inputs: u.inputs, weights: u.weights.map(toDyadic), bias: toDyadic(u.bias) })),
  }));
  return (points) => {
    const p = checkedPoints(points, d);
    const out: Fraction[] = [];
    for (let i = 0; i < p.n; i++) {
      let values: Dyadic[] = Array.from(p.data.subarray(i * d, i * d + d), dyadicFromNumber);
      for (const layer of dl) {
        values = layer.units.map((u) => {
          let s = u.bias;
          for (let q = 0; q < u.inputs.length; q++) {
            const x = values[u.inputs[q] as number] as Dyadic;
            // Stryker disable next-line ConditionalExpression: (→ true) a zero input adds dyadicMul(w, 0) = 0, and dyadicAdd(s, 0) returns s
            if (x.m !== 0n) s = dyadicAdd(s, dyadicMul(u.weights[q] as Dyadic, x));
          }
          return layer.relu ? dyadicRelu(s) : s;
        });
      }
      for (let c = 0; c < k; c++) out.push(dyadicToFraction(values[c] as Dyadic));
    }
    return out;
  };
}
