/**
 * `rethink kernel`: Section 5's kernel interpolation on a small seeded subset of the bundled digits — the JSON
 * report's fields, true labels generalizing far better than random ones, and usage errors (exit code 2).
 */
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.ts';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../../src/cli/io.ts';

async function report(args: string[]): Promise<Record<string, unknown>> {
  const io = memoryIo();
  await buildProgram(io).parseAsync(['kernel', '--samples', '300', '--test-samples', '100', '--json', ...args], {
    from: 'user',
  });
  expect(io.stderr.join('')).toBe(''); // not a terminal: no progress lines
  return JSON.parse(io.stdout.join('')) as Record<string, unknown>;
}

describe('rethink kernel', () => {
  it('prints one JSON object with the documented fields; the interpolant fits every training label', async () => {
    const r = await report([]);
    for (const key of [
      'dataset',
      'n',
      'm',
      'd',
      'classes',
      'kernel',
      'gamma',
      'labels',
      'fit',
      'solver',
      'trainError',
      'testError',
      'norm',
      'maxResidual',
      'minPivot',
      'minPivotIndex',
      'conditionEstimate',
      'seconds',
    ])
      expect(r).toHaveProperty(key);
    expect([r.dataset, r.n, r.m, r.d, r.classes, r.kernel, r.labels, r.fit, r.solver]).toStrictEqual([
      'mnist',
      300,
      100,
      784,
      10,
      'rbf',
      'true',
      'standard',
      'cholesky',
    ]);
    expect(r.trainError).toBe(0);
    expect(r.maxResidual).toBeLessThan(1e-9);
    expect(r.minPivot).toBeGreaterThan(0);
    // γ = 1 / median squared distance of raw [0, 1] digits: about 0.0095 (≈ 0.0097 in NumPy on 8,000 digits).
    expect(r.gamma).toBeGreaterThan(0.007);
    expect(r.gamma).toBeLessThan(0.013);
  });

  it('"fitting the training labels exactly … works well" on true labels, not on random ones: test error far below, norm far smaller', async () => {
    const truth = await report(['--labels', 'true']);
    const random = await report(['--labels', 'random']);
    expect(random.trainError).toBe(0);
    // Same seed, same points and kernel: with 300 true-labelled digits the test error is ≈ 11%; with random
    // labels it is chance (≈ 90%). The margins are wide: a 300-digit fit cannot get near 50% on true labels.
    expect(truth.testError as number).toBeLessThan(0.3);
    expect(random.testError as number).toBeGreaterThan(0.6);
    expect(random.norm as number).toBeGreaterThan(2 * (truth.norm as number));
  });

  it('the interpolants that do not generalize: random test labels forced on the test points give chance test error and a larger norm', async () => {
    const forced = await report(['--fit', 'random-test-labels']);
    expect([forced.fit, forced.trainError]).toStrictEqual(['random-test-labels', 0]);
    expect(forced.testError as number).toBeGreaterThan(0.6);
    const standard = await report([]);
    expect(forced.norm as number).toBeGreaterThan(standard.norm as number);
  });

  it('centres at random points: the non-symmetric system (LU) fits the training labels, predicts near chance, with a far larger norm', async () => {
    const centres = await report(['--fit', 'random-centres', '--samples', '150']);
    const standard = await report(['--samples', '150']);
    expect([centres.fit, centres.solver, centres.trainError]).toStrictEqual(['random-centres', 'lu', 0]);
    expect(centres.testError as number).toBeGreaterThan(0.5);
    expect(centres.norm as number).toBeGreaterThan(10 * (standard.norm as number));
  });

  it('the linear and polynomial kernels run and report their parameters', async () => {
    const poly = await report(['--kernel', 'poly', '--degree', '3', '--samples', '100']);
    expect([poly.kernel, poly.degree, poly.coef0, poly.trainError]).toStrictEqual(['poly', 3, 1, 0]);
    const linear = await report(['--kernel', 'linear', '--samples', '100']);
    expect([linear.kernel, linear.gamma, linear.trainError]).toStrictEqual(['linear', 1, 0]);
  });

  it('prints a readable report beside the paper’s figure', async () => {
    const io = memoryIo();
    await buildProgram(io).parseAsync(['kernel', '--samples', '100', '--test-samples', '50'], { from: 'user' });
    const text = io.stdout.join('');
    expect(text).toContain('Section 5');
    expect(text).toContain('test error');
    expect(text).toContain('1.2%');
  });

  it('usage errors exit 2 and name the flag', async () => {
    for (const [args, flag] of [
      [['kernel', '--kernel', 'nope'], '--kernel'],
      [['kernel', '--labels', 'maybe'], '--labels'],
      [['kernel', '--fit', 'best'], '--fit'],
      [['kernel', '--samples', 'x'], '--samples'],
      [['kernel', '--bandwidth', '-1'], '--bandwidth'],
      [['kernel', '--kernel', 'linear', '--bandwidth', '2'], '--bandwidth'],
    ] as const) {
      const io = memoryIo();
      expect(await main([...args], io)).toBe(2);
      expect(io.stderr.join('')).toContain(flag);
    }
  });

  it('short runs print no progress, even on a terminal (the display starts after 2 s)', async () => {
    const io = memoryIo({}, true);
    await buildProgram(io).parseAsync(['kernel', '--samples', '50', '--test-samples', '20', '--json'], {
      from: 'user',
    });
    // Short runs stay silent even on a terminal (the display starts after 2 s).
    expect(io.stderr.join('')).toBe('');
  });
});

describe('rethink kernel: data-set flags', () => {
  it('--samples beyond the data set names the flag and the real range, exit 2; an unknown --dataset exits 2', async () => {
    const io = memoryIo();
    expect(await main(['kernel', '--samples', '100000'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('kernel: --samples must be an integer in [1, 8000] for mnist');
    const other = memoryIo();
    expect(await main(['kernel', '--dataset', 'imagenet'], other)).toBe(2);
    expect(other.stderr.join('')).toContain('--dataset');
  });
});
