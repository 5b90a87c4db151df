/**
 * The publish version: the id of the latest publish (0 before the first). Public pages rendered by
 * the Worker are cached under it (functions/lib/edge-cache.ts), so whatever writes a `publishes`
 * row in the batch that applies the published changes to the live tables makes those changes
 * visible on the next request after the version is read again — no record page is rebuilt.
 */

import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';

/** How long one isolate trusts its copy of the version: a publish shows within this time. */
export const PUBLISH_VERSION_TTL_MS = 2_000;

interface VersionRow {
  version: number;
}

export function publishVersionQuery(db: D1Database): D1PreparedStatement {
  return db.prepare('SELECT COALESCE(MAX(id), 0) AS version FROM publishes');
}

export async function readPublishVersion(db: D1Database): Promise<number> {
  const row = await publishVersionQuery(db).first<VersionRow>();
  return row?.version ?? 0;
}

let cached: { version: number; readAt: number } | undefined;

/** The version, read from D1 at most once per PUBLISH_VERSION_TTL_MS per isolate. */
export async function currentPublishVersion(db: D1Database, now: number = Date.now()): Promise<number> {
  if (cached && now - cached.readAt < PUBLISH_VERSION_TTL_MS) return cached.version;
  const version = await readPublishVersion(db);
  cached = { version, readAt: now };
  return version;
}
