/**
 * The condition kinds' one home: every kind and alias parses to its kind, ids are the kind or `corrupt-labels@p`,
 * and a condition's corruption level is 0 for true labels, 1 for random labels, p for corrupted labels and none
 * for the pixel conditions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  CONDITION_ALIASES,
  CONDITION_KINDS,
  conditionId,
  corruptionLevel,
  parseConditionKind,
} from 'rethink/core';
import { caught } from '../arbitraries/assertions.ts';

describe('conditions', () => {
  it('every kind parses to itself and every alias to its kind, surrounded by spaces or not', () => {
    for (const kind of CONDITION_KINDS) {
      expect(parseConditionKind(kind)).toBe(kind);
      expect(parseConditionKind(`  ${kind} `)).toBe(kind);
    }
    for (const [alias, kind] of Object.entries(CONDITION_ALIASES)) expect(parseConditionKind(` ${alias}`)).toBe(kind);
    expect(new Set(Object.values(CONDITION_ALIASES))).toStrictEqual(new Set(CONDITION_KINDS));
  });

  it('any other name parses to nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (name) => {
        const known = [...CONDITION_KINDS, ...Object.keys(CONDITION_ALIASES)].includes(name.trim());
        expect(parseConditionKind(name) === undefined).toBe(!known);
      }),
    );
    expect(parseConditionKind('Random')).toBeUndefined();
  });

  it('ids: the kind itself, or corrupt-labels@p as JavaScript prints p; p outside [0, 1] is an ArgumentError', () => {
    for (const kind of CONDITION_KINDS) if (kind !== 'corrupt-labels') expect(conditionId(kind)).toBe(kind);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => {
        expect(conditionId('corrupt-labels', p)).toBe(`corrupt-labels@${p}`);
      }),
    );
    for (const p of [null, -0.1, 1.5, NaN]) {
      const error = caught(() => conditionId('corrupt-labels', p), ArgumentError, 'conditionId', 'p in [0, 1]');
      expect(error.details).toMatchObject({ kind: 'corrupt-labels' });
    }
    expect(conditionId('corrupt-labels', 0)).toBe('corrupt-labels@0');
    expect(conditionId('corrupt-labels', 1)).toBe('corrupt-labels@1');
  });

  it('corruption levels: 0 for true labels, 1 for random labels, p for corrupted labels, null for pixels', () => {
    expect(corruptionLevel({ kind: 'true-labels', p: null })).toBe(0);
    expect(corruptionLevel({ kind: 'random-labels', p: null })).toBe(1);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => {
        expect(corruptionLevel({ kind: 'corrupt-labels', p })).toBe(p);
      }),
    );
    for (const kind of ['shuffled-pixels', 'random-pixels', 'gaussian-pixels', 'uniform-pixels'] as const)
      expect(corruptionLevel({ kind, p: null })).toBeNull();
  });
});
