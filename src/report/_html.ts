/**
 * Internal: HTML built with a tagged template that escapes every interpolated value unless it is already
 * {@link SafeHtml}, so text from the run files (condition names, config strings) can never inject markup.
 */

/** A fragment of HTML that is safe to insert as is. */
export class SafeHtml {
  constructor(readonly html: string) {}
}

/** What may be interpolated: text (escaped), numbers, safe fragments, arrays of these; null/undefined/false render nothing. */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes `&<>"'` for use in text and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.html;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

/** The tagged template: `` html`<td>${name}</td>` `` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] as string;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] as string);
  return new SafeHtml(out);
}

/** Marks trusted markup (the SVG that vega rendered) as safe. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
