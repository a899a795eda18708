/**
 * Throughput of the randomizations on a CIFAR-10-sized training split (50,000 × 32 × 32 × 3 uint8, random
 * bytes; empty test split), against a plain copy of the same pixel buffer (`images.slice()`) timed in the
 * same process. Every figure is the median of several rounds after one warm-up round; each round times every
 * case once (round-robin), so the ratios compare runs made under the same machine load.
 *
 * Goals (issue 3): pixel permutations within 5× of the copy; noise ≥ 50 M pixel values per second; label
 * transforms under 10 ms for 50,000 labels. For context the run also times the raw random source (one
 * `Rng.uint32()` word per value into a float32 array): the noise transforms need at least one word per value,
 * so that rate bounds their throughput on the machine at hand.
 *
 *     flock /tmp/rethink-bench.lock npm run bench -- randomize [--n 50000] [--runs 7]
 */
import { createRng } from 'rethink/core';
import { imageSet } from 'rethink/data';
import type { DataSet } from 'rethink/data';
import {
  corruptLabels,
  gaussianPixels,
  randomLabels,
  randomPixels,
  shufflePixels,
  trueLabels,
  uniformPixels,
} from 'rethink/randomize';
import { median, timeRuns } from './_stats.ts';

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${args[at + 1]}`);
  return value;
}

function cifarSized(n: number): DataSet {
  const height = 32;
  const width = 32;
  const channels = 3;
  const images = new Uint8Array(n * height * width * channels);
  const words = new Uint32Array(images.buffer, 0, images.length >>> 2);
  const rng = createRng(2017, 'bench/content');
  for (let i = 0; i < words.length; i++) words[i] = rng.uint32();
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = rng.int(0, 9);
  const train = imageSet({ images, labels, height, width, channels, classes: 10 });
  const test = imageSet({ images: new Uint8Array(0), labels: [], height, width, channels, classes: 10 });
  return { name: 'cifar-sized', train, test };
}

export default async function run(args: string[]): Promise<void> {
  const n = flag(args, '--n', 50_000);
  const runs = flag(args, '--runs', 7);
  const data = cifarSized(n);
  const values = data.train.images.length;
  const pixels = values / data.train.channels;
  console.log(
    `randomize: ${n} × 32 × 32 × 3 uint8 (${(values / 1e6).toFixed(1)} M values), ${runs} rounds + 1 warm-up, medians`,
  );

  // Round-robin: every round times the copy, the raw words and each transform once, so a change in machine
  // load during the session affects all of them alike; one untimed warm-up round first.
  let seed = 0;
  const words = new Float32Array(values);
  const cases: [string, () => unknown][] = [
    ['copy', () => data.train.images.slice()],
    [
      'words',
      () => {
        const rng = createRng(++seed, 'bench/words');
        for (let e = 0; e < values; e++) words[e] = rng.uint32();
      },
    ],
    ['shufflePixels', () => shufflePixels(data, ++seed)],
    ['randomPixels', () => randomPixels(data, ++seed)],
    ['gaussianPixels', () => gaussianPixels(data, ++seed)],
    ['uniformPixels', () => uniformPixels(data, ++seed)],
  ];
  const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (let round = 0; round <= runs; round++) {
    for (const [name, fn] of cases) {
      const [ms] = await timeRuns(fn, 1, 0);
      if (round > 0) times.get(name)?.push(ms as number);
    }
  }
  const ms = (name: string): number => median(times.get(name) ?? []);
  const copyMs = ms('copy');
  const wordMs = ms('words');
  console.log(
    `copy (images.slice())   ${copyMs.toFixed(1).padStart(8)} ms   1.00× copy   ${(values / copyMs / 1e3).toFixed(0).padStart(5)} M values/s`,
  );
  console.log(
    `raw Rng.uint32 words    ${wordMs.toFixed(1).padStart(8)} ms  ${(wordMs / copyMs).toFixed(2).padStart(5)}× copy   ${(values / wordMs / 1e3).toFixed(0).padStart(5)} M words/s (bound for the noise)`,
  );
  for (const name of ['shufflePixels', 'randomPixels', 'gaussianPixels', 'uniformPixels']) {
    const t = ms(name);
    console.log(
      `${name.padEnd(22)}  ${t.toFixed(1).padStart(8)} ms  ${(t / copyMs).toFixed(2).padStart(5)}× copy   ` +
        `${(values / t / 1e3).toFixed(0).padStart(5)} M values/s   ${(pixels / t / 1e3).toFixed(0).padStart(4)} M pixels (H·W positions)/s`,
    );
  }

  const labelCases: [string, () => unknown][] = [
    ['trueLabels', () => trueLabels(data.train, ++seed)],
    ['corruptLabels(p = 0.5)', () => corruptLabels(data.train, 0.5, ++seed)],
    ['randomLabels', () => randomLabels(data.train, ++seed)],
  ];
  for (const [name, fn] of labelCases) {
    const labelMs = median(await timeRuns(fn, Math.max(runs, 11), 3));
    console.log(`${name.padEnd(22)}  ${labelMs.toFixed(2).padStart(8)} ms for ${n} labels`);
  }
}
