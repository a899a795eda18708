import type { Command } from 'commander';
import { memorizationReport, randomLabeledSample } from 'rethink/theorem';
import type { CliIo } from '../io.ts';

/** The two runs of the demo: float64 on n = 20,000 and exact on n = 2,000 random-label points in d = 784. */
export const START_RUNS = [
  { samples: 20_000, dims: 784, exact: false },
  { samples: 2_000, dims: 784, exact: true },
] as const;

/**
 * Registers `rethink demo`, a short Theorem 1 demo (`npm start` runs `rethink reproduce`): a two-layer ReLU network with 2n + d parameters memorizes n Gaussian points with random labels 0–9,
 * once in float64 (n = 20,000, d = 784 — MNIST's dimension) and once in exact rational arithmetic
 * (n = 2,000), each checked on every point. It takes well under a minute.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { memoryIo } from '../io.ts';
 * import { registerDemo } from './demo.ts';
 * const io = memoryIo();
 * const program = new Command().exitOverride();
 * registerDemo(program, io);
 * await program.parseAsync(['demo'], { from: 'user' });
 * console.log(io.stdout.join('').includes('exact')); // true
 * ```
 */
export function registerDemo(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('A quick Theorem 1 demo: float64 on n=20,000 and exact on n=2,000 random-labelled points in d=784.')
    .action(() => {
      io.out('Theorem 1 (Zhang et al., 2017): a two-layer ReLU network with 2n + d parameters memorizes any labels.\n');
      io.out('Gaussian points, random labels 0-9, checked on every point:\n\n');
      io.out(
        `${'mode'.padEnd(8)}${'n'.padStart(8)}${'d'.padStart(6)}${'parameters'.padStart(12)}${'max error'.padStart(12)}${'bound'.padStart(11)}${'seconds'.padStart(9)}\n`,
      );
      for (const run of START_RUNS) {
        const { sample, labels } = randomLabeledSample({ samples: run.samples, dims: run.dims, seed: 0 });
        const r = memorizationReport(sample, labels, { exact: run.exact });
        const error = r.maxAbsError === 0 ? '0' : r.maxAbsError.toExponential(1);
        const bound = r.exact ? '0' : r.errorBound.toExponential(1);
        io.out(
          `${(r.exact ? 'exact' : 'float64').padEnd(8)}${String(r.n).padStart(8)}${String(r.d).padStart(6)}${String(r.parameters).padStart(12)}` +
            `${error.padStart(12)}${bound.padStart(11)}${r.seconds.toFixed(2).padStart(9)}\n`,
        );
      }
      io.out('\nfloat64: the bound is rigorous for the network as an exact function of its float64 parameters.\n');
      io.out('exact: every weight and threshold is a rational number; the labels are reproduced exactly.\n');
      io.out('More: npx rethink theorem --help\n');
    });
}
