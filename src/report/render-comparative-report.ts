import { PLAN_FILES, type JsonValue, type KernelPanel } from 'rethink/core';
import {
  REGULARIZERS,
  conditionOrder,
  fitTimes,
  learningCurves,
  lossCurves,
  modelLabel,
  modelsOf,
  regularization,
  table1,
  testErrors,
  type RegularizationRow,
  type Spread,
  type Table1Entry,
  type Table1Row,
} from './_comparative-data.ts';
import {
  comparativeFigure1a,
  comparativeFigure1b,
  comparativeFigure1c,
  comparativeFigure2,
  regularizationFigure,
} from './_comparative-figures.ts';
import { toCsv, type CsvValue } from './_csv.ts';
import { renderSvg } from './_figures.ts';
import { count, decimal, duration, percent } from './_format.ts';
import { html, raw, type HtmlValue, type SafeHtml } from './_html.ts';
import { CSS, theoremPanel, valueTable } from './_sections.ts';
import { PAPER_TABLE_1, PAPER_TABLE_1_COLUMNS, type PaperTable1Column } from './paper-reference.ts';
import type { PlanRun, PlanRunCell } from './plan-run.ts';

/** Options of {@link renderComparativeReport}. */
export interface RenderComparativeReportOptions {
  /** The page's title. Default `Randomization tests: <data set>, <models>`. */
  readonly title?: string;
}

/** A figure of the comparative report as a standalone SVG document. */
export interface ReportFigure {
  /** The file name under `figures/`, e.g. `figure-1b.svg`. */
  readonly name: string;
  /** The figure's title. */
  readonly title: string;
  /** The SVG document (with its XML declaration, namespace and a `<title>`). */
  readonly svg: string;
}

/** A table of the comparative report as CSV. */
export interface ReportTable {
  /** The file name under `tables/`, e.g. `table-1.csv`. */
  readonly name: string;
  readonly title: string;
  /** RFC 4180 CSV: a header line, then one line per row. */
  readonly csv: string;
}

/** What {@link renderComparativeReport} returns. */
export interface RenderedComparativeReport {
  /** The whole page: one self-contained HTML document (inline CSS and SVG, no scripts, no external resources). */
  readonly html: string;
  /** Each figure, also as a standalone SVG: `figure-1a`, `figure-1b`, `figure-1c`, `figure-2`, `regularization`. */
  readonly figures: readonly ReportFigure[];
  /** Each table as CSV: `table-1`, `regularization`, `cells`. */
  readonly tables: readonly ReportTable[];
  /** Notes about the run files (unfinished and failed cells, skipped truncated lines, runs merged). */
  readonly warnings: readonly string[];
}

/** What each override changes: the ids of the sections it affects (`*`: all of them). */
const OVERRIDE_AFFECTS: Readonly<Record<string, readonly string[]>> = {
  samples: ['*'],
  epochs: ['*'],
  testSamples: ['figure-1c', 'figure-2', 'table-1', 'regularization'],
};

/**
 * Renders the comparative report of a plan's run (read by {@link readPlanRun}, adapted by {@link planRunFromRun} or
 * merged by {@link mergeRuns}), from its files only: Table 1 in the paper's layout beside the paper's numbers;
 * Figure 1a as small multiples (one panel per model), Figures 1b and 1c with one line per model and the seeds'
 * range as a band, cells that hit the epoch cap drawn as lower bounds; Figure 2 (train and test accuracy per epoch
 * with the cumulative best test accuracy shaded); the regularization panel; the Theorem 1 panel and, when the run has one, the Section 5 (kernel) panel; the configuration
 * with every override beside the figures it affects; and the failed cells with their errors. Every figure is
 * also returned as a standalone SVG and every table as CSV. Pure: writes nothing
 * ({@link buildComparativeReport} writes the files).
 *
 * @example
 * ```ts
 * import { readPlanRun, renderComparativeReport } from 'rethink/report';
 * const page = await renderComparativeReport(await readPlanRun('fixtures/report/plan-run'));
 * console.log(page.figures.map((f) => f.name).join(' ')); // figure-1a.svg figure-1b.svg figure-1c.svg figure-2.svg regularization.svg
 * ```
 */
export async function renderComparativeReport(
  run: PlanRun,
  options: RenderComparativeReportOptions = {},
): Promise<RenderedComparativeReport> {
  const models = modelsOf(run);
  const labels = models.map(modelLabel);
  const conditions = conditionOrder(run);
  const rows = table1(run);
  const fits = fitTimes(run);
  const errors = testErrors(run);
  const curves = learningCurves(run);
  const reg = regularization(run);
  const warnings = [...run.warnings];

  const title = options.title ?? `Randomization tests: ${run.data.dataset}, ${labels.join(', ')}`;
  const specs = [
    [
      'figure-1a',
      'Figure 1a: training loss against steps, per model',
      comparativeFigure1a(lossCurves(run), labels, conditions),
    ],
    ['figure-1b', 'Figure 1b: time to fit relative to true labels', comparativeFigure1b(fits.points, labels)],
    [
      'figure-1c',
      'Figure 1c: test error against label corruption',
      comparativeFigure1c(errors, labels, run.data.classes),
    ],
    ['figure-2', 'Figure 2: learning curves (true labels, no regularizer)', comparativeFigure2(curves, labels)],
    ['regularization', 'Regularization: test accuracy with and without each regularizer', regularizationFigure(reg)],
  ] as const;
  const svgs = await Promise.all(specs.map(([id, , spec]) => renderSvg(spec, id)));
  const svgOf = (id: string): string => svgs[specs.findIndex(([i]) => i === id)] as string;
  const figures: ReportFigure[] = specs.map(([id, figureTitle], i) => ({
    name: `${id}.svg`,
    title: figureTitle,
    svg: standalone(svgs[i] as string, figureTitle),
  }));
  const tables: ReportTable[] = [
    { name: 'table-1.csv', title: 'Table 1: train / test accuracy %', csv: table1Csv(rows) },
    { name: 'regularization.csv', title: 'Regularization panel', csv: regularizationCsv(reg) },
    { name: 'cells.csv', title: 'Every cell', csv: cellsCsv(run.cells) },
  ];

  const overrides = collectOverrides(run);
  const note = (section: string): HtmlValue => overridesNote(overrides, section);
  const cells = run.cells;
  const finished = cells.filter((c) => c.outcome !== null && !c.outcome.provisional && c.error === null).length;
  const failed = cells.filter((c) => c.error !== null);
  const unfinished = cells.length - finished - failed.length;
  const seeds = [...new Set(cells.map((c) => c.seed))].sort((a, b) => a - b);
  const epochCaps = [...new Set(cells.map((c) => c.epochCap))].sort((a, b) => a - b);
  const bothInceptions = models.includes('inception') && models.includes('inception-nobn');

  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(CSS + EXTRA_CSS)}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<p class="meta">${run.data.dataset} · ${run.data.samples === null ? 'all' : count(run.data.samples)} training / ${
    run.data.testSamples === null ? 'all' : count(run.data.testSamples)
  } test images · preprocessing ${run.data.preprocessing}${run.data.dataSeed === null ? '' : ` · data seed ${run.data.dataSeed}`} · ${count(
    models.length,
  )} models · seeds ${seeds.join(', ')} · ${count(cells.length)} cells: ${count(finished)} finished, ${count(unfinished)} unfinished, ${count(failed.length)} failed · from ${run.sources
    .map((s) => s.dir)
    .join(', ')}</p>
</header>
${warnings.length === 0 ? '' : html`<aside class="warnings"><strong>Notes on the run files</strong><ul>${warnings.map((w) => html`<li>${w}</li>`)}</ul></aside>`}
${shapeNote(run)}
<section class="intro">
<p>Zhang, Bengio, Hardt, Recht and Vinyals, <cite>Understanding deep learning requires rethinking generalization</cite> (ICLR 2017, arXiv:1611.03530), trained standard image classifiers on data whose labels or pixels had been randomized, with and without explicit regularizers (weight decay, random crop).
This page compares the models of this run the same way. Each cell is one training run (model × condition × weight decay × random crop × seed), trained until it fitted its training set or reached its epoch cap (${epochCaps.join(', ')} epochs). Numbers are means over the seeds; ranges (min–max) are given when there are several seeds. Cells marked * are unfinished: their numbers are provisional.</p>
</section>

<section id="table-1">
<h2>Table 1: training and test accuracy with and without regularizers</h2>
${note('table-1')}
${table1Html(rows)}
<p class="note">Columns: random crop / weight decay on true labels, and random labels with neither; cells: this run’s train / test accuracy %, the paper’s (CIFAR-10) below in grey. Written as <code>tables/table-1.csv</code>.</p>
</section>

<section id="figure-1">
<h2>Figure 1: fitting random labels and random pixels</h2>
<p class="note">Regularizer-free cells (no weight decay, no random crop), means over seeds.</p>
<div class="figures">
<figure class="wide" id="figure-1a">
${raw(svgOf('figure-1a'))}
<figcaption><strong>(a) Training loss against steps</strong>, one panel per model, one curve per condition.
<span class="paper">Paper: every condition drives the training loss to about 0; random pixels and Gaussian inputs converge faster than random labels.</span></figcaption>
${note('figure-1a')}
</figure>
<figure id="figure-1b">
${raw(svgOf('figure-1b'))}
<figcaption><strong>(b) Time to fit relative to true labels</strong>: steps until training accuracy reached the target, divided by the same model’s (and seed’s) steps on true labels, against label corruption level p; one line per model, the seeds’ range shaded. Triangles: some seed did not fit within the epoch cap and its steps so far stand in, a lower bound.${
    fits.unrelated.length === 0
      ? ''
      : html` <em>Not drawn (true labels did not fit): ${fits.unrelated.join(', ')}.</em>`
  }
<span class="paper">Paper: grows with p, and is only a small constant factor at p = 1.</span></figcaption>
${note('figure-1b')}
</figure>
<figure id="figure-1c">
${raw(svgOf('figure-1c'))}
<figcaption><strong>(c) Test error against label corruption level</strong> at the end of training, one line per model, the seeds’ range shaded; dashed: chance, 1 − 1/k for k = ${run.data.classes} classes. Triangles: some seed did not fit within the epoch cap.
<span class="paper">Paper: rises steadily with p and reaches about 90% (chance) at p = 1.</span></figcaption>
${note('figure-1c')}
</figure>
</div>
</section>

<section id="figure-2">
<h2>Figure 2: learning curves</h2>
<figure class="wide">
${raw(svgOf('figure-2'))}
<figcaption>Train and test accuracy per epoch on true labels without regularizers (means over seeds), one panel per model${
    bothInceptions ? ', Inception and Inception w/o BatchNorm side by side' : ''
  }. Shaded: the gap between the test accuracy and the best test accuracy so far (what early stopping could keep).
<span class="paper">Paper (Figure 2b): batch normalization stabilizes training and is worth 3–4% of test accuracy; early stopping could gain little.</span></figcaption>
${note('figure-2')}
</figure>
</section>

<section id="regularization">
<h2>Regularization</h2>
<figure class="wide">
${raw(svgOf('regularization'))}
<figcaption>Test accuracy on true labels per model with and without each regularizer (bars: mean over seeds, lines: range).
<span class="paper">Paper (Section 3): explicit regularization may improve generalization but is neither necessary nor by itself sufficient; with weight decay on, Inception and the MLPs still fit random labels, Alexnet fails to converge.</span></figcaption>
${note('regularization')}
</figure>
${regularizationHtml(reg)}
</section>

<section id="theorem-1">
<h2>Theorem 1: finite-sample expressivity</h2>
<p>“There exists a two-layer neural network with ReLU activations and 2n + d weights that can represent any function on a sample of size n in d dimensions.”</p>
${theoremPanel(run.theorem)}
</section>
${run.kernel === null ? '' : kernelSection(run.kernel)}

<section id="failed-cells">
<h2>Failed cells</h2>
${failedHtml(failed)}
</section>

<section id="configuration">
<h2>Configuration</h2>
${overridesHtml(overrides)}
${run.sources.map(
  (s) => html`<h3>${s.dir} (format ${s.format})</h3>
${
  s.plan !== null
    ? html`${valueTable({ planId: s.plan.planId, ...(s.plan.plan as unknown as Record<string, JsonValue>) })}
<h3>Optimizer per model</h3>
${valueTable(s.plan.optimizers as unknown as Record<string, JsonValue>)}`
    : s.config !== null
      ? valueTable(s.config as unknown as Record<string, JsonValue>)
      : ''
}`,
)}
</section>

<footer>Built by <code>rethink report</code> from ${PLAN_FILES.plan}, ${PLAN_FILES.theorem} and each cell’s ${PLAN_FILES.cell}, ${PLAN_FILES.metrics}, ${PLAN_FILES.result} (or a run’s config.json, metrics.jsonl and summary.json). Figures drawn with Vega-Lite; each is also in <code>${PLAN_FILES.figures}/</code> as SVG, each table in <code>${PLAN_FILES.tables}/</code> as CSV.</footer>
</body>
</html>
`;
  return { html: page.html, figures, tables, warnings };
}

/** An SVG that vega rendered, as a file of its own: XML declaration, namespace, and the figure's title. */
function standalone(svg: string, title: string): string {
  const withNs = svg.includes('xmlns=') ? svg : svg.replace(/^<svg /, '<svg xmlns="http://www.w3.org/2000/svg" ');
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${withNs.replace(/^(<svg[^>]*>)/, `$1<title>${escaped}</title>`)}\n`;
}

function fixed(x: number): string {
  return (x * 100).toFixed(2);
}

function spreadText(s: Spread): string {
  return s.n > 1 && s.max > s.min ? `${fixed(s.mean)} (${fixed(s.min)}–${fixed(s.max)})` : fixed(s.mean);
}

function entryText(e: Table1Entry | null): string {
  if (e === null) return '';
  return `${spreadText(e.train)} / ${spreadText(e.test)}${e.provisional ? ' *' : ''}`;
}

function paperText(row: Table1Row, column: PaperTable1Column): string {
  const cell = row.paper?.cells[column] ?? null;
  return cell === null ? '' : `${cell[0].toFixed(2)} / ${cell[1].toFixed(2)}`;
}

/** A note when a column pools several weight decay values (a plan with more than one non-zero value). */
function pooledNote(entry: Table1Entry | null): HtmlValue {
  if (entry === null || entry.weightDecay.length < 2) return null;
  return html`<span class="paper-value">weight decay ${entry.weightDecay.join(', ')} pooled</span>`;
}

function table1Csv(rows: readonly Table1Row[]): string {
  const header: CsvValue[] = [
    'model',
    'parameters',
    ...PAPER_TABLE_1_COLUMNS,
    'seeds',
    'paper model',
    'paper parameters',
    ...PAPER_TABLE_1_COLUMNS.map((c) => `paper ${c}`),
  ];
  return toCsv([
    header,
    ...rows.map((row) => [
      row.label,
      row.parameters,
      ...PAPER_TABLE_1_COLUMNS.map((c) => entryText(row.entries[c])),
      Math.max(0, ...PAPER_TABLE_1_COLUMNS.map((c) => row.entries[c]?.train.n ?? 0)),
      row.paper?.model ?? null,
      row.paper?.parameters ?? null,
      ...PAPER_TABLE_1_COLUMNS.map((c) => paperText(row, c)),
    ]),
  ]);
}

function table1Html(rows: readonly Table1Row[]): SafeHtml {
  const shown = new Set(rows.map((r) => r.paper));
  const others = PAPER_TABLE_1.filter((row) => !shown.has(row));
  return html`<table class="table-1">
<thead><tr><th rowspan="2">Model</th><th rowspan="2">Parameters</th><th colspan="4">random crop / weight decay</th><th rowspan="2">random labels</th></tr>
<tr>${PAPER_TABLE_1_COLUMNS.slice(0, 4).map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>
${rows.map(
  (row) => html`<tr data-model="${row.model}"><th scope="row">${row.label}</th><td>${count(row.parameters)}${
    row.paper === null ? '' : html`<span class="paper-value">paper ${count(row.paper.parameters)}</span>`
  }</td>${PAPER_TABLE_1_COLUMNS.map(
    (c) =>
      html`<td data-column="${c}">${entryText(row.entries[c]) || '–'}${pooledNote(row.entries[c])}${
        paperText(row, c) === '' ? '' : html`<span class="paper-value">paper ${paperText(row, c)}</span>`
      }</td>`,
  )}</tr>
`,
)}${others.map(
    (row) =>
      html`<tr class="paper-only"><th scope="row">${row.model} (paper only)</th><td>${count(row.parameters)}</td>${PAPER_TABLE_1_COLUMNS.map(
        (c) => {
          const cell = row.cells[c];
          return html`<td>${cell === null ? '–' : `${cell[0].toFixed(2)} / ${cell[1].toFixed(2)}`}</td>`;
        },
      )}</tr>
`,
  )}</tbody>
</table>`;
}

function regularizationCsv(rows: readonly RegularizationRow[]): string {
  return toCsv([
    [
      'model',
      ...REGULARIZERS.map((r) => `test accuracy % (${r})`),
      'random labels with weight decay: fitted',
      'random labels with weight decay: train accuracy %',
    ],
    ...rows.map((row) => [
      row.label,
      ...REGULARIZERS.map((r) => {
        const s = row.test[r];
        return s === null ? '' : spreadText(s);
      }),
      row.randomWithWeightDecay === null
        ? ''
        : `${row.randomWithWeightDecay.fitted}/${row.randomWithWeightDecay.seeds}`,
      row.randomWithWeightDecay === null ? '' : spreadText(row.randomWithWeightDecay.train),
    ]),
  ]);
}

function regularizationHtml(rows: readonly RegularizationRow[]): SafeHtml {
  return html`<table class="regularization">
<thead><tr><th>Model</th>${REGULARIZERS.map((r) => html`<th>${r}</th>`)}<th>Random labels with weight decay</th></tr></thead>
<tbody>
${rows.map((row) => {
  const rw = row.randomWithWeightDecay;
  return html`<tr data-model="${row.model}"><th scope="row">${row.label}</th>${REGULARIZERS.map((r) => {
    const s = row.test[r];
    return html`<td>${s === null ? '–' : spreadText(s)}</td>`;
  })}<td>${
    rw === null
      ? '–'
      : html`${rw.fitted === rw.seeds ? 'fitted' : rw.fitted === 0 ? 'not fitted' : 'partly fitted'} (${rw.fitted} of ${rw.seeds} seeds; train ${spreadText(rw.train)}%)`
  }</td></tr>
`;
})}</tbody>
</table>
<p class="note">Test accuracy % on true labels (mean, range over seeds). Written as <code>tables/regularization.csv</code>; every cell’s numbers are in <code>tables/cells.csv</code>.</p>`;
}

function cellStatus(c: PlanRunCell): string {
  if (c.error !== null) return 'failed';
  if (c.outcome === null) return 'not started';
  return c.outcome.provisional ? 'unfinished' : 'finished';
}

function cellsCsv(cells: readonly PlanRunCell[]): string {
  return toCsv([
    [
      'id',
      'name',
      'model',
      'condition',
      'p',
      'weight decay',
      'crop',
      'seed',
      'status',
      'fitted',
      'stopped by',
      'epochs',
      'epochs to fit',
      'steps to fit',
      'seconds to fit',
      'final train accuracy',
      'final test accuracy',
      'best test accuracy',
      'parameters',
      'source',
    ],
    ...cells.map((c) => {
      const o = c.outcome;
      return [
        c.id,
        c.name,
        c.model,
        c.condition.id,
        c.condition.p,
        c.weightDecay,
        c.crop,
        c.seed,
        cellStatus(c),
        o?.fitted ?? null,
        o?.stoppedBy ?? null,
        o?.epochs ?? null,
        o?.epochsToFit ?? null,
        o?.stepsToFit ?? null,
        o?.secondsToFit ?? null,
        o?.finalTrainAccuracy ?? null,
        o?.finalTestAccuracy ?? null,
        o?.bestTestAccuracy ?? null,
        o?.parameters ?? null,
        c.source,
      ];
    }),
  ]);
}

function failedHtml(failed: readonly PlanRunCell[]): SafeHtml {
  if (failed.length === 0) return html`<p class="note">No cell failed.</p>`;
  return html`<p>These cells failed for good (their <code>error.json</code>); their numbers are left out of the figures and tables.</p>
<table class="failed">
<thead><tr><th>Cell</th><th>Code</th><th>Message</th><th>Host</th><th>At</th></tr></thead>
<tbody>
${failed.map(
  (c) =>
    html`<tr data-cell="${c.id}"><th scope="row">${c.name}</th><td><code>${c.error?.code ?? ''}</code></td><td class="message">${c.error?.message ?? ''}</td><td>${c.error?.host ?? '–'}</td><td>${c.error?.at ?? ''}</td></tr>
`,
)}</tbody>
</table>`;
}

/** The overrides of every plan in the run, as `key = value` with the folder when several. */
function collectOverrides(run: PlanRun): { key: string; value: JsonValue; dir: string }[] {
  return run.sources.flatMap((s) =>
    Object.entries(s.plan?.overrides ?? {}).map(([key, value]) => ({ key, value, dir: s.dir })),
  );
}

function overrideText(o: { key: string; value: JsonValue }): string {
  return `${o.key} = ${JSON.stringify(o.value)}`;
}

function overridesNote(
  overrides: readonly { key: string; value: JsonValue; dir: string }[],
  section: string,
): HtmlValue {
  const affecting = overrides.filter((o) => {
    const affects = OVERRIDE_AFFECTS[o.key] ?? ['*'];
    return affects.includes('*') || affects.includes(section);
  });
  if (affecting.length === 0) return null;
  return html`<p class="overrides" data-section="${section}">Overrides that affect this: ${affecting.map(overrideText).join(', ')} (set on the command line over the plan’s values).</p>`;
}

function overridesHtml(overrides: readonly { key: string; value: JsonValue; dir: string }[]): SafeHtml {
  if (overrides.length === 0) return html`<p class="note">No overrides: every plan ran as given.</p>`;
  return html`<p class="overrides">Overrides of the plan (from the command line): ${overrides
    .map((o) => `${overrideText(o)}${overrides.some((x) => x.dir !== o.dir) ? ` (${o.dir})` : ''}`)
    .join(', ')}. Each is also stated next to the figures and tables it affects.</p>`;
}

function shapeNote(run: PlanRun): HtmlValue {
  if (/^cifar-?10/i.test(run.data.dataset)) return null;
  return html`<aside class="shape-note"><strong>Not CIFAR-10.</strong> The paper’s models and Table 1’s parameter counts are for CIFAR-10 (32 × 32 × 3, cropped to 28 × 28); this run is on <code>${run.data.dataset}</code>, and each model runs at that data set’s own shape${
    run.data.preprocessing === 'paper'
      ? ' (the paper’s preprocessing crops 32 × 32 images only; other images keep their size)'
      : ''
  }, so its parameter counts and accuracies are not the paper’s.</aside>`;
}

function kernelSection(kernel: KernelPanel): SafeHtml {
  const body =
    kernel.skipped === true
      ? html`<p class="note">Not built: ${kernel.reason}</p>`
      : html`<p>The Gaussian-kernel interpolant <code>Kα = Y</code> (γ = ${decimal(kernel.gamma)}) on n = ${count(kernel.n)} training images of d = ${count(kernel.d)} pixels fits its labels exactly; its error on ${count(kernel.m)} test images and its norm √tr(αᵀKα):</p>
<table class="kernel">
<thead><tr><th>Labels</th><th>Test error</th><th>Norm</th><th>Smallest pivot</th><th>Time</th></tr></thead>
<tbody>
${(
  [
    ['true labels', kernel.trueLabels],
    ['random labels', kernel.randomLabels],
  ] as const
).map(
  ([label, fit]) =>
    html`<tr><th scope="row">${label}</th><td>${percent(fit.testError)}</td><td>${decimal(fit.norm)}</td><td>${decimal(fit.minPivot)}</td><td>${duration(fit.seconds)}</td></tr>
`,
)}</tbody>
</table>`;
  return html`<section id="kernel">
<h2>Section 5: kernel interpolation</h2>
${body}
<p class="note"><span class="paper">Paper: fitting the training labels exactly with a kernel generalizes well (MNIST: 1.2% test error); interpolating random labels needs a larger norm, yet the norm alone does not predict generalization.</span></p>
</section>`;
}

const EXTRA_CSS = `
.paper-value { display: block; color: var(--muted); font-size: 12px; }
table.table-1 td, table.regularization td { text-align: right; }
tr.paper-only { color: var(--muted); }
p.overrides { font-size: 13px; color: #8a5a00; margin: 4px 0; }
.shape-note { margin: 16px 0; padding: 10px 16px; border-left: 4px solid var(--accent); background: #eef3f9; }
table.failed td.message { white-space: normal; text-align: left; }
`;
