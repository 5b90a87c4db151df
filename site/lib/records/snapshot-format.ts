/**
 * Versioned snapshots of the open data, and the changelog between two publishes.
 *
 * Each build writes a manifest: for every official-record dataset, each record's stable id and
 * a short hash of its published content. The changelog of a publish is the difference between
 * its manifest and the previous publish's manifest, which the publish step keeps in
 * content/data-snapshots/ (see archive-snapshot.ts). We compare manifests rather than use the
 * `publishes` table because that table records that a publish happened, not what the records
 * were, so it cannot say which records changed; the archived manifests can, they are small and
 * reviewable in version control, and any reader can recompute them from the published files.
 *
 * Plain TypeScript with no Astro imports, so the archive script can run it directly in Node.
 */
import { z } from 'zod';
import { beijingToday } from '../../../functions/lib/time.ts';

export const SnapshotDatasetEntry = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['record', 'statistic']),
  rows: z.number().int().nonnegative(),
  /** SHA-256 of the published CSV and JSON files. */
  csvSha256: z.string().length(64),
  jsonSha256: z.string().length(64),
});
export type SnapshotDatasetEntry = z.infer<typeof SnapshotDatasetEntry>;

export const DatasetChanges = z.object({
  id: z.string(),
  added: z.array(z.string()),
  changed: z.array(z.string()),
  removed: z.array(z.string()),
});
export type DatasetChanges = z.infer<typeof DatasetChanges>;

export const SnapshotChanges = z.object({
  /** The publish compared against; null for the first snapshot. */
  previousVersion: z.string().nullable(),
  previousBuiltAt: z.string().nullable(),
  datasets: z.array(DatasetChanges),
  /** Entries added to the public change log since the previous publish. */
  newChangeLogEntries: z.number().int().nonnegative(),
});
export type SnapshotChanges = z.infer<typeof SnapshotChanges>;

export const SnapshotManifest = z.object({
  format: z.literal(1),
  version: z.string().regex(/^\d{8}-[0-9a-f]{8}$/),
  builtAt: z.string(),
  asOf: z.string(),
  /** The staff console's publish request this build answered (publishes.version), if any. */
  publishVersion: z.string().nullable().default(null),
  contentSha256: z.string().length(64),
  datasets: z.array(SnapshotDatasetEntry),
  /** Record dataset id → record id → content hash. Archived older manifests may drop this. */
  records: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  /** The highest change_log id published, so the next snapshot can count new entries. */
  changeLogMaxId: z.number().int().nonnegative(),
  changes: SnapshotChanges,
});
export type SnapshotManifest = z.infer<typeof SnapshotManifest>;

/** Version: the build's date in Beijing and the first 8 hex digits of the content hash. */
export function snapshotVersion(builtAt: string, contentSha256: string): string {
  const beijing = beijingToday(Date.parse(builtAt));
  return `${beijing.replace(/-/g, '')}-${contentSha256.slice(0, 8)}`;
}

/** What changed in each record dataset between two manifests (ids sorted). */
export function diffRecords(
  previous: SnapshotManifest['records'] | undefined,
  current: Record<string, Record<string, string>>,
): DatasetChanges[] {
  const out: DatasetChanges[] = [];
  for (const [id, now] of Object.entries(current)) {
    const before = previous?.[id] ?? {};
    const added: string[] = [];
    const changed: string[] = [];
    const removed: string[] = [];
    for (const [recordId, hash] of Object.entries(now)) {
      const old = before[recordId];
      if (old === undefined) added.push(recordId);
      else if (old !== hash) changed.push(recordId);
    }
    for (const recordId of Object.keys(before)) if (!(recordId in now)) removed.push(recordId);
    const sort = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
    out.push({ id, added: added.sort(sort), changed: changed.sort(sort), removed: removed.sort(sort) });
  }
  return out;
}

/** The newest archived manifest that is not the current version: the baseline of the changelog. */
export function previousManifest(
  archived: readonly SnapshotManifest[],
  currentVersion: string,
): SnapshotManifest | null {
  const candidates = archived
    .filter((m) => m.version !== currentVersion && m.records !== undefined)
    .sort((a, b) => b.builtAt.localeCompare(a.builtAt));
  return candidates[0] ?? null;
}
