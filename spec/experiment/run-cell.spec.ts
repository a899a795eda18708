/**
 * `runCell`'s checkpoint interval: `checkpointEvery` (or `RETHINK_CHECKPOINT_EVERY`) decides how often a cell's
 * checkpoint is written, never what the cell computes; a bad value is refused before the cell's folder is touched.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, PLAN_FILES } from 'rethink/core';
import { runCell } from 'rethink/experiment';
import { readCheckpoint } from 'rethink/train';
import { metricsWithoutSeconds, tinyCells } from './_cells.ts';

const root = mkdtempSync(join(tmpdir(), 'rethink-run-cell-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runCell: the checkpoint interval', () => {
  it.each([['soon'], ['-1'], ['Infinity']])(
    'RETHINK_CHECKPOINT_EVERY=%s is an ArgumentError naming the variable, before anything is written',
    async (value) => {
      const dir = join(root, `bad-${value}`);
      const [cell] = await tinyCells(dir, { conditions: ['true-labels'] });
      const before = readdirSync(join(dir, 'cells', cell!.id));
      const run = runCell(dir, cell!, { env: { RETHINK_CHECKPOINT_EVERY: value } });
      await expect(run).rejects.toThrow(ArgumentError);
      await expect(runCell(dir, cell!, { env: { RETHINK_CHECKPOINT_EVERY: value } })).rejects.toThrow(
        /RETHINK_CHECKPOINT_EVERY must be a number of seconds ≥ 0/,
      );
      expect(readdirSync(join(dir, 'cells', cell!.id))).toStrictEqual(before);
    },
  );

  it('every epoch (0) or once at the end (an hour): the same metrics; an abort keeps the last finished epoch', async () => {
    const each = join(root, 'each');
    const [cell] = await tinyCells(each, { conditions: ['random-labels'] });
    const epochs: number[] = [];
    await runCell(each, cell!, {
      env: { RETHINK_CHECKPOINT_EVERY: '0' },
      onEvent: (e) => {
        if (e.type === 'epoch') epochs.push(e.record.epoch);
      },
    });
    const hourly = join(root, 'hourly');
    await tinyCells(hourly, { conditions: ['random-labels'] });
    const controller = new AbortController();
    const stopped = await runCell(hourly, cell!, {
      checkpointEvery: 3600,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'batch' && e.progress.epoch === 3) controller.abort();
      },
    });
    expect(stopped.status).toBe('aborted');
    const held = await readCheckpoint(join(hourly, 'cells', cell!.id, PLAN_FILES.checkpoint));
    expect(held?.state.epoch).toBe(2);
    const done = await runCell(hourly, cell!, { checkpointEvery: 3600 });
    expect(done.status).toBe('done');
    expect(metricsWithoutSeconds(hourly, cell!.id)).toStrictEqual(metricsWithoutSeconds(each, cell!.id));
    expect(epochs).toStrictEqual([1, 2, 3]); // the abort in epoch 3 came before the last epoch
  });
});
