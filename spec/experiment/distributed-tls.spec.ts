/**
 * The queue over TLS (`rediss://`) with a password, on a real TLS-only Redis (Debian's redis-server with a
 * self-signed certificate for 127.0.0.1): a worker that trusts the certificate (`NODE_EXTRA_CA_CERTS`, as a lab
 * with its own CA would set it) and a coordinator run every cell, and the password appears in no log, run file or
 * report; a worker that does not trust it exits non-zero within seconds, naming the URL without its password.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, finishedCells, tinyCells } from './_cells.ts';
import { NO_REDIS, OPENSSL, REDIS_SERVER, selfSignedCertificate, startRedis, type RedisServer } from './_redis.ts';

const PASSWORD = 'tls pa55word';
const root = mkdtempSync(join(tmpdir(), 'rethink-queue-tls-'));
const skip =
  REDIS_SERVER === null ? NO_REDIS : OPENSSL === null ? 'openssl is not installed (apt-get install -y openssl)' : null;
let redis: RedisServer;
let cert: string;
const children: ChildProcess[] = [];

/** Every file under `dir` (recursively), as text. */
function everyFile(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? everyFile(path) : [readFileSync(path, 'latin1')];
  });
}

describe.skipIf(skip !== null)(`the cell queue over TLS${skip !== null ? ` (${skip})` : ''}`, () => {
  beforeAll(async () => {
    const tls = selfSignedCertificate(root);
    cert = tls.cert;
    redis = await startRedis({ password: PASSWORD, tls });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('rediss:// with a password: a worker and a coordinator that trust the certificate run every cell', async () => {
    expect(redis.url.startsWith('rediss://')).toBe(true);
    const dir = join(root, 'run');
    const cells = await tinyCells(dir, { conditions: ['true-labels', 'random-labels'] });
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: cert };
    const worker = spawn(
      process.execPath,
      [CLI, 'worker', '--queue', redis.url, '--concurrency', '1', '--backend', 'cpu', '--root', root],
      { env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    children.push(worker);
    let workerLog = '';
    worker.stderr?.on('data', (chunk: Buffer) => (workerLog += chunk.toString()));
    const coordinator = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '_coordinate.ts'), dir, redis.url],
      { env, encoding: 'utf8', timeout: 120_000 },
    );
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker.once('exit', resolve));
    expect(coordinator.status, coordinator.stderr).toBe(0);
    const last = JSON.parse(coordinator.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(last).toMatchObject({ type: 'result', aborted: false, finished: cells.length, failed: [] });
    expect(finishedCells(dir).sort()).toStrictEqual(cells.map((c) => c.id).sort());
    expect(workerLog).toContain('taking cells from rediss://:***@127.0.0.1:');
    for (const text of [workerLog, coordinator.stdout, coordinator.stderr, ...everyFile(dir)]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(encodeURIComponent(PASSWORD));
    }
  }, 180_000);

  it('a worker that does not trust the certificate exits non-zero within seconds, the password nowhere', () => {
    const started = Date.now();
    const result = spawnSync(
      process.execPath,
      [CLI, 'worker', '--queue', redis.url, '--backend', 'cpu', '--root', root],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).not.toBe(0);
    expect(result.status).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.stderr).toMatch(
      /cannot use Redis at rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0: self-signed certificate/,
    );
    expect(result.stderr + result.stdout).not.toContain(encodeURIComponent(PASSWORD));
    expect(result.stderr + result.stdout).not.toContain(PASSWORD);
  }, 90_000);
});
