/**
 * What downloadDataSet reports, beyond success or failure: the fields and the message of each error (the user
 * reads them to find which URL, file, digest or directory is at fault), the progress records, the aliases, and
 * the verified marker. Everything is served by the local fixture server (no test touches the internet).
 */
import { readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ArgumentError, DownloadError, FormatError, IntegrityError, RethinkError } from 'rethink/core';
import { DATA_SOURCES, VERIFIED_MARKER, downloadDataSet, type DataSource, type DownloadProgress } from 'rethink/data';
import { closedPort, serveFixtures, useFixtureCache } from './_server.ts';
import { cifarSource, mnistSource } from './_sources.ts';

const fx = useFixtureCache('rethink-download-details-');

const ARCHIVE = 'cifar-10-binary.tar.gz';
const archive = () => fx.files.get(ARCHIVE) as Uint8Array;
const digest = (algorithm: 'md5' | 'sha256', bytes: Uint8Array) => createHash(algorithm).update(bytes).digest('hex');

/** The rejection of `promise`, which must be an instance of `type`. */
async function rejection<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

describe('downloadDataSet errors name what is at fault', () => {
  it('an unknown name lists the known ones', async () => {
    const e = await rejection(downloadDataSet('imagenet', { dir: fx.cache }), ArgumentError);
    expect(e.message).toContain(
      'downloadDataSet: unknown data set "imagenet"; expected one of cifar10, mnist, fashion-mnist',
    );
    expect(e.details).toEqual({ name: 'imagenet' });
  });

  it('a checksum mismatch names the file, where it came from, the algorithm and both digests', async () => {
    const url = `${fx.server.base('ok')}${ARCHIVE}`;
    const e = await rejection(
      downloadDataSet('cifar10', { dir: fx.cache, mirror: fx.server.base('ok'), source: cifarSource(fx.files, true) }),
      IntegrityError,
    );
    const actual = digest('sha256', archive());
    expect(e.details).toEqual({ file: ARCHIVE, from: url, algorithm: 'sha256', expected: '0'.repeat(64), actual });
    expect(e.message).toBe(
      `downloadDataSet: ${ARCHIVE} from ${url} has SHA256 ${actual}, but the published one is ${'0'.repeat(64)}; it was discarded`,
    );
  });

  it('checks the MD5 too, and accepts published digests in upper case', async () => {
    const good = cifarSource(fx.files);
    const file = good.files[0]!;
    const wrongMd5: DataSource = { ...good, files: [{ ...file, md5: 'f'.repeat(32) }] };
    const e = await rejection(
      downloadDataSet('cifar10', { dir: fx.cache, mirror: fx.server.base('ok'), source: wrongMd5 }),
      IntegrityError,
    );
    expect(e.details).toMatchObject({ algorithm: 'md5', expected: 'f'.repeat(32), actual: digest('md5', archive()) });
    expect(e.message).toContain(' has MD5 ');
    const upper: DataSource = {
      ...good,
      files: [{ ...file, sha256: file.sha256!.toUpperCase(), md5: file.md5!.toUpperCase() }],
    };
    expect(
      (await downloadDataSet('cifar10', { dir: fx.cache, mirror: fx.server.base('ok'), source: upper })).downloaded,
    ).toBe(true);
  });

  it('an HTTP error names the status and the URL; every attempt is listed, with where to put the files by hand', async () => {
    const source = mnistSource(fx.files);
    const target = join(fx.cache, 'mnist');
    const url = `${fx.server.base('missing')}${source.files[0]!.name}`;
    const e = await rejection(
      downloadDataSet('mnist', { dir: fx.cache, mirror: fx.server.base('missing'), source }),
      DownloadError,
    );
    expect(e.details).toEqual({ url, status: 404, attempts: 1, target });
    expect(e.message).toContain(`downloadDataSet: HTTP 404 from ${url}. If this machine is offline, fetch `);
    const listed = source.files.map((f) => `${f.name} (MD5 ${f.md5})`).join(', ');
    expect(e.message).toContain(`fetch ${listed} from ${source.mirrors[0]} elsewhere and put them in ${target}; `);
    expect(e.message).toContain(
      'then run the same `rethink data download mnist` again: it verifies and unpacks hand-placed files without the network.',
    );
    expect(e.cause).toBeInstanceOf(DownloadError);
  });

  it('with several mirrors, the message joins every attempt and the details count them', async () => {
    const source = {
      ...mnistSource(fx.files),
      mirrors: [fx.server.base('missing'), fx.server.base('missing').slice(0, -1)],
    };
    const name = source.files[0]!.name;
    const e = await rejection(downloadDataSet('mnist', { dir: fx.cache, source, env: {} }), DownloadError);
    expect(e.details).toMatchObject({ attempts: 2, status: 404, url: `${fx.server.base('missing')}${name}` });
    expect(e.message).toContain(
      `HTTP 404 from ${fx.server.base('missing')}${name}; downloadDataSet: HTTP 404 from ${fx.server.base('missing')}${name}. If`,
    );
  });

  it('an unreachable host names the URL and the system error code; the hint gives the SHA-256 and "it"', async () => {
    const port = await closedPort();
    const base = `http://127.0.0.1:${port}`;
    const url = `${base}/${ARCHIVE}`;
    const source = cifarSource(fx.files);
    const e = await rejection(downloadDataSet('cifar10', { dir: fx.cache, mirror: base, source }), DownloadError);
    expect(e.details).toMatchObject({ url, errno: 'ECONNREFUSED', attempts: 1, target: join(fx.cache, 'cifar10') });
    expect(e.message).toContain(`downloadDataSet: could not reach ${url} (ECONNREFUSED). If this machine`);
    expect(e.message).toContain(
      `fetch ${ARCHIVE} (SHA-256 ${source.files[0]!.sha256}) from ${source.mirrors[0]} elsewhere and put it in ${join(fx.cache, 'cifar10')}; `,
    );
  });

  it('a failure without a system error code is named by its cause (an unsupported scheme)', async () => {
    const url = `ftp://127.0.0.1/${ARCHIVE}`;
    const e = await rejection(
      // A source's own mirror (an override must be http(s), see below): fetch cannot use it, and says why.
      downloadDataSet('cifar10', {
        dir: fx.cache,
        source: { ...cifarSource(fx.files), mirrors: ['ftp://127.0.0.1/'] },
      }),
      DownloadError,
    );
    const reason = (((e.cause as Error).cause as Error).cause as Error).message; // attempt → fetch error → its cause
    expect(reason.length).toBeGreaterThan(0);
    expect(e.details).toMatchObject({ url, errno: reason });
    expect(e.message).toContain(`downloadDataSet: could not reach ${url} (${reason}). If`);
  });

  it('a server that never answers fails at the connect timeout, saying so', async () => {
    const url = `${fx.server.base('hang')}${ARCHIVE}`;
    const e = await rejection(
      downloadDataSet('cifar10', {
        dir: fx.cache,
        mirror: fx.server.base('hang'),
        source: cifarSource(fx.files),
        connectTimeoutMs: 150,
      }),
      DownloadError,
    );
    expect(e.message).toContain(`downloadDataSet: could not reach ${url} (no response from ${url} within 0.15 s). If`);
    expect(e.details).toMatchObject({ url, attempts: 1 });
  });

  it('a stalled transfer names the URL, the bytes received and the stall timeout', async () => {
    const url = `${fx.server.base('stall')}${ARCHIVE}`;
    const size = archive().length;
    const e = await rejection(
      downloadDataSet('cifar10', {
        dir: fx.cache,
        mirror: fx.server.base('stall'),
        source: cifarSource(fx.files),
        stallTimeoutMs: 150,
      }),
      DownloadError,
    );
    const received = e.details.received as number;
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(size);
    expect(e.details).toMatchObject({ url, total: size });
    expect(e.message).toContain(
      `downloadDataSet: the transfer of ${url} failed after ${received} bytes (no data from ${url} for 0.15 s). If`,
    );
    expect((e.cause as Error).cause).toBeInstanceOf(Error); // the attempt keeps the stream's error
  });

  it('a dropped connection names the URL and the bytes received', async () => {
    const url = `${fx.server.base('drop')}${ARCHIVE}`;
    const e = await rejection(
      downloadDataSet('cifar10', { dir: fx.cache, mirror: fx.server.base('drop'), source: cifarSource(fx.files) }),
      DownloadError,
    );
    expect(e.details).toMatchObject({ url, total: archive().length });
    expect(e.message).toMatch(
      new RegExp(
        `^downloadDataSet: the transfer of ${url.replace(/[.?*+^$()[\]{}|\\]/g, '\\$&')} failed after ${e.details.received as number} bytes \\(\\w`,
      ),
    );
  });

  it('an archive that cannot be unpacked, or lacks a file, is a FormatError naming it', async () => {
    const idx = mnistSource(fx.files).files[0]!;
    const notTar = { ...cifarSource(fx.files), files: [idx] };
    const e = await rejection(
      downloadDataSet('cifar10', { dir: fx.cache, mirror: fx.server.base('ok'), source: notTar }),
      FormatError,
    );
    expect(e.details.field).toBe('archive');
    expect(e.message).toMatch(/^downloadDataSet: cannot unpack \S+train-images-idx3-ubyte\.gz: \w/);
    expect(e.cause).toBeInstanceOf(Error);
    const lacking = { ...cifarSource(fx.files), provides: [...DATA_SOURCES.cifar10.provides, 'readme.html'] };
    const l = await rejection(
      downloadDataSet('cifar10', { dir: fx.cache, mirror: fx.server.base('ok'), source: lacking }),
      FormatError,
    );
    expect(l.details).toEqual({ file: 'readme.html', field: 'archive' });
    expect(l.message).toBe('downloadDataSet: the cifar10 archive lacks readme.html');
  });

  it('a cache directory that cannot be created is an E_IO error naming it', async () => {
    const file = join(fx.root, `file-${fx.run}`);
    await writeFile(file, 'x');
    const dir = join(file, 'sub');
    const e = await rejection(downloadDataSet('mnist', { dir, source: mnistSource(fx.files) }), RethinkError);
    expect(e.code).toBe('E_IO');
    expect(e.details).toEqual({ dir });
    expect((e.cause as NodeJS.ErrnoException).code).toBe('ENOTDIR');
    expect(e.message).toMatch(new RegExp(`^downloadDataSet: cannot create the cache directory ${dir}: \\w`));
  });
});

describe('downloadDataSet results', () => {
  it('progress: every record names the file and URL; totals, rates and the remaining time are consistent', async () => {
    const progress: DownloadProgress[] = [];
    const url = `${fx.server.base('ok')}${ARCHIVE}`;
    const started = performance.now();
    await downloadDataSet('cifar10', {
      dir: fx.cache,
      mirror: fx.server.base('ok'),
      source: cifarSource(fx.files),
      onProgress: (p) => progress.push(p),
    });
    const elapsed = (performance.now() - started) / 1000;
    const size = archive().length;
    expect(progress.length).toBeGreaterThan(1);
    for (const p of progress) {
      expect(p).toMatchObject({ file: ARCHIVE, url, total: size });
      expect(p.received).toBeGreaterThan(0);
      // The rate is bytes over the seconds since the response, which lie between 1 ms and the call's duration.
      expect(p.bytesPerSecond).toBeGreaterThanOrEqual(p.received / elapsed);
      expect(p.bytesPerSecond).toBeLessThanOrEqual(p.received * 1000);
      expect(p.etaSeconds).toBeCloseTo((size - p.received) / p.bytesPerSecond, 9);
    }
    expect(progress.filter((p) => p.done)).toHaveLength(1);
    expect(progress.at(-1)).toMatchObject({ received: size, done: true, etaSeconds: 0 });
  });

  it('without a Content-Length the published size is the total, and without either there is no total or time left', async () => {
    const cifar: DownloadProgress[] = [];
    await downloadDataSet('cifar10', {
      dir: fx.cache,
      mirror: fx.server.base('chunked'),
      source: cifarSource(fx.files),
      onProgress: (p) => cifar.push(p),
    });
    expect(cifar.at(-1)).toMatchObject({ total: archive().length, received: archive().length, done: true });
    const mnist: DownloadProgress[] = [];
    const result = await downloadDataSet('mnist', {
      dir: fx.cache,
      mirror: fx.server.base('chunked'),
      source: mnistSource(fx.files),
      onProgress: (p) => mnist.push(p),
    });
    expect(result.downloaded).toBe(true);
    expect(mnist.length).toBeGreaterThan(0);
    for (const p of mnist) expect(p).toMatchObject({ total: undefined, etaSeconds: undefined });
  });

  it('resolves the aliases to their data set and writes a marker recording the source', async () => {
    const result = await downloadDataSet('mnist-full', {
      dir: fx.cache,
      mirror: fx.server.base('ok'),
      source: mnistSource(fx.files),
    });
    expect(result.name).toBe('mnist');
    expect(result.dir).toBe(join(fx.cache, 'mnist'));
    const text = await readFile(join(fx.cache, 'mnist', VERIFIED_MARKER), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    const marker = JSON.parse(text) as { name: string; files: unknown; verifiedAt: string };
    expect(marker.name).toBe('mnist');
    expect(marker.files).toEqual(mnistSource(fx.files).files);
    expect(new Date(marker.verifiedAt).toISOString()).toBe(marker.verifiedAt);
    const fashion = { ...mnistSource(fx.files), name: 'fashion-mnist' as const };
    expect(
      (await downloadDataSet('fashion-mnist', { dir: fx.cache, mirror: fx.server.base('ok'), source: fashion })).dir,
    ).toBe(join(fx.cache, 'fashion-mnist'));
  });

  it('takes RETHINK_DATA from the given environment, and a mirror URL with or without a trailing slash', async () => {
    const source = mnistSource(fx.files);
    const result = await downloadDataSet('mnist', {
      env: { RETHINK_DATA: fx.cache },
      mirror: fx.server.base('ok').slice(0, -1),
      source,
    });
    expect(result.dir).toBe(join(fx.cache, 'mnist'));
    expect(result.from).toEqual(source.files.map((f) => `${fx.server.base('ok')}${f.name}`));
  });

  it('an empty mirror override falls back to the source mirrors', async () => {
    const source = { ...mnistSource(fx.files), mirrors: [fx.server.base('ok')] };
    const result = await downloadDataSet('mnist', { dir: fx.cache, env: { RETHINK_DATA_MIRROR: '' }, source });
    expect(result.downloaded).toBe(true);
  });

  it('a hand-placed file is used only when present; the cache directory is kept when it exists', async () => {
    const target = join(fx.cache, 'mnist');
    await mkdir(target, { recursive: true });
    const source = mnistSource(fx.files);
    const first = source.files[0]!;
    await writeFile(join(target, first.name), fx.files.get(first.name) as Uint8Array);
    const result = await downloadDataSet('mnist', { dir: fx.cache, mirror: fx.server.base('ok'), source });
    expect(result.from).toEqual([
      join(target, first.name),
      ...source.files.slice(1).map((f) => `${fx.server.base('ok')}${f.name}`),
    ]);
  });
});

describe('downloadDataSet edge cases', () => {
  it('the Content-Length is the total when the source publishes no size', async () => {
    const progress: DownloadProgress[] = [];
    const source = mnistSource(fx.files);
    await downloadDataSet('mnist', {
      dir: fx.cache,
      mirror: fx.server.base('ok'),
      source,
      onProgress: (p) => progress.push(p),
    });
    for (const f of source.files) {
      const size = (fx.files.get(f.name) as Uint8Array).length;
      expect(progress.filter((p) => p.file === f.name).every((p) => p.total === size)).toBe(true);
    }
  });

  it('an empty file has no rate, hence no time left', async () => {
    const empty = await serveFixtures(new Map([['empty.bin', new Uint8Array(0)]]));
    try {
      const source: DataSource = {
        ...mnistSource(fx.files),
        files: [{ name: 'empty.bin', md5: digest('md5', new Uint8Array(0)) }],
        provides: ['empty.bin'],
      };
      const progress: DownloadProgress[] = [];
      await downloadDataSet('mnist', {
        dir: fx.cache,
        mirror: empty.base('ok'),
        source,
        onProgress: (p) => progress.push(p),
      });
      expect(progress).toHaveLength(1);
      expect(progress[0]).toMatchObject({
        received: 0,
        total: 0,
        bytesPerSecond: 0,
        etaSeconds: undefined,
        done: true,
      });
    } finally {
      await empty.close();
    }
  });

  it('creates missing parents of the cache directory', async () => {
    const dir = join(fx.cache, 'a', 'b');
    expect(
      (await downloadDataSet('mnist', { dir, mirror: fx.server.base('ok'), source: mnistSource(fx.files) })).dir,
    ).toBe(join(dir, 'mnist'));
  });

  it('the connect timeout ends with the response: a transfer may stall for longer than it', async () => {
    const started = performance.now();
    const e = await rejection(
      downloadDataSet('cifar10', {
        dir: fx.cache,
        mirror: fx.server.base('stall'),
        source: cifarSource(fx.files),
        connectTimeoutMs: 100,
        stallTimeoutMs: 250,
      }),
      DownloadError,
    );
    // On a very busy machine the response itself may take longer than 100 ms: that is the connect timeout doing its job.
    if (e.message.includes('no response from')) return;
    // Otherwise only the stall timer (250 ms after the last bytes, which come after the call started) can end this transfer.
    expect(performance.now() - started).toBeGreaterThanOrEqual(249);
    expect(e.message).toContain('for 0.25 s');
  });
});

describe('downloadDataSet housekeeping', () => {
  it('verifies a large hand-placed file over all of its bytes', async () => {
    const big = randomBytes(1 << 18); // several times the file streams' 64 KiB chunks
    const source: DataSource = {
      ...mnistSource(fx.files),
      files: [{ name: 'big.bin', md5: digest('md5', big) }],
      provides: ['big.bin'],
    };
    const target = join(fx.cache, 'mnist');
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'big.bin'), big);
    const result = await downloadDataSet('mnist', { dir: fx.cache, mirror: fx.server.base('missing'), source });
    expect(result.from).toEqual([join(target, 'big.bin')]);
  });

  it('re-downloads when the marker names another data set', async () => {
    const options = { dir: fx.cache, mirror: fx.server.base('ok'), source: mnistSource(fx.files) };
    await downloadDataSet('mnist', options);
    const path = join(fx.cache, 'mnist', VERIFIED_MARKER);
    const marker = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...marker, name: 'fashion-mnist' }));
    expect((await downloadDataSet('mnist', options)).downloaded).toBe(true);
    expect((await downloadDataSet('mnist', options)).downloaded).toBe(false);
  });

  it('works in a hidden temporary directory inside the cache directory', async () => {
    const seen: string[][] = [];
    await downloadDataSet('cifar10', {
      dir: fx.cache,
      mirror: fx.server.base('ok'),
      source: cifarSource(fx.files),
      onProgress: () => seen.push(readdirSync(fx.cache)),
    });
    expect(seen.length).toBeGreaterThan(0);
    for (const entries of seen) {
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatch(/^\.cifar10\.tmp-/);
    }
  });

  it('leaves no timer behind, after a success or a failure', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const options = { dir: fx.cache, source: mnistSource(fx.files) };
    await downloadDataSet('mnist', { ...options, mirror: fx.server.base('ok') }); // warm up the HTTP client
    const before = timers();
    await downloadDataSet('mnist', { ...options, dir: join(fx.cache, 'again'), mirror: fx.server.base('ok') });
    await downloadDataSet('mnist', {
      ...options,
      dir: join(fx.cache, 'failed'),
      mirror: fx.server.base('missing'),
    }).catch(() => undefined);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it("a dropped transfer is explained by the stream error's system code, else its cause's message, else its own message", async () => {
    const url = `${fx.server.base('drop')}${ARCHIVE}`;
    const e = await rejection(
      downloadDataSet('cifar10', { dir: fx.cache, mirror: fx.server.base('drop'), source: cifarSource(fx.files) }),
      DownloadError,
    );
    const stream = (e.cause as Error).cause as Error & { cause?: { code?: unknown; message?: unknown } };
    const reason =
      typeof stream.cause?.code === 'string'
        ? stream.cause.code
        : typeof stream.cause?.message === 'string'
          ? stream.cause.message
          : stream.message;
    expect(e.message).toContain(
      `the transfer of ${url} failed after ${e.details.received as number} bytes (${reason}). If`,
    );
  });
});
