import type { ContactKind } from '../lib/text.ts';
import type { FeedbackResolution, OpinionStatus, OpinionTargetType } from '#domain/opinions.ts';
import { SQL_NOW } from '../lib/time.ts';
import { DEFAULT_ANSWER_DAYS } from './schema.ts';
import { feedbackEvent } from './timeline.ts';

/** Typed D1 statements for opinions. Times are UTC 'YYYY-MM-DDTHH:MM:SSZ' from the database clock. */

/** Is the addressee serving or active; never built from input. */
const TARGET_ACTIVE = {
  deputy: `SELECT 1 FROM deputies WHERE id = ?1 AND status = 'serving'`,
  station: `SELECT 1 FROM stations WHERE id = ?1 AND is_active = 1`,
  topic: `SELECT 1`,
} as const;

/**
 * The addressee as one key, the same expression as the generated column opinions.addressee_key
 * (migration 0015): a deputy, a station, or the topic queue of one category.
 */
export function addresseeKey(
  target: { type: OpinionTargetType; id: string | null },
  categoryId: string | null,
): string {
  return target.type === 'topic' ? `topic:${categoryId ?? ''}` : `${target.type}:${target.id ?? ''}`;
}

/** The hold windows, as the SQL below reads them. */
export interface HoldWindows {
  burstMinutes: number;
  burstLimit: number;
  duplicateHours: number;
  compareLatest: number;
}

export interface TargetScreening {
  targetActive: boolean;
  /** null: no category given; false: unknown or retired. */
  categoryActive: boolean | null;
  /** Days to the first answer: the category's deadline, else the default. */
  answerDays: number;
  /** Title and content of the latest opinions to the same addressee within the duplicate window. */
  recentTexts: string[];
}

interface ScreeningRow {
  target_active: number;
  category_active: number | null;
  answer_days: number | null;
  recent_texts: string | null;
}

/**
 * One read before an opinion is stored: is the addressee serving or active, is the category
 * published, and what did the same addressee receive lately (for the near-duplicate hold, which
 * compares texts in the Worker). The burst and identical-text holds are decided again in the
 * INSERT itself (insertOpinion), so parallel submissions cannot pass between this read and the write.
 */
export async function readTargetScreening(
  db: D1Database,
  target: { type: OpinionTargetType; id: string | null },
  categoryId: string | null,
  windows: HoldWindows,
): Promise<TargetScreening> {
  const sql = `SELECT EXISTS (${TARGET_ACTIVE[target.type]}) AS target_active,
      (SELECT is_active FROM opinion_categories WHERE id = ?2) AS category_active,
      (SELECT answer_days FROM opinion_categories WHERE id = ?2) AS answer_days,
      (SELECT json_group_array(title || char(10) || content) FROM (
         SELECT title, content FROM opinions WHERE addressee_key = ?3 AND received_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?4)
         ORDER BY received_at DESC LIMIT ?5)) AS recent_texts`;
  const { results } = await db
    .prepare(sql)
    .bind(
      target.id,
      categoryId,
      addresseeKey(target, categoryId),
      `-${windows.duplicateHours} hours`,
      windows.compareLatest,
    )
    .all<ScreeningRow>();
  const row = results[0];
  return {
    targetActive: row?.target_active === 1,
    categoryActive: categoryId === null ? null : row?.category_active === 1,
    answerDays: row?.answer_days ?? DEFAULT_ANSWER_DAYS,
    recentTexts: row?.recent_texts ? (JSON.parse(row.recent_texts) as string[]) : [],
  };
}

export interface NewOpinion {
  trackingHash: string;
  targetType: OpinionTargetType;
  deputyId: string | null;
  stationId: string | null;
  categoryId: string | null;
  title: string;
  content: string;
  /** SHA-256 of the comparable text (lib/text.ts comparableText). */
  comparableHash: string;
  /** The sender agreed that the opinion (without name or contact) and its reply may be published. */
  allowPublication: boolean;
  /** Held already by the Worker's near-duplicate comparison. */
  heldByWorker: boolean;
  /** Beijing date by which the first answer is due. */
  dueOn: string;
}

/**
 * Inserts the opinion and decides in the same statement whether it is held: held when the Worker
 * says so, when the addressee already got `burstLimit` opinions within the burst window, or when
 * an identical text reached the same addressee within the duplicate window. RETURNING the status.
 * The burst count stops at the threshold: D1 bills every row the count reads.
 */
export function insertOpinion(
  db: D1Database,
  opinion: NewOpinion,
  windows: HoldWindows,
): D1PreparedStatement {
  const key = addresseeKey(
    { type: opinion.targetType, id: opinion.deputyId ?? opinion.stationId },
    opinion.categoryId,
  );
  return db
    .prepare(
      `INSERT INTO opinions (tracking_hash, target_type, deputy_id, station_id, category_id, title, content,
         comparable_hash, allow_publication, due_on, status)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?15,
         CASE WHEN ?10 = 1
           OR (SELECT COUNT(*) FROM (
                 SELECT 1 FROM opinions WHERE addressee_key = ?11 AND received_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?12)
                 LIMIT ?13)) >= ?13
           OR EXISTS (SELECT 1 FROM opinions WHERE addressee_key = ?11 AND comparable_hash = ?8
                        AND received_at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?14))
         THEN 'held' ELSE 'received' END
       RETURNING status`,
    )
    .bind(
      opinion.trackingHash,
      opinion.targetType,
      opinion.deputyId,
      opinion.stationId,
      opinion.categoryId,
      opinion.title,
      opinion.content,
      opinion.comparableHash,
      opinion.allowPublication ? 1 : 0,
      opinion.heldByWorker ? 1 : 0,
      key,
      `-${windows.burstMinutes} minutes`,
      windows.burstLimit,
      `-${windows.duplicateHours} hours`,
      opinion.dueOn,
    );
}

/** The staff-only "held" entry, written only if the INSERT above held the opinion. */
export function insertHeldEvent(
  db: D1Database,
  trackingHash: string,
  staffNote: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO opinion_events (opinion_id, kind, is_public, public_text, staff_note)
       SELECT id, 'held', 0, '', ?2 FROM opinions WHERE tracking_hash = ?1 AND status = 'held'`,
    )
    .bind(trackingHash, staffNote);
}

/** Contact details, kept apart from the opinion and erased after the retention period. */
export function insertContact(
  db: D1Database,
  trackingHash: string,
  contact: { name: string | null; contact: string | null; kind: ContactKind | null; retentionDays: number },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO opinion_contacts (opinion_id, name, contact, contact_kind, erase_after)
       SELECT id, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?5) FROM opinions WHERE tracking_hash = ?1`,
    )
    .bind(trackingHash, contact.name, contact.contact, contact.kind, `+${contact.retentionDays} days`);
}

export interface OpinionStatusRow {
  target_type: OpinionTargetType;
  deputy_id: string | null;
  station_id: string | null;
  target_name: string | null;
  category_name: string | null;
  status: OpinionStatus;
  received_at: string;
  due_on: string | null;
  title: string;
  public_reply: string | null;
  public_reply_at: string | null;
  feedback_resolved: FeedbackResolution | null;
  feedback_comment: string | null;
  feedback_at: string | null;
  /** JSON list of public timeline entries {at, kind, text}. */
  timeline: string;
}

/** What the tracking code may show. Deliberately no contact, name or staff note column. */
export async function readOpinionStatus(
  db: D1Database,
  trackingHash: string,
): Promise<OpinionStatusRow | null> {
  const { results } = await db
    .prepare(
      `SELECT o.target_type, o.deputy_id, o.station_id, COALESCE(d.name, s.name) AS target_name,
         c.name AS category_name, o.status, o.received_at, o.due_on, o.title, o.public_reply, o.public_reply_at,
         o.feedback_resolved, o.feedback_comment, o.feedback_at,
         (SELECT json_group_array(json_object('at', at, 'kind', kind, 'text', public_text)) FROM (
            SELECT at, kind, public_text FROM opinion_events
            WHERE opinion_id = o.id AND is_public = 1 AND kind NOT IN ('held', 'released') ORDER BY at, id
         )) AS timeline
       FROM opinions o
       LEFT JOIN opinion_categories c ON c.id = o.category_id
       LEFT JOIN deputies d ON d.id = o.deputy_id
       LEFT JOIN stations s ON s.id = o.station_id
       WHERE o.tracking_hash = ?1`,
    )
    .bind(trackingHash)
    .all<OpinionStatusRow>();
  return results[0] ?? null;
}

const FEEDBACK_ALLOWED = `tracking_hash = ?1 AND public_reply IS NOT NULL AND feedback_resolved IS NULL`;

/**
 * The feedback event and the feedback itself, both only while a reply exists and no feedback yet
 * (timeline.ts's feedbackEvent keeps the same condition).
 */
export function feedbackStatements(
  db: D1Database,
  trackingHash: string,
  feedback: { resolved: FeedbackResolution; comment: string | null; publicText: string },
): D1PreparedStatement[] {
  return [
    feedbackEvent(db, trackingHash, feedback.publicText),
    db
      .prepare(
        `UPDATE opinions SET feedback_resolved = ?2, feedback_comment = ?3, feedback_at = ${SQL_NOW}
         WHERE ${FEEDBACK_ALLOWED}`,
      )
      .bind(trackingHash, feedback.resolved, feedback.comment),
  ];
}

/**
 * Erases contact details whose retention has run out: by the date fixed at submission, or by the
 * current CONTACT_RETENTION_DAYS if that has since been shortened.
 */
export function eraseExpiredContacts(db: D1Database, retentionDays: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE opinion_contacts
       SET name = NULL, contact = NULL, contact_kind = NULL, erased_at = ${SQL_NOW}
       WHERE erased_at IS NULL AND (
         erase_after <= ${SQL_NOW}
         OR EXISTS (SELECT 1 FROM opinions o WHERE o.id = opinion_contacts.opinion_id
                    AND o.received_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?1)))`,
    )
    .bind(`-${retentionDays} days`);
}

export function forgetIdempotencyKeys(db: D1Database, ttlHours: number): D1PreparedStatement {
  return db
    .prepare(`DELETE FROM idempotency_keys WHERE created_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?1)`)
    .bind(`-${ttlHours} hours`);
}

/** Why feedback was not taken: no such code, no reply yet, or feedback already given. */
export async function readFeedbackState(
  db: D1Database,
  trackingHash: string,
): Promise<{ hasReply: boolean; hasFeedback: boolean } | null> {
  const { results } = await db
    .prepare(
      `SELECT public_reply IS NOT NULL AS has_reply, feedback_resolved IS NOT NULL AS has_feedback
       FROM opinions WHERE tracking_hash = ?1`,
    )
    .bind(trackingHash)
    .all<{ has_reply: number; has_feedback: number }>();
  const row = results[0];
  return row ? { hasReply: row.has_reply === 1, hasFeedback: row.has_feedback === 1 } : null;
}
