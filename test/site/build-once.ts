import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDevServer } from '../../bench/server.ts';
import { workerConfig } from '../../scripts/build.ts';
import { BUILD_CLIENT, BUILD_DIR, BUILD_OUT, TEST_STATE_DIR, WORKER_LOG } from './build-paths.ts';
import { internalLinks } from './helpers/built.ts';
import { sharedSiteBuild } from './shared-build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built Worker under `wrangler dev`, serving the test D1 (for tests that need it live). */
    siteUrl: string;
  }
}

/** Paths the Worker answers that are not pages of the public site. */
const NOT_PAGES = /^\/(api|staff|prefs|cdn-cgi)(\/|$)/;

/**
 * Vitest globalSetup: seed the test D1 (unless an up-to-date one exists), build the site once
 * (shared with the browser project: shared-build.ts), start its Worker, and write the site as a visitor gets it into BUILD_DIR: the static files,
 * plus every page the Worker renders on request that a link leads to (found by following the
 * links of every page, static or rendered). The Worker keeps running for the tests.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await sharedSiteBuild();
  // The build hook a publish calls: here it only says yes (record pages need no rebuild, which is
  // what the publish test shows), on a port of its own so no running `npm start` is reached.
  const hook = createServer((req, res) => {
    req.resume();
    res.writeHead(202, { 'Content-Type': 'application/json' }).end('{"accepted":true}');
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const hookAddress = hook.address();
  const hookPort = typeof hookAddress === 'object' && hookAddress ? hookAddress.port : 0;
  const server = await startDevServer({
    persistTo: TEST_STATE_DIR,
    config: workerConfig(BUILD_OUT),
    log: WORKER_LOG,
    vars: { DEPLOY_HOOK_URL: `http://127.0.0.1:${hookPort}/rebuild` },
  }).catch((error: unknown) => {
    hook.close();
    throw error;
  });
  const stop = async (): Promise<void> => {
    hook.close();
    await server.stop();
  };
  try {
    const rendered = await copyAsVisited(server.baseUrl);
    console.log(`site tests: ${rendered} pages rendered by the Worker at ${server.baseUrl}`);
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide('siteUrl', server.baseUrl);
  return stop;
}

/** Files the Worker renders besides pages: per-deputy and per-station feeds and calendars. */
const RENDERED_FILES = /\/(feed\.xml|calendar\.ics)$/;
const SAVED_TYPES = ['text/html', 'application/atom+xml', 'text/calendar'];

/** The file a site path is saved as: '/x/y/' → x/y/index.html. */
function fileOf(path: string): string {
  return path.endsWith('/') ? join(BUILD_DIR, path, 'index.html') : join(BUILD_DIR, path);
}

async function copyAsVisited(baseUrl: string): Promise<number> {
  await rm(BUILD_DIR, { recursive: true, force: true });
  await cp(BUILD_CLIENT, BUILD_DIR, { recursive: true });
  const queue: string[] = [];
  const seen = new Set<string>();
  const follow = (html: string): void => {
    for (const href of internalLinks(html)) {
      if (seen.has(href) || !(href.endsWith('/') || RENDERED_FILES.test(href)) || NOT_PAGES.test(href))
        continue;
      seen.add(href);
      if (!existsSync(fileOf(href))) queue.push(href);
    }
  };
  for (const file of await readdir(BUILD_CLIENT, { recursive: true })) {
    if (file.endsWith('.html')) follow(await readFile(join(BUILD_CLIENT, file), 'utf8'));
  }
  let rendered = 0;
  while (queue.length > 0) {
    const batch = queue.splice(0, 8);
    await Promise.all(
      batch.map(async (path) => {
        const response = await fetch(new URL(path, baseUrl), { redirect: 'manual' });
        const body = await response.text();
        const type = response.headers.get('Content-Type') ?? '';
        // Links to pages that do not exist are the link checks' business, not this copy's.
        if (response.status !== 200 || !SAVED_TYPES.some((t) => type.startsWith(t))) return;
        await mkdir(dirname(fileOf(path)), { recursive: true });
        await writeFile(fileOf(path), body);
        rendered++;
        if (type.startsWith('text/html')) follow(body);
      }),
    );
  }
  return rendered;
}
