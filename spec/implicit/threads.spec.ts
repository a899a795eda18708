/**
 * The worker-thread pool behind the tiled products: splitting the work among threads changes nothing — every
 * entry of K, of the Cholesky factor and of K(z, c)·α is summed by one thread in the same order.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from 'rethink/core';
import { fitKernel, predictKernel } from 'rethink/implicit';
import { getPool } from '../../src/implicit/_pool.ts';

function cloud(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed, 'spec/implicit/threads');
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.float()));
}

describe('threads', () => {
  it('the pool starts here (worker threads answer), and one thread means no pool', () => {
    expect(getPool(3)?.threads).toBe(3);
    expect(getPool(1)).toBeUndefined();
  });

  it('fitKernel and predictKernel give bit-identical results on 1 and on 3 threads', () => {
    // 240 points in 300 dimensions: each tiled product is above the pool's minimum work, so it is split.
    const x = cloud(240, 300, 1);
    const z = cloud(70, 300, 2);
    const labels = x.map((_, i) => i % 5);
    const one = fitKernel(x, labels, { classes: 5, threads: 1 });
    const three = fitKernel(x, labels, { classes: 5, threads: 3 });
    expect(one.trainError).toBe(0);
    expect([...three.alpha]).toStrictEqual([...one.alpha]);
    expect([three.norm, three.minPivot, three.minPivotIndex]).toStrictEqual([
      one.norm,
      one.minPivot,
      one.minPivotIndex,
    ]);
    expect([...predictKernel(three, z, { threads: 3 })]).toStrictEqual([...predictKernel(one, z, { threads: 1 })]);
  });

  it('rejects a thread count that is not a positive integer', () => {
    expect(() => fitKernel([[0], [1]], [0, 1], { classes: 2, threads: 0 })).toThrow(
      /threads must be a positive integer/,
    );
  });
});
