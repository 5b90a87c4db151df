import type { FieldValue } from './fields.ts';
import type { EntityRule, ListField } from './rules.ts';

/**
 * Statements of the official-change lifecycle. Table and column names come only from registered
 * entity rules (checked to be plain identifiers by registerEntityRule); every value is a numbered
 * parameter.
 */

export type ChangeAction = 'create' | 'update' | 'delete';
export type ChangeState = 'drafted' | 'confirmed' | 'published' | 'withdrawn';

export interface OfficialChange {
  id: number;
  entityType: string;
  entityId: string;
  action: ChangeAction;
  before: Record<string, FieldValue> | null;
  after: Record<string, FieldValue> | null;
  baseVersion: number | null;
  reason: string;
  reference: string;
  needsConfirmation: boolean;
  state: ChangeState;
  draftedBy: string;
  draftedByName: string | null;
  draftedAt: string;
  confirmedBy: string | null;
  confirmedByName: string | null;
  confirmedAt: string | null;
  publishedIn: number | null;
  publishedAt: string | null;
  /** Why the last publish left this ready change open (0030), if it held it. */
  heldReason: string | null;
  /**
   * Who drafted the versions this change replaced (0031): their values may be carried in it, so
   * none of them confirms it.
   */
  earlierDrafters: string[];
}

interface ChangeDbRow {
  id: number;
  entity_type: string;
  entity_id: string;
  action: ChangeAction;
  before_json: string | null;
  after_json: string | null;
  base_version: number | null;
  reason: string;
  reference: string;
  needs_confirmation: number;
  state: ChangeState;
  drafted_by: string;
  drafted_by_name: string | null;
  drafted_at: string;
  confirmed_by: string | null;
  confirmed_by_name: string | null;
  confirmed_at: string | null;
  published_in: number | null;
  published_at: string | null;
  held_reason: string | null;
  earlier_drafters: string | null;
}

function parseFields(json: string | null): Record<string, FieldValue> | null {
  return json === null ? null : (JSON.parse(json) as Record<string, FieldValue>);
}

function toChange(r: ChangeDbRow): OfficialChange {
  return {
    id: r.id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    action: r.action,
    before: parseFields(r.before_json),
    after: parseFields(r.after_json),
    baseVersion: r.base_version,
    reason: r.reason,
    reference: r.reference,
    needsConfirmation: r.needs_confirmation === 1,
    state: r.state,
    draftedBy: r.drafted_by,
    draftedByName: r.drafted_by_name,
    draftedAt: r.drafted_at,
    confirmedBy: r.confirmed_by,
    confirmedByName: r.confirmed_by_name,
    confirmedAt: r.confirmed_at,
    publishedIn: r.published_in,
    publishedAt: r.published_at,
    heldReason: r.held_reason,
    earlierDrafters: r.earlier_drafters === null ? [] : (JSON.parse(r.earlier_drafters) as string[]),
  };
}

const CHANGE_SELECT = `SELECT c.id, c.entity_type, c.entity_id, c.action, c.before_json, c.after_json, c.base_version,
  c.reason, c.reference, c.needs_confirmation, c.state, c.drafted_by, d.display_name AS drafted_by_name, c.drafted_at,
  c.confirmed_by, f.display_name AS confirmed_by_name, c.confirmed_at, c.published_in, c.published_at, c.held_reason,
  c.earlier_drafters
  FROM official_changes c
  LEFT JOIN staff_users d ON d.id = c.drafted_by
  LEFT JOIN staff_users f ON f.id = c.confirmed_by`;

/** A record's key as its table stores it. */
export function keyValue(rule: EntityRule, entityId: string): string | number {
  return rule.keyKind === 'integer' ? Number(entityId) : entityId;
}

// ---------------------------------------------------------------------------------------------
// Reads

export interface LiveRecord {
  version: number;
  values: Record<string, FieldValue>;
}

/** The published record: its editable columns, list fields and row_version; null if absent. */
export async function readLiveRecord(
  db: D1Database,
  rule: EntityRule,
  entityId: string,
): Promise<LiveRecord | null> {
  const lists = Object.entries(rule.lists ?? {});
  const [main, ...listResults] = await db.batch<Record<string, FieldValue>>([
    db
      .prepare(`SELECT ${rule.columns.join(', ')}, row_version FROM ${rule.table} WHERE ${rule.key} = ?1`)
      .bind(keyValue(rule, entityId)),
    ...lists.map(([, list]) => listRowsStatement(db, list, keyValue(rule, entityId))),
  ]);
  const row = main?.results[0];
  if (!row) return null;
  const values: Record<string, FieldValue> = {};
  for (const column of rule.columns) values[column] = row[column] ?? null;
  lists.forEach(([name], i) => {
    values[name] = (listResults[i]?.results ?? []).map((r) => String(r.value));
  });
  return { version: Number(row.row_version), values };
}

function listRowsStatement(db: D1Database, list: ListField, owner: string | number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${list.valueColumn} AS value FROM ${list.table} WHERE ${list.ownerColumn} = ?1 ORDER BY value`,
    )
    .bind(owner);
}

/**
 * Whether a row with this key exists in a table named by a rule (references by `id`; a new record's
 * own key, which for some tables is another column, e.g. an evaluation's candidate_id).
 */
export async function rowExists(
  db: D1Database,
  table: string,
  id: string | number,
  keyColumn = 'id',
): Promise<boolean> {
  const row = await db
    .prepare(`SELECT 1 AS found FROM ${table} WHERE ${keyColumn} = ?1`)
    .bind(id)
    .first<{ found: number }>();
  return row !== null;
}

/** One column of a referenced row (e.g. the term an electoral unit belongs to); null if absent. */
export async function referencedValue(
  db: D1Database,
  table: string,
  column: string,
  id: string,
): Promise<FieldValue> {
  const row = await db
    .prepare(`SELECT ${column} AS value FROM ${table} WHERE id = ?1`)
    .bind(id)
    .first<{ value: FieldValue }>();
  return row?.value ?? null;
}

/**
 * Whether another row of the rule's table already holds these values in these columns (a UNIQUE
 * constraint of the table); the record itself (excludeKey) does not count. Served by the
 * constraint's own index.
 */
export async function duplicateExists(
  db: D1Database,
  rule: EntityRule,
  columns: readonly string[],
  values: readonly FieldValue[],
  excludeKey: string | number | null,
): Promise<boolean> {
  const where = columns.map((c, i) => `${c} = ?${i + 2}`).join(' AND ');
  const row = await db
    .prepare(`SELECT 1 AS found FROM ${rule.table} WHERE ${where} AND ${rule.key} IS NOT ?1 LIMIT 1`)
    .bind(excludeKey, ...values.map((v) => (Array.isArray(v) ? JSON.stringify(v) : v)))
    .first<{ found: number }>();
  return row !== null;
}

/**
 * The keys of the rows (other than excludeKey) that hold these values in these columns (a UNIQUE
 * constraint of the rule's table): who holds a key a change would take. A unique key has at most
 * one holder; the limit only bounds a read of a constraint the database does not enforce.
 */
export async function keyHolders(
  db: D1Database,
  rule: EntityRule,
  columns: readonly string[],
  values: readonly FieldValue[],
  excludeKey: string | number | null,
): Promise<string[]> {
  const where = columns.map((c, i) => `${c} = ?${i + 2}`).join(' AND ');
  const { results } = await db
    .prepare(
      `SELECT ${rule.key} AS holder FROM ${rule.table} WHERE ${where} AND ${rule.key} IS NOT ?1 LIMIT 5`,
    )
    .bind(excludeKey, ...values.map((v) => (Array.isArray(v) ? JSON.stringify(v) : v)))
    .all<{ holder: string | number }>();
  return results.map((r) => String(r.holder));
}

/**
 * Whether a row of a table holds these values in these columns (a rule's requiresRow: a rating's
 * reply, the 不满意 rating before a new round). Names come from a registered rule.
 */
export async function matchingRowExists(
  db: D1Database,
  table: string,
  values: Readonly<Record<string, FieldValue>>,
): Promise<boolean> {
  const columns = Object.keys(values);
  const where = columns.map((c, i) => `${c} = ?${i + 1}`).join(' AND ');
  const row = await db
    .prepare(`SELECT 1 AS found FROM ${table} WHERE ${where} LIMIT 1`)
    .bind(...columns.map((c) => values[c] ?? null))
    .first<{ found: number }>();
  return row !== null;
}

/**
 * Whether a suggestion's last answered round is rated 不满意 with no later reply: the case is sent
 * back for re-handling (the state the triggers of migration 0029 keep as status 'rehandling').
 */
export async function lastAnsweredRoundSentBack(db: D1Database, suggestionId: string): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 AS found FROM suggestion_ratings t
       WHERE t.suggestion_id = ?1 AND t.satisfaction = 'dissatisfied'
         AND t.round = (SELECT max(r.round) FROM suggestion_replies r WHERE r.suggestion_id = ?1)
         AND NOT EXISTS (SELECT 1 FROM suggestion_ratings l WHERE l.suggestion_id = ?1 AND l.round > t.round)`,
    )
    .bind(suggestionId)
    .first<{ found: number }>();
  return row !== null;
}

/** Which of these ids are missing from a table. */
export async function missingIds(db: D1Database, table: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT j.value AS id FROM json_each(?1) j WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id = j.value)`,
    )
    .bind(JSON.stringify(ids))
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

export async function findChange(db: D1Database, id: number): Promise<OfficialChange | null> {
  const row = await db.prepare(`${CHANGE_SELECT} WHERE c.id = ?1`).bind(id).first<ChangeDbRow>();
  return row ? toChange(row) : null;
}

/** The drafted or confirmed change of one record, if any (there is at most one). */
export async function findOpenChange(
  db: D1Database,
  entityType: string,
  entityId: string,
): Promise<OfficialChange | null> {
  const row = await db
    .prepare(
      `${CHANGE_SELECT} WHERE c.entity_type = ?1 AND c.entity_id = ?2 AND c.state IN ('drafted', 'confirmed')`,
    )
    .bind(entityType, entityId)
    .first<ChangeDbRow>();
  return row ? toChange(row) : null;
}

/**
 * The drafted or confirmed changes that would create a record of one type, oldest first (the rounds
 * console lists its new rounds waiting for a second person or a publish).
 */
export async function listOpenCreates(db: D1Database, entityType: string): Promise<OfficialChange[]> {
  const { results } = await db
    .prepare(
      `${CHANGE_SELECT} WHERE c.entity_type = ?1 AND c.action = 'create' AND c.state IN ('drafted', 'confirmed')
       ORDER BY c.id`,
    )
    .bind(entityType)
    .all<ChangeDbRow>();
  return results.map(toChange);
}

/** Every drafted or confirmed change, oldest first (what the next publish would look at). */
export async function listOpenChanges(db: D1Database, limit = 500): Promise<OfficialChange[]> {
  const { results } = await db
    .prepare(`${CHANGE_SELECT} WHERE c.state IN ('drafted', 'confirmed') ORDER BY c.id LIMIT ?1`)
    .bind(limit)
    .all<ChangeDbRow>();
  return results.map(toChange);
}

/**
 * The drafted or confirmed changes of one livelihood-project round (the rounds console shows them
 * as its drafts waiting): its settings, its phases, and its candidates with their tallies,
 * milestones and evaluations, new candidates and milestones included.
 */
export async function listOpenChangesOfRound(db: D1Database, year: number): Promise<OfficialChange[]> {
  const { results } = await db
    .prepare(
      `${CHANGE_SELECT} WHERE c.state IN ('drafted', 'confirmed') AND (
         (c.entity_type = 'project_round' AND c.entity_id = ?2)
         OR (c.entity_type = 'round_phase' AND c.entity_id LIKE ?2 || '/%')
         OR (c.entity_type IN ('project_candidate', 'candidate_tally', 'project_evaluation')
             AND c.entity_id IN (SELECT id FROM project_candidates WHERE round_year = ?1))
         OR (c.entity_type = 'project_candidate' AND c.action = 'create'
             AND json_extract(c.after_json, '$.round_year') = ?1)
         OR (c.entity_type = 'project_milestone'
             AND coalesce(json_extract(c.after_json, '$.candidate_id'),
                 (SELECT candidate_id FROM project_milestones WHERE id = CAST(c.entity_id AS INTEGER)))
               IN (SELECT id FROM project_candidates WHERE round_year = ?1)))
       ORDER BY c.id`,
    )
    .bind(year, String(year))
    .all<ChangeDbRow>();
  return results.map(toChange);
}

/** Changes a publish applies: confirmed, or drafted where no confirmation is needed. */
export async function listReadyChanges(db: D1Database): Promise<OfficialChange[]> {
  const { results } = await db
    .prepare(
      `${CHANGE_SELECT} WHERE c.state = 'confirmed' OR (c.state = 'drafted' AND c.needs_confirmation = 0) ORDER BY c.id`,
    )
    .all<ChangeDbRow>();
  return results.map(toChange);
}

/** A record's changes, newest first (the edit page's history). */
export async function listRecordChanges(
  db: D1Database,
  entityType: string,
  entityId: string,
  limit = 20,
): Promise<OfficialChange[]> {
  const { results } = await db
    .prepare(`${CHANGE_SELECT} WHERE c.entity_type = ?1 AND c.entity_id = ?2 ORDER BY c.id DESC LIMIT ?3`)
    .bind(entityType, entityId, limit)
    .all<ChangeDbRow>();
  return results.map(toChange);
}

/** The current row_version of each record, to find stale changes before a publish. */
export async function currentVersion(
  db: D1Database,
  rule: EntityRule,
  entityId: string,
): Promise<number | null> {
  const row = await db
    .prepare(`SELECT row_version FROM ${rule.table} WHERE ${rule.key} = ?1`)
    .bind(keyValue(rule, entityId))
    .first<{ row_version: number }>();
  return row ? row.row_version : null;
}

/**
 * The current row_version of many records of one type in one read (the publish page marks the
 * open changes whose record moved on); records that do not exist are absent from the map.
 */
export async function currentVersions(
  db: D1Database,
  rule: EntityRule,
  entityIds: readonly string[],
): Promise<Map<string, number>> {
  if (entityIds.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `SELECT ${rule.key} AS record_key, row_version FROM ${rule.table}
       WHERE ${rule.key} IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(entityIds.map((id) => keyValue(rule, id))))
    .all<{ record_key: string | number; row_version: number }>();
  return new Map(results.map((r) => [String(r.record_key), r.row_version]));
}

// ---------------------------------------------------------------------------------------------
// Drafting, confirming, withdrawing

export interface DraftRow {
  entityType: string;
  /** Null for a new record whose integer id the database picks. */
  entityId: string | null;
  action: ChangeAction;
  before: Record<string, FieldValue> | null;
  after: Record<string, FieldValue> | null;
  baseVersion: number | null;
  reason: string;
  reference: string;
  needsConfirmation: boolean;
  draftedBy: string;
  /** The open change this draft replaces (withdrawn in the same batch), whose drafters it inherits. */
  replacing: number | null;
}

/**
 * Inserts the draft only while the record is still at the version the editor saw (or, for a new
 * record, while its id is free). A stale draft inserts nothing, and the guarded audit entry after it
 * rolls the batch back. A new record with an integer key gets the next id not used by the table or
 * by an earlier draft, chosen inside this one statement.
 */
export function insertDraftStatement(db: D1Database, rule: EntityRule, row: DraftRow): D1PreparedStatement {
  const nextId =
    rule.keyKind === 'integer'
      ? `CAST(max(coalesce((SELECT max(${rule.key}) FROM ${rule.table}), 0),
           coalesce((SELECT max(CAST(entity_id AS INTEGER)) FROM official_changes WHERE entity_type = ?1 AND action = 'create'), 0)) + 1 AS TEXT)`
      : 'NULL';
  const condition =
    row.action === 'create'
      ? `NOT EXISTS (SELECT 1 FROM ${rule.table} WHERE ${rule.key} = ?11)`
      : `(SELECT row_version FROM ${rule.table} WHERE ${rule.key} = ?11) IS ?6`;
  return db
    .prepare(
      `INSERT INTO official_changes (entity_type, entity_id, action, before_json, after_json, base_version, reason, reference,
         needs_confirmation, drafted_by, earlier_drafters)
       SELECT ?1, coalesce(?2, ${nextId}), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
         (SELECT CASE
             WHEN r.drafted_by IS ?10 OR EXISTS (SELECT 1 FROM json_each(coalesce(r.earlier_drafters, '[]')) WHERE value = r.drafted_by)
               THEN r.earlier_drafters
             ELSE json_insert(coalesce(r.earlier_drafters, '[]'), '$[#]', r.drafted_by)
           END
          FROM official_changes r WHERE r.id = ?12)
       WHERE ${condition}
       RETURNING id, entity_id`,
    )
    .bind(
      row.entityType,
      row.entityId,
      row.action,
      row.before === null ? null : JSON.stringify(row.before),
      row.after === null ? null : JSON.stringify(row.after),
      row.baseVersion,
      row.reason,
      row.reference,
      row.needsConfirmation ? 1 : 0,
      row.draftedBy,
      row.entityId === null ? null : keyValue(rule, row.entityId),
      row.replacing,
    );
}

/** Withdraws the open change an editor saw and is replacing (only if it is still open). */
export function withdrawStatement(
  db: D1Database,
  changeId: number,
  staffId: string,
  expect?: { entityType: string; entityId: string },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE official_changes SET state = 'withdrawn', withdrawn_by = ?2, withdrawn_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
       WHERE id = ?1 AND state IN ('drafted', 'confirmed') AND (?3 IS NULL OR (entity_type = ?3 AND entity_id = ?4))`,
    )
    .bind(changeId, staffId, expect?.entityType ?? null, expect?.entityId ?? null);
}

/** Confirms a drafted change that needs it, by someone who drafted none of its versions. */
export function confirmStatement(db: D1Database, changeId: number, staffId: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE official_changes SET state = 'confirmed', confirmed_by = ?2, confirmed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
       WHERE id = ?1 AND state = 'drafted' AND needs_confirmation = 1 AND drafted_by IS NOT ?2
         AND NOT EXISTS (SELECT 1 FROM json_each(coalesce(official_changes.earlier_drafters, '[]')) WHERE value = ?2)`,
    )
    .bind(changeId, staffId);
}

/**
 * An audit entry that fails (NOT NULL on actor) unless the statement before it changed a row, so the
 * batch rolls back. The entity id may be read from the change just inserted (integer-keyed creates).
 */
export function guardedChangeAudit(
  db: D1Database,
  entry: {
    actor: string;
    action: string;
    entityType: string;
    entityId: string | null;
    changeId: number | null;
    after: unknown;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id, before_json, after_json)
       VALUES (CASE WHEN changes() > 0 THEN ?1 END, ?2, ?3,
         coalesce(?4, (SELECT entity_id FROM official_changes WHERE id = last_insert_rowid()), '?'),
         NULL, json_set(?5, '$.change', coalesce(?6, last_insert_rowid())))`,
    )
    .bind(
      entry.actor,
      entry.action,
      entry.entityType,
      entry.entityId,
      JSON.stringify(entry.after),
      entry.changeId,
    );
}

// ---------------------------------------------------------------------------------------------
// Publishing: statements that apply one change (all run in the publish's one batch)

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** Marks a change published in the publish of this version, if it is still in the state read. */
export function stampPublishedStatement(
  db: D1Database,
  change: Pick<OfficialChange, 'id' | 'state'>,
  version: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE official_changes SET state = 'published', published_at = ${NOW},
         published_in = (SELECT id FROM publishes WHERE version = ?2)
       WHERE id = ?1 AND state = ?3`,
    )
    .bind(change.id, version, change.state);
}

/** The live write: an UPDATE only while the record is at the draft's base version. */
export function applyUpdateStatement(
  db: D1Database,
  rule: EntityRule,
  entityId: string,
  baseVersion: number,
  columns: Record<string, FieldValue>,
): D1PreparedStatement {
  const names = Object.keys(columns);
  const sets = names.map((name, i) => `${name} = ?${i + 3}`);
  return db
    .prepare(
      `UPDATE ${rule.table} SET ${[...sets, 'row_version = ?2 + 1'].join(', ')} WHERE ${rule.key} = ?1 AND row_version = ?2`,
    )
    .bind(keyValue(rule, entityId), baseVersion, ...names.map((n) => columns[n] ?? null));
}

export function applyCreateStatement(
  db: D1Database,
  rule: EntityRule,
  entityId: string,
  columns: Record<string, FieldValue>,
): D1PreparedStatement {
  const names = Object.keys(columns);
  if (rule.keyGenerated) {
    // The key follows from the columns (round_phases.id); the database computes it.
    return db
      .prepare(
        `INSERT INTO ${rule.table} (${names.join(', ')}) VALUES (${names.map((_, i) => `?${i + 1}`).join(', ')})`,
      )
      .bind(...names.map((n) => columns[n] ?? null));
  }
  return db
    .prepare(
      `INSERT INTO ${rule.table} (${[rule.key, ...names].join(', ')}) VALUES (${['?1', ...names.map((_, i) => `?${i + 2}`)].join(', ')})`,
    )
    .bind(keyValue(rule, entityId), ...names.map((n) => columns[n] ?? null));
}

export function applyDeleteStatement(
  db: D1Database,
  rule: EntityRule,
  entityId: string,
  baseVersion: number,
): D1PreparedStatement {
  return db
    .prepare(`DELETE FROM ${rule.table} WHERE ${rule.key} = ?1 AND row_version = ?2`)
    .bind(keyValue(rule, entityId), baseVersion);
}

/**
 * Replaces a list field's rows: removes the values no longer listed and adds the new ones, so a row
 * that stays keeps its other columns (a group member's role).
 */
export function replaceListStatements(
  db: D1Database,
  list: ListField,
  owner: string | number,
  values: readonly string[] | null,
): D1PreparedStatement[] {
  const listed = JSON.stringify(values ?? []);
  const out = [
    db
      .prepare(
        `DELETE FROM ${list.table} WHERE ${list.ownerColumn} = ?1
           AND ${list.valueColumn} NOT IN (SELECT value FROM json_each(?2))`,
      )
      .bind(owner, listed),
  ];
  if (values && values.length > 0) {
    out.push(
      db
        .prepare(
          `INSERT INTO ${list.table} (${list.ownerColumn}, ${list.valueColumn})
           SELECT ?1, j.value FROM json_each(?2) j
           WHERE NOT EXISTS (SELECT 1 FROM ${list.table} t WHERE t.${list.ownerColumn} = ?1 AND t.${list.valueColumn} = j.value)`,
        )
        .bind(owner, listed),
    );
  }
  return out;
}

/**
 * One public change-log row. With guard, the row (and so the batch) fails unless the statement
 * before it changed a row: the live write happened at the version the draft was made from.
 */
export function changeLogStatement(
  db: D1Database,
  entry: {
    entityType: string;
    entityId: string;
    field: string;
    oldValue: string | null;
    newValue: string | null;
    note: string;
    changeId: number;
    version: string;
    guard: boolean;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value, note, change_id, publish_id, role)
       VALUES (CASE WHEN ?9 = 0 OR changes() > 0 THEN ?1 END, ?2, ?3, ?4, ?5, ?6, ?7,
         (SELECT id FROM publishes WHERE version = ?8),
         (SELECT u.role FROM official_changes c JOIN staff_users u ON u.id = coalesce(c.confirmed_by, c.drafted_by) WHERE c.id = ?7))`,
    )
    .bind(
      entry.entityType,
      entry.entityId,
      entry.field,
      entry.oldValue,
      entry.newValue,
      entry.note,
      entry.changeId,
      entry.version,
      entry.guard ? 1 : 0,
    );
}

/** The audit entry of a published change, guarded on its stamp (the statement before it). */
export function publishAuditStatement(
  db: D1Database,
  actor: string,
  change: OfficialChange,
  version: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id, before_json, after_json)
       VALUES (CASE WHEN changes() > 0 THEN ?1 END, 'change.publish', ?2, ?3, ?4, ?5)`,
    )
    .bind(
      actor,
      change.entityType,
      change.entityId,
      change.before === null ? null : JSON.stringify(change.before),
      JSON.stringify({
        change: change.id,
        action: change.action,
        publish: version,
        draftedBy: change.draftedBy,
        confirmedBy: change.confirmedBy,
        fields: change.after,
      }),
    );
}

/** A deputy's dated status history, added when a status change is published. */
export function deputyStatusEventStatement(
  db: D1Database,
  deputyId: string,
  status: string,
  effectiveOn: string,
  reason: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO deputy_status_events (deputy_id, status, effective_on, reason) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (deputy_id, effective_on, status) DO UPDATE SET reason = excluded.reason`,
    )
    .bind(deputyId, status, effectiveOn, reason.slice(0, 200));
}

/** Why a publish left a ready change open, while it is still in the state the publish read. */
export function holdChangeStatement(
  db: D1Database,
  change: Pick<OfficialChange, 'id' | 'state'>,
  reason: string,
): D1PreparedStatement {
  return db
    .prepare('UPDATE official_changes SET held_reason = ?2 WHERE id = ?1 AND state = ?3')
    .bind(change.id, reason.slice(0, 500), change.state);
}

/** Records the publish itself (the changes it applies refer to it by version). */
/**
 * The last statement of a publish's batch: the publish marks the last change-log row and audit
 * entry it covered (those its own batch wrote included, triggers' rows too), where the publish
 * page's "since the last publish" starts.
 */
export function markPublishCoverageStatement(db: D1Database, version: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE publishes SET last_change_log_id = (SELECT max(id) FROM change_log),
         last_audit_id = (SELECT max(id) FROM audit_log)
       WHERE version = ?1`,
    )
    .bind(version);
}

export function insertPublishStatement(
  db: D1Database,
  staffId: string,
  version: string,
  summary: string,
): D1PreparedStatement {
  return db
    .prepare('INSERT INTO publishes (requested_by, version, status, summary) VALUES (?1, ?2, ?3, ?4)')
    .bind(staffId, version, 'requested', summary);
}
