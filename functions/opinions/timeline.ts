import type { OpinionEventKind } from '#domain/opinions.ts';
import { OPINION_SNAPSHOT } from './snapshot.ts';

/**
 * Every entry of an opinion's timeline (opinion_events) is written here, for both halves: the
 * citizen's submission and feedback, and each step the office takes. Public entries are what the
 * tracking code shows; the others (a hold, an internal note) stay in the console.
 */

export interface TimelineEvent {
  kind: OpinionEventKind;
  isPublic: boolean;
  /** What the citizen reads (empty for internal entries). */
  publicText: string;
  /** What only the office reads. */
  staffNote: string;
}

/** The opinion a tracking code names: entries of the citizen's own submission. */
export function citizenEvent(
  db: D1Database,
  trackingHash: string,
  event: TimelineEvent,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO opinion_events (opinion_id, kind, is_public, public_text, staff_note)
       SELECT id, ?2, ?3, ?4, ?5 FROM opinions WHERE tracking_hash = ?1`,
    )
    .bind(trackingHash, event.kind, event.isPublic ? 1 : 0, event.publicText, event.staffNote);
}

/**
 * The citizen's feedback on a reply: written only while a reply exists and there is no feedback
 * yet, the same condition under which the feedback itself is stored in the same batch.
 */
export function feedbackEvent(db: D1Database, trackingHash: string, publicText: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO opinion_events (opinion_id, kind, is_public, public_text)
       SELECT id, 'feedback', 1, ?2 FROM opinions
       WHERE tracking_hash = ?1 AND public_reply IS NOT NULL AND feedback_resolved IS NULL`,
    )
    .bind(trackingHash, publicText);
}

/** A step the office took, in the batch of the guarded change it records. */
export function staffEvent(
  db: D1Database,
  opinionId: number,
  actor: string,
  event: TimelineEvent,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO opinion_events (opinion_id, kind, is_public, public_text, staff_note, actor_staff_id)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
    )
    .bind(opinionId, event.kind, event.isPublic ? 1 : 0, event.publicText, event.staffNote, actor);
}

/** An internal note, written only while the opinion still has the snapshot the staff member saw. */
export function staffNoteEvent(
  db: D1Database,
  opinion: { id: number; snapshot: string },
  actor: string,
  note: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO opinion_events (opinion_id, kind, is_public, public_text, staff_note, actor_staff_id)
       SELECT id, 'note', 0, '', ?3, ?4 FROM opinions WHERE id = ?1 AND ${OPINION_SNAPSHOT} = ?2`,
    )
    .bind(opinion.id, opinion.snapshot, note, actor);
}
