/** `--workers`, `--queue`, redacted URLs, and the several-worker display. */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BackendInfo, Cell, CellResult } from 'rethink/core';
import { redactUrl } from 'rethink/experiment';
import { addDistributionFlags, distributionOptions } from '../../src/cli/distribution-flags.ts';
import { CliError } from '../../src/cli/errors.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { workerDisplay } from '../../src/cli/worker-display.ts';

describe('redactUrl', () => {
  it.each([
    ['redis://:secret@h:6379/0', 'redis://:***@h:6379/0'],
    ['rediss://user:p%40ss@redis.lab:6380/2', 'rediss://user:***@redis.lab:6380/2'],
    ['redis://h:6379', 'redis://h:6379'],
    ['redis://h:6379/0?password=secret', 'redis://h:6379/0?password=***'],
    ['not a url :secret@', 'not a url :secret@'],
    ['//u:secret@h', '//u:***@h'],
  ])('%s → %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('never shows a password, whatever it is', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 4, maxLength: 20 }).filter((s) => /[a-z]/i.test(s)),
        (password) => {
          const url = `redis://u:${encodeURIComponent(password)}@host:6379/0`;
          const shown = redactUrl(url);
          expect(shown).toBe('redis://u:***@host:6379/0');
        },
      ),
    );
  });
});

describe('distributionOptions', () => {
  it('reads --workers and --queue', () => {
    const command = addDistributionFlags(new Command('reproduce').exitOverride());
    command.parse(['--workers', '3'], { from: 'user' });
    expect(distributionOptions(command.opts())).toStrictEqual({ workers: 3 });
    expect(distributionOptions({ queue: 'rediss://:pw@h:6380/1' })).toStrictEqual({ queue: 'rediss://:pw@h:6380/1' });
    expect(distributionOptions({})).toStrictEqual({});
  });

  it('takes RETHINK_QUEUE when neither flag is given', () => {
    expect(distributionOptions({}, { RETHINK_QUEUE: 'redis://h:1/0' })).toStrictEqual({ queue: 'redis://h:1/0' });
    expect(distributionOptions({ workers: '2' }, { RETHINK_QUEUE: 'redis://h:1/0' })).toStrictEqual({ workers: 2 });
  });

  it.each([
    [{ workers: '0' }, /--workers must be an integer ≥ 1/],
    [{ workers: '1.5' }, /--workers must be an integer ≥ 1/],
    [{ workers: 'x' }, /--workers/],
    [{ queue: 'http://:secret@h' }, /--queue must be a redis:\/\/ or rediss:\/\/ URL, got "http:\/\/:\*\*\*@h"/],
    [{ queue: 'h:6379' }, /--queue must be a redis/],
    [{ workers: '2', queue: 'redis://h' }, /exclude each other/],
  ])('%j is a usage error (exit 2) that shows no password', (flags, message) => {
    let error: unknown;
    try {
      distributionOptions(flags);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(message);
    expect((error as CliError).message).not.toContain('secret');
  });
});

describe('workerDisplay (piped)', () => {
  const cell = (name: string) => ({ id: name, name, optimizer: { epochs: 3 } }) as unknown as Cell;
  const record = (epoch: number) =>
    ({ epoch, trainLoss: 2, trainAccuracy: 0.5, testAccuracy: 0.25, seconds: 1, evalSeconds: 0 }) as never;

  it('prints one line per epoch prefixed with the cell and the worker, and a line per finished or skipped cell', () => {
    const io = memoryIo();
    const display = workerDisplay(io);
    const backend: BackendInfo = {
      requested: 'auto',
      requestedFrom: 'default',
      name: 'wasm',
      tfBackend: 'wasm',
      package: '@tensorflow/tfjs-backend-wasm',
      threads: 1,
      wasmVariant: 'simd',
      adapter: null,
      trainingKernels: ['BatchMatMul'],
      versions: { 'tfjs-backend-wasm': '4.22.0' },
      fallbacks: ['tensorflow: @tensorflow/tfjs-node is not installed'],
    };
    display.onEvent({ type: 'worker-ready', worker: 0, backend });
    display.onEvent({ type: 'cell', index: 0, total: 2, cell: cell('a/x'), skipped: true });
    display.onEvent({ type: 'cell', index: 1, total: 2, cell: cell('b/y'), skipped: false, worker: 0 });
    display.onEvent({ type: 'cell-start', cell: cell('b/y'), resumedFrom: 1, worker: 0 });
    display.onEvent({ type: 'batch', cell: cell('b/y'), progress: {} as never, worker: 0 });
    display.onEvent({ type: 'epoch', cell: cell('b/y'), record: record(2), worker: 0 });
    const result = {
      fitted: true,
      epochsToFit: 2,
      secondsToFit: 1.5,
      epochs: 2,
      finalTrainAccuracy: 1,
      finalTestAccuracy: 0.25,
    } as CellResult;
    display.onEvent({ type: 'cell-done', cell: cell('b/y'), result, worker: 'host:12' });
    display.stop();
    expect(
      io.stderr
        .join('')
        .split('\n')
        .filter((l) => l !== ''),
    ).toStrictEqual([
      // Each worker's own backend (its threads), without the backends passed over (the start line lists them).
      'worker 0: backend wasm (@tensorflow/tfjs-backend-wasm 4.22.0, simd, 1 thread, 1 training kernel)',
      '[a/x] finished earlier, skipped',
      '[b/y] resuming after epoch 1 (w0)',
      '[b/y] epoch 2/3 loss 2.000 train 0.500 test 0.250 (w0)',
      '[b/y] fitted at epoch 2 (1.5 s), train 1.000, test 0.250 (whost:12)',
    ]);
  });

  it('draws bars on a terminal and stops cleanly', () => {
    const io = memoryIo({}, true);
    const chunks: string[] = [];
    const stream = {
      write: (s: string) => void chunks.push(s),
      isTTY: true,
      columns: 120,
      on: () => stream,
      removeListener: () => stream,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    } as never;
    const display = workerDisplay(io, { stream });
    display.onEvent({ type: 'cell', index: 0, total: 1, cell: cell('b/y'), skipped: false, worker: 1 });
    display.onEvent({ type: 'epoch', cell: cell('b/y'), record: record(1), worker: 1 });
    display.stop();
    expect(io.stderr.join('')).toBe('');
  });
});
