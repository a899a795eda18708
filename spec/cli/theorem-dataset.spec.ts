import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../../src/cli/io.ts';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await main(args, io);
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}

describe('rethink theorem --dataset', () => {
  it('memorizes real images exactly with random and with true labels: 2n + d parameters, zero error', async () => {
    for (const labels of ['random', 'true']) {
      const { code, out, err } = await run([
        'theorem',
        '--dataset',
        'mnist',
        '--samples',
        '300',
        '--labels',
        labels,
        '--exact',
        '--json',
      ]);
      expect(code, err).toBe(0);
      const report = JSON.parse(out) as Record<string, unknown>;
      expect(report).toMatchObject({
        n: 300,
        d: 784,
        outputs: 1,
        parameters: 2 * 300 + 784,
        exact: true,
        maxAbsError: 0,
      });
    }
  });

  it('names both indices when a data set holds one image twice with different labels', async () => {
    // fixtures/idx-tiny repeats images with different labels: no function can interpolate those.
    const { code, err } = await run(['theorem', '--dataset', 'idx:fixtures/idx-tiny', '--labels', 'true']);
    expect(code).toBe(1);
    expect(err).toMatch(/E_DUPLICATE.*points \d+ and \d+ are identical/);
  });

  it('takes one-hot labels with --outputs equal to the class count', async () => {
    const { code, out, err } = await run([
      'theorem',
      '--dataset',
      'mnist',
      '--samples',
      '200',
      '--labels',
      'true',
      '--outputs',
      '10',
      '--json',
    ]);
    expect(code, err).toBe(0);
    const report = JSON.parse(out) as {
      n: number;
      d: number;
      parameters: number;
      maxAbsError: number;
      errorBound: number;
    };
    expect(report.parameters).toBe(report.n * 10 + report.n + report.d);
    expect(report.maxAbsError).toBeLessThanOrEqual(report.errorBound);
  });

  it('rejects flags that do not fit a data set, naming them', async () => {
    expect(await run(['theorem', '--dataset', 'mnist', '--dims', '3'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--dims'),
    });
    expect(await run(['theorem', '--dataset', 'mnist', '--labels', 'x'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--labels'),
    });
    expect(await run(['theorem', '--dataset', 'mnist', '--samples', '50', '--outputs', '3'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--outputs'),
    });
    expect(await run(['theorem', '--dims', '3'])).toMatchObject({ code: 2, err: expect.stringContaining('--samples') });
    expect(await run(['theorem', '--dataset', 'nope:/x'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('theorem: --dataset: unknown data set "nope"'),
    });
  });

  it('names --samples and the range of the chosen data set when it asks for more images than it holds (#16.5)', async () => {
    expect(await run(['theorem', '--dataset', 'mnist', '--samples', '9000'])).toMatchObject({
      code: 2,
      err: 'rethink: theorem: --samples must be an integer in [1, 8000] for mnist (its training split holds 8000 images), got 9000\n',
    });
    expect(await run(['theorem', '--dataset', 'idx:fixtures/idx-tiny', '--samples', '25'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--samples must be an integer in [1, 24] for idx:fixtures/idx-tiny'),
    });
  });
});
