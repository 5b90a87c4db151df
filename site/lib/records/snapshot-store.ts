import type { D1Database, R2Bucket } from '@cloudflare/workers-types';

/**
 * The open-data history in durable storage: each published version's manifest and dataset files in
 * R2 (data/<version>/<file>) and one row per version in D1 (data_snapshots). Written by the build
 * of a publish (scripts/build.ts), read by the next build for its changelog and /data/ listing, and
 * served by the Worker at /files/data/<version>/<file> (functions/files). Uses only the bindings,
 * so the build (wrangler's platform proxy) and the workers tests (real D1 and R2) run the same code.
 */

export const SNAPSHOT_VERSION = /^\d{8}-[0-9a-f]{8}$/;
export const SNAPSHOT_FILE = /^(manifest\.json|[a-z0-9][a-z0-9-]{0,79}\.(csv|json))$/;

export interface SnapshotObject {
  /** File name inside the version: manifest.json or <dataset>.csv / <dataset>.json. */
  name: string;
  body: string;
}

export interface StoredSnapshotRow {
  version: string;
  builtAt: string;
  summaryJson: string;
}

export function snapshotKey(version: string, name: string): string {
  return `data/${version}/${name}`;
}

export function snapshotContentType(name: string): string {
  return name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
}

/**
 * Stores one version: files first, then the row that lists it, so a listed version always has its
 * files. A version already stored is left as it is (versions are content-addressed).
 */
export async function saveSnapshot(
  db: D1Database,
  bucket: R2Bucket,
  snapshot: {
    version: string;
    builtAt: string;
    publishVersion: string | null;
    contentSha256: string;
    summaryJson: string;
    objects: readonly SnapshotObject[];
  },
): Promise<boolean> {
  if (!SNAPSHOT_VERSION.test(snapshot.version)) throw new Error(`bad snapshot version ${snapshot.version}`);
  const known = await db
    .prepare('SELECT 1 AS found FROM data_snapshots WHERE version = ?1')
    .bind(snapshot.version)
    .first();
  if (known) return false;
  for (const object of snapshot.objects) {
    if (!SNAPSHOT_FILE.test(object.name)) throw new Error(`bad snapshot file ${object.name}`);
    await bucket.put(snapshotKey(snapshot.version, object.name), object.body, {
      httpMetadata: { contentType: snapshotContentType(object.name) },
    });
  }
  await db
    .prepare(
      `INSERT INTO data_snapshots (version, built_at, publish_version, content_sha256, summary_json, file_count)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (version) DO NOTHING`,
    )
    .bind(
      snapshot.version,
      snapshot.builtAt,
      snapshot.publishVersion,
      snapshot.contentSha256,
      snapshot.summaryJson,
      snapshot.objects.length,
    )
    .run();
  return true;
}

/** Every stored version, newest first (summaries only). */
export async function listStoredSnapshots(db: D1Database): Promise<StoredSnapshotRow[]> {
  const { results } = await db
    .prepare(
      'SELECT version, built_at AS builtAt, summary_json AS summaryJson FROM data_snapshots ORDER BY built_at DESC, version DESC',
    )
    .all<StoredSnapshotRow>();
  return results;
}

/** One stored file's text, or null. */
export async function readSnapshotFile(
  bucket: R2Bucket,
  version: string,
  name: string,
): Promise<string | null> {
  const object = await bucket.get(snapshotKey(version, name));
  return object ? object.text() : null;
}

/** A stored version's manifest summary (no per-record hashes). */
export interface StoredSnapshots {
  summaries: string[];
  /** The newest stored manifest in full (with its records): the next changelog's baseline. */
  newestFull: string | null;
  versions: string[];
}

/** What the build needs from the history: every version's summary and the newest full manifest. */
export async function readSnapshotHistory(db: D1Database, bucket: R2Bucket): Promise<StoredSnapshots> {
  const rows = await listStoredSnapshots(db);
  const newest = rows[0];
  return {
    summaries: rows.map((r) => r.summaryJson),
    newestFull: newest ? await readSnapshotFile(bucket, newest.version, 'manifest.json') : null,
    versions: rows.map((r) => r.version),
  };
}
