/**
 * The internal file helpers' contracts that the public readers do not show: `exists` answers a boolean.
 */
import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exists } from '../../src/data/_files.ts';

describe('exists', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rethink-exists-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is true for a file that is there and false (a boolean, not just falsy) for one that is not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[a-z0-9]{1,12}$/), async (name) => {
        const path = join(dir, name);
        await rm(path, { force: true });
        expect(await exists(path)).toBe(false);
        expect(await exists(join(path, 'below-a-missing-file'))).toBe(false);
        await writeFile(path, 'x');
        expect(await exists(path)).toBe(true);
      }),
      { numRuns: 10 },
    );
  });
});
