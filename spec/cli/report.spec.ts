/**
 * `rethink report DIR [DIR…]`: writes index.html from a run's files and prints its path; a plan's run folder, or
 * several folders merged, get the comparative report with figures/*.svg and tables/*.csv beside it; a missing or
 * invalid run folder fails with exit code 1 and a message naming the file; runs that cannot be merged fail naming
 * the field that differs.
 */
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../../src/cli/io.ts';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/report/sample-run');
const PLAN_FIXTURE = resolve(import.meta.dirname, '../../fixtures/report/plan-run');
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

  it('writes the comparative report of a plan run folder: index.html, figures and tables', async () => {
    const dir = join(scratch, `plan-${counter++}`);
    cpSync(PLAN_FIXTURE, dir, { recursive: true });
    const io = memoryIo();
    expect(await main(['report', dir], io)).toBe(0);
    expect(io.stdout.join('')).toBe(`${join(dir, 'index.html')}\n`);
    expect(io.stderr.join('')).toMatch(
      /^rethink report: note: Not finished \(no result\.json yet\): inception\/corrupt-labels@0\.6\//,
    );
    expect((readFileSync(join(dir, 'index.html'), 'utf8').match(/<svg /g) ?? []).length).toBe(5);
    for (const f of ['figure-1a', 'figure-1b', 'figure-1c', 'figure-2', 'regularization']) {
      expect(existsSync(join(dir, 'figures', `${f}.svg`))).toBe(true);
    }
    for (const t of ['table-1', 'regularization', 'cells'])
      expect(existsSync(join(dir, 'tables', `${t}.csv`))).toBe(true);
  });

  it('merges several folders into one report with --out, and prints JSON with --json', async () => {
    const a = join(scratch, `plan-${counter++}`);
    const b = join(scratch, `plan-${counter++}`);
    cpSync(PLAN_FIXTURE, a, { recursive: true });
    cpSync(PLAN_FIXTURE, b, { recursive: true });
    const out = join(scratch, 'merged', 'index.html');
    const io = memoryIo();
    expect(await main(['report', a, b, '--out', out, '--json'], io)).toBe(0);
    const printed = JSON.parse(io.stdout.join('')) as {
      file: string;
      figures: string[];
      tables: string[];
      cells: number;
    };
    expect(printed.file).toBe(out);
    expect(printed.cells).toBe(92);
    expect(printed.figures).toHaveLength(5);
    expect(printed.tables[0]).toBe(join(scratch, 'merged', 'tables', 'table-1.csv'));
    expect(existsSync(join(a, 'index.html'))).toBe(false);
  });

  it('fails with exit 1 naming the field when the folders are of different data', async () => {
    const io = memoryIo();
    expect(await main(['report', PLAN_FIXTURE, FIXTURE, '--out', join(scratch, 'mix', 'index.html')], io)).toBe(1);
    expect(io.stderr.join('')).toBe(
      `rethink: [E_RUN_MIX] mergeRuns: dataset differs: "cifar10" in ${PLAN_FIXTURE}, "mnist" in ${FIXTURE}\n`,
    );
    expect(existsSync(join(scratch, 'mix'))).toBe(false);
  });

  it('is a usage error (exit 2) without a folder', async () => {
    const io = memoryIo();
    expect(await main(['report'], io)).toBe(2);
    expect(io.stderr.join('')).toMatch(/missing required argument 'dir'/);
  });
});
