/**
 * Local workers (`reproduce --workers N`): N processes train a plan's cells with the same metrics as one
 * process; stopping them (the signal, or the parent killed) leaves every cell resumable.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cell } from 'rethink/core';
import { defaultWorkers, executeCells, executeCellsDistributed } from 'rethink/experiment';
import { selectBackend } from 'rethink/train';
import { finishedCells, metricsWithoutSeconds, tinyCells } from './_cells.ts';

const root = mkdtempSync(join(tmpdir(), 'rethink-local-workers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let reference: Map<string, unknown[]>;
let cells: Cell[];

beforeAll(async () => {
  // The single-process run every distributed run must equal (bit-identical on the cpu backend).
  const dir = join(root, 'sequential');
  cells = await tinyCells(dir);
  await executeCells(dir, cells, { backend: await selectBackend({ backend: 'cpu' }) });
  reference = new Map(cells.map((c) => [c.id, metricsWithoutSeconds(dir, c.id)]));
});

/** The pids of live processes whose environment holds `marker`. */
function processesMarked(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}

describe('executeCellsDistributed with local workers', () => {
  it('two workers finish a small plan, each cell once, with the metrics of the sequential run', async () => {
    const dir = join(root, 'two');
    const mine = await tinyCells(dir);
    const done: string[] = [];
    const workers = new Set<number | string>();
    const { aborted, results, failed } = await executeCellsDistributed(dir, mine, {
      workers: 2,
      backend: 'cpu',
      onEvent: (e) => {
        if (e.type === 'cell-done') done.push(e.cell.id);
        if (e.type === 'epoch' && e.worker !== undefined) workers.add(e.worker);
      },
    });
    expect(aborted).toBe(false);
    expect(failed.size).toBe(0);
    expect([...results.keys()].sort()).toStrictEqual(mine.map((c) => c.id).sort());
    expect(done.sort()).toStrictEqual(mine.map((c) => c.id).sort());
    expect(workers.size).toBe(2);
    for (const cell of mine) expect(metricsWithoutSeconds(dir, cell.id)).toStrictEqual(reference.get(cell.id));
    const result = JSON.parse(readFileSync(join(dir, 'cells', mine[0]!.id, 'result.json'), 'utf8')) as {
      backends: { name: string; host?: string }[];
    };
    expect(result.backends[0]?.name).toBe('cpu');
    expect(typeof result.backends[0]?.host).toBe('string');
  });

  it('a stop after the first epoch ends every worker after its batch, leaving no half-written cell', async () => {
    const dir = join(root, 'stopped');
    const mine = await tinyCells(dir);
    const controller = new AbortController();
    const first = await executeCellsDistributed(dir, mine, {
      workers: 2,
      backend: 'cpu',
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'epoch') controller.abort();
      },
    });
    expect(first.aborted).toBe(true);
    expect(first.results.size).toBeLessThan(mine.length);
    for (const cell of mine) {
      // Whatever a stopped cell wrote is the start of the uninterrupted run's metrics: nothing torn, nothing extra.
      const lines = existsSync(join(dir, 'cells', cell.id, 'metrics.jsonl')) ? metricsWithoutSeconds(dir, cell.id) : [];
      expect(lines).toStrictEqual(reference.get(cell.id)?.slice(0, lines.length));
      if (!first.results.has(cell.id)) expect(existsSync(join(dir, 'cells', cell.id, 'result.json'))).toBe(false);
    }
  });

  it('the parent killed (SIGKILL) takes its workers down; the run then resumes and completes', async () => {
    const dir = join(root, 'killed');
    await tinyCells(dir);
    const marker = `RETHINK_SPEC_MARK=${process.pid}-${Date.now()}`;
    const parent = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '_coordinate.ts'), dir], {
      env: { ...process.env, RETHINK_SPEC_MARK: marker.split('=')[1] },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => {
      parent.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('"type":"epoch"')) resolve();
      });
    });
    expect(processesMarked(marker).length).toBeGreaterThanOrEqual(2);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while (processesMarked(marker).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(processesMarked(marker)).toStrictEqual([]);
    const mine = await tinyCells(dir);
    const again = await executeCellsDistributed(dir, mine, { workers: 2, backend: 'cpu' });
    expect(again.results.size).toBe(mine.length);
    expect(finishedCells(dir).sort()).toStrictEqual(mine.map((c) => c.id).sort());
    for (const cell of mine) expect(metricsWithoutSeconds(dir, cell.id)).toStrictEqual(reference.get(cell.id));
  });

  it('a cell that fails for good gets its error.json and the others finish', async () => {
    const dir = join(root, 'failing');
    const mine = await tinyCells(dir, { conditions: ['true-labels'] });
    const broken = (
      await tinyCells(dir, { dataset: 'idx:/nonexistent/rethink-spec', conditions: ['true-labels'] })
    )[0]!;
    const { results, failed } = await executeCellsDistributed(dir, [...mine, broken], { workers: 2, backend: 'cpu' });
    expect([...results.keys()]).toStrictEqual(mine.map((c) => c.id));
    expect(failed.get(broken.id)?.code).toBe('E_NOT_FOUND');
    const error = JSON.parse(readFileSync(join(dir, 'cells', broken.id, 'error.json'), 'utf8')) as { code: string };
    expect(error.code).toBe('E_NOT_FOUND');
  });

  it('rejects a worker count that is not an integer >= 1', async () => {
    await expect(executeCellsDistributed(join(root, 'none'), [], { workers: 0 })).rejects.toThrow(/integer >= 1/);
  });
});

describe('defaultWorkers', () => {
  it('is one worker per core on wasm and cpu, one per GPU on tensorflow, one on webgpu', () => {
    expect(defaultWorkers({ backend: 'wasm', cores: 2 })).toBe(2);
    expect(defaultWorkers({ backend: 'cpu', cores: 6 })).toBe(6);
    expect(defaultWorkers({ backend: 'webgpu', cores: 6 })).toBe(1);
    const gpu = (name: string) => name === '@tensorflow/tfjs-node-gpu';
    expect(defaultWorkers({ backend: 'tensorflow', env: { CUDA_VISIBLE_DEVICES: '0,1,3' }, installed: gpu })).toBe(3);
    expect(defaultWorkers({ backend: 'tensorflow', env: {}, installed: gpu })).toBe(1);
    expect(defaultWorkers({ backend: 'tensorflow', env: {}, installed: () => false, cores: 8 })).toBe(1);
  });

  it('resolves auto from the installed packages, and RETHINK_BACKEND', () => {
    expect(defaultWorkers({ env: {}, cores: 4, installed: () => false })).toBe(4);
    expect(defaultWorkers({ env: {}, cores: 4, installed: (n) => n === 'webgpu' })).toBe(1);
    expect(defaultWorkers({ env: { RETHINK_BACKEND: 'webgpu' }, cores: 4, installed: () => false })).toBe(1);
    expect(defaultWorkers({ env: { CUDA_VISIBLE_DEVICES: '0,1' }, cores: 4, installed: () => true })).toBe(2);
  });
});
