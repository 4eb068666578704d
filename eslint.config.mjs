import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import hostwatch from './scripts/eslint-koffi-boundary.mjs';

const KOFFI_IMPORT = {
  name: 'koffi',
  message: 'koffi is loaded lazily through src/platform/koffi.ts only.',
  allowTypeImports: true,
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'coverage/', 'dashboards/*.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [KOFFI_IMPORT] }],
    },
  },
  // Outside src/platform/, no koffi at all: not the module, not the lazy loader, and no
  // koffi function or value that a platform module might hand out (a typed check).
  {
    files: ['src/**/*.ts'],
    // The status page's browser script is built by tsconfig.client.json, outside the
    // project the typed rule reads, and cannot reach koffi anyway.
    ignores: ['src/platform/**', 'src/server/status/client/**'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { hostwatch },
    rules: {
      'hostwatch/koffi-boundary': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ ...KOFFI_IMPORT, allowTypeImports: false }],
          patterns: [
            {
              group: ['**/platform/koffi'],
              message:
                'koffi is used only under src/platform/: call a typed wrapper from src/platform/<os>/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
