import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures } from '../../scripts/make-fixtures.ts';

let fresh: string;
beforeAll(async () => {
  fresh = await mkdtemp(join(tmpdir(), 'rethink-fixtures-'));
  await makeFixtures(fresh);
});
afterAll(async () => {
  await rm(fresh, { recursive: true, force: true });
});

/** File contents with gzip undone, so zlib versions cannot make equal fixtures differ. */
async function contents(path: string): Promise<Buffer> {
  const bytes = await readFile(path);
  return path.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

async function untar(archive: string): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  await tar.t({
    file: archive,
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => entries.set(entry.path, Buffer.concat(chunks)));
    },
  });
  return entries;
}

describe('fixtures/', () => {
  it.each(['cifar10-tiny', 'idx-tiny'])(
    '%s matches what scripts/make-fixtures.ts produces (run `npm run fixtures`)',
    async (dir) => {
      const names = (await readdir(join(fresh, dir))).sort();
      expect((await readdir(join('fixtures', dir))).sort()).toEqual(names);
      for (const name of names) {
        expect((await contents(join('fixtures', dir, name))).equals(await contents(join(fresh, dir, name))), name).toBe(
          true,
        );
      }
    },
  );

  it('the download archive holds cifar10-tiny under cifar-10-batches-bin/, as the official one', async () => {
    const committed = await untar('fixtures/download/cifar-10-binary.tar.gz');
    const regenerated = await untar(join(fresh, 'download', 'cifar-10-binary.tar.gz'));
    expect([...committed.keys()].sort()).toEqual([...regenerated.keys()].sort());
    for (const [path, bytes] of committed) {
      expect(bytes.equals(regenerated.get(path) as Buffer), path).toBe(true);
      if (path.endsWith('.bin'))
        expect(bytes.equals(await readFile(join('fixtures/cifar10-tiny', path.split('/')[1] as string)))).toBe(true);
    }
    expect([...committed.keys()]).toContain('cifar-10-batches-bin/data_batch_5.bin');
  });
});
