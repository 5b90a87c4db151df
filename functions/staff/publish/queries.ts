import { type PublishOutcome, publishReadyChanges } from '../../changes/actions.ts';
import { readBatch, rows } from '../../lib/d1.ts';
import { type AuditDbRow, type AuditRow, toAuditRow } from '../audit/queries.ts';
import type { StaffUser } from '../auth/schema.ts';
import { NOT_PUBLISHED_ACTIONS, type PublishStatus } from './schema.ts';
import { randomHex } from '../../lib/crypto.ts';
import { type ImportPublishOutcome, publishWithImports } from '../imports/lifecycle.ts';
import { BEIJING_OFFSET_MS } from '../../lib/time.ts';

export interface PublishRow {
  id: number;
  requestedAt: string;
  requestedBy: string;
  requestedByName: string | null;
  version: string;
  status: PublishStatus;
  summary: string;
  /** Why the rebuild after a failed publish did not happen (its records were applied all the same). */
  failure: string | null;
}

export interface ChangeRow {
  id: number;
  at: string;
  /** Any record type the lifecycle knows (migration 0010 widened the log beyond the first six). */
  entityType: string;
  entityId: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  note: string;
}

export interface PendingChanges {
  since: string | null;
  changeCount: number;
  changes: ChangeRow[];
  auditCount: number;
  audit: AuditRow[];
}

interface PublishDbRow {
  id: number;
  requested_at: string;
  requested_by: string;
  requested_by_name: string | null;
  version: string;
  status: PublishStatus;
  summary: string;
  failure: string | null;
}

function toPublish(r: PublishDbRow): PublishRow {
  return {
    id: r.id,
    requestedAt: r.requested_at,
    requestedBy: r.requested_by,
    requestedByName: r.requested_by_name,
    version: r.version,
    status: r.status,
    summary: r.summary,
    failure: r.status === 'failed' ? r.failure : null,
  };
}

export async function listPublishes(db: D1Database, limit = 20): Promise<PublishRow[]> {
  const { results } = await db
    .prepare(
      `SELECT p.id, p.requested_at, p.requested_by, u.display_name AS requested_by_name, p.version, p.status, p.summary,
         (SELECT json_extract(a.after_json, '$.note') FROM audit_log a
          WHERE a.entity_type = 'publish' AND a.entity_id = p.version AND a.action = 'publish.status'
          ORDER BY a.id DESC LIMIT 1) AS failure
       FROM publishes p LEFT JOIN staff_users u ON u.id = p.requested_by ORDER BY p.id DESC LIMIT ?1`,
    )
    .bind(limit)
    .all<PublishDbRow>();
  return results.map(toPublish);
}

const LISTED = 200;
const SKIPPED = NOT_PUBLISHED_ACTIONS.map((a) => `'${a}'`).join(', ');

interface CountRow {
  n: number;
}

interface ChangeDbRow {
  id: number;
  at: string;
  entity_type: string;
  entity_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  note: string;
}

/**
 * What changed since the last publish: the public change log (written by triggers on official
 * records) and the staff's audit entries (imports, rounds, replies…). A publish marks the last row
 * of each it covered (migration 0033); before that mark existed, entries in the same second as the
 * last publish were included: better listed twice than missed.
 */
export async function pendingChanges(db: D1Database): Promise<PendingChanges> {
  const last = await db
    .prepare('SELECT requested_at, last_change_log_id, last_audit_id FROM publishes ORDER BY id DESC LIMIT 1')
    .first<{ requested_at: string; last_change_log_id: number | null; last_audit_id: number | null }>();
  const since = last?.requested_at ?? null;
  const afterChange = last?.last_change_log_id ?? null;
  const afterAudit = last?.last_audit_id ?? null;
  // Each statement: ?1 the last publish's time, ?2 the last row it covered (NULL: compare by time).
  const [changeCount, changes, auditCount, audit] = await readBatch(db, [
    rows<CountRow>(
      db
        .prepare(
          `SELECT COUNT(*) AS n FROM change_log
           WHERE (CASE WHEN ?2 IS NOT NULL THEN id > ?2 ELSE (?1 IS NULL OR at >= ?1) END) AND publish_id IS NULL`,
        )
        .bind(since, afterChange),
    ),
    rows<ChangeDbRow>(
      db
        .prepare(
          `SELECT id, at, entity_type, entity_id, field, old_value, new_value, note FROM change_log
         WHERE (CASE WHEN ?2 IS NOT NULL THEN id > ?2 ELSE (?1 IS NULL OR at >= ?1) END) AND publish_id IS NULL
         ORDER BY id DESC LIMIT ?3`,
        )
        .bind(since, afterChange, LISTED),
    ),
    rows<CountRow>(
      db
        .prepare(
          `SELECT COUNT(*) AS n FROM audit_log a
           WHERE (CASE WHEN ?2 IS NOT NULL THEN a.id > ?2 ELSE (?1 IS NULL OR substr(a.at, 1, 19) >= substr(?1, 1, 19)) END)
             AND a.action NOT IN (${SKIPPED})`,
        )
        .bind(since, afterAudit),
    ),
    rows<AuditDbRow>(
      db
        .prepare(
          `SELECT a.id, a.at, a.actor, u.display_name AS actor_name, a.action, a.entity_type, a.entity_id,
           a.before_json, a.after_json
         FROM audit_log a LEFT JOIN staff_users u ON u.id = a.actor
         WHERE (CASE WHEN ?2 IS NOT NULL THEN a.id > ?2 ELSE (?1 IS NULL OR substr(a.at, 1, 19) >= substr(?1, 1, 19)) END)
           AND a.action NOT IN (${SKIPPED})
         ORDER BY a.id DESC LIMIT ?3`,
        )
        .bind(since, afterAudit, LISTED),
    ),
  ]);
  return {
    since,
    changeCount: changeCount[0]?.n ?? 0,
    changes: changes.map((r) => ({
      id: r.id,
      at: r.at,
      entityType: r.entity_type,
      entityId: r.entity_id,
      field: r.field,
      oldValue: r.old_value,
      newValue: r.new_value,
      note: r.note,
    })),
    auditCount: auditCount[0]?.n ?? 0,
    audit: audit.map(toAuditRow),
  };
}

function newVersion(now = Date.now()): string {
  const beijing = new Date(now + BEIJING_OFFSET_MS).toISOString();
  const stamp = beijing.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `${stamp}-${randomHex(2)}`;
}

/**
 * Records a publish request (and its audit entry) and applies every ready official change in the
 * same batch (functions/changes), before the rebuild is triggered.
 */
export async function recordPublish(
  db: D1Database,
  files: R2Bucket,
  staff: StaffUser,
  input: { summary: string; changeCount: number; auditCount: number },
): Promise<PublishOutcome & { imports: ImportPublishOutcome }> {
  // The ready imports are applied in the same batch (functions/staff/imports/lifecycle.ts).
  return publishWithImports(db, files, staff, { ...input, version: newVersion() }, publishReadyChanges);
}

/** A requested publish moves on once: to built or failed. */
export async function settlePublish(
  db: D1Database,
  version: string,
  status: 'built' | 'failed',
  actor: string,
  note: string,
): Promise<boolean> {
  const [updated] = await db.batch([
    db
      .prepare("UPDATE publishes SET status = ?2 WHERE version = ?1 AND status = 'requested'")
      .bind(version, status),
    db
      .prepare(
        `INSERT INTO audit_log (actor, action, entity_type, entity_id, after_json)
         SELECT ?1, 'publish.status', 'publish', ?2, json_object('status', ?3, 'note', ?4) WHERE changes() > 0`,
      )
      .bind(actor, version, status, note),
  ]);
  return (updated?.meta.changes ?? 0) > 0;
}
