// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.astro/',
      '.wrangler/',
      '.test-build/',
      '.bench/',
      '.publish/',
      'node_modules/',
      'test-results/',
      'functions/worker-configuration.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The few enhancement scripts served to browsers (form, vote, search pages only).
    files: ['site/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
