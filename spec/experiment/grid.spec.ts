import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONDITION_KINDS as REPORT_KINDS } from 'rethink/core';
import { CONDITION_KINDS as RANDOMIZE_KINDS } from 'rethink/core';
import { ExperimentError, GRID_DEFAULTS, gridConditions } from 'rethink/experiment';
import { CONDITION_ALIASES } from 'rethink/core';

const kinds = GRID_DEFAULTS.conditions;
const level = fc.integer({ min: 0, max: 100 }).map((k) => k / 100);

describe('gridConditions', () => {
  it("the default grid is the paper's: six conditions plus corrupted labels at 0.2, 0.4, 0.6, 0.8", () => {
    expect(gridConditions().map((c) => c.id)).toStrictEqual([
      'true-labels',
      'random-labels',
      'shuffled-pixels',
      'random-pixels',
      'gaussian-pixels',
      'uniform-pixels',
      'corrupt-labels@0.2',
      'corrupt-labels@0.4',
      'corrupt-labels@0.6',
      'corrupt-labels@0.8',
    ]);
  });

  it('the report and the randomizers name the same condition kinds', () => {
    expect([...REPORT_KINDS].sort()).toStrictEqual([...RANDOMIZE_KINDS].sort());
    expect([...kinds].sort()).toStrictEqual([...RANDOMIZE_KINDS].sort());
  });

  it('has one cell per non-corrupt name and one per distinct level for corrupt-labels, ids unique, order kept', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...kinds, ...Object.keys(CONDITION_ALIASES)), { minLength: 1, maxLength: 12 }),
        fc.array(level, { minLength: 1, maxLength: 6 }),
        (names, levels) => {
          const grid = gridConditions({ conditions: names, corruption: levels });
          const resolved = names.map((n) => CONDITION_ALIASES[n] ?? n);
          const plain = new Set(resolved.filter((k) => k !== 'corrupt-labels'));
          const corrupt = resolved.includes('corrupt-labels') ? new Set(levels).size : 0;
          expect(grid.length).toBe(plain.size + corrupt);
          expect(new Set(grid.map((c) => c.id)).size).toBe(grid.length);
          for (const cell of grid) {
            expect(cell.condition.kind).toBe(cell.kind);
            expect(cell.p === null).toBe(cell.kind !== 'corrupt-labels');
          }
          // First appearances keep the order of the names.
          const firstKinds = [...new Set(grid.map((c) => c.kind))];
          expect(firstKinds).toStrictEqual([...new Set(resolved)].filter((k) => k !== 'corrupt-labels' || corrupt > 0));
        },
      ),
    );
  });

  it('rejects unknown names and levels outside [0, 1] with an ExperimentError naming them', () => {
    expect(() => gridConditions({ conditions: ['bogus'] })).toThrow(/unknown condition "bogus"/);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: 1.000001, max: 1e9, noNaN: true }),
          fc.double({ max: -1e-9, min: -1e9, noNaN: true }),
          fc.constant(Number.NaN),
        ),
        fc.integer({ min: 0, max: 3 }),
        (bad, index) => {
          const levels = [0.1, 0.2, 0.3, 0.4].slice(0, index).concat([bad]);
          try {
            gridConditions({ conditions: ['corrupt'], corruption: levels });
            expect.fail('no error');
          } catch (error) {
            expect(error).toBeInstanceOf(ExperimentError);
            expect((error as ExperimentError).details.index).toBe(index);
          }
        },
      ),
    );
    expect(() => gridConditions({ conditions: ['corrupt'], corruption: [] })).toThrow(ExperimentError);
  });
});
