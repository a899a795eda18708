import { ArgumentError } from 'rethink/core';
import { RunMixError } from './errors.ts';
import type { PlanRun, PlanRunCell, PlanRunData } from './plan-run.ts';

/** The data fields that must agree, in the order they are compared. */
const FIELDS = ['dataset', 'preprocessing', 'samples', 'testSamples', 'dataSeed', 'checksum', 'classes'] as const;

/**
 * Merges runs made separately (e.g. one model per machine) into one, for one comparative report. They must be of
 * the same data and preprocessing: data set, preprocessing, training and test samples, data seed, and (between
 * format-1 runs) the data checksum and the number of classes — a field a run does not record (null) is not
 * compared. A mix throws a {@link RunMixError} naming the first field that differs, both values and both folders.
 * A cell present in several runs (the same id) is kept once: the finished copy, else the first; that is noted in
 * `warnings`. The Theorem 1 and Section 5 panels are the first run's that has one.
 *
 * @example
 * ```ts
 * import { mergeRuns, planRunFromRun, readPlanRun, readRun } from 'rethink/report';
 * const a = await readPlanRun('fixtures/report/plan-run');
 * const b = planRunFromRun(await readRun('fixtures/report/sample-run'));
 * try {
 *   mergeRuns([a, b]);
 * } catch (e) {
 *   console.log((e as Error).message); // mergeRuns: dataset differs: "cifar10" in fixtures/report/plan-run, "mnist" in fixtures/report/sample-run
 * }
 * ```
 */
export function mergeRuns(runs: readonly PlanRun[]): PlanRun {
  const [first, ...rest] = runs;
  if (first === undefined) throw new ArgumentError('mergeRuns: no runs to merge', { runs: 0 });
  if (rest.length === 0) return first;
  const data: { -readonly [K in keyof PlanRunData]: PlanRunData[K] } = { ...first.data };
  const from: Record<string, string> = Object.fromEntries(FIELDS.map((f) => [f, dirOf(first)]));
  for (const run of rest) {
    for (const field of FIELDS) {
      const mine = data[field];
      const theirs = run.data[field];
      if (mine === null) {
        (data as Record<string, unknown>)[field] = theirs;
        from[field] = dirOf(run);
        continue;
      }
      if (theirs === null || theirs === mine) continue;
      const a = from[field] as string;
      const b = dirOf(run);
      throw new RunMixError(
        `mergeRuns: ${field} differs: ${JSON.stringify(mine)} in ${a}, ${JSON.stringify(theirs)} in ${b}`,
        { field, values: [mine, theirs], dirs: [a, b] },
      );
    }
  }

  const warnings = runs.flatMap((r) => r.warnings.map((w) => (runs.length > 1 ? `${dirOf(r)}: ${w}` : w)));
  const cells = new Map<string, PlanRunCell>();
  for (const run of runs) {
    for (const cell of run.cells) {
      const kept = cells.get(cell.id);
      if (kept === undefined) {
        cells.set(cell.id, cell);
        continue;
      }
      const better = kept.result === null && kept.error === null && cell.result !== null;
      warnings.push(
        `Cell ${cell.name} is in ${kept.source} and ${cell.source}: kept the copy in ${better ? cell.source : kept.source}.`,
      );
      if (better) cells.set(cell.id, cell);
    }
  }
  return {
    sources: runs.flatMap((r) => r.sources),
    data,
    cells: [...cells.values()],
    theorem: runs.find((r) => r.theorem !== null)?.theorem ?? null,
    kernel: runs.find((r) => r.kernel !== null)?.kernel ?? null,
    warnings,
  };
}

function dirOf(run: PlanRun): string {
  return run.sources.map((s) => s.dir).join(' + ');
}
