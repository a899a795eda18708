/** Data sources for the fixture archives, with checksums computed from the fixture files themselves. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_SOURCES, type DataSource } from 'rethink/data';

export const CIFAR_ARCHIVE = 'fixtures/download/cifar-10-binary.tar.gz';
export const IDX_DIR = 'fixtures/idx-tiny';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

/** Name → bytes of every file the fixture server offers. */
export function fixtureFiles(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>([['cifar-10-binary.tar.gz', readFileSync(CIFAR_ARCHIVE)]]);
  for (const f of DATA_SOURCES.mnist.files) files.set(f.name, readFileSync(join(IDX_DIR, f.name)));
  return files;
}

/** The built-in CIFAR-10 source with the fixture archive's checksums (and a wrong one when asked). */
export function cifarSource(files: Map<string, Uint8Array>, wrong = false): DataSource {
  const bytes = files.get('cifar-10-binary.tar.gz') as Uint8Array;
  return {
    ...DATA_SOURCES.cifar10,
    files: [
      {
        name: 'cifar-10-binary.tar.gz',
        sha256: wrong ? '0'.repeat(64) : sha256(bytes),
        md5: md5(bytes),
        bytes: bytes.length,
      },
    ],
  };
}

/** The built-in MNIST source with the idx-tiny files' MD5s. */
export function mnistSource(files: Map<string, Uint8Array>): DataSource {
  return {
    ...DATA_SOURCES.mnist,
    files: DATA_SOURCES.mnist.files.map((f) => ({ name: f.name, md5: md5(files.get(f.name) as Uint8Array) })),
  };
}
