/** Internal: number formatting for the report. */

/** `0.8905` → `89.05%`; null → `–`. */
export function percent(value: number | null, digits = 2): string {
  return value === null ? '–' : `${(value * 100).toFixed(digits)}%`;
}

/** An integer with thousands separators; null → `–`. */
export function count(value: number | null): string {
  return value === null ? '–' : Math.round(value).toLocaleString('en-US');
}

/** Seconds as `850 ms`, `12.3 s`, `4 min 05 s` or `2 h 03 min`; null → `–`. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 59.95) return `${seconds.toFixed(1)} s`;
  const total = Math.round(seconds);
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${String(total - minutes * 60).padStart(2, '0')} s`;
  const roundMinutes = Math.round(seconds / 60);
  const hours = Math.floor(roundMinutes / 60);
  return `${hours} h ${String(roundMinutes - hours * 60).padStart(2, '0')} min`;
}

/** A loss or error value: 4 significant digits, exponent notation when tiny or huge; null → `–`. */
export function decimal(value: number | null): string {
  if (value === null) return '–';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude < 1e-3 || magnitude >= 1e6 ? value.toExponential(2) : String(Number(value.toPrecision(4)));
}
