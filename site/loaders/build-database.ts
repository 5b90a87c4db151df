/**
 * The D1 database the site is built from.
 *
 * Locally this is the same on-disk D1 that `wrangler dev` and `wrangler d1 execute --local`
 * use (.wrangler/state). With PORTAL_D1=remote the build reads the production D1 through
 * wrangler's remote bindings (the `remote = true` binding of [env.production]); see README.
 */
import type { D1Database, R2Bucket } from '@cloudflare/workers-types';

interface Held {
  db: D1Database;
  /** R2 (FILES): the open-data history of earlier publishes (site/lib/records/snapshot-store.ts). */
  files: R2Bucket;
  dispose: () => Promise<void>;
}

// Astro may load this module more than once (config and content layer), so the connection
// lives on globalThis and is shared.
const KEY = Symbol.for('deputy-portal.build-database');
type Slot = { pending?: Promise<Held> };
const slot: Slot = ((globalThis as Record<symbol, unknown>)[KEY] as Slot | undefined) ?? {};
(globalThis as Record<symbol, unknown>)[KEY] = slot;

export async function getBuildDatabase(): Promise<D1Database> {
  slot.pending ??= (async () => {
    const { getPlatformProxy } = await import('wrangler');
    const remote = process.env.PORTAL_D1 === 'remote';
    const proxy = await getPlatformProxy<{ DB: D1Database; FILES: R2Bucket }>({
      configPath: 'wrangler.toml',
      ...(remote ? { environment: 'production', remoteBindings: true } : { remoteBindings: false }),
      ...(process.env.PORTAL_D1_PERSIST ? { persist: { path: process.env.PORTAL_D1_PERSIST } } : {}),
    });
    return { db: proxy.env.DB, files: proxy.env.FILES, dispose: proxy.dispose };
  })();
  return (await slot.pending).db;
}

/** The R2 bucket of the same environment as getBuildDatabase (local, or production when remote). */
export async function getBuildFiles(): Promise<R2Bucket> {
  await getBuildDatabase();
  const pending = slot.pending;
  if (!pending) throw new Error('build database not open');
  return (await pending).files;
}

export async function releaseBuildDatabase(): Promise<void> {
  const pending = slot.pending;
  slot.pending = undefined;
  if (pending) await (await pending).dispose();
}
