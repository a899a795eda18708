/**
 * A fixture file server on 127.0.0.1 for the download specs (no test touches the internet).
 * Paths are `/<mode>/<file name>`, where mode is
 * - `ok`: the file, with its Content-Length;
 * - `drop`: the headers and half the bytes, then the connection is destroyed;
 * - `stall`: the headers and half the bytes, then nothing (the client's stall timeout must end it);
 * - `missing`: HTTP 404;
 * - `hang`: nothing at all, not even the headers (the client's connect timeout must end it);
 * - `chunked`: the file without a Content-Length (chunked transfer encoding).
 * Files are looked up by name in `files` (name → bytes). `hits` counts requests per path.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { fixtureFiles } from './_sources.ts';

/** How the server answers a request (see above). */
export type FixtureMode = 'ok' | 'drop' | 'stall' | 'missing' | 'hang' | 'chunked';

export interface FixtureServer {
  readonly base: (mode: FixtureMode) => string;
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

export async function serveFixtures(files: ReadonlyMap<string, Uint8Array>): Promise<FixtureServer> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const [, mode, name] = path.split('/');
    const body = files.get(decodeURIComponent(name ?? ''));
    if (mode === 'missing' || body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    if (mode === 'hang') return;
    if (mode === 'chunked') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(body);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    if (mode === 'ok') {
      res.end(body);
      return;
    }
    res.write(body.subarray(0, body.length >> 1), () => {
      if (mode === 'drop') setTimeout(() => res.socket?.destroy(), 20);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: (mode) => `http://127.0.0.1:${port}/${mode}/`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port with nothing listening on it (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The fixture server, its files and a fresh cache directory per test, for a download spec (see {@link useFixtureCache}). */
export interface FixtureCache {
  /** The running server (from `beforeAll` on). */
  readonly server: FixtureServer;
  /** The files it serves (`fixtureFiles()`). */
  readonly files: Map<string, Uint8Array>;
  /** A temporary directory, removed after the file's tests. */
  readonly root: string;
  /** A new, not yet existing directory under `root` for each test. */
  readonly cache: string;
  /** How many tests have started (the suffix of the next cache directory). */
  readonly run: number;
}

/**
 * Registers the hooks of a download spec file: the fixture server and a temporary root for the whole file, and
 * a fresh cache directory under it for every test. Read the fields inside tests and hooks, not at import.
 */
export function useFixtureCache(prefix: string): FixtureCache {
  let state: { server: FixtureServer; files: Map<string, Uint8Array>; root: string } | undefined;
  let cache = '';
  let run = 0;
  const started = () => {
    if (state === undefined) throw new Error('useFixtureCache: read inside a test or hook, after beforeAll');
    return state;
  };
  beforeAll(async () => {
    const files = fixtureFiles();
    state = { files, server: await serveFixtures(files), root: await mkdtemp(join(tmpdir(), prefix)) };
  });
  afterAll(async () => {
    await state?.server.close();
    if (state !== undefined) await rm(state.root, { recursive: true, force: true });
    state = undefined;
  });
  beforeEach(() => {
    cache = join(started().root, `cache-${run++}`);
  });
  return {
    get server() {
      return started().server;
    },
    get files() {
      return started().files;
    },
    get root() {
      return started().root;
    },
    get cache() {
      return cache;
    },
    get run() {
      return run;
    },
  };
}
