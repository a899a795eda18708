import { readFile, rmdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  checkSchema,
  exists,
  PLAN_FILES,
  resolvedPlanSchema,
  RUN_FILES,
  theoremFileSchema,
  writeAtomic,
  type BackendInfo,
  type Cell,
  type CellResult,
  type KernelPanel,
  type ResolvedPlan,
  type TheoremPanel,
  type TheoremSkipped,
} from 'rethink/core';
import { buildComparativeReport } from 'rethink/report';
import { selectBackend } from 'rethink/train';
import { ExperimentError } from './errors.ts';
import { executeCells, type ExecuteEvent, type ExecuteResult } from './execute-cells.ts';
import { expandPlan } from './expand-plan.ts';
import { loadCellData } from './load-cell-data.ts';
import { planFromOptions, type PlanOptions } from './plan-from-options.ts';
import { canonicalJson } from './resolve-plan.ts';
import { writeCellFile } from './_cell-files.ts';
import { claimRunFolder, lockRunFolder } from './_run-folder.ts';
import { theoremPanel } from './_theorem-panel.ts';
import { kernelPanel } from './_kernel-panel.ts';

/** Options of {@link reproduce}: a plan (or the flags that make one) and where and how to run it. */
export interface ReproduceOptions extends PlanOptions {
  /** `auto`, `tensorflow`, `webgpu`, `wasm` or `cpu` (default: `RETHINK_BACKEND`, else `auto`). */
  readonly backend?: string;
  /** The run folder; a folder holding an unfinished run of the same plan is resumed. */
  readonly out?: string;
  /** Folder for new runs when `out` is not given: `<reportsDir>/<run-id>`. */
  readonly reportsDir?: string;
  /** Environment for `RETHINK_BACKEND`, `RETHINK_DATA`, … (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Stops after the current batch; what finished stays on disk and a later call resumes. */
  readonly signal?: AbortSignal;
  /** Progress events (for the CLI's display). */
  readonly onEvent?: (event: ReproduceEvent) => void;
  /**
   * Runs the cells elsewhere than one after another in this process (local worker processes, a queue); given the
   * run folder and its cells, it must train them (see `executeCells`). Default: in this process.
   */
  readonly execute?: (runDir: string, cells: readonly Cell[], options: ExecuteOptions) => Promise<ExecuteResult>;
}

/** What {@link ReproduceOptions.execute} gets besides the cells. */
export interface ExecuteOptions {
  readonly backend: BackendInfo;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  readonly onEvent: (event: ExecuteEvent) => void;
}

/** Defaults of {@link ReproduceOptions}. */
export const REPRODUCE_DEFAULTS = { reportsDir: 'reports' } as const;

/** What {@link reproduce} reports while it runs. */
export type ReproduceEvent =
  | {
      readonly type: 'start';
      readonly runDir: string;
      readonly plan: ResolvedPlan;
      readonly cells: readonly Cell[];
      readonly backend: BackendInfo;
      readonly resumed: boolean;
    }
  | { readonly type: 'theorem'; readonly panel: TheoremPanel | TheoremSkipped }
  | { readonly type: 'kernel'; readonly panel: KernelPanel }
  | ExecuteEvent
  | { readonly type: 'done'; readonly runDir: string; readonly report: string | null; readonly aborted: boolean };

/** What {@link reproduce} returns. */
export interface ReproduceResult {
  readonly runDir: string;
  /** The report page (null when the run was stopped before every cell finished). */
  readonly report: string | null;
  readonly plan: ResolvedPlan;
  /** Every cell of the plan with its result (null for the unfinished ones). */
  readonly cells: readonly { readonly cell: Cell; readonly result: CellResult | null }[];
  readonly aborted: boolean;
}

function newRunId(plan: ResolvedPlan): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace(/Z$/, '');
  const what = (plan.plan.name ?? plan.plan.models.join('+')).replace(/[^A-Za-z0-9_+-]+/g, '_');
  const dataset = plan.plan.dataset.replace(/[^A-Za-z0-9_-]+/g, '_');
  return `${stamp}-${dataset}-${what}`;
}

/** The plan fields whose values differ between two resolved plans (for the refusal to resume another plan). */
function differences(a: ResolvedPlan, b: ResolvedPlan): string[] {
  const fields = new Set([...Object.keys(a.plan), ...Object.keys(b.plan)]);
  const out: string[] = [];
  for (const field of fields) {
    const x = (a.plan as Record<string, unknown>)[field];
    const y = (b.plan as Record<string, unknown>)[field];
    if (canonicalJson(x) !== canonicalJson(y)) out.push(`${field} ${JSON.stringify(x)} → ${JSON.stringify(y)}`);
  }
  if (out.length === 0 && canonicalJson(a.optimizers) !== canonicalJson(b.optimizers)) out.push('optimizers');
  return out;
}

async function readPlanFile(runDir: string): Promise<ResolvedPlan> {
  const file = join(runDir, PLAN_FILES.plan);
  return checkSchema(resolvedPlanSchema, JSON.parse(await readFile(file, 'utf8')), { caller: 'reproduce', file });
}

/**
 * Runs an experiment plan — by default the `quick` preset, the paper's randomization grid on the bundled MNIST
 * digits — and writes everything into its run folder as it happens: `plan.json`, every cell's `cell.json`, the
 * Theorem 1 panel, each cell's metrics (one line per epoch, flushed) and checkpoint, its `result.json` when it
 * ends, and the comparative report at the end. Started again on the same folder, it skips finished cells and
 * resumes the unfinished one from its last checkpoint; the metrics then equal an uninterrupted run's
 * (bit-identical on the CPU backends, wall times aside). A folder holding another plan, a foreign folder, a file
 * and a folder another process is writing are refused before anything is written.
 *
 * @example
 * ```ts
 * import { reproduce } from 'rethink/experiment';
 * const { cells } = await reproduce({ samples: 100, testSamples: 100, conditions: ['random'], epochs: 2, backend: 'cpu', out: 'reports/.example-run', theorem: false });
 * console.log(cells[0]?.cell.name); // mlp1x512/random-labels/wd=0/crop=off/seed=0
 * ```
 */
export async function reproduce(options: ReproduceOptions = {}): Promise<ReproduceResult> {
  const plan = planFromOptions(options);
  const cells = expandPlan(plan);
  if (cells.length === 0) {
    throw new ExperimentError('reproduce: the plan expands to no cells (every cell is excluded)', {
      planId: plan.planId,
    });
  }
  const reportsDir = options.reportsDir ?? REPRODUCE_DEFAULTS.reportsDir;
  const runDir = resolve(options.out ?? join(reportsDir, newRunId(plan)));
  // Refuse a file, a foreign folder or a folder another process is writing, before anything is written.
  const { resuming, created } = await claimRunFolder(runDir);
  const unlock = await lockRunFolder(runDir);
  let wrote = false;
  try {
    if (resuming) {
      if (!(await exists(join(runDir, PLAN_FILES.plan)))) {
        throw new ExperimentError(
          `reproduce: ${runDir} holds a run written before plans (${RUN_FILES.config}); \`rethink report ${runDir}\` still renders it, but resume it with the version that wrote it, or choose another --out`,
          { dir: runDir, reason: 'format-1' },
        );
      }
      const previous = await readPlanFile(runDir);
      if (previous.planId !== plan.planId) {
        const shown = differences(previous, plan);
        throw new ExperimentError(
          `reproduce: ${runDir} holds another plan (${shown.join('; ') || 'its settings differ'}); choose another --out or the same options`,
          { dir: runDir, planId: previous.planId, fields: shown },
        );
      }
    }
    // The data first (memoized for the cells): a bad data set or sample count fails before anything is written.
    const env = options.env ?? process.env;
    await loadCellData({ data: (cells[0] as Cell).data, crop: false }, { env });
    if (!resuming) {
      await writeAtomic('reproduce', join(runDir, PLAN_FILES.plan), `${JSON.stringify(plan, null, 2)}\n`);
    }
    wrote = true;
    for (const cell of cells) await writeCellFile(runDir, cell);
    return await run(plan, cells, runDir, resuming, options);
  } finally {
    await unlock();
    // A run that failed before writing anything (bad data, a bad option) leaves no empty folder behind.
    if (created && !wrote) await rmdir(runDir).catch(() => undefined);
  }
}

async function run(
  plan: ResolvedPlan,
  cells: readonly Cell[],
  runDir: string,
  resumed: boolean,
  options: ReproduceOptions,
): Promise<ReproduceResult> {
  const emit = options.onEvent ?? (() => {});
  const env = options.env ?? process.env;
  const backend = await selectBackend({ ...(options.backend !== undefined ? { backend: options.backend } : {}), env });
  emit({ type: 'start', runDir, plan, cells, backend, resumed });

  const theoremFile = join(runDir, PLAN_FILES.theorem);
  if (plan.plan.theorem && !(await exists(theoremFile))) {
    // The panel is an addition to the run, not a precondition: when the theorem does not apply, it says why.
    const { data } = await loadCellData({ data: (cells[0] as Cell).data, crop: false }, { env });
    const panel = checkSchema(theoremFileSchema, theoremPanel(data.train, plan.plan.seeds[0] ?? 0), {
      caller: 'reproduce',
      file: theoremFile,
    });
    await writeAtomic('reproduce', theoremFile, `${JSON.stringify(panel, null, 2)}\n`);
    emit({ type: 'theorem', panel });
  }

  const kernelFile = join(runDir, PLAN_FILES.kernel);
  if (plan.plan.kernel && !(await exists(kernelFile))) {
    // Section 5 on the same training subset: the kernel interpolant of the true and of random labels.
    const { data } = await loadCellData({ data: (cells[0] as Cell).data, crop: false }, { env });
    const panel = kernelPanel(data, plan.plan.seeds[0] ?? 0);
    await writeAtomic('reproduce', kernelFile, `${JSON.stringify(panel, null, 2)}\n`);
    emit({ type: 'kernel', panel });
  }

  const execute = options.execute ?? executeCells;
  const { aborted, results } = await execute(runDir, cells, {
    backend,
    env,
    ...(options.signal ? { signal: options.signal } : {}),
    onEvent: emit,
  });
  let report: string | null = null;
  if (!aborted) report = (await buildComparativeReport([runDir])).file;
  emit({ type: 'done', runDir, report, aborted });
  return {
    runDir,
    report,
    plan,
    cells: cells.map((cell) => ({ cell, result: results.get(cell.id) ?? null })),
    aborted,
  };
}
