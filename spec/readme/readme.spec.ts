/**
 * Executes every ```ts example of README.md and of every docs/**.md (found with readdir, so a new document is
 * picked up by itself), and checks every relative link of those documents.
 *
 * - A line `console.log(...); // → text` states what that line prints: the example's printed lines must equal
 *   those texts, in order, and there must be exactly as many printed lines as annotations.
 * - A relative link (`[x](docs/theorem.md)`, `[y](../src/core/index.ts#L3)`) must name an existing file or
 *   folder: a missing or renamed file fails the document's link test. An `#anchor` into a Markdown file (or
 *   within the document) must name one of its headings, so a renamed section fails it too.
 * - A document without examples is fine; README.md must have at least one.
 *
 * Examples run from reports/.readme-examples/ (git-ignored), one file per example, with the repository root as
 * the working directory.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { brokenLinks, documents, expectedOutput, printedLines, tsExamples } from './_markdown.ts';

const root = resolve(import.meta.dirname, '../..');
const workDir = join(root, 'reports', '.readme-examples');

// Fresh each time: a run folder left by an interrupted spec would be resumed, not rerun.
beforeAll(() => rmSync(workDir, { recursive: true, force: true }));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe.each(documents(root))('%s', (document) => {
  const markdown = readFileSync(join(root, document), 'utf8');
  const examples = tsExamples(markdown);

  if (document === 'README.md') {
    it('has at least one runnable TypeScript example', () => {
      expect(examples.length).toBeGreaterThan(0);
    });
  }

  it('links only to files and headings that exist', () => {
    expect(brokenLinks(root, document, markdown)).toStrictEqual([]);
  });

  examples.forEach((code, index) => {
    const expected = expectedOutput(code);
    it(`example ${index + 1} runs and prints its ${expected.length} annotated lines`, async () => {
      mkdirSync(workDir, { recursive: true });
      const file = join(workDir, `${document.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-')}-${index + 1}.ts`);
      writeFileSync(file, code);
      const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
      let printed: string[];
      try {
        await import(pathToFileURL(file).href);
      } finally {
        printed = printedLines(spy.mock.calls);
        spy.mockRestore();
      }
      expect.soft(printed, 'printed lines vs // → annotations').toHaveLength(expected.length);
      expect(printed).toStrictEqual(expected);
    }, 120_000);
  });
});
