// @ts-check
/**
 * ESLint for the whole repository: typescript-eslint's type-aware rules on
 * every TypeScript file, read through the workspaces' own tsconfigs.
 * Formatting is Prettier's (npm run lint runs both). Each rule turned off
 * below says why.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/dist-bench/**', 'widget/src/api/generated.ts', 'widget/types/**', 'data/**', '.bench/**', 'coverage/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        project: ['server/tsconfig.test.json', 'server/bench/tsconfig.json', 'widget/tsconfig.json', 'widget/tsconfig.test.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A leading underscore marks what is named only to be left out (`{ secret: _secret, ...rest }`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      // The schema is built without type-graphql's auth checker: @Allow (graphql/auth-checker.ts) checks roles.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'type-graphql', importNames: ['Authorized'], message: 'Use @Allow from graphql/auth-checker.ts: @Authorized would check nothing here.' },
          ],
        },
      ],
    },
  },
  {
    files: ['widget/src/**/*.ts'],
    rules: {
      // Lit calls a method given as a listener in a template (`@click=${this.onClick}`) with the element
      // as `this` (its `host` render option), which this rule cannot see.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['server/test/**/*.ts', 'widget/test/**/*.ts', 'server/bench/**/*.ts'],
    rules: {
      // Tests and the bench read GraphQL and HTTP answers (and pages in Chromium) as the JSON they
      // are, and tests assert their shape with expect(): typing every answer would restate the schema.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);
