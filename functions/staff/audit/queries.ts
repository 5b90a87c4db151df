import { classifyD1Error, runBatch } from '../../lib/d1.ts';
import { ApiError } from '../../lib/errors.ts';

/** An audit entry written unconditionally (imports, publishes, code generation). */
export function auditEntry(
  db: D1Database,
  entry: {
    actor: string;
    action: string;
    entityType: string;
    entityId: string;
    before?: unknown;
    after?: unknown;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id, before_json, after_json)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
    )
    .bind(
      entry.actor,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    );
}

/**
 * Runs a batch whose audit entries are guarded (each area's queries.ts builds them): an entry
 * whose statement before it changed nothing has a NULL actor, the NOT NULL constraint fails and
 * D1 rolls the whole batch back, so a write, its audit and its timeline entry happen together or
 * not at all. Constraint failures become clear answers.
 */
export async function runGuardedBatch(
  db: D1Database,
  statements: D1PreparedStatement[],
): Promise<D1Result[]> {
  try {
    return (await runBatch(db, statements, { idempotent: false })).results;
  } catch (error) {
    const failure = classifyD1Error(error);
    if (failure.kind === 'not_null' && failure.target === 'audit_log.actor') {
      throw new ApiError(409, 'conflict', '该记录已被他人处理或状态已变化，请刷新页面后重试。');
    }
    if (failure.kind === 'foreign_key') {
      throw new ApiError(400, 'invalid_reference', '所选的分类、代表、联络站或单位不存在。');
    }
    if (failure.kind === 'check') {
      throw new ApiError(400, 'validation_failed', '提交的内容不符合要求，请检查后重试。');
    }
    throw error;
  }
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  beforeJson: string | null;
  afterJson: string | null;
}

export interface AuditDbRow {
  id: number;
  at: string;
  actor: string;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
}

export function toAuditRow(row: AuditDbRow): AuditRow {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    actorName: row.actor_name,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    beforeJson: row.before_json,
    afterJson: row.after_json,
  };
}

const AUDIT_SELECT = `SELECT a.id, a.at, a.actor, u.display_name AS actor_name, a.action, a.entity_type,
  a.entity_id, a.before_json, a.after_json
  FROM audit_log a LEFT JOIN staff_users u ON u.id = a.actor`;

/** The newest audit entries, optionally for one record. */
export async function listAudit(
  db: D1Database,
  filter: { entityType?: string; entityId?: string; sinceId?: number; limit: number; offset?: number },
): Promise<AuditRow[]> {
  const { results } = await db
    .prepare(
      `${AUDIT_SELECT}
       WHERE (?1 IS NULL OR a.entity_type = ?1) AND (?2 IS NULL OR a.entity_id = ?2) AND a.id > ?3
       ORDER BY a.id DESC LIMIT ?4 OFFSET ?5`,
    )
    .bind(
      filter.entityType ?? null,
      filter.entityId ?? null,
      filter.sinceId ?? 0,
      filter.limit,
      filter.offset ?? 0,
    )
    .all<AuditDbRow>();
  return results.map(toAuditRow);
}
