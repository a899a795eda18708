/**
 * Internal: the Vega-Lite specs of the comparative report (rendered to SVG by `renderSvg` in `_figures.ts`):
 * Figure 1a as small multiples, Figures 1b and 1c with one line per model and the seeds' range as a band,
 * Figure 2 (learning curves with the cumulative best test accuracy shaded) and the regularization panel.
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import { conditionColor } from './_figures.ts';
import {
  REGULARIZERS,
  type CurvePoint,
  type LevelPoint,
  type LossPoint,
  type RegularizationRow,
} from './_comparative-data.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const GREY = '#888888';
const CONFIG: Config = {
  font: 'Helvetica, Arial, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', grid: true, gridColor: '#e8e8e8' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 260 },
  header: { labelFontSize: 13, labelFontWeight: 'bold', title: null },
  view: { stroke: '#cccccc' },
};
const STATUS = ['fitted', 'not fitted (lower bound)'];

function modelColor(models: readonly string[]) {
  return { domain: [...models], scheme: 'category10' as const };
}

function pAxis() {
  return {
    field: 'p',
    type: 'quantitative' as const,
    title: 'label corruption level p',
    scale: { domain: [0, 1] },
    axis: { values: [0, 0.2, 0.4, 0.6, 0.8, 1] },
  };
}

/** Figure 1a: training loss against steps, one panel per model, one line per condition. */
export function comparativeFigure1a(
  points: readonly LossPoint[],
  models: readonly string[],
  conditions: readonly string[],
): TopLevelSpec {
  return {
    $schema: SCHEMA,
    config: CONFIG,
    data: { values: [...points] },
    columns: 2,
    facet: { field: 'model', type: 'nominal', sort: [...models], title: null },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 300,
      height: 180,
      mark: { type: 'line', strokeWidth: 1.5, clip: true, point: { size: 10 } },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'training steps' },
        y: { field: 'loss', type: 'quantitative', title: 'training loss', scale: { zero: true } },
        color: { field: 'condition', type: 'nominal', title: 'condition', scale: conditionColor(conditions) },
        order: { field: 'step', type: 'quantitative' },
      },
    },
  };
}

function levelLayers(points: readonly LevelPoint[], models: readonly string[], yTitle: string, yScale: object) {
  const y = { field: 'mean', type: 'quantitative' as const, title: yTitle, scale: yScale };
  const color = {
    field: 'model',
    type: 'nominal' as const,
    title: 'model',
    scale: modelColor(models),
    legend: { symbolOpacity: 1 },
  };
  return [
    {
      data: { values: [...points] },
      mark: { type: 'line' as const, strokeWidth: 1.8 },
      encoding: { x: pAxis(), y, color, order: { field: 'p', type: 'quantitative' as const } },
    },
    {
      data: { values: [...points] },
      mark: { type: 'area' as const, opacity: 0.2 },
      encoding: {
        x: pAxis(),
        y: { field: 'min', type: 'quantitative' as const, title: yTitle, scale: yScale },
        y2: { field: 'max' },
        color,
      },
    },
    {
      data: { values: [...points] },
      mark: { type: 'point' as const, filled: true, size: 60, opacity: 1 },
      encoding: {
        x: pAxis(),
        y,
        color,
        shape: {
          field: 'status',
          type: 'nominal' as const,
          title: null,
          scale: { domain: STATUS, range: ['circle', 'triangle-up'] },
        },
      },
    },
  ];
}

/** Figure 1b: steps to fit relative to true labels against corruption, one line per model, the seeds' range as a band. */
export function comparativeFigure1b(points: readonly LevelPoint[], models: readonly string[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 420,
    height: 280,
    layer: [
      {
        data: { values: [{ mean: 1 }] },
        mark: { type: 'rule', color: GREY, strokeDash: [4, 4] },
        encoding: { y: { field: 'mean', type: 'quantitative' } },
      },
      ...levelLayers(points, models, 'steps to fit ÷ true labels’', { zero: true }),
    ],
  };
}

/** Figure 1c: test error against corruption, one line per model, the seeds' range as a band, chance dashed. */
export function comparativeFigure1c(
  points: readonly LevelPoint[],
  models: readonly string[],
  classes: number,
): TopLevelSpec {
  const chance = 1 - 1 / classes;
  const yScale = { domain: [0, 1] };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    width: 420,
    height: 280,
    layer: [
      {
        data: { values: [{ mean: chance }] },
        mark: { type: 'rule', color: GREY, strokeDash: [4, 4] },
        encoding: { y: { field: 'mean', type: 'quantitative', scale: yScale } },
      },
      {
        data: { values: [{ mean: chance, p: 0, label: `chance (1 − 1/${classes})` }] },
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -3, color: '#555555', fontSize: 11 },
        encoding: {
          x: pAxis(),
          y: { field: 'mean', type: 'quantitative', scale: yScale },
          text: { field: 'label', type: 'nominal' },
        },
      },
      ...levelLayers(points, models, 'test error', yScale).map((layer) => ({
        ...layer,
        encoding: { ...layer.encoding, y: { ...layer.encoding.y, axis: { format: '.0%' } } },
      })),
    ],
  };
}

/** Figure 2: train and test accuracy per epoch, one panel per model, the gap to the cumulative best test accuracy shaded. */
export function comparativeFigure2(points: readonly CurvePoint[], models: readonly string[]): TopLevelSpec {
  const series = ['train accuracy', 'test accuracy', 'best test accuracy so far'];
  const values = points.flatMap((p) => [
    { model: p.model, epoch: p.epoch, series: series[0], value: p.train, test: p.test, best: p.best },
    { model: p.model, epoch: p.epoch, series: series[1], value: p.test, test: p.test, best: p.best },
    { model: p.model, epoch: p.epoch, series: series[2], value: p.best, test: p.test, best: p.best },
  ]);
  const x = { field: 'epoch', type: 'quantitative' as const, title: 'epoch' };
  const yScale = { domain: [0, 1] };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    data: { values },
    columns: 2,
    facet: { field: 'model', type: 'nominal', sort: [...models], title: null },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 300,
      height: 240,
      layer: [
        {
          transform: [{ filter: { field: 'series', equal: series[1] as string } }],
          mark: { type: 'area', color: '#f58518', opacity: 0.3 },
          encoding: {
            x,
            y: { field: 'test', type: 'quantitative', scale: yScale, title: 'accuracy', axis: { format: '.0%' } },
            y2: { field: 'best' },
          },
        },
        {
          mark: { type: 'line', strokeWidth: 1.8, point: { size: 12 } },
          encoding: {
            x,
            y: { field: 'value', type: 'quantitative', scale: yScale, title: 'accuracy', axis: { format: '.0%' } },
            color: {
              field: 'series',
              type: 'nominal',
              title: null,
              scale: { domain: series, range: ['#4c78a8', '#e45756', '#f58518'] },
            },
            strokeDash: {
              field: 'series',
              type: 'nominal',
              title: null,
              scale: {
                domain: series,
                range: [
                  [1, 0],
                  [1, 0],
                  [5, 3],
                ],
              },
            },
            order: { field: 'epoch', type: 'quantitative' },
          },
        },
      ],
    },
  };
}

/** The regularization panel: test accuracy on true labels per regularizer setting, one panel per model. */
export function regularizationFigure(rows: readonly RegularizationRow[]): TopLevelSpec {
  const values = rows.flatMap((row) =>
    REGULARIZERS.flatMap((setting) => {
      const s = row.test[setting];
      return s === null ? [] : [{ model: row.label, setting, mean: s.mean, min: s.min, max: s.max, seeds: s.n }];
    }),
  );
  const x = {
    field: 'setting',
    type: 'nominal' as const,
    title: null,
    sort: [...REGULARIZERS],
    axis: { labelAngle: -30 },
  };
  const yScale = { domain: [0, 1] };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    data: { values },
    columns: 5,
    facet: { field: 'model', type: 'nominal', sort: rows.map((r) => r.label), title: null },
    spec: {
      width: 150,
      height: 180,
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x,
            y: {
              field: 'mean',
              type: 'quantitative',
              title: 'test accuracy (true labels)',
              scale: yScale,
              axis: { format: '.0%' },
            },
            color: {
              field: 'setting',
              type: 'nominal',
              title: 'regularizer',
              scale: { domain: [...REGULARIZERS], scheme: 'tableau10' },
            },
          },
        },
        {
          mark: { type: 'rule', color: '#333333' },
          encoding: { x, y: { field: 'min', type: 'quantitative', scale: yScale }, y2: { field: 'max' } },
        },
      ],
    },
  };
}
