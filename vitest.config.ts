import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Two runtimes, two projects: pure logic and the site build run in Node; queries and routes run
// inside workerd against a real local D1 with the migrations applied (storage isolated per file).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'site',
          environment: 'node',
          include: ['test/site/**/*.test.ts'],
          globalSetup: ['test/site/build-once.ts'],
          testTimeout: 60_000,
          hookTimeout: 600_000,
        },
      },
      {
        // Journeys and accessibility checks in Chromium against `wrangler dev` serving its own
        // build (test/browser/global-setup.ts); one file at a time, since they share the server.
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
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
          name: 'workers',
          include: ['test/workers/**/*.test.ts'],
          setupFiles: ['test/workers/apply-migrations.ts'],
        },
      },
    ],
  },
});
