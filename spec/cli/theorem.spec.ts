/**
 * `rethink theorem` and `rethink start`: flags, the report (text and JSON), `--save` (checked from the saved
 * strings alone, with exact rational arithmetic), atomic writes, usage errors and exit codes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { EXACT_DEEP_WARN, registerTheorem } from '../../src/cli/commands/theorem.ts';
import { Command } from 'commander';
import type { NetworkJson } from 'rethink/theorem';

const dir = mkdtempSync(join(tmpdir(), 'rethink-theorem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await main(args, io);
  return { code, out: io.stdout.join(''), err: io.stderr.join('') };
}

/** p/q → [p, q] as bigints. */
function ratio(s: string): [bigint, bigint] {
  const m = /^(-?\d+)\/(\d+)$/.exec(s);
  if (!m) throw new Error(`not a rational: ${s}`);
  return [BigInt(m[1] as string), BigInt(m[2] as string)];
}

describe('rethink theorem', () => {
  it('prints one JSON object with the documented keys; exact mode has zero error', async () => {
    const { code, out } = await run(['theorem', '--samples', '30', '--dims', '5', '--exact', '--json', '--seed', '3']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as Record<string, unknown>;
    for (const key of ['n', 'd', 'outputs', 'parameters', 'exact', 'maxAbsError', 'seconds'])
      expect(report).toHaveProperty(key);
    expect([report.n, report.d, report.outputs, report.parameters, report.exact, report.maxAbsError]).toStrictEqual([
      30,
      5,
      1,
      65,
      true,
      0,
    ]);
    expect(typeof report.seconds).toBe('number');
  });

  it('reports float mode with its error bound, vector outputs and the deep variant', async () => {
    const float = JSON.parse((await run(['theorem', '--samples', '200', '--dims', '20', '--json'])).out) as Record<
      string,
      number
    >;
    expect(float.parameters).toBe(2 * 200 + 20);
    expect(float.errorBound).toBeLessThan(1e-6);
    expect(float.maxAbsError).toBeLessThan(1e-6);
    const vector = JSON.parse(
      (await run(['theorem', '--samples', '50', '--dims', '4', '--outputs', '3', '--json'])).out,
    ) as Record<string, number>;
    expect([vector.outputs, vector.parameters]).toStrictEqual([3, 50 * 3 + 50 + 4]);
    const deep = JSON.parse(
      (await run(['theorem', '--samples', '40', '--dims', '4', '--depth', '4', '--exact', '--json'])).out,
    ) as Record<string, number>;
    expect([deep.depth, deep.maxAbsError]).toStrictEqual([4, 0]);
    const text = (await run(['theorem', '--samples', '20', '--dims', '3'])).out;
    for (const field of [
      'n (points)        20',
      'd (dimensions)    3',
      'parameters        43 (2n + d)',
      'max |c(x_i)-y_i|',
      'error bound',
      'seconds',
    ])
      expect(text).toContain(field);
    expect(
      (await run(['theorem', '--samples', '20', '--dims', '3', '--exact', '--depth', '3', '--outputs', '2'])).out,
    ).toContain('depth-3');
  });

  it('--save writes a, b, w, x, y as exact "p/q" strings that reproduce every label exactly', async () => {
    const file = join(dir, 'exact.json');
    const { code } = await run(['theorem', '--samples', '12', '--dims', '3', '--exact', '--save', file]);
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8')) as NetworkJson;
    const a = json.a.map(ratio);
    const b = json.b.map(ratio);
    const w = (json.w as string[]).map(ratio);
    json.x.forEach((row, i) => {
      // c(x) = Σ_j w_j·max(⟨a,x⟩ − b_j, 0), over one common denominator per step.
      let zp = 0n;
      let zq = 1n;
      row.map(ratio).forEach(([p, q], l) => {
        const [ap, aq] = a[l] as [bigint, bigint];
        [zp, zq] = [zp * q * aq + p * ap * zq, zq * q * aq];
      });
      let cp = 0n;
      let cq = 1n;
      b.forEach(([bp, bq], j) => {
        const hp = zp * bq - bp * zq;
        if (hp <= 0n) return;
        const [wp, wq] = w[j] as [bigint, bigint];
        [cp, cq] = [cp * wq * zq * bq + wp * hp * cq, cq * wq * zq * bq];
      });
      const [yp, yq] = ratio((json.y as string[])[i] as string);
      expect(cp * yq).toBe(yp * cq);
    });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toStrictEqual([]);
  });

  it('--save writes decimal strings in float mode', async () => {
    const file = join(dir, 'float.json');
    expect(
      (await run(['theorem', '--samples', '5', '--dims', '2', '--outputs', '2', '--depth', '3', '--save', file])).code,
    ).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8')) as NetworkJson;
    expect(json.exact).toBe(false);
    for (const s of [...json.a, ...json.b, ...json.x.flat()]) expect(Number.isFinite(Number(s))).toBe(true);
    expect((json.w as string[][])[0]?.length).toBe(2);
    expect(json.layers?.length).toBe(3);
  });

  it('rejects bad flags with exit code 2 and names them', async () => {
    for (const [args, message] of [
      [['theorem', '--samples', '0', '--dims', '3'], '--samples must be an integer'],
      [['theorem', '--samples', '5', '--dims', 'x'], '--dims must be an integer'],
      [['theorem', '--samples', '5', '--dims', '3', '--depth', '1'], '--depth must be an integer in [2, 7]'],
      [['theorem', '--samples', '5', '--dims', '3', '--outputs', '0'], '--outputs must be an integer'],
      [['theorem', '--samples', '501', '--dims', '3', '--outputs', '2', '--exact'], 'limited to --samples ≤ 500'],
    ] as const) {
      const { code, err } = await run([...args]);
      expect(code).toBe(2);
      expect(err).toContain(message);
    }
    const missing = await run(['theorem', '--samples', '5']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--dims');
  });

  it('fails with exit code 1, leaving nothing behind, when the file cannot be written', async () => {
    const target = join(dir, 'no-such-dir', 'net.json');
    const { code, err } = await run(['theorem', '--samples', '5', '--dims', '2', '--save', target]);
    expect(code).toBe(1);
    expect(err).toContain('cannot write');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toStrictEqual([]);
  });
});

describe('rethink theorem: issue #16', () => {
  it('--save under a regular file is a typed error naming the file and the reason, exit 1 (#16.4)', async () => {
    const file = join(dir, 'afile.txt');
    writeFileSync(file, 'a regular file');
    const target = join(file, 'net.json');
    const { code, err } = await run(['theorem', '--samples', '10', '--dims', '5', '--save', target]);
    expect(code).toBe(1);
    expect(err).toBe(
      `rethink: theorem --save: ${target}: cannot write (a path component is a file, not a folder (ENOTDIR))\n`,
    );
    expect(err).not.toContain('unexpected error');
    expect(readFileSync(file, 'utf8')).toBe('a regular file');
  });

  it('--samples without --dims says --dims is required, as for --samples (#16.14)', async () => {
    const { code, err } = await run(['theorem', '--samples', '1']);
    expect(code).toBe(2);
    expect(err).toBe('rethink: theorem: --dims is required with --samples (or use --dataset)\n');
  });

  it('reports the construction and the check times, each labelled (#16.15)', async () => {
    const json = JSON.parse(
      (await run(['theorem', '--samples', '40', '--dims', '4', '--exact', '--depth', '3', '--json'])).out,
    ) as Record<string, number>;
    expect(json.checkSeconds).toBeGreaterThan(0);
    expect(json.seconds).toBeGreaterThan(0);
    const text = (await run(['theorem', '--samples', '40', '--dims', '4', '--exact', '--depth', '3'])).out;
    expect(text).toMatch(/seconds {11}\d+\.\d{3} \(construction\) \+ \d+\.\d{3} \(check of every point\)/);
  });

  it('shows the progress of the build and the check on a terminal only, on stderr (#16.15)', async () => {
    const args = ['theorem', '--samples', '300', '--dims', '3', '--exact', '--depth', '3', '--json'];
    const tty = memoryIo({}, true);
    expect(await main(args, tty)).toBe(0);
    const err = tty.stderr.join('');
    expect(err).toContain('theorem: building the network on 300 points…');
    expect(err).toMatch(/theorem: checking \[[^\]]*\] 300\/300 points/);
    expect(err).toMatch(/theorem: checking \[[^\]]*\] 0\/300 points/); // drawn from the start
    expect(JSON.parse(tty.stdout.join('')).maxAbsError).toBe(0); // stdout holds the JSON alone
    const plain = memoryIo();
    expect(await main(args, plain)).toBe(0);
    expect(plain.stderr.join('')).toBe('');
  });

  it('warns before a large exact deep run, as --outputs guards exact vector runs (#16.15)', async () => {
    const warnAbove = async (args: string[], tty: boolean): Promise<string> => {
      const io = memoryIo({}, tty);
      const program = new Command('rethink').exitOverride();
      registerTheorem(program, io, { exactDeepWarn: 20 });
      await program.parseAsync(args, { from: 'user' });
      return io.stderr.join('');
    };
    const base = ['theorem', '--samples', '21', '--dims', '2', '--json'];
    const warned = await warnAbove([...base, '--exact', '--depth', '3'], false);
    expect(warned).toContain('theorem: warning: --exact with --depth 3 checks every point');
    expect(warned).toContain('with 21 points this can take minutes; progress is shown on a terminal, Ctrl-C stops it');
    expect(await warnAbove([...base, '--exact'], false)).toBe(''); // two layers: the check is fast
    expect(await warnAbove([...base, '--depth', '3'], false)).toBe(''); // float64
    expect(await warnAbove(['theorem', '--samples', '20', '--dims', '2', '--exact', '--depth', '3'], false)).toBe('');
    expect(EXACT_DEEP_WARN).toBe(5000);
  });
});

describe('rethink start', () => {
  it('runs the Theorem 1 demo: float64 on 20,000 points and exact on 2,000, both in d = 784', async () => {
    const { code, out } = await run(['demo']);
    expect(code).toBe(0);
    const rows = out.split('\n').filter((l) => /^(float64|exact)\s/.test(l));
    expect(rows).toHaveLength(2);
    const [float, exact] = rows.map((l) => l.trim().split(/\s+/));
    expect(float?.slice(0, 4)).toStrictEqual(['float64', '20000', '784', String(2 * 20000 + 784)]);
    expect(Number(float?.[4])).toBeLessThan(1e-6);
    expect(exact?.slice(0, 5)).toStrictEqual(['exact', '2000', '784', String(2 * 2000 + 784), '0']);
  }, 120_000);
});
