/**
 * Interruption loses nothing: a `rethink reproduce` child process killed with SIGKILL mid-run, started again
 * with the same `--out`, skips finished conditions, resumes the unfinished one from its last checkpoint, and
 * ends with the same metrics and summary as an uninterrupted run (bit-identical; wall times aside).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  '400',
  '--test-samples',
  '100',
  '--conditions',
  'true,random,corrupt',
  '--corruption',
  '0.5',
  '--epochs',
  String(EPOCHS),
  '--seed',
  '3',
  '--backend',
  'wasm',
  '--no-theorem',
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

/** Metrics without wall times. */
function metrics(dir: string): unknown[] {
  return lines(join(dir, 'metrics.jsonl')).map((l) => ({ ...JSON.parse(l), seconds: 0 }));
}

/** Summary without wall times and timestamps. */
function summary(dir: string): unknown {
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  return { ...s, finishedAt: 0, conditions: s.conditions.map((c: object) => ({ ...c, secondsToFit: 0 })) };
}

function runToEnd(out: string): void {
  const result = spawnSync(process.execPath, args(out), { cwd: root, encoding: 'utf8', timeout: 300_000 });
  expect(result.status, result.stderr).toBe(0);
}

describe('reproduce resumes after SIGKILL', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('killed mid-run and restarted, it ends with the metrics of an uninterrupted run', async () => {
    const whole = join(work, 'whole');
    runToEnd(whole);
    expect(lines(join(whole, 'metrics.jsonl')).length).toBeGreaterThan(EPOCHS);

    const cut = join(work, 'cut');
    const child = spawn(process.execPath, args(cut), { cwd: root, stdio: 'ignore' });
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    // Kill once the second condition has started (more lines than one condition can write).
    const deadline = Date.now() + 240_000;
    while (lines(join(cut, 'metrics.jsonl')).length < EPOCHS + 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    await exited;
    const atKill = lines(join(cut, 'metrics.jsonl')).length;
    expect(atKill).toBeGreaterThanOrEqual(EPOCHS + 2);
    expect(existsSync(join(cut, 'index.html')), 'the run finished before it was killed: nothing was tested').toBe(
      false,
    );

    runToEnd(cut);
    expect(metrics(cut)).toStrictEqual(metrics(whole));
    expect(summary(cut)).toStrictEqual(summary(whole));
    expect(existsSync(join(cut, 'checkpoints'))).toBe(false);
  }, 600_000);
});
