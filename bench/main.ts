/**
 * Benchmark dispatcher: `npm run bench -- <name> [args…]` runs `bench/<name>.bench.ts`, whose default export
 * is `(args: string[]) => Promise<void>` and prints its figures (medians over several runs, as ratios to a
 * baseline measured in the same process). With no name it lists the benchmarks.
 *
 * Never run two benchmarks at once on a small machine: `flock /tmp/rethink-bench.lock npm run bench -- x`.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (name === undefined || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name> [args…]\navailable: ${available.join(', ') || '(none)'}`);
  process.exitCode = name === undefined ? 0 : 2;
} else {
  const module = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)) as {
    default: (args: string[]) => Promise<void>;
  };
  await module.default(args);
}
