/**
 * Spec helper: a real Redis — Debian's `redis-server` — on a free loopback port in a temporary folder, no
 * persistence, stopped after. `REDIS_SERVER` is null when it is not installed (the queue specs then skip, saying
 * so; `.ci/run` installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The path of redis-server, or null. */
export const REDIS_SERVER: string | null = (() => {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() !== '' ? found.stdout.trim() : null;
})();

/** Why the queue specs skip, when they do. */
export const NO_REDIS = 'redis-server is not installed (apt-get install -y redis-server; .ci/run installs it)';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  readonly port: number;
  /** `redis://[:password@]127.0.0.1:PORT/0` (`rediss://` with TLS). */
  readonly url: string;
  /** Stops it (SIGTERM) and starts it again on the same port: everything it held is gone (no persistence). */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/** The path of openssl (to make a certificate for a TLS Redis), or null. */
export const OPENSSL: string | null = (() => {
  const found = spawnSync('sh', ['-c', 'command -v openssl'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() !== '' ? found.stdout.trim() : null;
})();

/** A self-signed certificate for 127.0.0.1 (its own CA) and its key, as files in `dir`. */
export function selfSignedCertificate(dir: string): { cert: string; key: string } {
  if (OPENSSL === null) throw new Error('openssl is not installed (apt-get install -y openssl)');
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = spawnSync(
    OPENSSL,
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  return { cert, key };
}

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  readonly password?: string;
  /** Serve TLS only (no plain port) with this certificate and key; the URL is then `rediss://`. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  if (REDIS_SERVER === null) throw new Error(NO_REDIS);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rethink-redis-'));
  let child: ChildProcess | null = null;
  const { tls } = options;
  const args = [
    ...(tls
      ? [
          '--port',
          '0',
          '--tls-port',
          String(port),
          '--tls-cert-file',
          tls.cert,
          '--tls-key-file',
          tls.key,
          '--tls-ca-cert-file',
          tls.cert,
          '--tls-auth-clients',
          'no',
        ]
      : ['--port', String(port)]),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
    ...(options.password ? ['--requirepass', options.password] : []),
  ];
  const up = async (): Promise<void> => {
    const proc = spawn(REDIS_SERVER as string, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out.slice(-500)}`)), 10_000);
      proc.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`));
      });
    });
  };
  const down = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (proc === null || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  await up();
  return {
    port,
    url: `${tls ? 'rediss' : 'redis'}://${options.password ? `:${encodeURIComponent(options.password)}@` : ''}127.0.0.1:${port}/0`,
    restart: async ({ downMs = 500 } = {}) => {
      await down();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await up();
    },
    stop: async () => {
      await down();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
