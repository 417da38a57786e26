import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'crypto', 'http', 'https', 'dgram', 'tls'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The engine runs in the app, the CLI, the lab and the harness: it must never depend on Electron.
    files: ['main/core/**/*.ts', 'main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'main/core and the CLI run without Electron; put this in main/shell.' }],
          patterns: ['electron/*', '**/shell/**'],
        },
      ],
    },
  },
  {
    // The renderer talks only through window.holdfast: no Node, no Electron, no main code at run time.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches main only through window.holdfast.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer runs sandboxed in a browser: no Node modules.' },
            {
              group: ['**/main/**', '**/preload/index*'],
              allowTypeImports: true,
              message: 'The renderer may import only types from main and the contract.',
            },
          ],
        },
      ],
    },
  },
);
