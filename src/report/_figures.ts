/**
 * Internal: the three panels of Figure 1 as Vega-Lite specs, compiled with vega-lite and rendered to SVG
 * by vega in Node (no browser, no canvas).
 */
import type { ColorScheme, LoggerInterface } from 'vega';
import type { Config, TopLevelSpec } from 'vega-lite';
import { corruptionLevel } from 'rethink/core';
import type { ConditionSummary, MetricRecord } from 'rethink/core';

const FONT = 'Helvetica, Arial, sans-serif';
const BLUE = '#4c78a8';
const RED = '#e45756';
const GREY = '#888888';

const CONFIG: Config = {
  font: FONT,
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', grid: true, gridColor: '#e8e8e8' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 260 },
  view: { stroke: '#cccccc' },
};

/**
 * Renders a Vega-Lite spec to an SVG string; element ids are prefixed so several SVGs can share a page.
 * vega and vega-lite load on first use, so the run-file readers and writers stay light to import.
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = compile(spec, { logger: silentLogger() }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.None });
  try {
    const svg = await view.toSVG();
    // vega numbers clip paths and gradients with a process-wide counter: renumber them per figure, so the
    // page is a function of the run files and ids stay unique when several SVGs share it.
    const ids = new Map<string, string>();
    for (const m of svg.matchAll(/\bid="([^"]+)"/g)) ids.set(m[1] as string, `${idPrefix}-${ids.size + 1}`);
    const rename = (id: string): string => ids.get(id) ?? id;
    return svg
      .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${rename(id)}"`)
      .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${rename(id)})`)
      .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${rename(id)}"`)
      .replace(/^<svg /, '<svg role="img" ');
  } finally {
    view.finalize();
  }
}

function silentLogger(): LoggerInterface {
  let level = 0;
  const logger: LoggerInterface = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error: () => logger,
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  } as LoggerInterface;
  return logger;
}

/** The color scale shared by the panels that color by condition (same condition, same color). */
export function conditionColor(domain: readonly string[]): { domain: string[]; scheme: ColorScheme } {
  return { domain: [...domain], scheme: domain.length <= 10 ? 'tableau10' : 'tableau20' };
}

/** Figure 1a: training loss against cumulative steps, one line per condition. */
export function figure1a(records: readonly MetricRecord[], conditions: readonly string[]): TopLevelSpec {
  const values = records
    .filter((r) => r.trainLoss !== null)
    .map((r) => ({ condition: r.condition, step: r.step, loss: r.trainLoss }));
  const perCondition = new Map<string, number>();
  for (const v of values) perCondition.set(v.condition, (perCondition.get(v.condition) ?? 0) + 1);
  const sparse = Math.max(0, ...perCondition.values()) <= 40;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 600,
    height: 320,
    config: CONFIG,
    data: { values },
    mark: { type: 'line', strokeWidth: 1.6, clip: true, ...(sparse ? { point: { size: 14 } } : {}) },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'training steps' },
      y: { field: 'loss', type: 'quantitative', title: 'training loss', scale: { zero: true } },
      color: { field: 'condition', type: 'nominal', title: 'condition', scale: conditionColor(conditions) },
      order: { field: 'step', type: 'quantitative' },
    },
  };
}

/** A point of Figure 1b. */
export interface FitPoint {
  readonly condition: string;
  readonly p: number;
  readonly y: number;
  readonly status: 'fitted' | 'not fitted (lower bound)';
}

/** Figure 1b data: steps to fit against corruption level, relative to true labels when they fitted. */
export function fitPoints(
  conditions: readonly ConditionSummary[],
  lastStep: ReadonlyMap<string, number>,
): { points: FitPoint[]; relative: boolean; baseline: number | null } {
  const base = conditions.find((c) => c.kind === 'true-labels' && c.fitted && (c.stepsToFit ?? 0) > 0);
  const baseline = base?.stepsToFit ?? null;
  const points: FitPoint[] = [];
  for (const c of conditions) {
    const p = corruptionLevel(c);
    if (p === null) continue;
    const steps = c.fitted ? c.stepsToFit : (lastStep.get(c.condition) ?? null);
    if (steps === null) continue;
    points.push({
      condition: c.condition,
      p,
      y: baseline === null ? steps : steps / baseline,
      status: c.fitted ? 'fitted' : 'not fitted (lower bound)',
    });
  }
  points.sort((a, b) => a.p - b.p);
  return { points, relative: baseline !== null, baseline };
}

/** The corruption-level axis of Figures 1b and 1c. */
function pAxis() {
  return {
    field: 'p',
    type: 'quantitative' as const,
    title: 'label corruption level p',
    scale: { domain: [0, 1] },
    axis: { values: [0, 0.2, 0.4, 0.6, 0.8, 1] },
  };
}

/** Figure 1b: time to fit (steps) relative to true labels against label corruption level. */
export function figure1b(points: readonly FitPoint[], relative: boolean): TopLevelSpec {
  const fitted = points.filter((p) => p.status === 'fitted');
  const y = {
    field: 'y',
    type: 'quantitative' as const,
    title: relative ? 'steps to fit ÷ true labels’' : 'steps to fit',
    scale: { zero: true },
  };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 380,
    height: 260,
    config: CONFIG,
    layer: [
      ...(relative
        ? [
            {
              data: { values: [{ y: 1 }] },
              mark: { type: 'rule' as const, color: GREY, strokeDash: [4, 4] },
              encoding: { y },
            },
          ]
        : []),
      {
        data: { values: fitted },
        mark: { type: 'line', color: BLUE },
        encoding: { x: pAxis(), y, order: { field: 'p', type: 'quantitative' } },
      },
      {
        data: { values: [...points] },
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: {
          x: pAxis(),
          y,
          shape: {
            field: 'status',
            type: 'nominal',
            title: null,
            scale: { domain: ['fitted', 'not fitted (lower bound)'], range: ['circle', 'triangle-up'] },
            legend: { orient: 'top-left' },
          },
          color: {
            field: 'status',
            type: 'nominal',
            title: null,
            scale: { domain: ['fitted', 'not fitted (lower bound)'], range: [BLUE, RED] },
          },
        },
      },
    ],
  };
  return spec;
}

/** Figure 1c: final test error against label corruption level, with the chance error 1 − 1/k. */
export function figure1c(conditions: readonly ConditionSummary[], classes: number): TopLevelSpec {
  const points = conditions
    .map((c) => ({ condition: c.condition, p: corruptionLevel(c), error: 1 - c.finalTestAccuracy }))
    .filter((c): c is { condition: string; p: number; error: number } => c.p !== null)
    .sort((a, b) => a.p - b.p);
  const chance = 1 - 1 / classes;
  const y = {
    field: 'error',
    type: 'quantitative' as const,
    title: 'test error',
    scale: { domain: [0, 1] },
    axis: { format: '.0%' },
  };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 380,
    height: 260,
    config: CONFIG,
    layer: [
      {
        data: { values: [{ error: chance }] },
        mark: { type: 'rule', color: GREY, strokeDash: [4, 4] },
        encoding: { y },
      },
      {
        data: { values: [{ error: chance, p: 0, label: `chance (1 − 1/${classes})` }] },
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -3, color: '#555555', fontSize: 11 },
        encoding: { x: pAxis(), y, text: { field: 'label', type: 'nominal' } },
      },
      {
        data: { values: points },
        mark: { type: 'line', color: BLUE, point: { filled: true, size: 60, color: BLUE } },
        encoding: { x: pAxis(), y, order: { field: 'p', type: 'quantitative' } },
      },
    ],
  };
  return spec;
}
