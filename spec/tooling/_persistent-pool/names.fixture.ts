// Fixture of persistent-pool.spec.ts (not a spec of its own): two tests that import a module which logs its loads.
import { expect, test } from 'vitest';
import { loaded } from './loaded.ts';

test('alpha', () => {
  expect(loaded).toBe(true);
});
test('beta', () => {
  expect(loaded).toBe(true);
});
