import type { FieldChange, ImportKind, ImportMode } from './schema.ts';

/**
 * Statements of the import lifecycle (functions/staff/imports/lifecycle.ts): the stored file from its
 * dry run to its submission, confirmation, publish or withdrawal. Every value is a numbered parameter.
 */

const NOW = `strftime('%Y-%m-%dT%H:%M:%SZ', 'now')`;

export type ImportState = 'checked' | 'submitted' | 'confirmed';

/** A change of the dry run as the publish page lists it (values shortened). */
export interface ListedChange {
  row: number;
  record: string;
  fields: FieldChange[];
}

/** A stored import file with its lifecycle, as the publish page and the publish read it. */
export interface StoredImport {
  id: string;
  kind: ImportKind;
  mode: ImportMode;
  format: 'csv' | 'xlsx';
  fileName: string;
  sha256: string;
  state: ImportState;
  submittedBy: string;
  submittedByName: string | null;
  submittedByRole: string | null;
  submittedAt: string | null;
  needsConfirmation: boolean;
  inserted: number;
  updated: number;
  removed: number;
  unchanged: number;
  changes: ListedChange[];
  confirmedBy: string | null;
  confirmedByName: string | null;
  confirmedByRole: string | null;
  confirmedAt: string | null;
  heldReason: string | null;
  heldAt: string | null;
  r2Key: string | null;
}

interface StoredImportDbRow {
  id: string;
  kind: ImportKind;
  mode: ImportMode;
  format: 'csv' | 'xlsx';
  file_name: string;
  sha256: string;
  state: ImportState;
  staff_id: string;
  submitted_by_name: string | null;
  submitted_by_role: string | null;
  submitted_at: string | null;
  needs_confirmation: number | null;
  inserted: number | null;
  updated: number | null;
  removed: number | null;
  unchanged: number | null;
  changes_json: string | null;
  confirmed_by: string | null;
  confirmed_by_name: string | null;
  confirmed_by_role: string | null;
  confirmed_at: string | null;
  held_reason: string | null;
  held_at: string | null;
  r2_key: string | null;
}

function toStoredImport(r: StoredImportDbRow): StoredImport {
  return {
    id: r.id,
    kind: r.kind,
    mode: r.mode,
    format: r.format,
    fileName: r.file_name,
    sha256: r.sha256,
    state: r.state,
    submittedBy: r.staff_id,
    submittedByName: r.submitted_by_name,
    submittedByRole: r.submitted_by_role,
    submittedAt: r.submitted_at,
    needsConfirmation: r.needs_confirmation === 1,
    inserted: r.inserted ?? 0,
    updated: r.updated ?? 0,
    removed: r.removed ?? 0,
    unchanged: r.unchanged ?? 0,
    changes: r.changes_json === null ? [] : (JSON.parse(r.changes_json) as ListedChange[]),
    confirmedBy: r.confirmed_by,
    confirmedByName: r.confirmed_by_name,
    confirmedByRole: r.confirmed_by_role,
    confirmedAt: r.confirmed_at,
    heldReason: r.held_reason,
    heldAt: r.held_at,
    r2Key: r.r2_key,
  };
}

const IMPORT_SELECT = `SELECT f.id, f.kind, f.mode, f.format, f.file_name, f.sha256, f.state, f.staff_id,
    s.display_name AS submitted_by_name, s.role AS submitted_by_role, f.submitted_at, f.needs_confirmation,
    f.inserted, f.updated, f.removed, f.unchanged, f.changes_json, f.confirmed_by,
    c.display_name AS confirmed_by_name, c.role AS confirmed_by_role, f.confirmed_at, f.held_reason, f.held_at, f.r2_key
  FROM staff_import_files f
  LEFT JOIN staff_users s ON s.id = f.staff_id
  LEFT JOIN staff_users c ON c.id = f.confirmed_by`;

/** Every submitted import (waiting for a second person or for a publish), oldest first. */
export async function listPendingImports(db: D1Database): Promise<StoredImport[]> {
  const { results } = await db
    .prepare(`${IMPORT_SELECT} WHERE f.state <> 'checked' ORDER BY f.submitted_at, f.id LIMIT 200`)
    .all<StoredImportDbRow>();
  return results.map(toStoredImport);
}

/** Imports a publish applies: confirmed, or submitted where no confirmation is needed. */
export async function listReadyImports(db: D1Database): Promise<StoredImport[]> {
  const { results } = await db
    .prepare(
      `${IMPORT_SELECT} WHERE f.state = 'confirmed' OR (f.state = 'submitted' AND f.needs_confirmation = 0)
       ORDER BY f.submitted_at, f.id`,
    )
    .all<StoredImportDbRow>();
  return results.map(toStoredImport);
}

export async function findImport(db: D1Database, id: string): Promise<StoredImport | null> {
  const row = await db.prepare(`${IMPORT_SELECT} WHERE f.id = ?1`).bind(id).first<StoredImportDbRow>();
  return row ? toStoredImport(row) : null;
}

/** A checked file of this staff member and kind, still waiting to be submitted. */
export async function findCheckedImport(
  db: D1Database,
  id: string,
  staffId: string,
  kind: ImportKind,
): Promise<StoredImport | null> {
  const row = await db
    .prepare(`${IMPORT_SELECT} WHERE f.id = ?1 AND f.staff_id = ?2 AND f.kind = ?3 AND f.state = 'checked'`)
    .bind(id, staffId, kind)
    .first<StoredImportDbRow>();
  return row ? toStoredImport(row) : null;
}

/** The stored bytes of a file kept in D1 (files kept in R2 have none here). */
export async function readImportContent(db: D1Database, id: string): Promise<Uint8Array | null> {
  const row = await db
    .prepare('SELECT content FROM staff_import_files WHERE id = ?1')
    .bind(id)
    .first<{ content: ArrayBuffer | number[] | null }>();
  if (!row?.content) return null;
  return row.content instanceof ArrayBuffer ? new Uint8Array(row.content) : Uint8Array.from(row.content);
}

/** The R2 keys of checked files older than a day (swept with their rows). */
export async function expiredCheckedKeys(db: D1Database): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT r2_key FROM staff_import_files WHERE state = 'checked' AND r2_key IS NOT NULL
         AND created_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 day')`,
    )
    .all<{ r2_key: string }>();
  return results.map((r) => r.r2_key);
}

/** Sweeps day-old checked files; submitted imports wait for their publish or withdrawal. */
export function sweepCheckedStatement(db: D1Database): D1PreparedStatement {
  return db.prepare(
    `DELETE FROM staff_import_files WHERE state = 'checked' AND created_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 day')`,
  );
}

export function insertCheckedStatement(
  db: D1Database,
  file: {
    id: string;
    staffId: string;
    kind: ImportKind;
    format: 'csv' | 'xlsx';
    fileName: string;
    sha256: string;
    content: Uint8Array | null;
    mode: ImportMode;
    r2Key: string | null;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO staff_import_files (id, staff_id, kind, format, file_name, sha256, content, mode, r2_key)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
    )
    .bind(
      file.id,
      file.staffId,
      file.kind,
      file.format,
      file.fileName,
      file.sha256,
      file.content,
      file.mode,
      file.r2Key,
    );
}

/** Submits a checked file of its uploader, with the dry run's figures as they were at submission. */
export function submitStatement(
  db: D1Database,
  id: string,
  staffId: string,
  submission: {
    needsConfirmation: boolean;
    inserted: number;
    updated: number;
    removed: number;
    unchanged: number;
    changes: ListedChange[];
  },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE staff_import_files SET state = 'submitted', submitted_at = ${NOW}, needs_confirmation = ?3,
         inserted = ?4, updated = ?5, removed = ?6, unchanged = ?7, changes_json = ?8
       WHERE id = ?1 AND staff_id = ?2 AND state = 'checked'`,
    )
    .bind(
      id,
      staffId,
      submission.needsConfirmation ? 1 : 0,
      submission.inserted,
      submission.updated,
      submission.removed,
      submission.unchanged,
      JSON.stringify(submission.changes),
    );
}

/** A second person confirms: never the submitter (also a CHECK), only while it waits for them. */
export function confirmImportStatement(db: D1Database, id: string, staffId: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE staff_import_files SET state = 'confirmed', confirmed_by = ?2, confirmed_at = ${NOW}
       WHERE id = ?1 AND state = 'submitted' AND needs_confirmation = 1 AND staff_id IS NOT ?2`,
    )
    .bind(id, staffId);
}

/** Withdraws a submitted import: its row and stored content go (the R2 object after the batch). */
export function withdrawImportStatement(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare(`DELETE FROM staff_import_files WHERE id = ?1 AND state <> 'checked'`).bind(id);
}

/**
 * The publish takes a ready import: deleting it is the claim, so two publishes at once cannot both
 * apply it (the guarded audit entry after it fails the second batch).
 */
export function claimImportStatement(db: D1Database, id: string, sha256: string): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM staff_import_files WHERE id = ?1 AND sha256 = ?2
         AND (state = 'confirmed' OR (state = 'submitted' AND needs_confirmation = 0))`,
    )
    .bind(id, sha256);
}

/** Why a publish left a submitted import out; it stays pending. */
export function holdImportStatement(db: D1Database, id: string, reason: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE staff_import_files SET held_reason = ?2, held_at = ${NOW} WHERE id = ?1 AND state <> 'checked'`,
    )
    .bind(id, reason.slice(0, 1000));
}

/**
 * An audit entry that fails (NOT NULL on actor) unless the statement before it changed a row, so the
 * batch it is in rolls back: a submission, confirmation, withdrawal or claim that lost a race.
 */
export function guardedImportAudit(
  db: D1Database,
  entry: { actor: string; action: string; sha256: string; after: unknown },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id, after_json)
       VALUES (CASE WHEN changes() > 0 THEN ?1 END, ?2, 'import', ?3, ?4)`,
    )
    .bind(entry.actor, entry.action, entry.sha256, JSON.stringify(entry.after));
}

/**
 * The public trace of an applied import: one change-log row (kind, file hash, counts in words, the
 * role that confirmed it or, where no confirmation is needed, submitted it), in the publish.
 */
export function importChangeLogStatement(
  db: D1Database,
  entry: { sha256: string; kind: ImportKind; counts: string; note: string; version: string; roleOf: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO change_log (entity_type, entity_id, field, old_value, new_value, note, publish_id, role)
       VALUES ('import', ?1, ?2, NULL, ?3, ?4, (SELECT id FROM publishes WHERE version = ?5),
         (SELECT role FROM staff_users WHERE id = ?6))`,
    )
    .bind(entry.sha256, entry.kind, entry.counts, entry.note, entry.version, entry.roleOf);
}
