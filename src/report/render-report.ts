import { corruptionLevel } from 'rethink/core';
import { figure1a, figure1b, figure1c, fitPoints, renderSvg } from './_figures.ts';
import { count, duration, percent } from './_format.ts';
import { html, raw, type HtmlValue, type SafeHtml } from './_html.ts';
import { CSS, theoremPanel, valueTable, when } from './_sections.ts';
import { KERAS_REPLICATION, PAPER_TABLE_1, PAPER_TABLE_1_COLUMNS, type PaperTable1Row } from './paper-reference.ts';
import { RUN_FILES, type ConditionSummary, type JsonValue } from 'rethink/core';
import { type RunFiles } from './run-files.ts';

/** Options of {@link renderReport}. */
export interface RenderReportOptions {
  /** Characters of each randomization record shown before it is cut (the full record stays in summary.json). Default 4000. */
  readonly maxRecordChars?: number;
}

/** What {@link renderReport} returns. */
export interface RenderedReport {
  /** The whole page: one self-contained HTML document (inline CSS and SVG, no scripts, no external resources). */
  readonly html: string;
  /** Notes about the run files (a skipped truncated line, a derived summary, conditions without metrics). */
  readonly warnings: readonly string[];
}

/**
 * Renders the report page of a run read by {@link readRun}: Figure 1a–c as SVG (Vega-Lite compiled and
 * rendered by vega in Node), the run's Table 1 beside the paper's, the Theorem 1 panel, the configuration
 * and the randomization records. All text from the run files is escaped. Pure: writes nothing
 * ({@link buildReport} writes the file).
 *
 * @example
 * ```ts
 * import { readRun, renderReport } from 'rethink/report';
 * const page = await renderReport(await readRun('fixtures/report/sample-run'));
 * console.log(page.html.startsWith('<!DOCTYPE html>'), (page.html.match(/<svg /g) ?? []).length); // true 3
 * ```
 */
export async function renderReport(run: RunFiles, options: RenderReportOptions = {}): Promise<RenderedReport> {
  const { maxRecordChars = 4000 } = options;
  const { config, metrics, summary } = run;
  const warnings = collectWarnings(run);

  const ids: string[] = [];
  for (const c of [
    ...config.conditions,
    ...summary.conditions.map((s) => s.condition),
    ...metrics.records.map((r) => r.condition),
  ]) {
    if (!ids.includes(c)) ids.push(c);
  }
  const lastStep = new Map<string, number>();
  for (const r of metrics.records) lastStep.set(r.condition, Math.max(r.step, lastStep.get(r.condition) ?? 0));
  const fit = fitPoints(summary.conditions, lastStep);
  const [svgA, svgB, svgC] = await Promise.all([
    renderSvg(figure1a(metrics.records, ids), 'fig1a'),
    renderSvg(figure1b(fit.points, fit.relative), 'fig1b'),
    renderSvg(figure1c(summary.conditions, config.dataset.classes), 'fig1c'),
  ]);
  const paperRow = matchPaperRow(config.model);
  const keras = KERAS_REPLICATION.matches.some((m) => m.test(config.model.toLowerCase()));

  const title = `Randomization tests: run ${config.runId}`;
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(CSS)}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<p class="meta">${config.dataset.name} · ${count(config.samples)} training / ${count(config.testSamples)} test images · model ${config.model}${
    config.parameters === null ? '' : ` (${count(config.parameters)} parameters)`
  } · seed ${config.seed} · backend ${config.backend.name} · started ${when(config.startedAt)}${
    summary.finishedAt === undefined ? '' : ` · finished ${when(summary.finishedAt)}`
  }</p>
</header>
${warnings.length === 0 ? '' : html`<aside class="warnings"><strong>Notes on the run files</strong><ul>${warnings.map((w) => html`<li>${w}</li>`)}</ul></aside>`}
<section class="intro">
<p>Zhang, Bengio, Hardt, Recht and Vinyals, <cite>Understanding deep learning requires rethinking generalization</cite> (ICLR 2017, arXiv:1611.03530), trained standard image classifiers on data whose labels or pixels had been randomized.
The networks fit random labels perfectly, training accuracy 100%, in only a small constant factor more time than the true labels, while their test accuracy falls to chance.
A network that can memorize any labelling of its training set has the capacity to fit noise, so its capacity alone cannot explain why it generalizes on real labels.
This page shows the same randomization tests for one run of <code>rethink</code>: each condition was trained until it fitted its training set (training accuracy ${percent(fitThreshold(run), 0)}) or reached the cap of ${config.epochs} epochs.</p>
</section>

<section id="figure-1">
<h2>Figure 1: fitting random labels and random pixels</h2>
<div class="figures">
<figure class="wide" id="figure-1a">
${raw(svgA)}
<figcaption><strong>(a) Training loss against steps</strong>, one curve per condition.
<span class="paper">Paper: every condition drives the training loss to about 0; random pixels and Gaussian inputs converge faster than random labels.</span></figcaption>
</figure>
<figure id="figure-1b">
${raw(svgB)}
<figcaption><strong>(b) Time to fit relative to true labels</strong>: optimizer steps until training accuracy reached the fit threshold, divided by the steps true labels took${
    fit.relative
      ? html` (${count(fit.baseline)} steps)`
      : html`; <em>true labels did not fit or were not run, so absolute steps are shown</em>`
  }, against label corruption level p (0 = true labels, 1 = random labels). Red triangles: not fitted within the cap, drawn at the steps run, a lower bound.
<span class="paper">Paper: grows with p, and is only a small constant factor at p = 1.</span></figcaption>
</figure>
<figure id="figure-1c">
${raw(svgC)}
<figcaption><strong>(c) Test error against label corruption level</strong> at the end of training; dashed: chance, 1 − 1/k for k = ${config.dataset.classes} classes.
<span class="paper">Paper: rises steadily with p and reaches about 90% (chance) at p = 1.</span></figcaption>
</figure>
</div>
${otherConditionsNote(summary.conditions)}
</section>

<section id="table-1">
<h2>Table 1: training and test accuracy</h2>
<div class="tables">
<div>
<h3>This run (${config.dataset.name}, ${config.model})</h3>
${runTable(summary.conditions, paperRow, keras)}
</div>
<div>
<h3>The paper’s Table 1 (CIFAR-10, train / test accuracy %)</h3>
${paperTable(paperRow)}
<p class="note">Columns: random crop / weight decay. This project trains without augmentation or weight decay, so compare with <em>no/no</em>.${
    keras
      ? html` Keras replication (small CNN, CIFAR-10, 100 epochs): true labels ${percent(KERAS_REPLICATION['true-labels'].trainAccuracy)} / ${percent(KERAS_REPLICATION['true-labels'].testAccuracy)}, fitted at epoch ${KERAS_REPLICATION['true-labels'].epochsToFit}; random labels ${percent(KERAS_REPLICATION['random-labels'].trainAccuracy)} / ${percent(KERAS_REPLICATION['random-labels'].testAccuracy)}, fitted at epoch ${KERAS_REPLICATION['random-labels'].epochsToFit}.`
      : ''
  }</p>
</div>
</div>
</section>

<section id="theorem-1">
<h2>Theorem 1: finite-sample expressivity</h2>
<p>“There exists a two-layer neural network with ReLU activations and 2n + d weights that can represent any function on a sample of size n in d dimensions.”
The construction projects the sample onto one direction a, places the ReLU thresholds between the sorted projections so the n × n activation matrix is lower triangular with a positive diagonal, and solves for the output weights.</p>
${theoremPanel(summary.theorem ?? null)}
</section>

<section id="configuration">
<h2>Configuration</h2>
${valueTable(config as unknown as Readonly<Record<string, JsonValue>>)}
</section>

<section id="randomization">
<h2>Randomization records</h2>
${randomizationRecords(summary.randomization, maxRecordChars)}
</section>

<footer>Built by <code>rethink report</code> from ${RUN_FILES.config}, ${RUN_FILES.metrics} (${count(metrics.records.length)} records) and ${
    run.summaryDerived ? html`the metrics (no ${RUN_FILES.summary} yet)` : RUN_FILES.summary
  }. Figures drawn with Vega-Lite.</footer>
</body>
</html>
`;
  return { html: page.html, warnings };
}

function fitThreshold(run: RunFiles): number {
  const t = run.config.extra?.fitAccuracy;
  return typeof t === 'number' ? t : 1;
}

function collectWarnings(run: RunFiles): string[] {
  const warnings: string[] = [];
  const { metrics, summary, config } = run;
  if (metrics.truncated !== null) {
    warnings.push(
      `${RUN_FILES.metrics}: the last line (${metrics.truncated.line}) was cut off, probably by a killed run, and was skipped.`,
    );
  }
  if (run.summaryDerived) {
    warnings.push(
      `${RUN_FILES.summary} is missing (the run is still going or was stopped): results are derived from ${RUN_FILES.metrics}; no Theorem 1 panel or randomization records yet.`,
    );
  }
  const inMetrics = new Set(metrics.records.map((r) => r.condition));
  const inSummary = new Set(summary.conditions.map((c) => c.condition));
  const notRun = config.conditions.filter((c) => !inMetrics.has(c) && !inSummary.has(c));
  if (notRun.length > 0) warnings.push(`Not run (yet): ${notRun.join(', ')}.`);
  if (!run.summaryDerived && run.derivedConditions.length > 0) {
    warnings.push(
      `Not finished (the run was stopped while training them): ${run.derivedConditions.join(', ')}; their results are derived from ${RUN_FILES.metrics} so far.`,
    );
  }
  return warnings;
}

function matchPaperRow(model: string): PaperTable1Row | null {
  const name = model.toLowerCase();
  return PAPER_TABLE_1.find((row) => row.matches.some((m) => m.test(name))) ?? null;
}

function otherConditionsNote(conditions: readonly ConditionSummary[]): HtmlValue {
  const others = conditions.filter((c) => corruptionLevel(c) === null);
  if (others.length === 0) return null;
  return html`<p class="note">Figures 1b and 1c place the label conditions on the corruption axis; the pixel and noise conditions (${others
    .map((c) => c.condition)
    .join(', ')}) appear in Figure 1a and Table 1.</p>`;
}

function paperCell(cell: readonly [number, number] | null): string {
  return cell === null ? '–' : `${cell[0].toFixed(2)} / ${cell[1].toFixed(2)}`;
}

function runTable(conditions: readonly ConditionSummary[], paperRow: PaperTable1Row | null, keras: boolean): SafeHtml {
  const reference = (c: ConditionSummary): string => {
    if (paperRow !== null) {
      if (c.kind === 'true-labels') return paperCell(paperRow.cells['no/no']);
      if (c.kind === 'random-labels') return paperCell(paperRow.cells['random labels']);
      return '–';
    }
    if (keras && (c.kind === 'true-labels' || c.kind === 'random-labels')) {
      const r = KERAS_REPLICATION[c.kind];
      return `${(r.trainAccuracy * 100).toFixed(2)} / ${(r.testAccuracy * 100).toFixed(2)} (epoch ${r.epochsToFit})`;
    }
    return '–';
  };
  const refTitle =
    paperRow !== null
      ? `Paper, ${paperRow.model} (no/no), train / test %`
      : keras
        ? 'Keras replication, train / test %'
        : null;
  return html`<table class="results">
<thead><tr><th>Condition</th><th>p</th><th>Train accuracy</th><th>Test accuracy</th><th>Epochs to fit</th><th>Steps to fit</th><th>Time to fit</th>${
    refTitle === null ? '' : html`<th>${refTitle}</th>`
  }</tr></thead>
<tbody>
${conditions.map(
  (
    c,
  ) => html`<tr data-condition="${c.condition}"${c.fitted ? '' : raw(' class="unfitted"')}><th scope="row">${c.condition}</th><td>${
    corruptionLevel(c) ?? '–'
  }</td><td>${percent(c.finalTrainAccuracy)}</td><td>${percent(c.finalTestAccuracy)}</td><td>${
    c.fitted ? count(c.epochsToFit) : `not fitted (${count(c.epochs)} epochs)`
  }</td><td>${count(c.stepsToFit)}</td><td>${duration(c.secondsToFit)}</td>${refTitle === null ? '' : html`<td>${reference(c)}</td>`}</tr>
`,
)}</tbody>
</table>
${conditions.length === 0 ? html`<p class="note">No condition has finished an epoch yet.</p>` : ''}`;
}

function paperTable(highlight: PaperTable1Row | null): SafeHtml {
  return html`<table class="paper-table">
<thead><tr><th>Model</th><th>Parameters</th>${PAPER_TABLE_1_COLUMNS.map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>
${PAPER_TABLE_1.map(
  (
    row,
  ) => html`<tr${row === highlight ? raw(' class="match"') : ''}><th scope="row">${row.model}</th><td>${count(row.parameters)}</td>${PAPER_TABLE_1_COLUMNS.map(
    (c) => html`<td>${paperCell(row.cells[c])}</td>`,
  )}</tr>
`,
)}</tbody>
</table>`;
}

function randomizationRecords(records: Readonly<Record<string, JsonValue>>, maxChars: number): SafeHtml {
  const entries = Object.entries(records);
  if (entries.length === 0) return html`<p class="note">No randomization records in this run’s summary.</p>`;
  const shown = (record: JsonValue): string => {
    const line = JSON.stringify(record);
    const text = line.length <= 100 ? line : JSON.stringify(record, null, 2);
    return text.length > maxChars
      ? `${text.slice(0, maxChars)}\n… (${count(text.length - maxChars)} more characters in ${RUN_FILES.summary})`
      : text;
  };
  return html`<p>What each randomizer drew, as recorded in ${RUN_FILES.summary}.</p>
<table class="records">
<thead><tr><th>Condition</th><th>Record</th></tr></thead>
<tbody>
${entries.map(
  ([
    condition,
    record,
  ]) => html`<tr class="record"><th scope="row">${condition}</th><td><pre>${shown(record)}</pre></td></tr>
`,
)}</tbody>
</table>`;
}
