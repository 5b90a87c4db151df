import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const workersFiles = (names: string[]): string[] => names.map((name) => `test/workers/${name}.test.ts`);

/**
 * Workers test files that need a D1 of their own: they count rows of the whole database (admins,
 * audit entries, rounds), seed fixed ids that other files seed too, or inject faults with
 * triggers. They share one workerd per vitest worker (no isolation, which saves a runtime start
 * and a transform of every module per file), and a setup file empties the D1 and R2 and applies
 * the migrations again before each of them (test/workers/fresh-d1.ts). Every other workers file
 * writes only rows of its own and shares the D1 as it is.
 */
const FRESH_D1_FILES = workersFiles([
  'participation-costs',
  'search',
  'staff-access',
  'staff-accounts',
  'staff-auth',
  'staff-forms',
  'staff-imports',
  'staff-imports-replace',
  'staff-imports-lifecycle',
  'staff-publish',
  // Adds 1,000 deputies and 100,000 duty activities to measure the console list at city scale.
  'staff-records-activities',
  'staff-rounds',
  'staff-suggestions',
]);

/**
 * Files that check what an isolate does once (the Turnstile notice on the first request): they
 * keep vitest's per-file isolation, a new workerd with fresh module state and a fresh D1 each.
 */
const ISOLATED_FILES = workersFiles(['participation-pages']);

/** The Hono app in workerd against a real local D1 with the migrations applied. */
function workersProject(
  name: string,
  files: { include?: string[]; exclude?: string[]; isolate: boolean; setupFiles?: string[] },
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
      setupFiles: files.setupFiles ?? ['test/workers/apply-migrations.ts'],
      // Tests that publish wait out the isolate's publish-version TTL (2 s) once or twice; on a
      // busy 2-core machine that passed vitest's 5 s default. A hang still fails, later.
      testTimeout: 30_000,
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
      workersProject('workers', { exclude: [...FRESH_D1_FILES, ...ISOLATED_FILES], isolate: false }),
      workersProject('workers-fresh', {
        include: FRESH_D1_FILES,
        isolate: false,
        setupFiles: ['test/workers/fresh-d1.ts'],
      }),
      workersProject('workers-isolated', { include: ISOLATED_FILES, isolate: true }),
    ],
  },
});
