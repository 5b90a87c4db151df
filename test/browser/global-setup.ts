import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSite } from '../../scripts/build.ts';
import { beijingToday, capture, toolEnv } from '../../scripts/lib/run.ts';
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 30): string {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n') : '';
}

async function waitForHealth(baseUrl: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`wrangler dev exited (${server.exitCode}) before it was ready:\n${tail(WRANGLER_LOG)}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer /api/health within ${timeoutMs / 1000} s:\n${tail(WRANGLER_LOG)}`);
}

/** Stops the whole process group (wrangler's node and its workerd processes). */
async function stop(server: ChildProcess): Promise<void> {
  if (server.pid === undefined || server.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  process.kill(-server.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (server.pid !== undefined && server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.warn(WARNING);
    project.provide('portal', { chromium: null, baseUrl: '', roundYear: 0, votingCodes: [], trackingCodes: [] });
    return undefined;
  }
  const started = performance.now();
  await rm(SCREENSHOT_DIR, { recursive: true, force: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  await rm(BROWSER_STATE_DIR, { recursive: true, force: true });
  await capture('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', BROWSER_STATE_DIR]);
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
    env: { PORTAL_D1_PERSIST: BROWSER_D1_PERSIST, PORTAL_OUT_DIR: BROWSER_DIST, PORTAL_CACHE_DIR: BROWSER_CACHE },
  });

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  mkdirSync(dirname(WRANGLER_LOG), { recursive: true });
  const log = openSync(WRANGLER_LOG, 'w');
  const server = spawn(
    'wrangler',
    [
      'dev',
      '--local',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--persist-to',
      BROWSER_STATE_DIR,
      '--assets',
      BROWSER_DIST,
      '--show-interactive-dev-session=false',
    ],
    { stdio: ['ignore', log, log], detached: true, env: { ...toolEnv, NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  closeSync(log);
  try {
    await waitForHealth(baseUrl, server, 90_000);
  } catch (error) {
    await stop(server);
    throw error;
  }
  console.log(`browser tests: portal at ${baseUrl} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const portal: PortalUnderTest = {
    chromium: CHROMIUM_PATH,
    baseUrl,
    roundYear: Number(voting[1]),
    votingCodes: voting[2].trim().split(/\s+/),
    trackingCodes: tracking[1].trim().split(/\s+/),
  };
  project.provide('portal', portal);
  return () => stop(server);
}
