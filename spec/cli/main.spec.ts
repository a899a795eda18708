import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { CliError } from '../../src/cli/errors.ts';
import { parseIntFlag, parseNumberFlag } from '../../src/cli/parse.ts';

describe('rethink main', () => {
  it('prints help and exits 0', async () => {
    const io = memoryIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout.join('')).toContain('Usage: rethink');
  });

  it('exits 2 on an unknown command, naming it', async () => {
    const io = memoryIo();
    expect(await main(['no-such-command'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('no-such-command');
  });
});

describe('flag parsers', () => {
  it('accept in-range values and name the flag otherwise', () => {
    expect(parseIntFlag('--n', '5', { min: 1 })).toBe(5);
    expect(() => parseIntFlag('--n', '0', { min: 1 })).toThrow(/--n must be an integer ≥ 1, got "0"/);
    expect(() => parseIntFlag('--n', '9', { min: 1, max: 8 })).toThrow(/--n must be an integer in \[1, 8\], got "9"/);
    expect(() => parseIntFlag('--n', 'x')).toThrow(/--n must be an integer, got "x"/);
    expect(() => parseIntFlag('--n', '1.5')).toThrow(CliError);
    expect(() => parseIntFlag('--n', '')).toThrow(CliError);
    expect(parseNumberFlag('--p', '0.25', { min: 0, max: 1 })).toBe(0.25);
    expect(() => parseNumberFlag('--p', 'NaN')).toThrow(/--p must be a finite number, got "NaN"/);
    expect(() => parseNumberFlag('--p', '2', { max: 1 })).toThrow(CliError);
    expect(() => parseNumberFlag('--p', '2', { min: 0, max: 1 })).toThrow(/--p must be a number in \[0, 1\]/);
    expect(() => parseNumberFlag('--p', '-1', { min: 0 })).toThrow(/--p must be a finite number ≥ 0/);
  });

  it('an exclusive lower bound (above) refuses the bound itself: --lr 0 (#16.6)', () => {
    expect(parseNumberFlag('--lr', '1e-9', { above: 0 })).toBe(1e-9);
    for (const raw of ['0', '-0', '-1', 'Infinity'])
      expect(() => parseNumberFlag('--lr', raw, { above: 0 })).toThrow(/--lr must be a finite number > 0/);
    expect(() => parseNumberFlag('--lr-decay', '0', { above: 0, max: 1 })).toThrow(
      /--lr-decay must be a number in \(0, 1\]/,
    );
    expect(parseNumberFlag('--lr-decay', '1', { above: 0, max: 1 })).toBe(1);
  });
});
