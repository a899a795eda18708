import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import * as tar from 'tar';
import { ArgumentError, DownloadError, FormatError, IntegrityError, RethinkError, ensure } from 'rethink/core';
import { exists } from 'rethink/core';
import { dataCacheDir } from './data-cache-dir.ts';
import { DATA_SOURCES, type DataSource, type DataSourceFile, type DownloadName } from './data-sources.ts';
import { z } from 'zod';

/** Progress of one file's transfer, reported as bytes arrive and once more when it is complete. */
export interface DownloadProgress {
  readonly file: string;
  readonly url: string;
  readonly received: number;
  /** Expected bytes (the server's Content-Length, else the published size), if known. */
  readonly total: number | undefined;
  readonly bytesPerSecond: number;
  /** Seconds left at the current rate, if the total is known. */
  readonly etaSeconds: number | undefined;
  readonly done: boolean;
}

/** Options of {@link downloadDataSet}. */
export interface DownloadDataSetOptions {
  /** Cache directory (see `dataCacheDir`: `--dir`, then `RETHINK_DATA`, then the user's cache). */
  readonly dir?: string;
  /** Environment for `RETHINK_DATA` and `RETHINK_DATA_MIRROR`. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** One base URL replacing the source's mirrors (else `$RETHINK_DATA_MIRROR`, else the built-in list). */
  readonly mirror?: string;
  /** A source replacing the built-in one of that name (tests serve their own archives). */
  readonly source?: DataSource;
  /** Called as bytes arrive. */
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Fails when no response arrives within this time. Default 30 s. */
  readonly connectTimeoutMs?: number;
  /** Fails when no bytes arrive for this long during a transfer. Default 60 s. */
  readonly stallTimeoutMs?: number;
}

/** What {@link downloadDataSet} did. */
export interface DownloadResult {
  readonly name: DownloadName;
  /** The verified cache directory of the data set. */
  readonly dir: string;
  /** False when a verified cache was already there (nothing was done). */
  readonly downloaded: boolean;
  /** Per file, the URL it came from or the local path of a hand-placed copy; empty when nothing was done. */
  readonly from: readonly string[];
}

/** The marker written into a cache directory after verification. */
export const VERIFIED_MARKER = '.rethink-verified.json';

const ALIASES: Readonly<Record<string, DownloadName>> = {
  cifar10: 'cifar10',
  mnist: 'mnist',
  'mnist-full': 'mnist',
  'fashion-mnist': 'fashion-mnist',
};

interface Digests {
  readonly md5: string;
  readonly sha256: string;
}

interface Mismatch {
  readonly algorithm: 'sha256' | 'md5';
  readonly expected: string;
  readonly actual: string;
}

/** The first published checksum of `file` that `digests` do not match, if any. */
function digestMismatch(file: DataSourceFile, digests: Digests): Mismatch | undefined {
  for (const algorithm of ['sha256', 'md5'] as const) {
    const expected = file[algorithm];
    if (expected !== undefined && expected.toLowerCase() !== digests[algorithm])
      return { algorithm, expected, actual: digests[algorithm] };
  }
  return undefined;
}

/** The error for a checksum mismatch; `fate` says what became of the bytes. */
function integrityError(
  file: DataSourceFile,
  where: string,
  m: Mismatch,
  fate: string,
  extra: Record<string, unknown> = {},
): IntegrityError {
  return new IntegrityError(
    `downloadDataSet: ${file.name} from ${where} has ${m.algorithm.toUpperCase()} ${m.actual}, but the published one is ${m.expected}; ${fate}`,
    { file: file.name, from: where, ...m, ...extra },
  );
}

function checkDigests(file: DataSourceFile, digests: Digests, where: string): void {
  const m = digestMismatch(file, digests);
  if (m !== undefined) throw integrityError(file, where, m, 'it was discarded');
}

function hashing(onChunk: (bytes: number) => void): { stream: Transform; digests: () => Digests } {
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      md5.update(chunk);
      sha256.update(chunk);
      onChunk(chunk.length);
      callback(null, chunk);
    },
  });
  return { stream, digests: () => ({ md5: md5.digest('hex'), sha256: sha256.digest('hex') }) };
}

async function hashFile(path: string): Promise<Digests> {
  const { stream, digests } = hashing(() => {});
  await pipeline(createReadStream(path), stream, async (source: AsyncIterable<Buffer>) => {
    for await (const _ of source) {
      // drain: the digests are computed as the bytes pass
    }
  });
  return digests();
}

/** The most specific reason in a fetch error: the system error code (ECONNREFUSED, …) or the cause's message. */
function causeCode(error: unknown): string | undefined {
  // Stryker disable next-line OptionalChaining: fetch and stream pipelines reject only with Error objects, never with undefined or null
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof cause?.message === 'string' ? cause.message : undefined;
}

async function fetchTo(
  url: string,
  dest: string,
  file: DataSourceFile,
  options: DownloadDataSetOptions,
): Promise<Digests> {
  const { connectTimeoutMs = 30_000, stallTimeoutMs = 60_000, onProgress } = options;
  const controller = new AbortController();
  let why = `no response from ${url} within ${connectTimeoutMs / 1000} s`;
  const timer = setTimeout(() => controller.abort(), connectTimeoutMs);
  let received = 0;
  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    } catch (error) {
      const code = causeCode(error);
      throw new DownloadError(
        `downloadDataSet: could not reach ${url}${controller.signal.aborted ? ` (${why})` : code ? ` (${code})` : ''}`,
        { url, errno: code },
        { cause: error },
      );
    }
    if (!response.ok || response.body === null) {
      throw new DownloadError(`downloadDataSet: HTTP ${response.status} from ${url}`, { url, status: response.status });
    }
    const length = Number(response.headers.get('content-length') ?? NaN);
    const total = Number.isFinite(length) ? length : file.bytes;
    const start = performance.now();
    why = `no data from ${url} for ${stallTimeoutMs / 1000} s`;
    clearTimeout(timer);
    const stall = setTimeout(() => controller.abort(), stallTimeoutMs);
    const report = (done: boolean) => {
      if (!onProgress) return;
      const seconds = Math.max(1e-3, (performance.now() - start) / 1000);
      const bytesPerSecond = received / seconds;
      const etaSeconds =
        total !== undefined && bytesPerSecond > 0 ? Math.max(0, total - received) / bytesPerSecond : undefined;
      onProgress({ file: file.name, url, received, total, bytesPerSecond, etaSeconds, done });
    };
    const { stream, digests } = hashing((bytes) => {
      received += bytes;
      stall.refresh();
      report(false);
    });
    try {
      // Stryker disable ObjectLiteral: the part file's name is new in a fresh temporary directory, so creating it exclusively ('wx') or not ('w') is the same
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        stream,
        createWriteStream(dest, { flags: 'wx' }),
      );
      // Stryker restore ObjectLiteral
    } catch (error) {
      const detail = controller.signal.aborted ? why : `${causeCode(error) ?? (error as Error).message}`;
      throw new DownloadError(
        `downloadDataSet: the transfer of ${url} failed after ${received} bytes (${detail})`,
        { url, received, total },
        { cause: error },
      );
    } finally {
      clearTimeout(stall);
    }
    /* v8 ignore if -- undici itself rejects a body shorter than its Content-Length; this guards other fetch implementations */
    if (Number.isFinite(length) && received !== length) {
      throw new DownloadError(`downloadDataSet: ${url} ended after ${received} of ${length} bytes`, {
        url,
        received,
        total: length,
      });
    }
    report(true);
    return digests();
  } finally {
    clearTimeout(timer);
  }
}

/** The verified marker as `downloadDataSet` writes it: the source's name and its files' names and checksums. */
const markerSchema = z.looseObject({ name: z.string(), files: z.array(z.unknown()) });

async function isVerified(dir: string, source: DataSource): Promise<boolean> {
  let marker: z.infer<typeof markerSchema>;
  try {
    const parsed = markerSchema.safeParse(JSON.parse(await readFile(join(dir, VERIFIED_MARKER), 'utf8')));
    if (!parsed.success) return false; // a marker this version did not write: verify again
    marker = parsed.data;
  } catch {
    return false;
  }
  if (marker.name !== source.name || JSON.stringify(marker.files) !== JSON.stringify(source.files)) return false;
  for (const name of source.provides) if (!(await exists(join(dir, name)))) return false;
  return true;
}

function offlineHint(source: DataSource, target: string): string {
  const files = source.files.map((f) => `${f.name} (${f.sha256 ? `SHA-256 ${f.sha256}` : `MD5 ${f.md5}`})`).join(', ');
  return (
    `If this machine is offline, fetch ${files} from ${source.mirrors[0]} elsewhere and put ${source.files.length > 1 ? 'them' : 'it'} in ${target}; ` +
    `then run the same \`rethink data download ${source.name}\` again: it verifies and unpacks hand-placed files without the network.`
  );
}

/** The suffix a hand-placed file that failed its checksum is renamed with (see `obtain`). */
const REJECTED_SUFFIX = '.rejected';

/**
 * Checks a file placed by hand in the cache. One whose checksum is wrong is moved out of the way
 * (`NAME.rejected` beside it): the cache no longer holds it, the next download fetches a fresh copy, and the
 * bytes are still there to look at; the `IntegrityError` says where they went (`details.movedTo`).
 */
async function checkHandPlaced(file: DataSourceFile, local: string): Promise<void> {
  const m = digestMismatch(file, await hashFile(local));
  if (m === undefined) return;
  const movedTo = `${local}${REJECTED_SUFFIX}`;
  const moved = await rename(local, movedTo).then(
    () => true,
    /* v8 ignore next -- only a file system that refuses a rename in a folder it let us read gets here */
    () => false,
  );
  throw integrityError(
    file,
    local,
    m,
    moved
      ? `it was moved to ${movedTo} (delete it, or put the right file in its place)`
      : 'it could not be moved aside; delete it',
    { movedTo: moved ? movedTo : null },
  );
}

/** The base URLs to try: `options.mirror`, else `$RETHINK_DATA_MIRROR`, else the source's; a bad URL is refused. */
function mirrorsOf(source: DataSource, options: DownloadDataSetOptions): readonly string[] {
  const env = options.env ?? process.env;
  const [option, override] =
    options.mirror !== undefined ? ['mirror', options.mirror] : ['RETHINK_DATA_MIRROR', env.RETHINK_DATA_MIRROR];
  if (override === undefined || override === '') return source.mirrors;
  let protocol: string | undefined;
  try {
    protocol = new URL(override).protocol;
  } catch {
    protocol = undefined;
  }
  ensure(
    protocol === 'http:' || protocol === 'https:',
    () =>
      new ArgumentError(
        `downloadDataSet: ${option} must be an http:// or https:// URL, got ${JSON.stringify(override)}`,
        { option, mirror: override },
      ),
  );
  return [override];
}

async function obtain(
  file: DataSourceFile,
  source: DataSource,
  mirrors: readonly string[],
  target: string,
  work: string,
  options: DownloadDataSetOptions,
): Promise<{ path: string; from: string }> {
  const local = join(target, file.name);
  if (await exists(local)) {
    await checkHandPlaced(file, local);
    return { path: local, from: local };
  }
  const errors: RethinkError[] = [];
  for (const [m, base] of mirrors.entries()) {
    const url = `${base}${base.endsWith('/') ? '' : '/'}${file.name}`;
    const part = join(work, `${file.name}.${m}.part`);
    try {
      checkDigests(file, await fetchTo(url, part, file, options), url);
      const path = join(work, file.name);
      await rename(part, path);
      return { path, from: url };
    } catch (error) {
      await rm(part, { force: true });
      if (!(error instanceof RethinkError)) throw error;
      errors.push(error);
    }
  }
  const integrity = errors.find((e) => e instanceof IntegrityError);
  if (integrity) throw integrity;
  const last = errors[errors.length - 1] as RethinkError;
  throw new DownloadError(
    `${errors.map((e) => e.message).join('; ')}. ${offlineHint(source, target)}`,
    { ...last.details, attempts: errors.length, target },
    { cause: last },
  );
}

/**
 * Downloads a data set into the cache with integrity: each file is streamed to a temporary file while its
 * SHA-256 / MD5 is computed, checked against the published checksum, unpacked (CIFAR-10's archive, with
 * node-tar) into a temporary directory, marked verified, and only then renamed into place, so an
 * interrupted or corrupted download never leaves anything that looks valid. A second call finds the
 * verified cache and returns at once. Files already placed by hand in the target directory are verified and
 * used instead of the network; one whose checksum is wrong is renamed `NAME.rejected` (so the cache no longer
 * holds it and the next call downloads afresh) and reported. Throws `DownloadError` (unreachable host, HTTP
 * error, dropped or stalled transfer; its message says where to put the files by hand), `IntegrityError`
 * (checksum mismatch; `details.movedTo` names where a rejected hand-placed file went) or `ArgumentError`
 * (unknown name; a mirror — `mirror` or `$RETHINK_DATA_MIRROR`, named in `details.option` — that is not an
 * http(s) URL, refused before anything is fetched).
 *
 * @example
 * ```ts
 * import { downloadDataSet } from 'rethink/data';
 * const result = await downloadDataSet('mnist', { onProgress: (p) => console.error(p.file, p.received) });
 * console.log(result.dir, result.downloaded);
 * ```
 */
export async function downloadDataSet(name: string, options: DownloadDataSetOptions = {}): Promise<DownloadResult> {
  const canonical = ALIASES[name];
  if (canonical === undefined) {
    throw new ArgumentError(
      `downloadDataSet: unknown data set ${JSON.stringify(name)}; expected one of ${Object.keys(DATA_SOURCES).join(', ')}`,
      { name },
    );
  }
  const source = options.source ?? DATA_SOURCES[canonical];
  const mirrors = mirrorsOf(source, options);
  const root = dataCacheDir({
    ...(options.dir !== undefined ? { dir: options.dir } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const target = join(root, source.name);
  if (await isVerified(target, source)) return { name: source.name, dir: target, downloaded: false, from: [] };
  try {
    await mkdir(root, { recursive: true });
  } catch (error) {
    throw new RethinkError(
      'E_IO',
      `downloadDataSet: cannot create the cache directory ${root}: ${(error as Error).message}`,
      { dir: root },
      { cause: error },
    );
  }
  const work = await mkdtemp(join(root, `.${source.name}.tmp-`));
  try {
    const obtained: { path: string; from: string }[] = [];
    for (const file of source.files) obtained.push(await obtain(file, source, mirrors, target, work, options));
    const out = join(work, 'out');
    await mkdir(out);
    if (source.unpack === 'tar.gz') {
      for (const { path } of obtained) {
        try {
          await tar.x({ file: path, cwd: out, strip: source.strip ?? 0, strict: true });
        } catch (error) {
          throw new FormatError(
            `downloadDataSet: cannot unpack ${path}: ${(error as Error).message}`,
            { file: path, field: 'archive' },
            { cause: error },
          );
        }
      }
    } else {
      for (const [f, { path }] of obtained.entries())
        await copyFile(path, join(out, (source.files[f] as DataSourceFile).name));
    }
    for (const file of source.provides) {
      if (!(await exists(join(out, file)))) {
        throw new FormatError(`downloadDataSet: the ${source.name} archive lacks ${file}`, { file, field: 'archive' });
      }
    }
    await writeFile(
      join(out, VERIFIED_MARKER),
      `${JSON.stringify({ name: source.name, files: source.files, verifiedAt: new Date().toISOString() }, null, 2)}\n`,
    );
    if (await exists(target)) await rename(target, join(work, 'previous'));
    await rename(out, target);
    return { name: source.name, dir: target, downloaded: true, from: obtained.map((o) => o.from) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
