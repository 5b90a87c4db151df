import { readBatch, rows } from '../../lib/d1.ts';
import { ApiError } from '../../lib/errors.ts';
import { OPINION_SNAPSHOT } from '../../opinions/snapshot.ts';
import { staffEvent, staffNoteEvent } from '../../opinions/timeline.ts';
import { guardedAudit, runGuardedBatch } from '../audit/queries.ts';
import { can, opinionScope, type StaffUser } from '../auth/schema.ts';
import {
  openStatuses,
  type OpinionEventKind,
  type OpinionLayer,
  opinionLayerPublicNames,
  type OpinionStatus,
  type OpinionTargetType,
} from '#domain/opinions.ts';
import type { ForwardForm, InboxQuery, TriageForm } from './schema.ts';
import { SQL_NOW } from '../../lib/time.ts';

/** Who may see which opinions: ?scope is a station id (station staff) or NULL; ?held 1 for reviewers. */
const VISIBLE = (scope: string, held: string, alias = 'o'): string =>
  `(${scope} IS NULL OR ${alias}.station_id = ${scope}) AND (${held} = 1 OR ${alias}.status <> 'held')`;

interface Access {
  scope: string | null;
  reviewer: 0 | 1;
}

function accessOf(staff: StaffUser): Access {
  return { scope: opinionScope(staff), reviewer: can(staff, 'opinions.review') ? 1 : 0 };
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

interface InboxDbRow {
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

const OPEN_LIST = openStatuses.map((s) => `'${s}'`).join(', ');

export async function listInbox(
  db: D1Database,
  staff: StaffUser,
  query: InboxQuery,
  today: string,
  pageSize = 50,
): Promise<{ rows: InboxRow[]; total: number }> {
  const access = accessOf(staff);
  const where = `${VISIBLE('?1', '?2')}
    AND (?3 = 'all' OR (?3 = 'open' AND o.status IN (${OPEN_LIST})) OR o.status = ?3)
    AND (?4 IS NULL OR o.target_type = ?4)
    AND (?5 IS NULL OR o.category_id = ?5)
    AND (?6 = 0 OR (o.due_on < ?7 AND o.status IN (${OPEN_LIST})))`;
  const params = [
    access.scope,
    access.reviewer,
    query.status,
    query.target ?? null,
    query.category ?? null,
    query.overdue ? 1 : 0,
    today,
  ];
  const [list, counted] = await readBatch(db, [
    rows<InboxDbRow>(
      db
        .prepare(
          `SELECT o.id, o.title, o.status, o.target_type,
           COALESCE(d.name, s.name) AS target_name, c.name AS category_name, o.layer, o.received_at, o.due_on,
           (o.due_on IS NOT NULL AND o.due_on < ?7 AND o.status IN (${OPEN_LIST})) AS overdue, o.reopen_count
         FROM opinions o
         LEFT JOIN deputies d ON d.id = o.deputy_id
         LEFT JOIN stations s ON s.id = o.station_id
         LEFT JOIN opinion_categories c ON c.id = o.category_id
         WHERE ${where}
         ORDER BY o.received_at DESC, o.id DESC LIMIT ?8 OFFSET ?9`,
        )
        .bind(...params, pageSize, (query.page - 1) * pageSize),
    ),
    rows<{ total: number }>(
      db.prepare(`SELECT COUNT(*) AS total FROM opinions o WHERE ${where}`).bind(...params),
    ),
  ]);
  const total = counted[0]?.total ?? 0;
  return {
    total,
    rows: list.map((row) => ({
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
    })),
  };
}

/** Counts for the dashboard, within what the staff member may see. */
export async function countOpinions(
  db: D1Database,
  staff: StaffUser,
  today: string,
): Promise<{ open: number; held: number; overdue: number }> {
  const access = accessOf(staff);
  const row = await db
    .prepare(
      `SELECT
         SUM(o.status IN (${OPEN_LIST})) AS open,
         SUM(o.status = 'held') AS held,
         SUM(o.status IN (${OPEN_LIST}) AND o.due_on < ?3) AS overdue
       FROM opinions o WHERE ${VISIBLE('?1', '?2')}`,
    )
    .bind(access.scope, access.reviewer, today)
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
  staff: StaffUser,
  id: number,
): Promise<OpinionDetail | null> {
  const access = accessOf(staff);
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
       WHERE o.id = ?3 AND ${VISIBLE('?1', '?2')}`,
    )
    .bind(access.scope, access.reviewer, id)
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

export async function requireOpinion(db: D1Database, staff: StaffUser, id: number): Promise<OpinionDetail> {
  const opinion = await getOpinion(db, staff, id);
  if (!opinion) throw new ApiError(404, 'not_found', '未找到该意见，或您无权查看。');
  return opinion;
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
export async function listWaitingReplies(db: D1Database, staff: StaffUser): Promise<WaitingReply[]> {
  const access = accessOf(staff);
  const { results } = await db
    .prepare(
      `SELECT o.id AS opinion_id, o.title, r.revision, r.submitted_by, u.display_name AS submitted_by_name, r.submitted_at
       FROM opinion_reply_drafts r
       JOIN opinions o ON o.id = r.opinion_id
       JOIN staff_users u ON u.id = r.submitted_by
       WHERE r.submitted_by IS NOT NULL AND ${VISIBLE('?1', '?2')}
       ORDER BY r.submitted_at, o.id LIMIT 200`,
    )
    .bind(access.scope, access.reviewer)
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

interface ContactDbRow {
  name: string | null;
  contact: string | null;
  contact_kind: 'phone' | 'email' | null;
  erased_at: string | null;
}

function toContact(row: ContactDbRow | null): StoredContact | null {
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
 * Reveals a sender's contact details: the audit entry (who, when, which opinion; never the details
 * themselves) is written first, in the same batch, and only if the opinion is within reach.
 */
export async function revealContact(
  db: D1Database,
  staff: StaffUser,
  opinionId: number,
): Promise<StoredContact> {
  const access = accessOf(staff);
  const [logged, read] = await db.batch([
    db
      .prepare(
        `INSERT INTO audit_log (actor, action, entity_type, entity_id)
         SELECT ?4, 'opinion.contact_reveal', 'opinion', CAST(o.id AS TEXT) FROM opinions o
         WHERE o.id = ?3 AND ${VISIBLE('?1', '?2')}`,
      )
      .bind(access.scope, access.reviewer, opinionId, staff.id),
    db
      .prepare(
        `SELECT c.name, c.contact, c.contact_kind, c.erased_at FROM opinion_contacts c
         JOIN opinions o ON o.id = c.opinion_id WHERE o.id = ?3 AND ${VISIBLE('?1', '?2')}`,
      )
      .bind(access.scope, access.reviewer, opinionId),
  ]);
  if ((logged?.meta.changes ?? 0) !== 1) throw new ApiError(404, 'not_found', '未找到该意见，或您无权查看。');
  const contact = toContact(((read?.results ?? [])[0] as ContactDbRow | undefined) ?? null);
  if (!contact) throw new ApiError(404, 'no_contact', '该意见没有留下联系方式。');
  return contact;
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
  const [deputies, stations, units] = await db.batch<Choice>([
    db.prepare("SELECT id, name FROM deputies WHERE status = 'serving' ORDER BY id LIMIT 2000"),
    db.prepare('SELECT id, name FROM stations WHERE is_active = 1 ORDER BY name'),
    db.prepare('SELECT id, name FROM handling_units ORDER BY name'),
  ]);
  return {
    deputies: deputies?.results ?? [],
    stations: stations?.results ?? [],
    units: units?.results ?? [],
  };
}

// ---------------------------------------------------------------------------------------------
// Actions. Each is one guarded batch: the change, the audit entry, the timeline entry.

const AFTER_OPINION = `SELECT ${OPINION_SNAPSHOT} FROM opinions WHERE id = ?6`;

function ensureStatus(opinion: OpinionDetail, allowed: readonly OpinionStatus[], action: string): void {
  if (!allowed.includes(opinion.status)) {
    throw new ApiError(409, 'invalid_state', `当前状态下不能${action}。`);
  }
}

async function changeOpinion(
  db: D1Database,
  staff: StaffUser,
  opinion: OpinionDetail,
  change: {
    action: string;
    setSql: string;
    setParams: unknown[];
    event: { kind: OpinionEventKind; isPublic: boolean; publicText: string; staffNote?: string };
    extraCondition?: string;
    after?: D1PreparedStatement[];
  },
): Promise<void> {
  // ?1 id, ?2 snapshot, then the SET parameters from ?3.
  const update = db
    .prepare(
      `UPDATE opinions SET ${change.setSql}
       WHERE id = ?1 AND ${OPINION_SNAPSHOT} = ?2 ${change.extraCondition ?? ''}`,
    )
    .bind(opinion.id, opinion.snapshot, ...change.setParams);
  await runGuardedBatch(db, [
    update,
    guardedAudit(db, {
      actor: staff.id,
      action: change.action,
      entityType: 'opinion',
      entityId: String(opinion.id),
      beforeJson: opinion.snapshot,
      afterSql: AFTER_OPINION,
      afterParams: [opinion.id],
    }),
    staffEvent(db, opinion.id, staff.id, { ...change.event, staffNote: change.event.staffNote ?? '' }),
    ...(change.after ?? []),
  ]);
}

export async function triageOpinion(
  db: D1Database,
  staff: StaffUser,
  id: number,
  input: TriageForm,
): Promise<void> {
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, openStatuses, '分类');
  const category = await db
    .prepare('SELECT name FROM opinion_categories WHERE id = ?1 AND is_active = 1')
    .bind(input.categoryId)
    .first<{ name: string }>();
  if (!category)
    throw new ApiError(400, 'validation_failed', '所选分类不存在。', {
      fields: { categoryId: '所选分类不存在。' },
    });
  await changeOpinion(db, staff, opinion, {
    action: 'opinion.triage',
    setSql: `category_id = ?3, layer = ?4, due_on = COALESCE(?5, due_on),
      status = CASE status WHEN 'received' THEN 'triaged' ELSE status END`,
    setParams: [input.categoryId, input.layer, input.dueOn ?? null],
    event: {
      kind: 'triaged',
      isPublic: true,
      publicText: `已受理，归入“${category.name}”类，由${opinionLayerPublicNames[input.layer]}办理。`,
    },
  });
}

export async function forwardOpinion(
  db: D1Database,
  staff: StaffUser,
  id: number,
  input: ForwardForm,
): Promise<void> {
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, openStatuses, '转交');
  const table = { deputy: 'deputies', station: 'stations', unit: 'handling_units' }[input.targetKind];
  const target = await db
    .prepare(`SELECT name FROM ${table} WHERE id = ?1`)
    .bind(input.targetId)
    .first<{ name: string }>();
  if (!target) {
    throw new ApiError(400, 'validation_failed', '转交对象不存在。', {
      fields: { targetId: '没有这个编号的转交对象。' },
    });
  }
  const set = {
    deputy: `target_type = 'deputy', deputy_id = ?3, station_id = NULL, status = 'forwarded'`,
    station: `target_type = 'station', station_id = ?3, deputy_id = NULL, layer = 'station', status = 'forwarded'`,
    unit: `forwarded_unit_id = ?3, layer = 'handling_unit', status = 'forwarded'`,
  }[input.targetKind];
  const publicName = input.targetKind === 'deputy' ? `${target.name}代表` : target.name;
  await changeOpinion(db, staff, opinion, {
    action: 'opinion.forward',
    setSql: set,
    setParams: [input.targetId],
    event: {
      kind: 'forwarded',
      isPublic: true,
      publicText: `已转交${publicName}办理。`,
      staffNote: input.note ?? '',
    },
  });
}

const REPLYABLE = [...openStatuses, 'replied'] as const satisfies readonly OpinionStatus[];

export async function saveReplyDraft(
  db: D1Database,
  staff: StaffUser,
  id: number,
  body: string,
): Promise<void> {
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, REPLYABLE, '答复');
  await runGuardedBatch(db, [
    db
      .prepare(
        `INSERT INTO opinion_reply_drafts (opinion_id, body, updated_by, updated_at)
         SELECT id, ?3, ?4, ${SQL_NOW} FROM opinions WHERE id = ?1 AND ${OPINION_SNAPSHOT} = ?2
         ON CONFLICT (opinion_id) DO UPDATE SET body = excluded.body, revision = revision + 1,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .bind(opinion.id, opinion.snapshot, body, staff.id),
    guardedAudit(db, {
      actor: staff.id,
      action: 'opinion.reply_draft',
      entityType: 'opinion',
      entityId: String(opinion.id),
      beforeJson: null,
      afterSql: `SELECT json_object('draft', body, 'revision', revision) FROM opinion_reply_drafts WHERE opinion_id = ?6`,
      afterParams: [opinion.id],
    }),
    staffEvent(db, opinion.id, staff.id, {
      kind: 'note',
      isPublic: false,
      publicText: '',
      staffNote: '保存了答复草稿。',
    }),
  ]);
}

/**
 * With REPLY_REVIEW on, a reply draft is submitted for review instead of published: the exact
 * revision the staff member saw, with their choice of showing it on the site.
 */
export async function submitReplyForReview(
  db: D1Database,
  staff: StaffUser,
  id: number,
  input: { revision: number; showPublicly: boolean },
): Promise<void> {
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, REPLYABLE, '提交答复审核');
  if (input.showPublicly && !opinion.allowPublication) {
    throw new ApiError(400, 'no_consent', '群众未同意公开，答复不能在网站公开展示。');
  }
  await runGuardedBatch(db, [
    db
      .prepare(
        `UPDATE opinion_reply_drafts
         SET submitted_by = ?4, submitted_at = ${SQL_NOW}, submitted_show_publicly = ?5
         WHERE opinion_id = ?1 AND revision = ?3
           AND EXISTS (SELECT 1 FROM opinions WHERE id = ?1 AND ${OPINION_SNAPSHOT} = ?2)`,
      )
      .bind(opinion.id, opinion.snapshot, input.revision, staff.id, input.showPublicly ? 1 : 0),
    guardedAudit(db, {
      actor: staff.id,
      action: 'opinion.reply_submit',
      entityType: 'opinion',
      entityId: String(opinion.id),
      beforeJson: null,
      afterSql: `SELECT json_object('revision', revision, 'showPublicly', submitted_show_publicly) FROM opinion_reply_drafts WHERE opinion_id = ?6`,
      afterParams: [opinion.id],
    }),
    staffEvent(db, opinion.id, staff.id, {
      kind: 'note',
      isPublic: false,
      publicText: '',
      staffNote: `提交答复第 ${input.revision} 版，等待审核。`,
    }),
  ]);
}

/** A reviewer sends a submitted reply back to the handler, with a reason (nothing is published). */
export async function returnReply(
  db: D1Database,
  staff: StaffUser,
  id: number,
  reason: string,
): Promise<void> {
  if (!can(staff, 'opinions.review')) throw new ApiError(403, 'forbidden', '您没有审核权限。');
  const opinion = await requireOpinion(db, staff, id);
  await runGuardedBatch(db, [
    db
      .prepare(
        `UPDATE opinion_reply_drafts SET submitted_by = NULL, submitted_at = NULL, submitted_show_publicly = 0
         WHERE opinion_id = ?1 AND submitted_by IS NOT NULL
           AND EXISTS (SELECT 1 FROM opinions WHERE id = ?1 AND ${OPINION_SNAPSHOT} = ?2)`,
      )
      .bind(opinion.id, opinion.snapshot),
    guardedAudit(db, {
      actor: staff.id,
      action: 'opinion.reply_return',
      entityType: 'opinion',
      entityId: String(opinion.id),
      beforeJson: null,
      afterSql: `SELECT json_object('reason', ?6)`,
      afterParams: [reason],
    }),
    staffEvent(db, opinion.id, staff.id, {
      kind: 'note',
      isPublic: false,
      publicText: '',
      staffNote: `答复被退回修改：${reason}`,
    }),
  ]);
}

/**
 * Publishes the saved draft (exactly the revision the staff member saw) as the reply the citizen
 * reads with the tracking code. Shown on the public site only if asked for and the sender agreed.
 * With `review` (REPLY_REVIEW on) this is the reviewer's approval: the revision must have been
 * submitted by someone else, decided in the same UPDATE, and the submitter's choice of showing it
 * publicly is what counts.
 */
export async function publishReply(
  db: D1Database,
  staff: StaffUser,
  id: number,
  input: { revision: number; showPublicly: boolean },
  options: { review: boolean } = { review: false },
): Promise<void> {
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, REPLYABLE, '发布答复');
  if (options.review) {
    if (!can(staff, 'opinions.review')) throw new ApiError(403, 'forbidden', '您没有审核权限。');
    const draft = await getReplyDraft(db, opinion.id);
    if (!draft?.submittedBy || draft.revision !== input.revision) {
      throw new ApiError(409, 'not_submitted', '这一版答复没有提交审核，或已被修改，请刷新后再看。');
    }
    if (draft.submittedBy === staff.id) {
      throw new ApiError(403, 'same_person', '不能审核自己提交的答复，请由另一位有审核权限的工作人员审核。');
    }
  }
  if (input.showPublicly && !opinion.allowPublication) {
    throw new ApiError(400, 'no_consent', '群众未同意公开，答复不能在网站公开展示。');
  }
  const reviewed = options.review
    ? ` AND EXISTS (SELECT 1 FROM opinion_reply_drafts WHERE opinion_id = ?1 AND revision = ?3
         AND submitted_by IS NOT NULL AND submitted_by <> ?5)`
    : '';
  await changeOpinion(db, staff, opinion, {
    action: 'opinion.reply',
    setSql: `public_reply = (SELECT body FROM opinion_reply_drafts WHERE opinion_id = ?1),
      public_reply_at = ${SQL_NOW},
      first_replied_at = COALESCE(first_replied_at, ${SQL_NOW}),
      status = 'replied', reply_is_public = ?4,
      -- A reopened case (未解决) answered again: the sender may say again whether it is resolved.
      feedback_comment = CASE WHEN feedback_resolved = 'no' THEN NULL ELSE feedback_comment END,
      feedback_at = CASE WHEN feedback_resolved = 'no' THEN NULL ELSE feedback_at END,
      feedback_resolved = CASE WHEN feedback_resolved = 'no' THEN NULL ELSE feedback_resolved END`,
    setParams: options.review
      ? [input.revision, input.showPublicly ? 1 : 0, staff.id]
      : [input.revision, input.showPublicly ? 1 : 0],
    extraCondition: `AND EXISTS (SELECT 1 FROM opinion_reply_drafts WHERE opinion_id = ?1 AND revision = ?3)${reviewed}`,
    event: {
      kind: 'replied',
      isPublic: true,
      publicText: opinion.publicReply ? '答复已更新，请查看最新答复。' : '已答复，请查看答复内容。',
    },
    after: [db.prepare('DELETE FROM opinion_reply_drafts WHERE opinion_id = ?1').bind(opinion.id)],
  });
}

export async function closeOpinion(
  db: D1Database,
  staff: StaffUser,
  id: number,
  reason: string,
): Promise<void> {
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, REPLYABLE, '办结');
  await changeOpinion(db, staff, opinion, {
    action: 'opinion.close',
    setSql: `status = 'closed'`,
    setParams: [],
    event: { kind: 'closed', isPublic: true, publicText: `已办结。${reason}` },
  });
}

export async function rejectOpinion(
  db: D1Database,
  staff: StaffUser,
  id: number,
  reason: string,
): Promise<void> {
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, ['received', 'held', 'triaged', 'forwarded'], '作不予受理处理');
  await changeOpinion(db, staff, opinion, {
    action: 'opinion.reject',
    setSql: `status = 'rejected'`,
    setParams: [],
    event: { kind: 'rejected', isPublic: true, publicText: `不予受理。${reason}` },
  });
}

/** The review queue: a held submission is released into the inbox. Reviewers only. */
export async function releaseOpinion(db: D1Database, staff: StaffUser, id: number): Promise<void> {
  if (!can(staff, 'opinions.review')) throw new ApiError(403, 'forbidden', '您没有审核权限。');
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, ['held'], '通过审核');
  await changeOpinion(db, staff, opinion, {
    action: 'opinion.release',
    setSql: `status = 'received'`,
    setParams: [],
    // Internal like the hold itself: the sender was never told the opinion was held.
    event: { kind: 'released', isPublic: false, publicText: '' },
  });
}

/** An internal note on the timeline (never shown to the citizen). */
export async function addOpinionNote(
  db: D1Database,
  staff: StaffUser,
  id: number,
  note: string,
): Promise<void> {
  const opinion = await requireOpinion(db, staff, id);
  await runGuardedBatch(db, [
    staffNoteEvent(db, opinion, staff.id, note),
    guardedAudit(db, {
      actor: staff.id,
      action: 'opinion.note',
      entityType: 'opinion',
      entityId: String(opinion.id),
      beforeJson: null,
      afterSql: `SELECT json_object('note', ?6)`,
      afterParams: [note],
    }),
  ]);
}
