/**
 * Executes every ```ts example in README.md. A line `console.log(...); // → text` states what that line
 * prints: the captured output of the example must equal those texts, in order (every printed line is annotated).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const workDir = join(root, 'reports', '.readme-examples');

/** The `// → text` annotations of a block, in order. */
function expectedOutput(code: string): string[] {
  return code
    .split('\n')
    .map((line) => /\/\/ → (.*)$/.exec(line)?.[1])
    .filter((text): text is string => text !== undefined)
    .map((text) => text.trimEnd());
}

describe('README examples', () => {
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('has runnable TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  blocks.forEach((code, index) => {
    const expected = expectedOutput(code);
    it(`example ${index + 1} runs and prints what it says (${expected.length} annotated lines)`, async () => {
      mkdirSync(workDir, { recursive: true });
      const file = join(workDir, `example-${index + 1}.ts`);
      writeFileSync(file, code);
      const printed: string[] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(' '));
      });
      try {
        await import(pathToFileURL(file).href);
      } finally {
        spy.mockRestore();
      }
      expect(printed.map((s) => s.trimEnd())).toStrictEqual(expected);
    }, 120_000);
  });
});
