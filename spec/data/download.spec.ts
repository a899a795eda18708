import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArgumentError, DownloadError, FormatError, IntegrityError, NotFoundError } from 'rethink/core';
import {
  DATA_SOURCES,
  VERIFIED_MARKER,
  dataChecksum,
  downloadDataSet,
  loadCifar10,
  loadDataSet,
  loadIdxDir,
  type DownloadProgress,
} from 'rethink/data';
import { closedPort, useFixtureCache } from './_server.ts';
import { cifarSource, mnistSource } from './_sources.ts';

const fx = useFixtureCache('rethink-download-');

/** Everything in the cache directory, hidden entries included (temporary directories would show here). */
async function listing(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

describe('downloadDataSet', () => {
  it('happy path: fetches, verifies, unpacks and marks CIFAR-10; the cache loads as the fixture', async () => {
    const progress: DownloadProgress[] = [];
    const result = await downloadDataSet('cifar10', {
      dir: fx.cache,
      mirror: fx.server.base('ok'),
      source: cifarSource(fx.files),
      onProgress: (p) => progress.push(p),
    });
    expect(result).toEqual({
      name: 'cifar10',
      dir: join(fx.cache, 'cifar10'),
      downloaded: true,
      from: [`${fx.server.base('ok')}cifar-10-binary.tar.gz`],
    });
    expect(await listing(fx.cache)).toEqual(['cifar10']);
    expect(await listing(join(fx.cache, 'cifar10'))).toEqual(
      [VERIFIED_MARKER, ...DATA_SOURCES.cifar10.provides].sort(),
    );
    const marker = JSON.parse(await readFile(join(fx.cache, 'cifar10', VERIFIED_MARKER), 'utf8')) as { name: string };
    expect(marker.name).toBe('cifar10');
    expect(dataChecksum(await loadDataSet('cifar10', { cacheDir: fx.cache }))).toBe(
      dataChecksum(await loadCifar10('fixtures/cifar10-tiny')),
    );
    // Progress: bytes only grow, the last report is complete.
    const size = (fx.files.get('cifar-10-binary.tar.gz') as Uint8Array).length;
    expect(progress.length).toBeGreaterThan(0);
    progress
      .slice(1)
      .forEach((p, i) => expect(p.received).toBeGreaterThanOrEqual((progress[i] as DownloadProgress).received));
    expect(progress.at(-1)).toMatchObject({ file: 'cifar-10-binary.tar.gz', received: size, total: size, done: true });
  });

  it('a second call finds the verified cache and does nothing (no request)', async () => {
    const options = { dir: fx.cache, mirror: fx.server.base('ok'), source: cifarSource(fx.files) };
    await downloadDataSet('cifar10', options);
    const before = fx.server.hits.get('/ok/cifar-10-binary.tar.gz');
    const again = await downloadDataSet('cifar10', options);
    expect(again).toEqual({ name: 'cifar10', dir: join(fx.cache, 'cifar10'), downloaded: false, from: [] });
    expect(fx.server.hits.get('/ok/cifar-10-binary.tar.gz')).toBe(before);
  });

  it('checksum mismatch: IntegrityError, nothing left in the cache', async () => {
    const e = await downloadDataSet('cifar10', {
      dir: fx.cache,
      mirror: fx.server.base('ok'),
      source: cifarSource(fx.files, true),
    }).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(IntegrityError);
    expect((e as IntegrityError).details).toMatchObject({
      file: 'cifar-10-binary.tar.gz',
      algorithm: 'sha256',
      expected: '0'.repeat(64),
    });
    expect(await listing(fx.cache)).toEqual([]);
  });

  it('the real checksums reject the fixture archive (RETHINK_DATA_MIRROR redirects the download)', async () => {
    const e = await downloadDataSet('cifar10', {
      dir: fx.cache,
      env: { RETHINK_DATA_MIRROR: fx.server.base('ok').slice(0, -1) },
    }).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(IntegrityError);
    expect((e as IntegrityError).details.expected).toBe(DATA_SOURCES.cifar10.files[0]?.sha256);
    expect(await listing(fx.cache)).toEqual([]);
  });

  it('connection dropped mid-transfer: DownloadError, nothing left in the cache', async () => {
    const e = await downloadDataSet('cifar10', {
      dir: fx.cache,
      mirror: fx.server.base('drop'),
      source: cifarSource(fx.files),
    }).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(DownloadError);
    expect((e as Error).message).toMatch(/failed after \d+ bytes|ended after/);
    expect(await listing(fx.cache)).toEqual([]);
  });

  it('a stalled transfer ends at the stall timeout: DownloadError, nothing left', async () => {
    const e = await downloadDataSet('cifar10', {
      dir: fx.cache,
      mirror: fx.server.base('stall'),
      source: cifarSource(fx.files),
      stallTimeoutMs: 200,
    }).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(DownloadError);
    expect((e as Error).message).toContain('no data from');
    expect(await listing(fx.cache)).toEqual([]);
  });

  it('HTTP errors and unreachable hosts fail fast with where to put the files by hand', async () => {
    const missing = await downloadDataSet('mnist', { dir: fx.cache, mirror: fx.server.base('missing') }).catch(
      (error: unknown) => error,
    );
    expect(missing).toBeInstanceOf(DownloadError);
    expect((missing as DownloadError).details).toMatchObject({ status: 404 });
    const port = await closedPort();
    const offline = await downloadDataSet('cifar10', { dir: fx.cache, mirror: `http://127.0.0.1:${port}/` }).catch(
      (error: unknown) => error,
    );
    expect(offline).toBeInstanceOf(DownloadError);
    expect((offline as Error).message).toContain('ECONNREFUSED');
    expect((offline as Error).message).toContain(`put it in ${join(fx.cache, 'cifar10')}`);
    expect((offline as Error).message).toContain(DATA_SOURCES.cifar10.files[0]?.sha256);
    expect(await listing(fx.cache)).toEqual([]);
  });

  it('tries the next mirror when one fails', async () => {
    const source = {
      ...mnistSource(fx.files),
      mirrors: [fx.server.base('missing'), fx.server.base('drop'), fx.server.base('ok')],
    };
    const result = await downloadDataSet('mnist', { dir: fx.cache, source });
    expect(result.downloaded).toBe(true);
    expect(result.from.every((url) => url.startsWith(fx.server.base('ok')))).toBe(true);
    expect(dataChecksum(await loadDataSet('mnist-full', { cacheDir: fx.cache }))).toBe(
      dataChecksum(await loadIdxDir('fixtures/idx-tiny')),
    );
    expect(await listing(fx.cache)).toEqual(['mnist']);
  });

  it('a checksum mismatch on every mirror reports the mismatch', async () => {
    const source = { ...cifarSource(fx.files, true), mirrors: [fx.server.base('missing'), fx.server.base('ok')] };
    await expect(downloadDataSet('cifar10', { dir: fx.cache, source })).rejects.toThrow(IntegrityError);
  });

  it('uses files placed by hand in the target directory, after verifying them', async () => {
    const port = await closedPort();
    const target = join(fx.cache, 'cifar10');
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'cifar-10-binary.tar.gz'), fx.files.get('cifar-10-binary.tar.gz') as Uint8Array);
    const result = await downloadDataSet('cifar10', {
      dir: fx.cache,
      mirror: `http://127.0.0.1:${port}/`,
      source: cifarSource(fx.files),
    });
    expect(result).toMatchObject({ downloaded: true, from: [join(target, 'cifar-10-binary.tar.gz')] });
    expect((await loadDataSet('cifar10', { cacheDir: fx.cache })).test.n).toBe(2);
    expect(await listing(fx.cache)).toEqual(['cifar10']);
  });

  it('moves a wrong hand-placed file aside (NAME.rejected), says so, and the next call downloads afresh (#16.17)', async () => {
    const port = await closedPort();
    const target = join(fx.cache, 'cifar10');
    const placed = join(target, 'cifar-10-binary.tar.gz');
    await mkdir(target, { recursive: true });
    await writeFile(placed, 'garbage, not an archive');
    const e = await downloadDataSet('cifar10', {
      dir: fx.cache,
      mirror: `http://127.0.0.1:${port}/`,
      source: cifarSource(fx.files),
    }).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(IntegrityError);
    expect((e as IntegrityError).details).toMatchObject({
      from: placed,
      algorithm: 'sha256',
      movedTo: `${placed}.rejected`,
    });
    expect((e as Error).message).toContain(`it was moved to ${placed}.rejected`);
    expect(await listing(target)).toEqual(['cifar-10-binary.tar.gz.rejected']);
    // The cache does not hold the data set: loading says so, with the command that fetches it.
    const missing = await loadDataSet('cifar10', { cacheDir: fx.cache }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).message).toContain('cifar10 is not in the cache');
    expect((missing as Error).message).toContain('rethink data download cifar10');
    // The next download fetches a fresh copy; the rejected bytes go with the old directory.
    const again = await downloadDataSet('cifar10', {
      dir: fx.cache,
      mirror: fx.server.base('ok'),
      source: cifarSource(fx.files),
    });
    expect(again.from).toEqual([`${fx.server.base('ok')}cifar-10-binary.tar.gz`]);
    expect((await loadDataSet('cifar10', { cacheDir: fx.cache })).test.n).toBe(2);
  });

  it('refuses a mirror that is not an http(s) URL before fetching anything, naming where it came from', async () => {
    for (const [options, option] of [
      [{ mirror: 'not-a-url' }, 'mirror'],
      [{ mirror: 'ftp://example.org/' }, 'mirror'],
      [{ env: { RETHINK_DATA_MIRROR: 'not-a-url' } }, 'RETHINK_DATA_MIRROR'],
    ] as const) {
      const e = await downloadDataSet('cifar10', { dir: fx.cache, ...options }).catch((error: unknown) => error);
      expect(e).toBeInstanceOf(ArgumentError);
      expect((e as ArgumentError).details).toMatchObject({ option });
      expect((e as Error).message).toContain(`${option} must be an http:// or https:// URL`);
    }
    expect(await listing(fx.cache)).toEqual([]);
  });

  it('re-downloads when the marker does not match the source or a file is missing', async () => {
    const options = { dir: fx.cache, mirror: fx.server.base('ok'), source: cifarSource(fx.files) };
    await downloadDataSet('cifar10', options);
    await rm(join(fx.cache, 'cifar10', 'test_batch.bin'));
    expect((await downloadDataSet('cifar10', options)).downloaded).toBe(true);
    await writeFile(join(fx.cache, 'cifar10', VERIFIED_MARKER), '{"name":"cifar10","files":[]}');
    expect((await downloadDataSet('cifar10', options)).downloaded).toBe(true);
    await writeFile(join(fx.cache, 'cifar10', VERIFIED_MARKER), 'not json');
    expect((await downloadDataSet('cifar10', options)).downloaded).toBe(true);
    expect((await downloadDataSet('cifar10', options)).downloaded).toBe(false);
    expect(await listing(fx.cache)).toEqual(['cifar10']);
  });

  it('rejects an archive that cannot be unpacked or lacks files, leaving nothing', async () => {
    // A verified "archive" that is not a tar.gz: the checksums are those of an IDX file.
    const notTar = {
      ...cifarSource(fx.files),
      files: [{ ...mnistSource(fx.files).files[0]!, name: 'train-images-idx3-ubyte.gz' }],
    };
    await expect(
      downloadDataSet('cifar10', { dir: fx.cache, mirror: fx.server.base('ok'), source: notTar }),
    ).rejects.toThrow(FormatError);
    expect(await listing(fx.cache)).toEqual([]);
    const lacking = { ...cifarSource(fx.files), provides: [...DATA_SOURCES.cifar10.provides, 'readme.html'] };
    await expect(
      downloadDataSet('cifar10', { dir: fx.cache, mirror: fx.server.base('ok'), source: lacking }),
    ).rejects.toThrow(/lacks readme.html/);
    expect(await listing(fx.cache)).toEqual([]);
  });

  it('rejects an unknown name, and reports an unwritable cache directory', async () => {
    await expect(downloadDataSet('imagenet', { dir: fx.cache })).rejects.toThrow(ArgumentError);
    const file = join(fx.root, `file-${fx.run}`);
    await writeFile(file, 'x');
    await expect(
      downloadDataSet('mnist', { dir: join(file, 'sub'), source: mnistSource(fx.files) }),
    ).rejects.toMatchObject({ code: 'E_IO' });
  });
});
