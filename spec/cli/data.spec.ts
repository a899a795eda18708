import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataChecksum, imageSetStats, loadBundledMnist, loadIdxDir } from 'rethink/data';
import { main } from '../../src/cli/main.ts';
import { memoryIo, type MemoryIo } from '../../src/cli/io.ts';
import { registerData, type DataCommandDeps } from '../../src/cli/commands/data.ts';
import { closedPort, serveFixtures, type FixtureServer } from '../data/_server.ts';
import { cifarSource, fixtureFiles, mnistSource } from '../data/_sources.ts';

let server: FixtureServer;
let files: Map<string, Uint8Array>;
let root: string;

beforeAll(async () => {
  files = fixtureFiles();
  server = await serveFixtures(files);
  root = await mkdtemp(join(tmpdir(), 'rethink-cli-data-'));
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

/** Runs `rethink data …` on a program whose data command has `deps` injected; returns the exit code as main would. */
async function runWith(deps: DataCommandDeps, argv: string[], io: MemoryIo): Promise<number> {
  const program = new Command('rethink').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  registerData(program, io, deps);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 1;
  }
}

describe('rethink data inspect', () => {
  it("prints the bundled default's counts by default", async () => {
    const io = memoryIo();
    expect(await main(['data', 'inspect'], io)).toBe(0);
    const text = io.stdout.join('');
    const data = await loadBundledMnist();
    expect(text).toContain(`mnist (checksum ${dataChecksum(data)})`);
    expect(text).toContain('train: 8000 × 28 × 28 × 1 uint8, 10 classes');
    expect(text).toContain('test: 2000 × 28 × 28 × 1 uint8, 10 classes');
    const counts = imageSetStats(data.train).classCounts;
    expect(text).toContain(`class counts: ${counts.map((c, k) => `${k}=${c}`).join(' ')}`);
    expect(text).toContain(`checksum: ${dataChecksum(data.test)}`);
  });

  it('--json has train and test, each { n, height, width, channels, classes, classCounts, mean, std }', async () => {
    const io = memoryIo();
    expect(
      await main(
        ['data', 'inspect', 'mnist', '--json', '--samples', '500', '--test-samples', '100', '--seed', '2'],
        io,
      ),
    ).toBe(0);
    const json = JSON.parse(io.stdout.join('')) as Record<string, Record<string, unknown>>;
    for (const [split, n] of [
      ['train', 500],
      ['test', 100],
    ] as const) {
      expect(Object.keys(json[split] ?? {}).sort()).toEqual([
        'channels',
        'classCounts',
        'classes',
        'height',
        'mean',
        'n',
        'std',
        'width',
      ]);
      expect(json[split]).toMatchObject({ n, height: 28, width: 28, channels: 1, classes: 10 });
      expect((json[split]?.classCounts as number[]).reduce((a, b) => a + b, 0)).toBe(n);
    }
    expect(json).toMatchObject({ name: 'mnist', dtype: 'uint8' });
  });

  it('reads idx:DIR and cifar10:DIR, with the same figures as the library', async () => {
    const io = memoryIo();
    expect(await main(['data', 'inspect', 'idx:fixtures/idx-tiny', '--json'], io)).toBe(0);
    const json = JSON.parse(io.stdout.join('')) as { checksum: string; train: unknown };
    const data = await loadIdxDir('fixtures/idx-tiny');
    expect(json.checksum).toBe(dataChecksum(data));
    expect(json.train).toEqual(imageSetStats(data.train));
    const text = memoryIo();
    expect(await main(['data', 'inspect', 'cifar10:fixtures/cifar10-tiny'], text)).toBe(0);
    expect(text.stdout.join('')).toContain('train: 5 × 32 × 32 × 3 uint8, 10 classes');
    expect(text.stdout.join('')).toContain('airplane=1 automobile=1');
  });

  it('names --samples / --test-samples and the range of the chosen data set, exit 2 (#16.5)', async () => {
    const over = memoryIo();
    expect(await main(['data', 'inspect', 'mnist', '--samples', '9000'], over)).toBe(2);
    expect(over.stderr.join('')).toBe(
      'rethink: data inspect: --samples must be an integer in [0, 8000] for mnist (its training split holds 8000 images), got 9000\n',
    );
    const test = memoryIo();
    expect(await main(['data', 'inspect', 'idx:fixtures/idx-tiny', '--test-samples', '13'], test)).toBe(2);
    expect(test.stderr.join('')).toContain('--test-samples must be an integer in [0, 12] for idx:fixtures/idx-tiny');
  });

  it('exits 2 on a bad data set name or flag, 1 when the cache lacks the data set', async () => {
    const bad = memoryIo();
    expect(await main(['data', 'inspect', 'imagenet'], bad)).toBe(2);
    expect(bad.stderr.join('')).toContain('unknown data set "imagenet"');
    const flag = memoryIo();
    expect(await main(['data', 'inspect', 'mnist', '--samples', 'x'], flag)).toBe(2);
    const absent = memoryIo({ RETHINK_DATA: join(root, 'empty') });
    expect(await main(['data', 'inspect', 'cifar10'], absent)).toBe(1);
    expect(absent.stderr.join('')).toContain('rethink data download cifar10');
  });
});

describe('rethink data download', () => {
  it('downloads with plain progress lines off a terminal, then finds the verified cache', async () => {
    const dir = join(root, 'plain');
    const deps = { sources: { mnist: mnistSource(files) } };
    const io = memoryIo({ RETHINK_DATA_MIRROR: server.base('ok') });
    expect(await runWith(deps, ['data', 'download', 'mnist', '--dir', dir], io)).toBe(0);
    expect(io.stdout.join('')).toContain(
      `mnist: verified and unpacked into ${join(dir, 'mnist')}; use --dataset mnist-full`,
    );
    const err = io.stderr.join('');
    expect(err).toContain(`train-images-idx3-ubyte.gz: downloading ${server.base('ok')}train-images-idx3-ubyte.gz`);
    expect(err).toMatch(/t10k-labels-idx1-ubyte\.gz: 0\.0 MB at [\d.]+ MB\/s/);
    expect(err).not.toContain('\u001b['); // no terminal escapes
    const again = memoryIo({ RETHINK_DATA_MIRROR: server.base('ok') });
    expect(await runWith(deps, ['data', 'download', 'mnist-full', '--dir', dir], again)).toBe(0);
    expect(again.stdout.join('')).toContain('already verified');
    expect(again.stderr.join('')).toBe('');
  });

  it('draws a progress bar on a terminal', async () => {
    const dir = join(root, 'tty');
    const io = memoryIo({}, true);
    expect(
      await runWith(
        { sources: { cifar10: cifarSource(files) } },
        ['data', 'download', 'cifar10', '--dir', dir, '--mirror', server.base('ok')],
        io,
      ),
    ).toBe(0);
    const err = io.stderr.join('');
    expect(err).toContain('cifar-10-binary.tar.gz [');
    expect(err).toContain('100%');
    expect(await readdir(join(dir, 'cifar10'))).toContain('data_batch_1.bin');
  });

  it('a checksum mismatch exits 1 and leaves nothing (the real checksums against the fixture archive)', async () => {
    const dir = join(root, 'mismatch');
    const io = memoryIo({ RETHINK_DATA: dir });
    expect(await main(['data', 'download', 'cifar10', '--mirror', server.base('ok')], io)).toBe(1);
    expect(io.stderr.join('')).toContain('[E_INTEGRITY]');
    expect(await readdir(dir)).toEqual([]);
  });

  it('offline: exits 1 at once, saying where to put the files by hand', async () => {
    const port = await closedPort();
    const dir = join(root, 'offline');
    const io = memoryIo();
    expect(
      await main(['data', 'download', 'fashion-mnist', '--dir', dir, '--mirror', `http://127.0.0.1:${port}`], io),
    ).toBe(1);
    const err = io.stderr.join('');
    expect(err).toContain('[E_DOWNLOAD]');
    expect(err).toContain(`put them in ${join(dir, 'fashion-mnist')}`);
    expect(err).toContain('8d4fb7e6c68d591d4c3dfef9ec88bf0d');
  });

  it('a dropped connection exits 1 and leaves nothing', async () => {
    const dir = join(root, 'drop');
    const io = memoryIo();
    expect(
      await runWith(
        { sources: { cifar10: cifarSource(files) }, stallTimeoutMs: 5000, connectTimeoutMs: 5000 },
        ['data', 'download', 'cifar10', '--dir', dir, '--mirror', server.base('drop')],
        io,
      ),
    ).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a --mirror (or RETHINK_DATA_MIRROR) that is not an http(s) URL is a usage error, exit 2, naming it (#16.16)', async () => {
    for (const [argv, env, named] of [
      [['--mirror', 'not-a-url'], {}, '--mirror'],
      [['--mirror', 'ftp://example.org/'], {}, '--mirror'],
      [[], { RETHINK_DATA_MIRROR: 'not-a-url' }, 'RETHINK_DATA_MIRROR'],
    ] as const) {
      const dir = join(root, `mirror-${named}-${argv.length}`);
      const io = memoryIo(env);
      expect(await main(['data', 'download', 'cifar10', '--dir', dir, ...argv], io)).toBe(2);
      const err = io.stderr.join('');
      expect(err).toContain(`data download: ${named} must be an http:// or https:// URL`);
      expect(err).not.toContain('offline');
      expect(err).not.toContain('E_DOWNLOAD');
      expect(await readdir(dir).catch(() => [])).toEqual([]);
    }
  });

  it('moves a hand-placed archive with the wrong checksum aside, says so, and inspect then says it is not in the cache (#16.17)', async () => {
    const dir = join(root, 'garbage');
    const target = join(dir, 'cifar10');
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'cifar-10-binary.tar.gz'), 'not an archive');
    const io = memoryIo({ RETHINK_DATA: dir });
    expect(await main(['data', 'download', 'cifar10'], io)).toBe(1);
    expect(io.stderr.join('')).toContain(`it was moved to ${join(target, 'cifar-10-binary.tar.gz.rejected')}`);
    expect(await readdir(target)).toEqual(['cifar-10-binary.tar.gz.rejected']);
    const inspect = memoryIo({ RETHINK_DATA: dir });
    expect(await main(['data', 'inspect', 'cifar10'], inspect)).toBe(1);
    const err = inspect.stderr.join('');
    expect(err).toContain(`cifar10 is not in the cache: ${target} is incomplete`);
    expect(err).toContain('run `rethink data download cifar10`');
    expect(err).not.toContain('missing file');
  });

  it('exits 2 on an unknown name', async () => {
    const io = memoryIo();
    expect(await main(['data', 'download', 'imagenet'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('expected one of cifar10, mnist, fashion-mnist');
  });
});

describe('rethink data dir', () => {
  it('prints --dir, else RETHINK_DATA', async () => {
    const io = memoryIo({ RETHINK_DATA: '/srv/rethink' });
    expect(await main(['data', 'dir'], io)).toBe(0);
    expect(io.stdout.join('')).toBe('/srv/rethink\n');
    const flag = memoryIo({ RETHINK_DATA: '/srv/rethink' });
    expect(await main(['data', 'dir', '--dir', '/tmp/x'], flag)).toBe(0);
    expect(flag.stdout.join('')).toBe('/tmp/x\n');
  });
});
