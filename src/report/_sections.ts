/** Internal: the parts shared by the single-run page and the comparative report: the Theorem 1 panel, key/value tables of a configuration, times and the stylesheet. */
import { count, decimal, duration } from './_format.ts';
import { html, type HtmlValue, type SafeHtml } from './_html.ts';
import type { JsonValue, TheoremPanel, TheoremSkipped } from 'rethink/core';

/** The Theorem 1 panel: the construction's facts, or why it was skipped with the colliding records. */
export function theoremPanel(theorem: TheoremPanel | TheoremSkipped | null): SafeHtml {
  if (theorem === null) return html`<p class="note">No Theorem 1 panel in this run’s summary.</p>`;
  if (theorem.skipped === true) {
    return html`<p class="note theorem-skipped">Theorem 1 does not apply to this training subset: ${theorem.reason}</p>
<ul class="theorem-records">${theorem.records.map((r) => html`<li>${r}</li>`)}</ul>`;
  }
  const expected = 2 * theorem.n + theorem.d;
  const matches = theorem.parameters === expected;
  return html`<dl class="theorem">
<dt>Sample</dt><dd>n = ${count(theorem.n)} training images, d = ${count(theorem.d)} dimensions, ${theorem.labels} labels</dd>
<dt>Parameters</dt><dd>${count(theorem.parameters)} ${matches ? html`= 2n + d` : html`<strong>(2n + d = ${count(expected)})</strong>`}</dd>
<dt>Max |error|</dt><dd>${decimal(theorem.maxAbsError)}${
    theorem.errorBound === undefined || theorem.errorBound === null
      ? ''
      : html` (proven bound ${decimal(theorem.errorBound)})`
  }</dd>
<dt>Arithmetic</dt><dd>${theorem.exact ? 'exact (rational)' : 'floating point'}</dd>${
    theorem.merged
      ? html`
<dt>Duplicates</dt><dd>${count(theorem.merged)} identical training images with equal labels merged into one point each</dd>`
      : html``
  }
<dt>Time</dt><dd>${duration(theorem.seconds)}</dd>
</dl>
<p>${
    theorem.maxAbsError === 0
      ? html`A two-layer ReLU network with ${count(theorem.parameters)} weights reproduces all ${count(theorem.n)} random labels exactly.`
      : html`A two-layer ReLU network with ${count(theorem.parameters)} weights reproduces all ${count(theorem.n)} random labels to within ${decimal(theorem.maxAbsError)}.`
  }</p>`;
}

function scalar(value: JsonValue): string | null {
  if (value === null) return 'null';
  if (typeof value === 'object') return null;
  return String(value);
}

/** A configuration object as a nested key/value table (values as code). */
export function valueTable(value: Readonly<Record<string, JsonValue>>, depth = 0): SafeHtml {
  const rows = Object.entries(value).map(
    ([key, v]) => html`<tr><th scope="row">${key}</th><td>${renderValue(v, depth)}</td></tr>`,
  );
  return html`<table class="kv">${rows}</table>`;
}

function renderValue(value: JsonValue, depth: number): HtmlValue {
  const s = scalar(value);
  if (s !== null) return html`<code>${s}</code>`;
  if (Array.isArray(value)) {
    const items = value as readonly JsonValue[];
    if (items.every((v) => scalar(v) !== null)) return html`<code>${items.map((v) => scalar(v)).join(', ')}</code>`;
    return html`<code>${JSON.stringify(items)}</code>`;
  }
  const record = value as Readonly<Record<string, JsonValue>>;
  if (depth >= 2 || Object.keys(record).length === 0) return html`<code>${JSON.stringify(record)}</code>`;
  return valueTable(record, depth + 1);
}

/** An ISO time as `2025-01-01 12:00:00 UTC` (as given when it does not parse). */
export function when(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The stylesheet of the report pages. */
export const CSS = `
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5b5b60; --rule: #d9d9de; --accent: #4c78a8; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1160px; padding: 24px 32px 48px; font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 15px; margin: 14px 0 6px; }
.meta, .note, figcaption, footer { color: var(--muted); }
.meta { margin: 0; font-size: 14px; }
.intro p { max-width: 80ch; }
.warnings { margin: 16px 0; padding: 10px 16px; border-left: 4px solid #e0a200; background: #fff8e1; }
.warnings ul { margin: 4px 0 0; padding-left: 20px; }
.figures { display: flex; flex-wrap: wrap; gap: 24px 32px; }
figure { margin: 0; flex: 1 1 460px; max-width: 100%; break-inside: avoid; page-break-inside: avoid; }
figure.wide { flex-basis: 100%; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 13.5px; margin-top: 6px; max-width: 75ch; }
figcaption .paper { display: block; margin-top: 2px; font-style: italic; }
.tables > div { max-width: 100%; overflow-x: auto; margin-bottom: 12px; }
table { border-collapse: collapse; font-size: 13.5px; font-variant-numeric: tabular-nums; break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); text-align: right; vertical-align: top; }
td { white-space: nowrap; }
table.results tbody th { max-width: 22em; overflow-wrap: anywhere; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; }
tbody th, table.kv th { text-align: left; font-weight: 600; }
tr.unfitted td { color: #b03a2e; }
tr.match { background: #eef3f9; }
table.kv td { text-align: left; white-space: normal; }
table.kv table.kv { font-size: 13px; }
table.kv table.kv th, table.kv table.kv td { border: none; padding: 1px 8px 1px 0; }
code, pre { font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
table.kv code { overflow-wrap: anywhere; }
pre { margin: 0; padding: 8px 10px; background: #f6f6f8; border: 1px solid var(--rule); max-height: 24em; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
table.records { width: 100%; }
table.records td { text-align: left; white-space: normal; width: 100%; }
table.records pre { background: none; border: none; padding: 0; max-height: 16em; }
tr.record { break-inside: avoid; page-break-inside: avoid; }
thead th:first-child { text-align: left; }
dl.theorem { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.theorem dt { font-weight: 600; }
dl.theorem dd { margin: 0; font-variant-numeric: tabular-nums; }
footer { margin-top: 40px; padding-top: 8px; border-top: 1px solid var(--rule); font-size: 13px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  @page { margin: 15mm; }
  h2 { break-after: avoid; page-break-after: avoid; }
  pre { max-height: none; overflow: visible; }
  .tables > div { overflow: visible; }
  .warnings { background: none; }
}
`;
