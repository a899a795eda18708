import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectArraysClose, fillValues, FLOAT32_EPSILON } from '../../arbitraries/index.ts';
import { selectBackend } from 'rethink/train';

/** The gradients of a small CNN (conv, conv, pool, dense) for fixed seeded data and weights. */
function cnnGradients(): Float32Array[] {
  const fill = { seed: 7, shift: 0, quantize: false };
  const x = tf.tensor4d(fillValues(fill, 8 * 14 * 14 * 3, 'x'), [8, 14, 14, 3]);
  const w1 = tf.variable(tf.tensor4d(fillValues(fill, 3 * 3 * 3 * 16, 'w1'), [3, 3, 3, 16]).mul(0.2));
  const w2 = tf.variable(tf.tensor4d(fillValues(fill, 3 * 3 * 16 * 32, 'w2'), [3, 3, 16, 32]).mul(0.1));
  const w3 = tf.variable(tf.tensor2d(fillValues(fill, 5 * 5 * 32 * 10, 'w3'), [5 * 5 * 32, 10]).mul(0.05));
  const { grads } = tf.variableGrads(() => {
    const h1 = tf.relu(tf.conv2d(x, w1 as tf.Tensor as tf.Tensor4D, 1, 'valid'));
    const h2 = tf.relu(tf.conv2d(h1, w2 as tf.Tensor as tf.Tensor4D, 1, 'valid'));
    const pooled = tf.maxPool(h2, 2, 2, 'valid');
    return tf
      .matMul(pooled.reshape([8, -1]), w3)
      .square()
      .mean() as tf.Scalar;
  }, [w1, w2, w3]);
  const out = [w1, w2, w3].map((w) => (grads[w.name] as tf.Tensor).dataSync() as Float32Array);
  tf.dispose([x, w1, w2, w3, ...Object.values(grads)]);
  return out;
}

describe('wasm multithreading', () => {
  afterAll(async () => {
    await selectBackend({ backend: 'cpu', env: {} });
  });

  it.skipIf(typeof SharedArrayBuffer !== 'function')(
    'runs 2 XNNPACK threads in Node and gives the gradients of 1 thread',
    async () => {
      const one = await selectBackend({ backend: 'wasm', threads: 1, env: {} });
      expect(one).toMatchObject({ wasmVariant: 'simd', threads: 1, fallbacks: [] });
      const single = cnnGradients();
      const two = await selectBackend({ backend: 'wasm', threads: 2, env: {} });
      expect(two).toMatchObject({ wasmVariant: 'threaded-simd', threads: 2, fallbacks: [] });
      const multi = cnnGradients();
      for (let i = 0; i < single.length; i++)
        expectArraysClose(multi[i] as Float32Array, single[i] as Float32Array, FLOAT32_EPSILON);
    },
  );

  it.skipIf(typeof SharedArrayBuffer !== 'function')('lets a program that used 2 threads exit by itself', () => {
    // The pool's pthreads would otherwise keep Node's event loop alive after the program's last statement.
    const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
    const dir = mkdtempSync(join(tmpdir(), 'rethink-threads-'));
    const script = join(dir, 'exit.mts');
    writeFileSync(
      script,
      [
        `const tf = (await import(${JSON.stringify(createRequire(import.meta.url).resolve('@tensorflow/tfjs'))})).default;`,
        `import { selectBackend } from ${JSON.stringify(join(root, 'src/train/backend/index.ts'))};`,
        `const info = await selectBackend({ backend: 'wasm', threads: 2, env: {} });`,
        `tf.conv2d(tf.ones([2, 8, 8, 3]) as tf.Tensor4D, tf.ones([3, 3, 3, 4]) as tf.Tensor4D, 1, 'same').dataSync();`,
        `console.log(info.wasmVariant, info.threads);`,
      ].join('\n'),
    );
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
        cwd: root,
        encoding: 'utf8',
        timeout: 45_000,
      });
      expect(run.signal, 'the program did not exit on its own within 45 s').toBeNull();
      expect(run.status, run.stderr.slice(-2000)).toBe(0);
      expect(run.stdout).toContain('threaded-simd 2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to one thread, with the reason, when the threaded binary does not start in time', async () => {
    await selectBackend({ backend: 'wasm', threads: 1, env: {} }); // so the next call starts a new module
    const info = await selectBackend({ backend: 'wasm', threads: 2, env: {}, threadStartTimeoutMs: 1 });
    expect(info).toMatchObject({ name: 'wasm', wasmVariant: 'simd', threads: 1 });
    expect(info.fallbacks).toEqual(['wasm threaded-simd: failed to start (not ready after 1 ms)']);
    // The fallback backend trains: same gradients as a fresh single-threaded one.
    const fallback = cnnGradients();
    await selectBackend({ backend: 'wasm', threads: 1, env: {} });
    const single = cnnGradients();
    for (let i = 0; i < single.length; i++)
      expectArraysClose(fallback[i] as Float32Array, single[i] as Float32Array, FLOAT32_EPSILON);
  });
});
