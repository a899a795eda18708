/**
 * The Markdown reading behind readme.spec.ts: which blocks run, what they are expected to print, and which
 * links are checked (so that a broken link cannot slip past a too-narrow pattern).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  anchors,
  brokenLinks,
  documents,
  expectedOutput,
  linkedFile,
  links,
  printedLines,
  tsExamples,
} from './_markdown.ts';

const fence = '```';

describe('tsExamples', () => {
  it('returns the bodies of ts blocks only, in order', () => {
    const markdown = [
      '# t',
      `${fence}ts`,
      'console.log(1); // → 1',
      fence,
      `${fence}sh`,
      'npm test',
      fence,
      `${fence}ts`,
      'const a = 2;',
      fence,
    ].join('\n');
    expect(tsExamples(markdown)).toStrictEqual(['console.log(1); // → 1\n', 'const a = 2;\n']);
  });

  it('finds nothing in a document without ts blocks', () => {
    expect(tsExamples(`# Only prose\n\n${fence}sh\nnpm start\n${fence}\n`)).toStrictEqual([]);
  });
});

describe('expectedOutput and printedLines', () => {
  it('collects the annotations in order, without trailing blanks', () => {
    const code = 'const x = 1;\nconsole.log(x, x + 1); // → 1 2  \nconsole.log("a → b"); // → a → b\n';
    expect(expectedOutput(code)).toStrictEqual(['1 2', 'a → b']);
  });

  it('counts every printed line, also those of one call that prints several', () => {
    expect(printedLines([[1, 'a'], ['x\ny '], [true]])).toStrictEqual(['1 a', 'x', 'y', 'true']);
  });
});

describe('links', () => {
  it('finds inline links, images, angle-bracket targets, titles and reference definitions, with line numbers', () => {
    const markdown = [
      'See [the theorem](docs/theorem.md#exact-mode) and ![a chart](img/c.svg "Chart").',
      'Also [spaced](<docs/a b.md>) and [ref][r].',
      '',
      '[r]: ../src/core/index.ts',
    ].join('\n');
    expect(links(markdown)).toStrictEqual([
      { target: 'docs/theorem.md#exact-mode', line: 1 },
      { target: 'img/c.svg', line: 1 },
      { target: 'docs/a b.md', line: 2 },
      { target: '../src/core/index.ts', line: 4 },
    ]);
  });

  it('ignores links inside fenced code and inline code', () => {
    const markdown = ['`[x](missing.md)`', '~~~md', '[y](missing.md)', '~~~', `${fence}`, '[z](gone.md)', fence].join(
      '\n',
    );
    expect(links(markdown)).toStrictEqual([]);
  });
});

describe('anchors', () => {
  it("makes GitHub's heading anchors: no markup, lower case, no punctuation or symbols, numbered repeats", () => {
    const markdown = [
      '# rethink',
      '## The default run (`npm start`)',
      "### The persistent pool against vitest's `threads` pool",
      '## A GPU machine without network: `bench/device-check.sh`',
      '## §3 Explicit & implicit — [regularization](x.md) ×2',
      '## Notes',
      '## Notes',
      '<a id="custom"></a>',
      fence,
      '# not a heading',
      fence,
    ].join('\n');
    expect([...anchors(markdown)]).toStrictEqual([
      'rethink',
      'the-default-run-npm-start',
      'the-persistent-pool-against-vitests-threads-pool',
      'a-gpu-machine-without-network-benchdevice-checksh',
      '3-explicit--implicit--regularization-2',
      'notes',
      'notes-1',
      'custom',
    ]);
  });
});

describe('linkedFile', () => {
  const root = '/repo';

  it('resolves relative to the document and drops anchors and queries', () => {
    expect(linkedFile(root, 'docs/theorem.md', '../src/core/index.ts#L3')).toBe('src/core/index.ts');
    expect(linkedFile(root, 'docs/theorem.md', 'data.md?plain=1')).toBe('docs/data.md');
    expect(linkedFile(root, 'README.md', 'docs/a%20b.md')).toBe('docs/a b.md');
    expect(linkedFile(root, 'docs/x.md', '/package.json')).toBe('package.json');
  });

  it('skips URLs and same-document anchors', () => {
    for (const target of ['https://fast-check.dev', 'mailto:a@b.c', '#layout']) {
      expect(linkedFile(root, 'README.md', target)).toBeNull();
    }
  });
});

describe('brokenLinks and documents on a scratch tree', () => {
  const root = mkdtempSync(join(tmpdir(), 'rethink-markdown-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'docs', 'more'), { recursive: true });
  mkdirSync(join(root, 'src', 'core'), { recursive: true });
  writeFileSync(join(root, 'src', 'core', 'index.ts'), '');
  writeFileSync(join(root, 'docs', 'theorem.md'), '# Theorem 1\n\n## Exact mode\n');
  writeFileSync(join(root, 'docs', 'more', 'deep.md'), '');
  writeFileSync(join(root, 'docs', 'notes.txt'), '');

  it('lists README.md first, then every docs/**.md in name order', () => {
    expect(documents(root)).toStrictEqual(['README.md', 'docs/more/deep.md', 'docs/theorem.md']);
  });

  it('reports a missing or renamed file, and accepts existing files and folders', () => {
    const markdown = [
      '[ok](docs/theorem.md#theorem-1), [folder](src/core/), [web](https://example.org/x.md)',
      '[renamed](docs/theorem-1.md) and [gone](src/core/rng.ts#L1)',
    ].join('\n');
    expect(brokenLinks(root, 'README.md', markdown)).toStrictEqual([
      'line 2: docs/theorem-1.md (no docs/theorem-1.md)',
      'line 2: src/core/rng.ts#L1 (no src/core/rng.ts)',
    ]);
    expect(brokenLinks(root, 'docs/theorem.md', '[up](../src/core/index.ts) [sibling](more/deep.md)')).toStrictEqual(
      [],
    );
  });

  it('reports an anchor that names no heading of the linked Markdown file, or of the document itself', () => {
    const markdown = [
      '# Top',
      '[a](docs/theorem.md#exact-mode) [b](docs/theorem.md#float-mode) [c](#top) [d](#bottom)',
      '[e](src/core/index.ts#L9)',
    ].join('\n');
    expect(brokenLinks(root, 'README.md', markdown)).toStrictEqual([
      'line 2: docs/theorem.md#float-mode (no heading #float-mode in docs/theorem.md)',
      'line 2: #bottom (no heading #bottom in README.md)',
    ]);
  });
});
