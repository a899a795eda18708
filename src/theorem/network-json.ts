import type { Fraction } from 'mathjs';
import type { DeepNetwork } from './deep-network.ts';
import type { Interpolant } from './interpolate.ts';
import { toLabels, type LabelInput } from './labels.ts';
import { toSample, type SampleInput } from './sample.ts';
import { exactFraction, fractionString } from './_float-bits.ts';

/** The JSON written by `rethink theorem --save`. Every number is a string (see {@link networkJson}). */
export interface NetworkJson {
  readonly format: 'rethink-theorem-1';
  readonly formula: string;
  readonly exact: boolean;
  readonly n: number;
  readonly d: number;
  readonly outputs: number;
  readonly parameters: number;
  /** Direction (d). */
  readonly a: string[];
  /** Thresholds (n). */
  readonly b: string[];
  /** Output weights: n values for one output, n rows of k otherwise. */
  readonly w: string[] | string[][];
  /** The sample's points (as given, duplicates included). */
  readonly x: string[][];
  /** The labels: one value per point for one output, rows of k otherwise. */
  readonly y: string[] | string[][];
  /** The deep variant's layers, when one was built. */
  readonly layers?: { relu: boolean; units: { inputs: number[]; weights: string[]; bias: string }[] }[];
}

/**
 * The constructed network and its sample as plain JSON, for checking the interpolation independently in any
 * language: c(x) = Σ_j w_j·max(Σ_l a_l·x_l − b_j, 0) must equal y at every x. In exact mode every value —
 * parameters, points and labels — is an exact rational string "p/q" (float inputs as their exact dyadic
 * values); in float mode every value is the shortest decimal string that reads back as the same float64.
 *
 * @example
 * ```ts
 * import { interpolate, networkJson } from 'rethink/theorem';
 * const x = [[0.5], [1.5]];
 * const json = networkJson(interpolate(x, [1, 0], { exact: true }), x, [1, 0]);
 * console.log(json.x[0]?.[0], json.y[1]); // 1/2 0/1
 * ```
 */
export function networkJson(
  net: Interpolant,
  sampleInput: SampleInput,
  labelInput: LabelInput,
  deep?: DeepNetwork<number> | DeepNetwork<Fraction>,
): NetworkJson {
  const sample = toSample(sampleInput, 'networkJson');
  const { y, k } = toLabels(labelInput, sample.n, { operation: 'networkJson', outputs: net.k });
  const str = net.exact
    ? (v: number | Fraction) => fractionString(typeof v === 'number' ? exactFraction(v) : v)
    : (v: number | Fraction) => String(v);
  const rows = (values: ArrayLike<number | Fraction>, count: number, width: number): string[][] =>
    Array.from({ length: count }, (_, i) =>
      Array.from({ length: width }, (_, c) => str(values[i * width + c] as number | Fraction)),
    );
  const vector = (values: ArrayLike<number | Fraction>, count: number): string[] | string[][] =>
    k === 1 ? Array.from({ length: count }, (_, i) => str(values[i] as number | Fraction)) : rows(values, count, k);
  return {
    format: 'rethink-theorem-1',
    formula: 'c(x) = sum_j w_j * max(sum_l a_l * x_l - b_j, 0)',
    exact: net.exact,
    n: net.n,
    d: net.d,
    outputs: k,
    parameters: net.parameters,
    a: Array.from(net.a as ArrayLike<number | Fraction>, str),
    b: Array.from(net.b as ArrayLike<number | Fraction>, str),
    w: vector(net.w as ArrayLike<number | Fraction>, net.n),
    x: rows(sample.data, sample.n, sample.d),
    y: vector(y, sample.n),
    ...(deep !== undefined
      ? {
          layers: (deep.layers as DeepNetwork<number | Fraction>['layers']).map((layer) => ({
            relu: layer.relu,
            units: layer.units.map((u) => ({
              inputs: Array.from(u.inputs),
              weights: u.weights.map(str),
              bias: str(u.bias),
            })),
          })),
        }
      : {}),
  };
}
