/**
 * `rethink report DIR`: writes index.html from a run's files and prints its path; a missing or invalid run
 * folder fails with exit code 1 and a message naming the file.
 */
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../../src/cli/io.ts';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/report/sample-run');
const scratch = mkdtempSync(join(tmpdir(), 'rethink-cli-report-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
function copyFixture(): string {
  const dir = join(scratch, `run-${counter++}`);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('rethink report', () => {
  it('writes index.html into the run folder and prints its path', async () => {
    const dir = copyFixture();
    const io = memoryIo();
    expect(await main(['report', dir], io)).toBe(0);
    const file = join(dir, 'index.html');
    expect(io.stdout.join('')).toBe(`${file}\n`);
    expect(io.stderr).toStrictEqual([]);
    const page = readFileSync(file, 'utf8');
    expect((page.match(/<svg /g) ?? []).length).toBe(3);
    expect(page).toContain('<table class="results">');
  });

  it('writes to --out and prints JSON with --json; notes about the files go to stderr', async () => {
    const dir = copyFixture();
    rmSync(join(dir, 'summary.json'));
    appendFileSync(join(dir, 'metrics.jsonl'), '{"condition":');
    const out = join(scratch, 'out', 'page.html');
    const io = memoryIo();
    expect(await main(['report', dir, '--out', out, '--json'], io)).toBe(0);
    const printed = JSON.parse(io.stdout.join('')) as { file: string; conditions: number; warnings: string[] };
    expect(printed.file).toBe(out);
    expect(printed.conditions).toBe(10);
    expect(printed.warnings).toHaveLength(2);
    expect(io.stderr.join('')).toMatch(/note: metrics\.jsonl: the last line \(243\) was cut off/);
    expect(existsSync(out)).toBe(true);
    expect(existsSync(join(dir, 'index.html'))).toBe(false);
  });

  it('fails with exit 1 naming a missing run folder', async () => {
    const io = memoryIo();
    const missing = join(scratch, 'no-such-run');
    expect(await main(['report', missing], io)).toBe(1);
    expect(io.stderr.join('')).toBe(`rethink: [E_RUN_DIR] readRun: no such run folder: ${missing}\n`);
  });

  it('fails with exit 1 naming the bad file (and line)', async () => {
    const dir = copyFixture();
    rmSync(join(dir, 'config.json'));
    let io = memoryIo();
    expect(await main(['report', dir], io)).toBe(1);
    expect(io.stderr.join('')).toContain(`[E_RUN_FILE] readConfig: ${join(dir, 'config.json')}: missing`);

    const other = copyFixture();
    const lines = readFileSync(join(other, 'metrics.jsonl'), 'utf8').split('\n');
    lines[4] = '{"condition": oops}';
    writeFileSync(join(other, 'metrics.jsonl'), lines.join('\n'));
    io = memoryIo();
    expect(await main(['report', other], io)).toBe(1);
    expect(io.stderr.join('')).toContain(`[E_RUN_FILE] readMetrics: ${join(other, 'metrics.jsonl')}:5: not valid JSON`);
    expect(existsSync(join(other, 'index.html'))).toBe(false);
  });

  it('is a usage error (exit 2) without a folder', async () => {
    const io = memoryIo();
    expect(await main(['report'], io)).toBe(2);
    expect(io.stderr.join('')).toMatch(/missing required argument 'dir'/);
  });
});
