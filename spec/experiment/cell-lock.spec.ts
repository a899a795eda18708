/** One process trains a cell at a time: the cell's `.worker-lock`, waited for while live, taken over when stale. */
import { mkdtempSync, rmSync, utimesSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockCell } from '../../src/experiment/_cell-lock.ts';

const root = mkdtempSync(join(tmpdir(), 'rethink-cell-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const lockFile = (id: string) => join(root, 'cells', id, '.worker-lock');

describe('lockCell', () => {
  it('a second taker waits until the first releases', async () => {
    const release = await lockCell(root, 'aaaaaaaaaaaa');
    expect(release).not.toBeNull();
    let second = false;
    const waiting = lockCell(root, 'aaaaaaaaaaaa').then((r) => {
      second = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 800));
    expect(second).toBe(false);
    await release!();
    const next = await waiting;
    expect(second).toBe(true);
    await next!();
    expect(existsSync(lockFile('aaaaaaaaaaaa'))).toBe(false);
  });

  it('takes over a lock whose process is gone, or that was not renewed in time', async () => {
    mkdirSync(join(root, 'cells', 'bbbbbbbbbbbb'), { recursive: true });
    writeFileSync(lockFile('bbbbbbbbbbbb'), JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), at: 'x' }));
    const dead = await lockCell(root, 'bbbbbbbbbbbb');
    await dead!();
    mkdirSync(join(root, 'cells', 'cccccccccccc'), { recursive: true });
    writeFileSync(lockFile('cccccccccccc'), JSON.stringify({ pid: 1, host: 'elsewhere', at: 'x' }));
    const old = new Date(Date.now() - 120_000);
    utimesSync(lockFile('cccccccccccc'), old, old);
    const stale = await lockCell(root, 'cccccccccccc', { staleMs: 60_000 });
    await stale!();
  });

  it('gives up (null) when aborted while waiting', async () => {
    const release = await lockCell(root, 'dddddddddddd');
    const controller = new AbortController();
    const waiting = lockCell(root, 'dddddddddddd', { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    expect(await waiting).toBeNull();
    await release!();
  });
});
