import { readBatch, type Rows, rows } from '../../lib/d1.ts';
import { SQL_NOW } from '../../lib/time.ts';
import { OPINION_SNAPSHOT } from '../../opinions/snapshot.ts';
import {
  openStatuses,
  type OpinionEventKind,
  type OpinionLayer,
  type OpinionStatus,
  type OpinionTargetType,
} from '#domain/opinions.ts';
import type { InboxQuery } from './schema.ts';

/**
 * Named statements of the staff opinion console, with numbered parameters and row mappers. The
 * rules (who may do what, in which state, with which wording) live in actions.ts.
 *
 * Reach is bound, never spliced: every read of opinions carries `(?1 IS NULL OR o.station_id = ?1)`
 * (station staff see their station only) and `(?2 = 1 OR o.status <> 'held')` (held submissions
 * only for reviewers).
 */

/** What a staff member may see: their station (null: the whole office), and held submissions. */
export interface OpinionAccess {
  station: string | null;
  reviewer: boolean;
}

/** The open statuses, bound as one JSON parameter and read with json_each. */
const OPEN_JSON = JSON.stringify(openStatuses);

/** The opinion as the staff member saw it: writes below apply only while the snapshot still matches. */
export interface SeenOpinion {
  id: number;
  snapshot: string;
}

export interface InboxRow {
  id: number;
  title: string;
  status: OpinionStatus;
  targetType: OpinionTargetType;
  targetName: string | null;
  categoryName: string | null;
  layer: OpinionLayer | null;
  receivedAt: string;
  dueOn: string | null;
  overdue: boolean;
  /** Times the sender answered 未解决 and the case was reopened. */
  reopenCount: number;
}

export interface InboxDbRow {
  id: number;
  title: string;
  status: OpinionStatus;
  target_type: OpinionTargetType;
  target_name: string | null;
  category_name: string | null;
  layer: OpinionLayer | null;
  received_at: string;
  due_on: string | null;
  overdue: number;
  reopen_count: number;
}

export function toInboxRow(row: InboxDbRow): InboxRow {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    targetType: row.target_type,
    targetName: row.target_name,
    categoryName: row.category_name,
    layer: row.layer,
    receivedAt: row.received_at,
    dueOn: row.due_on,
    overdue: row.overdue === 1,
    reopenCount: row.reopen_count,
  };
}

/** The inbox filter, bound in the same order by the page and the count. */
function inboxFilter(access: OpinionAccess, query: InboxQuery, today: string): unknown[] {
  return [
    access.station,
    access.reviewer ? 1 : 0,
    query.status,
    query.target ?? null,
    query.category ?? null,
    query.overdue ? 1 : 0,
    today,
    OPEN_JSON,
  ];
}

/** One page of the inbox (?9 page size, ?10 offset). */
export function inboxPage(
  db: D1Database,
  access: OpinionAccess,
  query: InboxQuery,
  today: string,
  pageSize: number,
): Rows<InboxDbRow> {
  return rows<InboxDbRow>(
    db
      .prepare(
        `SELECT o.id, o.title, o.status, o.target_type,
           COALESCE(d.name, s.name) AS target_name, c.name AS category_name, o.layer, o.received_at, o.due_on,
           (o.due_on IS NOT NULL AND o.due_on < ?7 AND o.status IN (SELECT value FROM json_each(?8))) AS overdue,
           o.reopen_count
         FROM opinions o
         LEFT JOIN deputies d ON d.id = o.deputy_id
         LEFT JOIN stations s ON s.id = o.station_id
         LEFT JOIN opinion_categories c ON c.id = o.category_id
         WHERE (?1 IS NULL OR o.station_id = ?1) AND (?2 = 1 OR o.status <> 'held')
           AND (?3 = 'all' OR (?3 = 'open' AND o.status IN (SELECT value FROM json_each(?8))) OR o.status = ?3)
           AND (?4 IS NULL OR o.target_type = ?4)
           AND (?5 IS NULL OR o.category_id = ?5)
           AND (?6 = 0 OR (o.due_on < ?7 AND o.status IN (SELECT value FROM json_each(?8))))
         ORDER BY o.received_at DESC, o.id DESC LIMIT ?9 OFFSET ?10`,
      )
      .bind(...inboxFilter(access, query, today), pageSize, (query.page - 1) * pageSize),
  );
}

/** How many opinions the inbox filter matches, for the pager. */
export function inboxTotal(
  db: D1Database,
  access: OpinionAccess,
  query: InboxQuery,
  today: string,
): Rows<{ total: number }> {
  return rows<{ total: number }>(
    db
      .prepare(
        `SELECT COUNT(*) AS total FROM opinions o
         WHERE (?1 IS NULL OR o.station_id = ?1) AND (?2 = 1 OR o.status <> 'held')
           AND (?3 = 'all' OR (?3 = 'open' AND o.status IN (SELECT value FROM json_each(?8))) OR o.status = ?3)
           AND (?4 IS NULL OR o.target_type = ?4)
           AND (?5 IS NULL OR o.category_id = ?5)
           AND (?6 = 0 OR (o.due_on < ?7 AND o.status IN (SELECT value FROM json_each(?8))))`,
      )
      .bind(...inboxFilter(access, query, today)),
  );
}

/** Counts for the dashboard, within what the staff member may see. */
export async function countOpinions(
  db: D1Database,
  access: OpinionAccess,
  today: string,
): Promise<{ open: number; held: number; overdue: number }> {
  const row = await db
    .prepare(
      `SELECT
         SUM(o.status IN (SELECT value FROM json_each(?4))) AS open,
         SUM(o.status = 'held') AS held,
         SUM(o.status IN (SELECT value FROM json_each(?4)) AND o.due_on < ?3) AS overdue
       FROM opinions o WHERE (?1 IS NULL OR o.station_id = ?1) AND (?2 = 1 OR o.status <> 'held')`,
    )
    .bind(access.station, access.reviewer ? 1 : 0, today, OPEN_JSON)
    .first<{ open: number | null; held: number | null; overdue: number | null }>();
  return { open: row?.open ?? 0, held: row?.held ?? 0, overdue: row?.overdue ?? 0 };
}

export interface OpinionDetail {
  id: number;
  title: string;
  content: string;
  status: OpinionStatus;
  targetType: OpinionTargetType;
  deputyId: string | null;
  deputyName: string | null;
  stationId: string | null;
  stationName: string | null;
  categoryId: string | null;
  categoryName: string | null;
  layer: OpinionLayer | null;
  forwardedUnitId: string | null;
  forwardedUnitName: string | null;
  receivedAt: string;
  dueOn: string | null;
  publicReply: string | null;
  publicReplyAt: string | null;
  replyIsPublic: boolean;
  allowPublication: boolean;
  feedbackResolved: string | null;
  feedbackComment: string | null;
  snapshot: string;
}

interface DetailDbRow {
  id: number;
  title: string;
  content: string;
  status: OpinionStatus;
  target_type: OpinionTargetType;
  deputy_id: string | null;
  deputy_name: string | null;
  station_id: string | null;
  station_name: string | null;
  category_id: string | null;
  category_name: string | null;
  layer: OpinionLayer | null;
  forwarded_unit_id: string | null;
  unit_name: string | null;
  received_at: string;
  due_on: string | null;
  public_reply: string | null;
  public_reply_at: string | null;
  reply_is_public: number;
  allow_publication: number;
  feedback_resolved: string | null;
  feedback_comment: string | null;
  snapshot: string;
}

/** One opinion, or null when it does not exist or is outside the staff member's reach. */
export async function getOpinion(
  db: D1Database,
  access: OpinionAccess,
  id: number,
): Promise<OpinionDetail | null> {
  const row = await db
    .prepare(
      `SELECT o.id, o.title, o.content, o.status, o.target_type, o.deputy_id, d.name AS deputy_name,
         o.station_id, s.name AS station_name, o.category_id, c.name AS category_name, o.layer,
         o.forwarded_unit_id, h.name AS unit_name, o.received_at, o.due_on, o.public_reply,
         o.public_reply_at, o.reply_is_public, o.allow_publication, o.feedback_resolved,
         o.feedback_comment, (SELECT ${OPINION_SNAPSHOT} FROM opinions WHERE id = o.id) AS snapshot
       FROM opinions o
       LEFT JOIN deputies d ON d.id = o.deputy_id
       LEFT JOIN stations s ON s.id = o.station_id
       LEFT JOIN opinion_categories c ON c.id = o.category_id
       LEFT JOIN handling_units h ON h.id = o.forwarded_unit_id
       WHERE o.id = ?3 AND (?1 IS NULL OR o.station_id = ?1) AND (?2 = 1 OR o.status <> 'held')`,
    )
    .bind(access.station, access.reviewer ? 1 : 0, id)
    .first<DetailDbRow>();
  if (!row) return null;
  return {
    id: row.id,
    title: row.title,
    content: row.content,
    status: row.status,
    targetType: row.target_type,
    deputyId: row.deputy_id,
    deputyName: row.deputy_name,
    stationId: row.station_id,
    stationName: row.station_name,
    categoryId: row.category_id,
    categoryName: row.category_name,
    layer: row.layer,
    forwardedUnitId: row.forwarded_unit_id,
    forwardedUnitName: row.unit_name,
    receivedAt: row.received_at,
    dueOn: row.due_on,
    publicReply: row.public_reply,
    publicReplyAt: row.public_reply_at,
    replyIsPublic: row.reply_is_public === 1,
    allowPublication: row.allow_publication === 1,
    feedbackResolved: row.feedback_resolved,
    feedbackComment: row.feedback_comment,
    snapshot: row.snapshot,
  };
}

export interface OpinionEvent {
  id: number;
  at: string;
  kind: OpinionEventKind;
  isPublic: boolean;
  publicText: string;
  staffNote: string;
  actorName: string | null;
}

export async function listOpinionEvents(db: D1Database, opinionId: number): Promise<OpinionEvent[]> {
  const { results } = await db
    .prepare(
      `SELECT e.id, e.at, e.kind, e.is_public, e.public_text, e.staff_note, u.display_name AS actor_name
       FROM opinion_events e LEFT JOIN staff_users u ON u.id = e.actor_staff_id
       WHERE e.opinion_id = ?1 ORDER BY e.at, e.id`,
    )
    .bind(opinionId)
    .all<{
      id: number;
      at: string;
      kind: OpinionEventKind;
      is_public: number;
      public_text: string;
      staff_note: string;
      actor_name: string | null;
    }>();
  return results.map((row) => ({
    id: row.id,
    at: row.at,
    kind: row.kind,
    isPublic: row.is_public === 1,
    publicText: row.public_text,
    staffNote: row.staff_note,
    actorName: row.actor_name,
  }));
}

export interface ReplyDraft {
  body: string;
  revision: number;
  updatedAt: string;
  updatedByName: string | null;
  /** Submitted for review (REPLY_REVIEW): by whom, when, and whether to show it on the site. */
  submittedBy: string | null;
  submittedByName: string | null;
  submittedAt: string | null;
  submittedShowPublicly: boolean;
}

export async function getReplyDraft(db: D1Database, opinionId: number): Promise<ReplyDraft | null> {
  const row = await db
    .prepare(
      `SELECT r.body, r.revision, r.updated_at, u.display_name AS updated_by_name,
         r.submitted_by, s.display_name AS submitted_by_name, r.submitted_at, r.submitted_show_publicly
       FROM opinion_reply_drafts r
       LEFT JOIN staff_users u ON u.id = r.updated_by
       LEFT JOIN staff_users s ON s.id = r.submitted_by
       WHERE r.opinion_id = ?1`,
    )
    .bind(opinionId)
    .first<{
      body: string;
      revision: number;
      updated_at: string;
      updated_by_name: string | null;
      submitted_by: string | null;
      submitted_by_name: string | null;
      submitted_at: string | null;
      submitted_show_publicly: number;
    }>();
  return row
    ? {
        body: row.body,
        revision: row.revision,
        updatedAt: row.updated_at,
        updatedByName: row.updated_by_name,
        submittedBy: row.submitted_by,
        submittedByName: row.submitted_by_name,
        submittedAt: row.submitted_at,
        submittedShowPublicly: row.submitted_show_publicly === 1,
      }
    : null;
}

/** A reply waiting for review, for the console's queue: what waits, since when, for whom. */
export interface WaitingReply {
  opinionId: number;
  title: string;
  revision: number;
  submittedBy: string;
  submittedByName: string;
  submittedAt: string;
}

/** Every reply waiting for review that this staff member may see (station staff: their station). */
export async function listWaitingReplies(db: D1Database, access: OpinionAccess): Promise<WaitingReply[]> {
  const { results } = await db
    .prepare(
      `SELECT o.id AS opinion_id, o.title, r.revision, r.submitted_by, u.display_name AS submitted_by_name, r.submitted_at
       FROM opinion_reply_drafts r
       JOIN opinions o ON o.id = r.opinion_id
       JOIN staff_users u ON u.id = r.submitted_by
       WHERE r.submitted_by IS NOT NULL AND (?1 IS NULL OR o.station_id = ?1) AND (?2 = 1 OR o.status <> 'held')
       ORDER BY r.submitted_at, o.id LIMIT 200`,
    )
    .bind(access.station, access.reviewer ? 1 : 0)
    .all<{
      opinion_id: number;
      title: string;
      revision: number;
      submitted_by: string;
      submitted_by_name: string;
      submitted_at: string;
    }>();
  return results.map((r) => ({
    opinionId: r.opinion_id,
    title: r.title,
    revision: r.revision,
    submittedBy: r.submitted_by,
    submittedByName: r.submitted_by_name,
    submittedAt: r.submitted_at,
  }));
}

export interface StoredContact {
  name: string | null;
  contact: string | null;
  contactKind: 'phone' | 'email' | null;
  erased: boolean;
}

export interface ContactDbRow {
  name: string | null;
  contact: string | null;
  contact_kind: 'phone' | 'email' | null;
  erased_at: string | null;
}

export function toContact(row: ContactDbRow | null): StoredContact | null {
  if (!row) return null;
  return {
    name: row.name,
    contact: row.contact,
    contactKind: row.contact_kind,
    erased: row.erased_at !== null,
  };
}

/** The stored contact, for masking before display (never returned unmasked without revealContact). */
export async function getContactForMasking(db: D1Database, opinionId: number): Promise<StoredContact | null> {
  const row = await db
    .prepare('SELECT name, contact, contact_kind, erased_at FROM opinion_contacts WHERE opinion_id = ?1')
    .bind(opinionId)
    .first<ContactDbRow>();
  return toContact(row);
}

/**
 * The audit entry of a contact reveal (who, when, which opinion; never the details themselves),
 * written only if the opinion is within reach (?1 station, ?2 reviewer, ?3 opinion, ?4 actor).
 */
export function contactRevealAudit(
  db: D1Database,
  access: OpinionAccess,
  opinionId: number,
  actor: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id)
       SELECT ?4, 'opinion.contact_reveal', 'opinion', CAST(o.id AS TEXT) FROM opinions o
       WHERE o.id = ?3 AND (?1 IS NULL OR o.station_id = ?1) AND (?2 = 1 OR o.status <> 'held')`,
    )
    .bind(access.station, access.reviewer ? 1 : 0, opinionId, actor);
}

/** The stored contact, read in the batch of its audit entry, within the same reach. */
export function revealedContact(
  db: D1Database,
  access: OpinionAccess,
  opinionId: number,
): Rows<ContactDbRow> {
  return rows<ContactDbRow>(
    db
      .prepare(
        `SELECT c.name, c.contact, c.contact_kind, c.erased_at FROM opinion_contacts c
         JOIN opinions o ON o.id = c.opinion_id
         WHERE o.id = ?3 AND (?1 IS NULL OR o.station_id = ?1) AND (?2 = 1 OR o.status <> 'held')`,
      )
      .bind(access.station, access.reviewer ? 1 : 0, opinionId),
  );
}

export interface Choice {
  id: string;
  name: string;
}

export async function listCategories(db: D1Database): Promise<Choice[]> {
  const { results } = await db
    .prepare('SELECT id, name FROM opinion_categories WHERE is_active = 1 ORDER BY sort_order, id')
    .all<Choice>();
  return results;
}

export async function listForwardTargets(
  db: D1Database,
): Promise<{ deputies: Choice[]; stations: Choice[]; units: Choice[] }> {
  const [deputies, stations, units] = await readBatch(db, [
    rows<Choice>(db.prepare("SELECT id, name FROM deputies WHERE status = 'serving' ORDER BY id LIMIT 2000")),
    rows<Choice>(db.prepare('SELECT id, name FROM stations WHERE is_active = 1 ORDER BY name')),
    rows<Choice>(db.prepare('SELECT id, name FROM handling_units ORDER BY name')),
  ]);
  return { deputies, stations, units };
}

/** The name of an active category, for the timeline's wording. */
export async function activeCategoryName(db: D1Database, categoryId: string): Promise<string | null> {
  const row = await db
    .prepare('SELECT name FROM opinion_categories WHERE id = ?1 AND is_active = 1')
    .bind(categoryId)
    .first<{ name: string }>();
  return row?.name ?? null;
}

export type ForwardKind = 'deputy' | 'station' | 'unit';

/** The name of a forwarding target (a deputy, a station or a handling unit), or null if unknown. */
export async function forwardTargetName(
  db: D1Database,
  kind: ForwardKind,
  targetId: string,
): Promise<string | null> {
  const statement = {
    deputy: () => db.prepare('SELECT name FROM deputies WHERE id = ?1'),
    station: () => db.prepare('SELECT name FROM stations WHERE id = ?1'),
    unit: () => db.prepare('SELECT name FROM handling_units WHERE id = ?1'),
  }[kind]();
  const row = await statement.bind(targetId).first<{ name: string }>();
  return row?.name ?? null;
}

// ---------------------------------------------------------------------------------------------
// Writes. Each runs in a guarded batch (actions.ts): the change first, applied only while the
// opinion still has the snapshot the staff member saw (?1 id, ?2 snapshot), then its audit entry
// (refused when the change changed nothing) and its timeline entry (../../opinions/timeline.ts).

/** Triage: category, layer, an optional new deadline; a received opinion becomes triaged. */
export function triageUpdate(
  db: D1Database,
  seen: SeenOpinion,
  input: { categoryId: string; layer: OpinionLayer; dueOn: string | null },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE opinions SET category_id = ?3, layer = ?4, due_on = COALESCE(?5, due_on),
         status = CASE status WHEN 'received' THEN 'triaged' ELSE status END
       WHERE id = ?1 AND ${OPINION_SNAPSHOT} = ?2`,
    )
    .bind(seen.id, seen.snapshot, input.categoryId, input.layer, input.dueOn);
}

/** Forwarding to a deputy, a station (which also takes the station layer) or a handling unit. */
export function forwardUpdate(
  db: D1Database,
  seen: SeenOpinion,
  kind: ForwardKind,
  targetId: string,
): D1PreparedStatement {
  const statement = {
    deputy: () =>
      db.prepare(
        `UPDATE opinions SET target_type = 'deputy', deputy_id = ?3, station_id = NULL, status = 'forwarded'
         WHERE id = ?1 AND ${OPINION_SNAPSHOT} = ?2`,
      ),
    station: () =>
      db.prepare(
        `UPDATE opinions SET target_type = 'station', station_id = ?3, deputy_id = NULL, layer = 'station',
           status = 'forwarded'
         WHERE id = ?1 AND ${OPINION_SNAPSHOT} = ?2`,
      ),
    unit: () =>
      db.prepare(
        `UPDATE opinions SET forwarded_unit_id = ?3, layer = 'handling_unit', status = 'forwarded'
         WHERE id = ?1 AND ${OPINION_SNAPSHOT} = ?2`,
      ),
  }[kind]();
  return statement.bind(seen.id, seen.snapshot, targetId);
}

/** A plain change of status (close, reject, release). */
export function statusUpdate(db: D1Database, seen: SeenOpinion, status: OpinionStatus): D1PreparedStatement {
  return db
    .prepare(`UPDATE opinions SET status = ?3 WHERE id = ?1 AND ${OPINION_SNAPSHOT} = ?2`)
    .bind(seen.id, seen.snapshot, status);
}

/**
 * Publishes the saved draft as the reply, only if the draft is still at revision ?3. With a
 * reviewer (?5, REPLY_REVIEW on) the revision must also have been submitted by someone else,
 * decided in this same UPDATE; without one (?5 NULL) that condition does not apply.
 */
export function publishReplyUpdate(
  db: D1Database,
  seen: SeenOpinion,
  input: { revision: number; showPublicly: boolean; reviewer: string | null },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE opinions SET public_reply = (SELECT body FROM opinion_reply_drafts WHERE opinion_id = ?1),
         public_reply_at = ${SQL_NOW},
         first_replied_at = COALESCE(first_replied_at, ${SQL_NOW}),
         status = 'replied', reply_is_public = ?4,
         -- A reopened case (未解决) answered again: the sender may say again whether it is resolved.
         feedback_comment = CASE WHEN feedback_resolved = 'no' THEN NULL ELSE feedback_comment END,
         feedback_at = CASE WHEN feedback_resolved = 'no' THEN NULL ELSE feedback_at END,
         feedback_resolved = CASE WHEN feedback_resolved = 'no' THEN NULL ELSE feedback_resolved END
       WHERE id = ?1 AND ${OPINION_SNAPSHOT} = ?2
         AND EXISTS (SELECT 1 FROM opinion_reply_drafts WHERE opinion_id = ?1 AND revision = ?3)
         AND (?5 IS NULL OR EXISTS (SELECT 1 FROM opinion_reply_drafts WHERE opinion_id = ?1
           AND revision = ?3 AND submitted_by IS NOT NULL AND submitted_by <> ?5))`,
    )
    .bind(seen.id, seen.snapshot, input.revision, input.showPublicly ? 1 : 0, input.reviewer);
}

/** The draft is gone once it is the reply. */
export function deleteReplyDraft(db: D1Database, opinionId: number): D1PreparedStatement {
  return db.prepare('DELETE FROM opinion_reply_drafts WHERE opinion_id = ?1').bind(opinionId);
}

/** Saves the reply draft (a new revision each time), while the opinion is as seen. */
export function upsertReplyDraft(
  db: D1Database,
  seen: SeenOpinion,
  body: string,
  actor: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO opinion_reply_drafts (opinion_id, body, updated_by, updated_at)
       SELECT id, ?3, ?4, ${SQL_NOW} FROM opinions WHERE id = ?1 AND ${OPINION_SNAPSHOT} = ?2
       ON CONFLICT (opinion_id) DO UPDATE SET body = excluded.body, revision = revision + 1,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    )
    .bind(seen.id, seen.snapshot, body, actor);
}

/** Submits revision ?3 of the draft for review, with the submitter's choice of showing it (?5). */
export function submitReplyUpdate(
  db: D1Database,
  seen: SeenOpinion,
  input: { revision: number; showPublicly: boolean; actor: string },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE opinion_reply_drafts
       SET submitted_by = ?4, submitted_at = ${SQL_NOW}, submitted_show_publicly = ?5
       WHERE opinion_id = ?1 AND revision = ?3
         AND EXISTS (SELECT 1 FROM opinions WHERE id = ?1 AND ${OPINION_SNAPSHOT} = ?2)`,
    )
    .bind(seen.id, seen.snapshot, input.revision, input.actor, input.showPublicly ? 1 : 0);
}

/** Sends a submitted draft back: it is no longer waiting for review. */
export function returnReplyUpdate(db: D1Database, seen: SeenOpinion): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE opinion_reply_drafts SET submitted_by = NULL, submitted_at = NULL, submitted_show_publicly = 0
       WHERE opinion_id = ?1 AND submitted_by IS NOT NULL
         AND EXISTS (SELECT 1 FROM opinions WHERE id = ?1 AND ${OPINION_SNAPSHOT} = ?2)`,
    )
    .bind(seen.id, seen.snapshot);
}

// Audit entries that only succeed if the statement just before them changed a row: otherwise the
// actor is NULL, the NOT NULL constraint fails and the whole batch rolls back (runGuardedBatch
// answers 409). The "after" state is read back inside the batch.

/** A change of the opinion itself: before and after snapshots. */
export function opinionChangeAudit(
  db: D1Database,
  actor: string,
  action: string,
  seen: SeenOpinion,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id, before_json, after_json)
       VALUES (CASE WHEN changes() > 0 THEN ?1 END, ?2, 'opinion', ?3, ?4,
         (SELECT ${OPINION_SNAPSHOT} FROM opinions WHERE id = ?5))`,
    )
    .bind(actor, action, String(seen.id), seen.snapshot, seen.id);
}

/** A saved reply draft: its text and revision. */
export function replyDraftAudit(db: D1Database, actor: string, opinionId: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id, before_json, after_json)
       VALUES (CASE WHEN changes() > 0 THEN ?1 END, 'opinion.reply_draft', 'opinion', ?2, NULL,
         (SELECT json_object('draft', body, 'revision', revision) FROM opinion_reply_drafts WHERE opinion_id = ?3))`,
    )
    .bind(actor, String(opinionId), opinionId);
}

/** A reply submitted for review: the revision and whether it is to be shown publicly. */
export function replySubmitAudit(db: D1Database, actor: string, opinionId: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id, before_json, after_json)
       VALUES (CASE WHEN changes() > 0 THEN ?1 END, 'opinion.reply_submit', 'opinion', ?2, NULL,
         (SELECT json_object('revision', revision, 'showPublicly', submitted_show_publicly)
          FROM opinion_reply_drafts WHERE opinion_id = ?3))`,
    )
    .bind(actor, String(opinionId), opinionId);
}

/** A step recorded with a text: a returned reply's reason (?4 'reason') or a note (?4 'note'). */
export function textAudit(
  db: D1Database,
  entry: { actor: string; action: string; opinionId: number; key: 'reason' | 'note'; text: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (actor, action, entity_type, entity_id, before_json, after_json)
       VALUES (CASE WHEN changes() > 0 THEN ?1 END, ?2, 'opinion', ?3, NULL, json_object(?4, ?5))`,
    )
    .bind(entry.actor, entry.action, String(entry.opinionId), entry.key, entry.text);
}
