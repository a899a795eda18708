// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', 'fixtures/', 'dist/', '.stryker-tmp*/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', globalThis: 'readonly' },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']", message: 'No focused tests.' },
        { selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='skip']", message: 'No unconditional skips: use skipIf/runIf with a stated reason.' },
      ],
    },
  },
  {
    files: ['src/**'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/cli/**', '**/cli'], message: 'Nothing imports cli.' }] }],
    },
  },
  {
    files: ['src/report/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/train/**', '**/train', '**/experiment/**', '**/cli/**'], message: 'report draws from run files, not live models.' }] }],
    },
  },
  {
    files: ['src/data/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/train/**', '**/train', '**/experiment/**', '**/cli/**', '**/report/**', '**/randomize/**', '**/theorem/**'], message: 'data is the bottom layer: it imports no other src folder.' }] }],
    },
  },
  {
    files: ['src/theorem/**', 'src/randomize/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/train/**', '**/train', '**/experiment/**', '**/cli/**', '**/report/**'], message: 'theorem, randomize and data never import train, experiment, report or cli.' }] }],
    },
  },
);
