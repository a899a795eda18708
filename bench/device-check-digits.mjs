/**
 * Device-check helper (plain JavaScript: it runs before anything is compiled): rewrites the `mnist` package's
 * `src/digits/<d>.json` files from the bundle's `data/digits.u8` (see scripts/pack-device-check.ts), so that
 * `loadDataSet('mnist')` decodes exactly the digits it decodes where the bundle was packed.
 *
 * Each grey value v (uint8) is written as v / 255 with three decimals; the project's decoder reads it back as
 * round(x · 255), which is v again (the rounding error, at most 0.0005 · 255 ≈ 0.13, stays under 0.5).
 *
 * Usage: `node bench/device-check-digits.mjs <digits.u8> <mnist package folder>`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [source, packageDir] = process.argv.slice(2);
if (source === undefined || packageDir === undefined) {
  console.error('usage: node bench/device-check-digits.mjs <digits.u8> <mnist package folder>');
  process.exit(2);
}
const bytes = readFileSync(source);
const counts = Array.from({ length: 10 }, (_, d) => bytes.readUInt32LE(4 * d));
const PIXELS = 784;
const total = counts.reduce((a, b) => a + b, 0);
if (bytes.length !== 40 + total * PIXELS) {
  console.error(`device-check-digits: ${source} holds ${bytes.length} bytes, expected ${40 + total * PIXELS}`);
  process.exit(1);
}
const text = Array.from({ length: 256 }, (_, v) => (v === 0 ? '0' : v === 255 ? '1' : (v / 255).toFixed(3)));
const dir = join(packageDir, 'src', 'digits');
mkdirSync(dir, { recursive: true });
let at = 40;
for (let d = 0; d < 10; d++) {
  const values = bytes.subarray(at, at + counts[d] * PIXELS);
  at += values.length;
  const parts = new Array(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = text[values[i]];
  writeFileSync(join(dir, `${d}.json`), `{"data":[${parts.join(',')}]}`);
}
console.log(`device-check-digits: wrote ${total} digits to ${dir}`);
