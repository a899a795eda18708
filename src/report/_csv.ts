/** Internal: CSV (RFC 4180) for the report's tables: comma-separated, a field quoted when it holds a comma, quote or line break. */

/** A value of a CSV field: text, a number (as JavaScript prints it) or empty (null). */
export type CsvValue = string | number | boolean | null;

function field(value: CsvValue): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows (the first is the header) as CSV text, lines ending in CRLF as RFC 4180 has it. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
