import { existsSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { workerConfig } from '../../scripts/build.ts';
import { startDevServer } from '../../bench/server.ts';
import { BUILD_OUT } from '../site/build-paths.ts';
import { sharedSiteBuild } from '../site/shared-build.ts';
import { copyTestState } from '../site/test-state.ts';
import {
  BROWSER_STATE_DIR,
  CHROMIUM_PATH,
  OFFICE_STATE_DIR,
  type PortalUnderTest,
  SCREENSHOT_DIR,
  WRANGLER_LOG,
} from './paths.ts';

/**
 * Vitest globalSetup of the `browser` project: the portal started the way `npm start` starts it
 * (migrated local D1 with the demo city, the built site, `wrangler dev` serving site and API in
 * workerd), only smaller (--scale 0.05) and on a free port. The test D1 and the build are the site
 * project's (test/site/shared-build.ts: one demo load and one build per run); the journeys vote,
 * write opinions and publish, so they run on a copy of the D1 taken after the build (which also
 * wrote the search index), and the site tests keep seeing the untouched demo data.
 */

const WARNING = `
┌──────────────────────────────────────────────────────────────────────────────┐
│ BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM_PATH.padEnd(39)}│
│ Install it (apt-get install -y chromium) or set CHROMIUM=/path/to/chromium.  │
│ The journeys, accessibility checks and screenshots did NOT run.              │
└──────────────────────────────────────────────────────────────────────────────┘`;

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.warn(WARNING);
    project.provide('portal', {
      chromium: null,
      baseUrl: '',
      roundYear: 0,
      votingCodes: [],
      trackingCodes: [],
    });
    return undefined;
  }
  const started = performance.now();
  await rm(SCREENSHOT_DIR, { recursive: true, force: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const codes = await sharedSiteBuild();
  await copyTestState(BROWSER_STATE_DIR);
  // The office journey's own copy (it starts its own Worker on it), taken now, before any test
  // runs: later the site tests' Worker writes its edge cache beside the test D1.
  await copyTestState(OFFICE_STATE_DIR);

  const server = await startDevServer({
    persistTo: BROWSER_STATE_DIR,
    // The built Worker: static files, the pages it renders on request, and the API.
    config: workerConfig(BUILD_OUT),
    log: WRANGLER_LOG,
  });
  console.log(
    `browser tests: portal at ${server.baseUrl} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const portal: PortalUnderTest = {
    chromium: CHROMIUM_PATH,
    baseUrl: server.baseUrl,
    roundYear: codes.roundYear,
    votingCodes: codes.votingCodes,
    trackingCodes: codes.trackingCodes,
  };
  project.provide('portal', portal);
  return server.stop;
}
