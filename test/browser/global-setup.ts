import { existsSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { buildSite, workerConfig } from '../../scripts/build.ts';
import { startDevServer } from '../../bench/server.ts';
import { beijingToday } from '../../functions/lib/time.ts';
import { capture } from '../../scripts/lib/run.ts';
import {
  BROWSER_CACHE,
  BROWSER_D1_PERSIST,
  BROWSER_DIST,
  BROWSER_STATE_DIR,
  CHROMIUM_PATH,
  type PortalUnderTest,
  SCREENSHOT_DIR,
  WRANGLER_LOG,
} from './paths.ts';

/**
 * Vitest globalSetup of the `browser` project: the portal started the way `npm start` starts it
 * (migrated local D1 with the demo city, the built site, `wrangler dev` serving site and API in
 * workerd), only smaller (--scale 0.05) and in its own folders and on a free port.
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

  await rm(BROWSER_STATE_DIR, { recursive: true, force: true });
  await capture('wrangler', [
    'd1',
    'migrations',
    'apply',
    'DB',
    '--local',
    '--persist-to',
    BROWSER_STATE_DIR,
  ]);
  const loaded = await capture('node', [
    'scripts/demo/load.ts',
    '--scale',
    '0.05',
    '--as-of',
    beijingToday(),
    '--persist-to',
    BROWSER_STATE_DIR,
  ]);
  const voting = /Demo voting codes \(unused, round (\d{4})\): (.+)/.exec(loaded);
  const tracking = /Demo tracking codes \(opinions with a reply\): (.+)/.exec(loaded);
  if (!voting?.[1] || !voting[2] || !tracking?.[1]) {
    throw new Error(`the demo loader printed no demo codes:\n${loaded}`);
  }

  await rm(BROWSER_DIST, { recursive: true, force: true });
  await buildSite({
    migrate: false,
    env: {
      PORTAL_D1_PERSIST: BROWSER_D1_PERSIST,
      PORTAL_OUT_DIR: BROWSER_DIST,
      PORTAL_CACHE_DIR: BROWSER_CACHE,
    },
  });

  const server = await startDevServer({
    persistTo: BROWSER_STATE_DIR,
    // The built Worker: static files, the pages it renders on request, and the API.
    config: workerConfig(BROWSER_DIST),
    log: WRANGLER_LOG,
  });
  console.log(
    `browser tests: portal at ${server.baseUrl} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const portal: PortalUnderTest = {
    chromium: CHROMIUM_PATH,
    baseUrl: server.baseUrl,
    roundYear: Number(voting[1]),
    votingCodes: voting[2].trim().split(/\s+/),
    trackingCodes: tracking[1].trim().split(/\s+/),
  };
  project.provide('portal', portal);
  return server.stop;
}
