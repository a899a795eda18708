/**
 * Interruption loses nothing: a `rethink reproduce` child process killed with SIGKILL mid-cell, started again
 * with the same `--out`, skips finished cells, resumes the unfinished one from its last checkpoint, and ends with
 * the same metrics and results as an uninterrupted run (bit-identical; wall times aside). The plan has two models
 * × weight decay on/off × two seeds, as issue #17 asks of the cells.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin', 'rethink.mjs');
const work = mkdtempSync(join(tmpdir(), 'rethink-resume-'));
const EPOCHS = 6;
const args = (out: string): string[] => [
  bin,
  'reproduce',
  '--samples',
  '200',
  '--test-samples',
  '100',
  '--conditions',
  'random',
  '--models',
  'mlp1x512,cnn',
  '--weight-decay',
  '0,5e-4',
  '--seeds',
  '3,4',
  '--epochs',
  String(EPOCHS),
  '--backend',
  'wasm',
  '--no-theorem',
  // A checkpoint after every epoch, so that the killed cell has one to resume from (the default interval of
  // 10 s would leave none in cells this short, and the cell would start again: same results, nothing tested).
  '--checkpoint-every',
  '0',
  '--out',
  out,
];

function lines(file: string): string[] {
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
    : [];
}

/** Every cell's metrics lines, by cell id. */
function allLines(dir: string): string[] {
  const cells = join(dir, 'cells');
  return existsSync(cells) ? readdirSync(cells).flatMap((id) => lines(join(cells, id, 'metrics.jsonl'))) : [];
}

/** Metrics without wall times, by cell. */
function metrics(dir: string): Record<string, unknown[]> {
  return Object.fromEntries(
    readdirSync(join(dir, 'cells')).map((id) => [
      id,
      lines(join(dir, 'cells', id, 'metrics.jsonl')).map((l) => ({ ...JSON.parse(l), seconds: 0 })),
    ]),
  );
}

/** Results without wall times, timestamps and hosts. */
function results(dir: string): Record<string, unknown> {
  return Object.fromEntries(
    readdirSync(join(dir, 'cells')).map((id) => {
      const r = JSON.parse(readFileSync(join(dir, 'cells', id, 'result.json'), 'utf8'));
      return [id, { ...r, secondsToFit: 0, startedAt: 0, finishedAt: 0 }];
    }),
  );
}

function runToEnd(out: string): string {
  const result = spawnSync(process.execPath, args(out), { cwd: root, encoding: 'utf8', timeout: 300_000 });
  expect(result.status, result.stderr).toBe(0);
  return result.stderr;
}

describe('reproduce resumes after SIGKILL', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('killed mid-run and restarted, it ends with the metrics of an uninterrupted run', async () => {
    const whole = join(work, 'whole');
    runToEnd(whole);
    expect(allLines(whole).length).toBe(8 * EPOCHS);

    const cut = join(work, 'cut');
    const child = spawn(process.execPath, args(cut), { cwd: root, stdio: 'ignore' });
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    // Kill in the middle of the fourth cell (more lines than three cells can write).
    const deadline = Date.now() + 240_000;
    while (allLines(cut).length < 3 * EPOCHS + 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    await exited;
    const atKill = allLines(cut).length;
    expect(atKill).toBeGreaterThanOrEqual(3 * EPOCHS + 2);
    expect(existsSync(join(cut, 'index.html')), 'the run finished before it was killed: nothing was tested').toBe(
      false,
    );

    const log = runToEnd(cut);
    expect(log).toMatch(/resuming after epoch [1-9]/);
    expect(metrics(cut)).toStrictEqual(metrics(whole));
    expect(results(cut)).toStrictEqual(results(whole));
    for (const id of readdirSync(join(cut, 'cells')))
      expect(existsSync(join(cut, 'cells', id, 'checkpoint'))).toBe(false);
  }, 600_000);
});
