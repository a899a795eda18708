/**
 * The run-folder rules of issue #16, as specs against a plan's run folder (whatever its file names): a foreign
 * folder or a file as `--out` is refused and nothing in it is touched; only files the run wrote are removed; a
 * folder being written by a live process is refused, a stale lock is taken over; another epoch cap is another
 * plan, and the files never disagree; a duplicate image does not stop training, and the Theorem 1 panel names
 * the colliding records; a diverged cell says so; each epoch records its backend, and a resume elsewhere adds one.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cellResultSchema, PLAN_FILES, theoremFileSchema } from 'rethink/core';
import { ExperimentError, reproduce, type ReproduceOptions } from 'rethink/experiment';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../../src/cli/io.ts';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'rethink-run-folder-'));
const TINY: ReproduceOptions = {
  samples: 40,
  testSamples: 20,
  conditions: ['random'],
  epochs: 2,
  backend: 'cpu',
  theorem: false,
};

/** Every file under `dir`, relative, with its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string, rel: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path, `${rel}${entry.name}/`);
      else out[`${rel}${entry.name}`] = readFileSync(path, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

async function cli(args: string[]): Promise<{ code: number; err: string; out: string }> {
  const io = memoryIo();
  const code = await main(args, io);
  return { code, err: io.stderr.join(''), out: io.stdout.join('') };
}

function results(dir: string): ReturnType<typeof cellResultSchema.parse>[] {
  const cells = join(dir, PLAN_FILES.cells);
  return readdirSync(cells).flatMap((id) => {
    const file = join(cells, id, PLAN_FILES.result);
    return existsSync(file) ? [cellResultSchema.parse(JSON.parse(readFileSync(file, 'utf8')))] : [];
  });
}

describe('run folders', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('a folder that is not a run is refused and nothing in it is touched (#16.3), a file as --out too (#16.11): exit 2', async () => {
    const foreign = join(work, 'foreign');
    mkdirSync(join(foreign, 'checkpoints'), { recursive: true });
    writeFileSync(join(foreign, 'checkpoints', 'important.txt'), 'keep');
    writeFileSync(join(foreign, 'summary.json'), '{"mine": true}');
    const before = snapshot(foreign);
    const refused = await cli([
      'reproduce',
      '--samples',
      '40',
      '--conditions',
      'random',
      '--epochs',
      '1',
      '--out',
      foreign,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('is not empty and is not a rethink run');
    expect(refused.err).toContain('nothing in it was touched');
    expect(snapshot(foreign)).toStrictEqual(before);

    const file = join(work, 'a-file');
    writeFileSync(file, 'x');
    const notDir = await cli(['reproduce', '--samples', '40', '--conditions', 'random', '--out', file]);
    expect(notDir.code).toBe(2);
    expect(notDir.err).toContain(`--out ${file} is a file, not a folder`);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('a finished run with another --epochs is refused naming it, and its files keep agreeing (#16.2)', async () => {
    const out = join(work, 'epochs');
    await reproduce({ ...TINY, out });
    const before = snapshot(out);
    const error = await reproduce({ ...TINY, epochs: 3, out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExperimentError);
    expect((error as Error).message).toMatch(/holds another plan \(optimizer .*"epochs":2.* → .*"epochs":3/);
    expect(snapshot(out)).toStrictEqual(before);
    // The same options resume (nothing to do) and leave every file as it was but the report.
    await reproduce({ ...TINY, out });
    const after = snapshot(out);
    for (const [name, text] of Object.entries(before))
      if (!name.startsWith('index') && !name.startsWith('figures') && !name.startsWith('tables'))
        expect(after[name]).toBe(text);
  });

  it('removes only the files it wrote: a stranger file in a cell folder survives the run (#16.3)', async () => {
    const out = join(work, 'own');
    const signal = AbortSignal.abort();
    await reproduce({ ...TINY, out, signal });
    const [cellId] = readdirSync(join(out, PLAN_FILES.cells));
    const cellFolder = join(out, PLAN_FILES.cells, cellId as string);
    mkdirSync(join(cellFolder, PLAN_FILES.checkpoint), { recursive: true });
    writeFileSync(join(cellFolder, PLAN_FILES.checkpoint, 'notes.txt'), 'mine');
    await reproduce({ ...TINY, out });
    expect(readFileSync(join(cellFolder, PLAN_FILES.checkpoint, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(join(cellFolder, PLAN_FILES.checkpoint))).toStrictEqual(['notes.txt']);
    expect(existsSync(join(cellFolder, PLAN_FILES.result))).toBe(true);
  });

  it('a folder a live process is writing is refused; a lock left by a dead one is taken over (#16.18)', async () => {
    const out = join(work, 'locked');
    await reproduce({ ...TINY, out, signal: AbortSignal.abort() });
    // A live holder: this very test's parent process id, on this host.
    writeFileSync(
      join(out, PLAN_FILES.lock),
      JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: '2026-01-01T00:00:00Z' }),
    );
    const error = await reproduce({ ...TINY, out }).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`is being written by another rethink process (pid ${process.ppid}`);
    // A dead holder: a process that has exited.
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((done) => child.on('exit', done));
    writeFileSync(
      join(out, PLAN_FILES.lock),
      JSON.stringify({ pid: child.pid, host: hostname(), startedAt: '2026-01-01T00:00:00Z' }),
    );
    const done = await reproduce({ ...TINY, out });
    expect(done.aborted).toBe(false);
    expect(existsSync(join(out, PLAN_FILES.lock))).toBe(false);
  });

  it('a cell whose loss diverges says so, in the output and the result (#16.7)', async () => {
    const out = join(work, 'diverged');
    const run = await cli([
      'reproduce',
      '--samples',
      '40',
      '--test-samples',
      '20',
      '--conditions',
      'true',
      '--epochs',
      '3',
      '--lr',
      '1e30',
      '--backend',
      'cpu',
      '--no-theorem',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.err).toContain('diverged at epoch 1');
    const [result] = results(out);
    expect(result?.stoppedBy).toBe('diverged');
    expect(readFileSync(join(out, PLAN_FILES.report), 'utf8')).toContain('diverged');
  });

  it('every epoch records its backend, and a resume on another backend adds it to the cell (#16.12)', async () => {
    const out = join(work, 'backends');
    const controller = new AbortController();
    await reproduce({
      ...TINY,
      epochs: 3,
      backend: 'wasm',
      out,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'epoch') controller.abort();
      },
    });
    await reproduce({ ...TINY, epochs: 3, backend: 'cpu', out });
    const [result] = results(out);
    expect(result?.backends.map((b) => b.name)).toStrictEqual(['wasm', 'cpu']);
    expect(result?.backends.every((b) => b.host === hostname())).toBe(true);
  });

  it('two identical images with different random labels: training goes on, the panel names the records (#16.1)', async () => {
    const data = join(work, 'cifar-dupes');
    mkdirSync(data);
    // A 20-record batch file made of the tiny fixture's 7 distinct records, repeated; five copies of it.
    const tiny = join(root, 'fixtures', 'cifar10-tiny');
    const records = [
      'data_batch_1',
      'data_batch_2',
      'data_batch_3',
      'data_batch_4',
      'data_batch_5',
      'test_batch',
    ].flatMap((name) => {
      const bytes = readFileSync(join(tiny, `${name}.bin`));
      return Array.from({ length: bytes.length / 3073 }, (_, r) => bytes.subarray(r * 3073, (r + 1) * 3073));
    });
    const batch = Buffer.concat(Array.from({ length: 20 }, (_, i) => records[i % records.length] as Buffer));
    for (let b = 1; b <= 5; b++) writeFileSync(join(data, `data_batch_${b}.bin`), batch);
    writeFileSync(join(data, 'test_batch.bin'), batch);
    copyFileSync(join(tiny, 'batches.meta.txt'), join(data, 'batches.meta.txt'));
    const out = join(work, 'dupes');
    const run = await cli([
      'reproduce',
      '--dataset',
      `cifar10:${data}`,
      '--samples',
      '64',
      '--test-samples',
      '20',
      '--epochs',
      '2',
      '--conditions',
      'random-labels',
      '--backend',
      'cpu',
      '--out',
      out,
    ]);
    expect(run.code, run.err).toBe(0);
    expect(results(out)).toHaveLength(1);
    const panel = theoremFileSchema.parse(JSON.parse(readFileSync(join(out, PLAN_FILES.theorem), 'utf8')));
    if (panel.skipped !== true) throw new Error(`expected the panel to be skipped, got ${JSON.stringify(panel)}`);
    expect(panel.reason).toContain('--no-theorem');
    expect(panel.records).toHaveLength(2);
    for (const record of panel.records)
      expect(record).toMatch(/^training image \d+ \(data_batch_[1-5]\.bin record \d+\) of the subset$/);
    expect(run.err).toContain('Theorem 1: skipped');
  });
});
