import { dirname, relative, resolve, sep } from 'node:path';

import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SRC = resolve(import.meta.dirname, 'src');
const FEATURES = resolve(SRC, 'features');

/** The feature folder a path lies in (`src/features/<name>/…`), or null outside features. */
const featureOf = (path) => {
  const inside = relative(FEATURES, path);
  return inside && !inside.startsWith('..') && !inside.startsWith(sep)
    ? inside.split(sep)[0]
    : null;
};

/** Features do not import each other, by alias (`@/features/search/...`) or by a relative path
 * (`../../search/...`): the import is resolved against the importing file, so any depth of
 * `../` is caught. Shared code belongs in src/components, src/lib or src/types; app/ composes
 * features. Tests included: a test that needs another feature belongs in app/. */
const noCrossFeatureImports = {
  meta: {
    type: 'problem',
    messages: {
      crossFeature:
        "Feature '{{from}}' imports from feature '{{to}}' ('{{source}}'): move the shared " +
        'code to src/components, src/lib or src/types, or compose the two in src/app.',
    },
    schema: [],
  },
  create(context) {
    const from = featureOf(context.filename);
    if (!from) return {};
    const check = (node) => {
      const source = node.source;
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      let target;
      if (spec.startsWith('.')) target = resolve(dirname(context.filename), spec);
      else if (spec.startsWith('@/')) target = resolve(SRC, spec.slice(2));
      else return;
      const to = featureOf(target);
      if (to && to !== from) {
        context.report({
          node: source,
          messageId: 'crossFeature',
          data: { from, to, source: source.value },
        });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default tseslint.config(
  { ignores: ['dist', 'test-results', 'playwright-report', 'node_modules'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: {
      'react-hooks': reactHooks,
      'react-refresh': reactRefresh,
      mdt: { rules: { 'no-cross-feature-imports': noCrossFeatureImports } },
    },
    rules: {
      'mdt/no-cross-feature-imports': 'error',
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
    // Features do not import the app layer (mdt/no-cross-feature-imports keeps them apart).
    files: ['src/features/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'], // tests may build the real store
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'lodash', message: "Import one function: 'lodash/<fn>'." }],
          patterns: [
            { group: ['antd/lib/*', 'antd/es/*'], message: "Import from 'antd'." },
            { group: ['@/app/*'], message: 'Features do not import the app layer.' },
          ],
        },
      ],
    },
  },
  {
    // Node scripts and configs (the API types generator among them).
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2024, globals: globals.node },
  },
  {
    // The route table is not a hot-reload boundary; its lazy() pages are.
    files: ['src/app/router.tsx'],
    rules: { 'react-refresh/only-export-components': 'off' },
  },
  prettier,
);
