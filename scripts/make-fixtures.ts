/**
 * Regenerates the small data files in fixtures/ (`npm run fixtures`). Everything is derived from a fixed
 * seed, so running it again gives the same contents; spec/data/fixtures.spec.ts checks that the committed
 * files match what this script produces.
 *
 * - `cifar10-tiny/`: a CIFAR-10 binary directory, one record in each of data_batch_1..5.bin, two in
 *   test_batch.bin, and batches.meta.txt.
 * - `idx-tiny/`: the four standard gzipped IDX files, 24 train and 12 test uint8 images of 6 × 5.
 * - `download/cifar-10-binary.tar.gz`: cifar10-tiny packed as the official archive is
 *   (`cifar-10-batches-bin/…`), served by the download specs from 127.0.0.1.
 */
import { mkdir, mkdtemp, rm, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tar from 'tar';
import { createRng } from 'rethink/core';
import { writeCifarDir, writeIdxDir, type SplitData } from '../spec/data/_writers.ts';
import { CIFAR_CLASS_NAMES } from '../src/data/_cifar.ts';

/** The CIFAR-10 class names, as batches.meta.txt lists them. */
export const FIXTURE_CLASS_NAMES = CIFAR_CLASS_NAMES;

/** Smooth, compressible images (a gradient per image and channel) with seeded labels. */
function split(n: number, height: number, width: number, channels: number, seed: number, stream: string): SplitData {
  const rng = createRng(seed, stream);
  const images = new Uint8Array(n * height * width * channels);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i < 10 ? i : rng.int(0, 9);
    const base = rng.int(0, 255);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < channels; c++) {
          images[((i * height + y) * width + x) * channels + c] =
            (base + 7 * y + 3 * x + 85 * c + 11 * (labels[i] as number)) & 0xff;
        }
      }
    }
  }
  return { images, labels };
}

/** Writes every fixture under `out` (created if needed). */
export async function makeFixtures(out: string): Promise<void> {
  const cifar = join(out, 'cifar10-tiny');
  await rm(cifar, { recursive: true, force: true });
  await writeCifarDir(
    cifar,
    split(5, 32, 32, 3, 1, 'cifar-train'),
    split(2, 32, 32, 3, 1, 'cifar-test'),
    FIXTURE_CLASS_NAMES,
  );
  const idx = join(out, 'idx-tiny');
  await rm(idx, { recursive: true, force: true });
  await writeIdxDir(idx, 6, 5, split(24, 6, 5, 1, 1, 'idx-train'), split(12, 6, 5, 1, 1, 'idx-test'), true);
  const download = join(out, 'download');
  await mkdir(download, { recursive: true });
  const stage = await mkdtemp(join(tmpdir(), 'rethink-fixtures-'));
  try {
    await cp(cifar, join(stage, 'cifar-10-batches-bin'), { recursive: true });
    await tar.c(
      {
        gzip: { level: 9 },
        file: join(download, 'cifar-10-binary.tar.gz'),
        cwd: stage,
        portable: true,
        mtime: new Date(0),
      },
      ['cifar-10-batches-bin'],
    );
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = fileURLToPath(new URL('../fixtures/', import.meta.url));
  await makeFixtures(out);
  console.log(`fixtures written to ${out}`);
}
