/**
 * What spec/readme reads out of the project's Markdown: the documents (README.md and every `docs/**.md`), their
 * executable ```ts examples with the `// → text` annotations, and their relative links.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The documents whose examples run and whose links are checked: README.md first, then docs/ in name order. */
export function documents(root: string): string[] {
  const docsDir = join(root, 'docs');
  const docs = existsSync(docsDir)
    ? readdirSync(docsDir, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.md'))
        .map((name) => `docs/${name.split(sep).join('/')}`)
        .sort()
    : [];
  return ['README.md', ...docs];
}

/** The bodies of the ```ts code blocks, in order. */
export function tsExamples(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)].map((m) => m[1] as string);
}

/** The `// → text` annotations of an example, in order (trailing blanks dropped). */
export function expectedOutput(code: string): string[] {
  return code
    .split('\n')
    .map((line) => /\/\/ → (.*)$/.exec(line)?.[1])
    .filter((text): text is string => text !== undefined)
    .map((text) => text.trimEnd());
}

/** What an example printed through `console.log`, one entry per line (trailing blanks dropped). */
export function printedLines(calls: readonly (readonly unknown[])[]): string[] {
  return calls.flatMap((args) =>
    args
      .map(String)
      .join(' ')
      .split('\n')
      .map((line) => line.trimEnd()),
  );
}

/** A link target found in a document, with its 1-based line number. */
export interface Link {
  readonly target: string;
  readonly line: number;
}

/** Blanks out fenced code blocks and inline code spans, keeping line numbers. */
function proseOnly(markdown: string): string[] {
  let fence: string | null = null;
  return markdown.split('\n').map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return '';
    }
    if (marker !== undefined) {
      fence = marker;
      return '';
    }
    return line.replace(/(`+)[\s\S]*?\1/g, '');
  });
}

/**
 * Every link target outside code: inline links and images `[text](target "title")`, `[text](<target>)`, and
 * reference definitions `[label]: target`.
 */
export function links(markdown: string): Link[] {
  const found: Link[] = [];
  proseOnly(markdown).forEach((text, index) => {
    const line = index + 1;
    for (const m of text.matchAll(/\]\(\s*(?:<([^>]*)>|([^)\s]+))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g)) {
      found.push({ target: (m[1] ?? m[2]) as string, line });
    }
    const definition = /^ {0,3}\[[^\]]+\]:\s*(?:<([^>]*)>|(\S+))/.exec(text);
    if (definition) found.push({ target: (definition[1] ?? definition[2]) as string, line });
  });
  return found;
}

/**
 * The file a relative link points to, as a path from `root`; null for URLs (`https:`, `mailto:`, …) and for
 * anchors within the same document (`#section`). A query or `#anchor` is dropped; `/x` is taken from `root`.
 */
export function linkedFile(root: string, document: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) return null;
  const path = decodeURIComponent(target.replace(/[?#].*$/, ''));
  const absolute = path.startsWith('/') ? join(root, path) : resolve(root, dirname(document), path);
  return relative(root, absolute).split(sep).join('/') || '.';
}

/**
 * The anchors of a document's headings as GitHub makes them: the heading's text without markup, lower-cased,
 * without punctuation and symbols (except `-` and `_`), spaces as `-`; a repeated anchor gets `-1`, `-2`, ….
 * HTML anchors (`<a id="x">`, `<a name="x">`) count too.
 */
export function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseOnly(markdown.replace(/`+/g, (m) => (m.length >= 3 ? m : '')))) {
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(m[1] as string);
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    found.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return found;
}

/**
 * The relative links of `document` (a path from `root`) that point nowhere, as `line N: target (why)`: the file
 * does not exist, or the `#anchor` of a link into a Markdown file (or of `#anchor` alone, within `document`)
 * names no heading there.
 */
export function brokenLinks(root: string, document: string, markdown: string): string[] {
  const broken: string[] = [];
  for (const { target, line } of links(markdown)) {
    const hash = target.indexOf('#');
    const anchor = hash < 0 ? '' : decodeURIComponent(target.slice(hash + 1));
    const file = target.startsWith('#') ? document : linkedFile(root, document, target);
    if (file === null) continue;
    if (file !== document && !existsSync(join(root, file))) {
      broken.push(`line ${line}: ${target} (no ${file})`);
    } else if (anchor !== '' && file.endsWith('.md')) {
      const text = file === document ? markdown : readFileSync(join(root, file), 'utf8');
      if (!anchors(text).has(anchor)) broken.push(`line ${line}: ${target} (no heading #${anchor} in ${file})`);
    }
  }
  return broken;
}
