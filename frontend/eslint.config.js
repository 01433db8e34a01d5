import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'test-results', 'playwright-report', 'node_modules'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks, 'react-refresh': reactRefresh },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-refresh/only-export-components': ['warn', { allowConstantExport: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // lodash only per function: `import sortBy from 'lodash/sortBy'`.
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'lodash', message: "Import one function: 'lodash/<fn>'." }],
          patterns: [{ group: ['antd/lib/*', 'antd/es/*'], message: "Import from 'antd'." }],
        },
      ],
    },
  },
  {
    // Features do not import each other; app/ composes them.
    files: ['src/features/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'], // tests may build the real store
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'lodash', message: "Import one function: 'lodash/<fn>'." }],
          patterns: [
            { group: ['@/app/*'], message: 'Features do not import the app layer.' },
            {
              group: ['@/features/*'],
              message: 'No cross-feature imports: use relative paths inside a feature.',
            },
          ],
        },
      ],
    },
  },
  {
    // The route table is not a hot-reload boundary; its lazy() pages are.
    files: ['src/app/router.tsx'],
    rules: { 'react-refresh/only-export-components': 'off' },
  },
  prettier,
);
