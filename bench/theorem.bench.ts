/**
 * Theorem 1 performance (issue 2):
 * - float mode at n = 60,000, d = 784 and n = 10,000, d = 3,072 (Gaussian points stored as Float32Array, the
 *   flat form image data uses; random labels 0–9): construction time as a ratio to one plain pass computing
 *   the projections X·a over the same data in the same process (goal ≤ 2×), medians of several interleaved runs;
 * - the reference numerics at n = 20,000, d = 784 (float64 points): error bound and largest weight;
 * - exact mode at n = 2,000, d = 784: seconds (goal < 10 s), median of 3 runs.
 *
 * `npm run bench -- theorem [runs]` (default 5 runs).
 */
import { createRng } from 'rethink/core';
import { chooseDirection, interpolate, randomLabeledSample } from 'rethink/theorem';
import { median } from './_stats.ts';

/** The floor: one plain pass computing z = X·a. */
function plainPass(data: Float32Array, n: number, d: number, a: Float64Array, z: Float64Array): void {
  for (let i = 0, o = 0; i < n; i++, o += d) {
    let s = 0;
    for (let l = 0; l < d; l++) s += (a[l] as number) * (data[o + l] as number);
    z[i] = s;
  }
}

function gaussian32(n: number, d: number, seed: number): Float32Array {
  const rng = createRng(seed, 'bench/theorem/points');
  const data = new Float32Array(n * d);
  for (let t = 0; t < data.length; t++) data[t] = rng.normal();
  return data;
}

function labels(n: number, seed: number): Float64Array {
  const rng = createRng(seed, 'bench/theorem/labels');
  return Float64Array.from({ length: n }, () => rng.int(0, 9));
}

function fmt(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}

export default async function theoremBench(args: string[]): Promise<void> {
  const runs = Math.max(1, Number(args[0] ?? 5));
  console.log(`Theorem 1 benchmark (${runs} runs each, medians; node ${process.version})\n`);
  console.log('float64 construction vs one plain X·a pass (Float32Array data, random labels 0-9):');
  for (const [n, d] of [
    [60_000, 784],
    [10_000, 3_072],
  ] as const) {
    const data = gaussian32(n, d, 1);
    const y = labels(n, 1);
    const a = chooseDirection(d);
    const z = new Float64Array(n);
    const sample = { data, n, d };
    // Warm up both, then interleave the timed runs.
    plainPass(data, n, d, a, z);
    interpolate(sample, y);
    const base: number[] = [];
    const build: number[] = [];
    let last = interpolate(sample, y);
    for (let r = 0; r < runs; r++) {
      let t = performance.now();
      plainPass(data, n, d, a, z);
      base.push(performance.now() - t);
      t = performance.now();
      last = interpolate(sample, y);
      build.push(performance.now() - t);
    }
    const ratio = median(build) / median(base);
    console.log(
      `  n = ${n}, d = ${d}: plain pass ${fmt(median(base))}, construction ${fmt(median(build))}, ratio ${ratio.toFixed(2)}× ` +
        `(goal ≤ 2×) — error bound ${last.errorBound.toExponential(2)}, refined ${last.refined}, attempts ${last.attempts}`,
    );
  }

  console.log('\nreference numerics (float64 Gaussian points, n = 20,000, d = 784, random labels 0-9):');
  {
    const { sample, labels: y } = randomLabeledSample({ samples: 20_000, dims: 784, seed: 0 });
    const net = interpolate(sample, y);
    let gap = Infinity;
    for (let j = 1; j < net.n; j++)
      gap = Math.min(gap, (net.projections[j] as number) - (net.projections[j - 1] as number));
    const values = net.evaluate(sample);
    let worst = 0;
    values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (y[i] as number)))));
    console.log(
      `  error bound ${net.errorBound.toExponential(2)} (goal ≤ 1e-6), evaluated max error ${worst.toExponential(2)}, ` +
        `largest |w| ${Math.max(...Array.from(net.w, Math.abs)).toExponential(2)}, smallest projection gap ${gap.toExponential(2)} (|a_l| ∈ [1, 2))`,
    );
  }

  console.log('\nexact construction (float64 Gaussian points, random labels 0-9):');
  {
    const { sample, labels: y } = randomLabeledSample({ samples: 2_000, dims: 784, seed: 0 });
    const times: number[] = [];
    let net = interpolate(sample, y, { exact: true });
    for (let r = 0; r < Math.min(runs, 3); r++) {
      const t = performance.now();
      net = interpolate(sample, y, { exact: true });
      times.push(performance.now() - t);
    }
    const t = performance.now();
    const values = net.evaluate(sample);
    const check = performance.now() - t;
    const exactHits = values.filter((v, i) => v.equals(y[i] as number)).length;
    console.log(
      `  n = 2000, d = 784: ${(median(times) / 1000).toFixed(2)} s (goal < 10 s); checking every point exactly ${(check / 1000).toFixed(2)} s, ` +
        `${exactHits}/2000 labels reproduced exactly`,
    );
  }
}
