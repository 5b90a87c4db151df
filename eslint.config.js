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
      // Destructuring a field away to leave the rest is how an object is passed on without it.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      'no-console': 'off',
    },
  },
  {
    // The Worker and the domain vocabulary: type-aware rules on top of the strict ones.
    files: ['functions/**/*.ts', 'functions/**/*.tsx', 'domain/**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./functions/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // D1Database is declared twice: by `wrangler types` (Env) and by @cloudflare/workers-types,
      // which the modules shared with the site import. Both describe the same binding.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    // The command-line tools (Node): the same type-aware rules, with the root project's types.
    files: ['scripts/**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // The site's TypeScript (pages' frontmatter lives in .astro files, which ESLint does not
    // read): the same type-aware rules, with Astro's root project.
    files: ['site/**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // The benchmarks: the Workers they run (bench/tsconfig.json, Workers types) and the Node
    // drivers around them (test/tsconfig.node.json).
    files: ['bench/**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./test/tsconfig.node.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['bench/metered-worker.ts', 'bench/d1-meter.ts', 'bench/bare-worker/**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./bench/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // As in functions/: D1Database is declared by both `wrangler types` and workers-types.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    // The few enhancement scripts served to browsers (form, vote, search pages only).
    files: ['site/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The tests in workerd (vitest-pool-workers): type-aware, with the workerd test project's types.
    files: ['test/workers/**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./test/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // D1Database is declared twice (wrangler types and @cloudflare/workers-types), as in functions/.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    // The tests in Node (unit, site build, browser): type-aware, with the Node test project's types.
    files: ['test/unit/**/*.ts', 'test/site/**/*.ts', 'test/browser/**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./test/tsconfig.node.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
);
