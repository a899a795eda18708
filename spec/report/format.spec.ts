/** The report's number formatting (internal helpers): durations read back to the value they show. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count, decimal, duration, percent } from '../../src/report/_format.ts';

/** Parses what `duration` prints back into seconds. */
function parseDuration(text: string): number {
  let m = /^(\d+) ms$/.exec(text);
  if (m) return Number(m[1]) / 1000;
  m = /^(\d+\.\d) s$/.exec(text);
  if (m) return Number(m[1]);
  m = /^(\d+) min (\d\d) s$/.exec(text);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  m = /^(\d+) h (\d\d) min$/.exec(text);
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60;
  return expect.fail(`unexpected duration format: ${text}`);
}

describe('report number formatting', () => {
  it('shows a duration in the largest sensible unit, off by at most half its last digit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400_000_000 }).map((ms) => ms / 1000),
        (seconds) => {
          const text = duration(seconds);
          const unit = text.endsWith(' ms')
            ? 0.001
            : text.endsWith(' min')
              ? 60
              : / \d\.\d s$/.test(text) || /^\d+\.\d s$/.test(text)
                ? 0.1
                : 1;
          expect(Math.abs(parseDuration(text) - seconds)).toBeLessThanOrEqual(unit / 2 + 1e-9);
          if (/ min \d\d s$/.test(text)) expect(Number(/ (\d\d) s$/.exec(text)?.[1])).toBeLessThan(60);
          if (/ h \d\d min$/.test(text)) expect(Number(/ (\d\d) min$/.exec(text)?.[1])).toBeLessThan(60);
        },
      ),
    );
    expect([duration(0.25), duration(12.34), duration(119.6), duration(7384), duration(null)]).toStrictEqual([
      '250 ms',
      '12.3 s',
      '2 min 00 s',
      '2 h 03 min',
      '–',
    ]);
  });

  it('formats percentages, counts and decimals', () => {
    expect([percent(0.8905), percent(1, 0), percent(null)]).toStrictEqual(['89.05%', '100%', '–']);
    expect([count(1_209_866), count(null)]).toStrictEqual(['1,209,866', '–']);
    expect([decimal(0), decimal(2.345678), decimal(2.5e-7), decimal(3e7), decimal(null)]).toStrictEqual([
      '0',
      '2.346',
      '2.50e-7',
      '3.00e+7',
      '–',
    ]);
  });
});
