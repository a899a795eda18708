// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import checkFile from 'eslint-plugin-check-file';

/**
 * The import direction of the source folders: each folder may import the folders listed here (through their
 * public entry `rethink/<folder>`), and nothing else. `cli` → `experiment` → `train`, `randomize`, `theorem`,
 * `implicit`, `report` → `data` → `core`.
 */
const LAYERS = {
  core: [],
  data: ['core'],
  randomize: ['core', 'data'],
  theorem: ['core', 'data'],
  implicit: ['core', 'data'],
  train: ['core', 'data'],
  report: ['core', 'data'],
  experiment: ['core', 'data', 'randomize', 'theorem', 'implicit', 'train', 'report'],
  cli: ['core', 'data', 'randomize', 'theorem', 'implicit', 'train', 'report', 'experiment'],
};

/**
 * `rethink/imports`: inside `src/`, an import that leaves the file's own top-level folder must name that
 * folder's public entry (`rethink/<folder>`, never a relative path or a deep path), and must follow
 * {@link LAYERS}. Inside a folder, imports are relative.
 * @type {import('eslint').Rule.RuleModule}
 */
const importsRule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = context.filename.replaceAll('\\', '/');
    const match = /\/src\/([a-z]+)\//.exec(file);
    if (!match) return {};
    const own = /** @type {string} */ (match[1]);
    const srcRoot = file.slice(0, match.index + '/src/'.length);
    /** @param {import('estree').Node & { source?: import('estree').Literal | null }} node */
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) {
        const resolved = new URL(spec, `file://${file}`).pathname;
        if (!resolved.startsWith(`${srcRoot}${own}/`)) {
          context.report({
            node,
            message: `Import another folder through its public entry ('rethink/<folder>'), not '${spec}'.`,
          });
        }
        return;
      }
      const cross = /^rethink\/([a-z]+)(\/.*)?$/.exec(spec);
      if (!cross) return;
      const [, folder, deep] = cross;
      if (deep)
        context.report({ node, message: `Import '${spec}' through the folder's public entry 'rethink/${folder}'.` });
      else if (folder === own)
        context.report({ node, message: `Inside ${own}/, import relatively, not through '${spec}'.` });
      else if (!(LAYERS[/** @type {keyof typeof LAYERS} */ (own)] ?? []).includes(/** @type {string} */ (folder))) {
        context.report({
          node,
          message: `${own} may not import ${folder} (the import direction is cli → experiment → train, randomize, theorem, implicit, report → data → core).`,
        });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: (node) => check(/** @type {any} */ ({ ...node, source: node.source })),
    };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', 'fixtures/', 'dist/', '.stryker-tmp*/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { rethink: { rules: { imports: importsRule } }, 'check-file': checkFile },
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', globalThis: 'readonly' },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']",
          message: 'No focused tests.',
        },
        {
          selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='skip']",
          message: 'No unconditional skips: use skipIf/runIf with a stated reason.',
        },
      ],
      // One file-name case: kebab-case, with a leading `_` for internal files (and `.spec`, `.bench`, `.gpu` middle extensions).
      'check-file/filename-naming-convention': [
        'error',
        { '{src,spec,bench,scripts}/**/*.{ts,mjs,js}': '?(_)+([a-z0-9])*(-+([a-z0-9]))' },
        { ignoreMiddleExtensions: true },
      ],
      'check-file/folder-naming-convention': [
        'error',
        { '{src,spec,bench,scripts}/**/': '?(_)+([a-z0-9])*(-+([a-z0-9]))' },
      ],
      'rethink/imports': 'error',
    },
  },
);
