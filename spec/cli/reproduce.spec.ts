/**
 * `rethink reproduce` on the command line: every bad flag is a usage error (exit 2) naming the flag, found
 * before anything runs; a sample count beyond the chosen data set names the flag and that data set's range;
 * Ctrl-C (SIGINT) exits 130 with the way to resume (issue #16, items 5, 6 and 13).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { memoryIo, type MemoryIo } from '../../src/cli/io.ts';
import { EXIT_INTERRUPTED } from '../../src/cli/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'rethink-cli-reproduce-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small, fast run on the cpu backend (the Theorem 1 panel left out). */
const SMALL = ['--samples', '40', '--test-samples', '20', '--conditions', 'random', '--backend', 'cpu', '--no-theorem'];

async function run(args: string[], io: MemoryIo = memoryIo()): Promise<{ code: number; out: string; err: string }> {
  const code = await main(['reproduce', ...args], io);
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}

describe('rethink reproduce: usage errors', () => {
  it('refuses a learning rate that is not finite and > 0, naming --lr, before anything runs (#16.6)', async () => {
    for (const lr of ['0', '-0.1', 'Infinity', 'x']) {
      const out = join(dir, `lr-${lr}`);
      const { code, err } = await run([...SMALL, '--lr', lr, '--out', out]);
      expect(code).toBe(2);
      expect(err).toBe(`rethink: --lr must be a finite number > 0, got ${JSON.stringify(lr)}\n`);
      expect(existsSync(out)).toBe(false);
    }
    const decay = await run([...SMALL, '--lr-decay', '0', '--out', join(dir, 'decay')]);
    expect(decay.code).toBe(2);
    expect(decay.err).toContain('--lr-decay must be a number in (0, 1]');
  });

  it('--checkpoint-every, or an inherited RETHINK_CHECKPOINT_EVERY, that is not seconds ≥ 0 exits 2 naming it', async () => {
    for (const every of ['-1', 'soon', 'Infinity']) {
      const out = join(dir, `every-${every}`);
      const { code, err } = await run([...SMALL, '--checkpoint-every', every, '--out', out]);
      expect(code).toBe(2);
      expect(err).toBe(`rethink: --checkpoint-every must be a finite number ≥ 0, got ${JSON.stringify(every)}\n`);
      expect(existsSync(out)).toBe(false);
    }
    const io = memoryIo({ RETHINK_CHECKPOINT_EVERY: 'often' });
    const inherited = await run([...SMALL, '--out', join(dir, 'every-env')], io);
    expect(inherited.code).toBe(2);
    expect(inherited.err).toContain('RETHINK_CHECKPOINT_EVERY must be a finite number ≥ 0, got "often"');
    expect(existsSync(join(dir, 'every-env'))).toBe(false);
  });

  it('an unknown --conditions or --dataset value exits 2 naming the flag, before anything runs (#16.5)', async () => {
    const conditions = await run([...SMALL, '--conditions', 'random,bogus', '--out', join(dir, 'conditions')]);
    expect(conditions.code).toBe(2);
    expect(conditions.err).toContain('rethink: reproduce: --conditions: unknown condition "bogus"; expected one of');
    const dataset = await run([...SMALL, '--dataset', 'imagenet', '--out', join(dir, 'dataset')]);
    expect(dataset.code).toBe(2);
    expect(dataset.err).toContain('rethink: reproduce: --dataset: unknown data set "imagenet"');
    expect(existsSync(join(dir, 'conditions'))).toBe(false);
    expect(existsSync(join(dir, 'dataset'))).toBe(false);
  });

  it('--samples / --test-samples beyond the data set name the flag and its real range, exit 2 (#16.5)', async () => {
    const base = ['--conditions', 'random', '--backend', 'cpu', '--no-theorem'];
    const train = await run([...base, '--samples', '100000', '--out', join(dir, 'samples')]);
    expect(train.code).toBe(2);
    expect(train.err).toBe(
      'rethink: reproduce: --samples must be an integer in [1, 8000] for mnist (its training split holds 8000 images), got 100000\n',
    );
    const test = await run([...base, '--test-samples', '3000', '--out', join(dir, 'test-samples')]);
    expect(test.code).toBe(2);
    expect(test.err).toContain('--test-samples must be an integer in [1, 2000] for mnist (its test split holds 2000');
    const idx = await run([
      ...base,
      '--dataset',
      'idx:fixtures/idx-tiny',
      '--samples',
      '25',
      '--out',
      join(dir, 'idx-samples'),
    ]);
    expect(idx.code).toBe(2);
    expect(idx.err).toContain('--samples must be an integer in [1, 24] for idx:fixtures/idx-tiny');
  });
});

describe('rethink reproduce: interrupted', () => {
  /** An io that sends SIGINT (as Ctrl-C does) once stderr shows `when` (the first epoch, or the start line). */
  function interruptingIo(when: RegExp): MemoryIo {
    const io = memoryIo();
    let sent = false;
    return {
      ...io,
      err: (text: string) => {
        io.err(text);
        if (!sent && when.test(text)) {
          sent = true;
          process.emit('SIGINT');
        }
      },
    };
  }

  it('exits 130 (not 0) on SIGINT, saying how to resume; --json still prints aborted: true (#16.13)', async () => {
    expect(EXIT_INTERRUPTED).toBe(130);
    const listeners = process.listenerCount('SIGINT');
    const out = join(dir, 'interrupted');
    const args = [...SMALL, '--epochs', '200', '--out', out];
    const stopped = await run(args, interruptingIo(/ epoch 1\//));
    expect(stopped.code).toBe(130);
    expect(stopped.out).toBe('');
    expect(stopped.err).toContain(
      `rethink: reproduce: interrupted; what finished is saved in ${out}: run the same command with --out ${out} to resume\n`,
    );
    expect(process.listenerCount('SIGINT')).toBe(listeners); // the command's own handler is gone
    // --json prints no epochs: interrupted as soon as the run (resumed here) starts.
    const json = await run([...args, '--json'], interruptingIo(/rethink reproduce: resuming/));
    expect(json.code).toBe(130);
    expect(JSON.parse(json.out)).toMatchObject({ runDir: out, report: null, aborted: true });
  });
});
