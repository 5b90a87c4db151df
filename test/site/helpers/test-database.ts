import type { D1Database } from '@cloudflare/workers-types';
import { getPlatformProxy } from 'wrangler';
import { buildProxyOptions } from '../../../site/loaders/build-database.ts';
import { TEST_D1_PERSIST } from '../build-paths.ts';

interface Connection {
  db: D1Database;
  dispose: () => Promise<void>;
}

interface Shared {
  pending: Promise<Connection>;
  /** Files holding the connection now. */
  users: number;
  /** The close planned for when the last file let go, cancelled if another file opens in time. */
  closing?: NodeJS.Timeout;
}

/**
 * How long an unused connection waits for the next file. The site project runs without per-file
 * isolation, so a vitest worker's files run one after another in one module graph: the next file
 * opens within milliseconds of the last one's afterAll.
 */
const LINGER_MS = 2_000;

let shared: Shared | undefined;

/**
 * The test D1 the build used (read-only checks), through one `getPlatformProxy` workerd per
 * vitest worker rather than one per file: each start costs about a second of CPU, and a dozen site
 * files read the same database. Each file still opens and disposes it in its own hooks; the
 * workerd stops when no file has used it for LINGER_MS (or, at the latest, with the worker's
 * process, which miniflare's exit hook covers).
 */
export async function openTestDatabase(): Promise<Connection> {
  if (shared?.closing) {
    clearTimeout(shared.closing);
    delete shared.closing;
  }
  if (!shared) {
    const opening: Shared = {
      pending: (async () => {
        const proxy = await getPlatformProxy<{ DB: D1Database }>(
          await buildProxyOptions(process.env.PORTAL_D1_PERSIST ?? TEST_D1_PERSIST),
        );
        return { db: proxy.env.DB, dispose: proxy.dispose };
      })(),
      users: 0,
    };
    // A failed start is not kept: the next file tries again.
    opening.pending.catch(() => {
      if (shared === opening) shared = undefined;
    });
    shared = opening;
  }
  const current = shared;
  current.users += 1;
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    current.users -= 1;
    if (current.users > 0) return;
    current.closing = setTimeout(() => {
      if (shared === current) shared = undefined;
      void current.pending.then((connection) => connection.dispose()).catch(() => undefined);
    }, LINGER_MS);
  };
  try {
    const { db } = await current.pending;
    return {
      db,
      dispose: () => {
        release();
        return Promise.resolve();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
