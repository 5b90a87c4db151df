import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Workers test files that need a D1 and a module state of their own: they count rows of the whole
 * database (admins, audit entries, rounds), seed fixed ids that other files seed too, inject
 * faults with triggers, or check what an isolate says once. They keep vitest's per-file
 * isolation (a new workerd and a freshly migrated D1 each). Every other workers file writes only
 * rows of its own and shares one workerd per vitest worker (no isolation), which saves a runtime
 * start and a migration replay per file.
 */
const FRESH_D1_FILES = [
  'participation-costs',
  'participation-pages',
  'search',
  'staff-access',
  'staff-accounts',
  'staff-auth',
  'staff-forms',
  'staff-imports',
  'staff-imports-replace',
  'staff-publish',
  'staff-rounds',
].map((name) => `test/workers/${name}.test.ts`);

/** The Hono app in workerd against a real local D1 with the migrations applied. */
function workersProject(
  name: string,
  files: { include?: string[]; exclude?: string[]; isolate: boolean },
): TestProjectInlineConfiguration {
  return {
    plugins: [
      cloudflareTest(async () => ({
        wrangler: { configPath: './wrangler.toml' },
        // The Hono app alone: the Worker of wrangler.toml also holds Astro's pages, which
        // exist only in a build (the site tests check those through the built Worker).
        main: './functions/app.ts',
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: await readD1Migrations('./migrations'),
            // A port nothing listens on, so tests never reach the build hook of a running `npm start`.
            DEPLOY_HOOK_URL: 'http://127.0.0.1:9/rebuild',
            // The ballot receipt secret of the tests (production sets its own Worker secret).
            RECEIPT_SECRET: 'test-receipt-secret-not-for-production',
          },
        },
      })),
    ],
    test: {
      name,
      include: files.include ?? ['test/workers/**/*.test.ts'],
      exclude: files.exclude ?? [],
      isolate: files.isolate,
      setupFiles: ['test/workers/apply-migrations.ts'],
    },
  };
}

// Two runtimes: pure logic and the site build run in Node; queries and routes run inside workerd
// against a real local D1 with the migrations applied (a fresh D1 per file where a file needs one).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
          // Pure functions, no mocks, no globals: one module graph per vitest worker, not per file.
          isolate: false,
        },
      },
      {
        test: {
          name: 'site',
          environment: 'node',
          include: ['test/site/**/*.test.ts'],
          globalSetup: ['test/site/build-once.ts'],
          // The files read the build and the test D1 and write only copies of their own (no mocks,
          // no globals), so they share one module graph: wrangler and the site's modules load
          // once per vitest worker instead of once per file.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 600_000,
        },
      },
      {
        // Journeys and accessibility checks in Chromium against `wrangler dev` serving the site
        // project's build (test/browser/global-setup.ts). Files may run side by side: those that
        // move the same counts run in turn inside in-turn.test.ts, and the office journey, which
        // publishes and rebuilds, starts a portal of its own.
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
      workersProject('workers', { exclude: FRESH_D1_FILES, isolate: false }),
      workersProject('workers-fresh', { include: FRESH_D1_FILES, isolate: true }),
    ],
  },
});
