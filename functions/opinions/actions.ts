import { beijingToday } from '../lib/time.ts';
import { displayCode, hashCode, newCode, normalizeCode } from '../lib/codes.ts';
import { classifyD1Error, runBatch } from '../lib/d1.ts';
import { ApiError, validationError } from '../lib/errors.ts';
import { readStoredAnswer, storeAnswerStatement, type IdempotencyRecord } from '../lib/idempotency.ts';
import { comparableText, comparableTextHash, textSimilarity } from '../lib/text.ts';
import { IDEMPOTENCY_KEY_TTL_HOURS } from '../lib/idempotency.ts';
import {
  eraseExpiredContacts,
  feedbackStatements,
  forgetIdempotencyKeys,
  insertContact,
  insertHeldEvent,
  insertOpinion,
  readFeedbackState,
  readOpinionStatus,
  readTargetScreening,
  type TargetScreening,
} from './queries.ts';
import { citizenEvent } from './timeline.ts';
import {
  feedbackResolutionLabels,
  opinionEventLabels,
  opinionStatusLabels,
  opinionEventKinds,
  publicStatus,
} from '#domain/opinions.ts';
import { z } from 'zod';
import {
  type OpinionFeedback,
  type OpinionReceipt,
  type OpinionStatusView,
  type OpinionSubmission,
} from './schema.ts';

/**
 * When an opinion is held for staff review instead of entering the queue, the same for every kind
 * of addressee (deputy, station, topic queue of a category): many opinions to one addressee in a
 * short time (a burst), the same text again within a day, or a text nearly the same as a recent one
 * (a copy-paste campaign or a double post). The burst and identical-text rules are decided inside
 * the INSERT (queries.ts insertOpinion), so parallel submissions cannot slip past them; the
 * near-duplicate comparison runs here on the latest texts. Held opinions are neither published
 * nor forwarded until staff release them; the sender is not told, so the rule cannot be probed.
 */
export const HOLD_RULES = {
  burstMinutes: 10,
  burstLimit: 8,
  duplicateHours: 24,
  compareLatest: 20,
  similarity: 0.8,
} as const;

/** The near-duplicate reason found in the Worker, or null. */
export function nearDuplicateReason(
  screening: TargetScreening,
  title: string,
  content: string,
): string | null {
  const text = comparableText(`${title}\n${content}`);
  for (const recent of screening.recentTexts) {
    if (textSimilarity(text, comparableText(recent)) >= HOLD_RULES.similarity) {
      return `near-duplicate of an opinion to this addressee within ${HOLD_RULES.duplicateHours} hours`;
    }
  }
  return null;
}

const WRITE_HOLD_NOTE =
  `burst (${HOLD_RULES.burstLimit}+ opinions to this addressee within ${HOLD_RULES.burstMinutes} minutes) ` +
  `or identical text within ${HOLD_RULES.duplicateHours} hours, decided at write`;

const TARGET_UNAVAILABLE = {
  deputy: '这位代表目前不在任，无法通过本站接收意见；您可以改为提交综合意见。',
  station: '该联络站目前已停用，无法接收意见；您可以改为提交综合意见。',
} as const;

export interface SubmitOptions {
  retentionDays: number;
  idempotency: IdempotencyRecord | null;
}

/**
 * Stores an opinion: the opinion, its first timeline entry, the contact details apart from it and
 * the idempotency answer, all in one batch. Returns the tracking code, shown this once.
 */
export async function submitOpinion(
  db: D1Database,
  input: OpinionSubmission,
  options: SubmitOptions,
): Promise<{ receipt: OpinionReceipt; held: boolean }> {
  const target = input.target;
  const targetId = target.type === 'topic' ? null : target.id;
  const screening = await readTargetScreening(
    db,
    { type: target.type, id: targetId },
    input.category,
    HOLD_RULES,
  );
  if (!screening.targetActive && target.type !== 'topic') {
    throw validationError({ 'target.id': TARGET_UNAVAILABLE[target.type] });
  }
  if (screening.categoryActive === false) throw validationError({ category: '请从列表中选择类别。' });

  const reason = nearDuplicateReason(screening, input.title, input.content);
  const trackingCode = newCode();
  const trackingHash = await hashCode(normalizeCode(trackingCode) ?? trackingCode);
  const comparableHash = await comparableTextHash(`${input.title}\n${input.content}`);
  const dueOn = beijingDateAfter(new Date(), screening.answerDays);
  const receipt: OpinionReceipt = {
    trackingCode,
    status: 'received',
    dueOn,
    answerDays: screening.answerDays,
  };

  const statements = [
    insertOpinion(
      db,
      {
        trackingHash,
        targetType: target.type,
        deputyId: target.type === 'deputy' ? target.id : null,
        stationId: target.type === 'station' ? target.id : null,
        categoryId: input.category,
        title: input.title,
        content: input.content,
        comparableHash,
        allowPublication: input.allowPublication,
        heldByWorker: reason !== null,
        dueOn,
      },
      HOLD_RULES,
    ),
    citizenEvent(db, trackingHash, {
      kind: 'received',
      isPublic: true,
      publicText: '您的意见已收到，将按规定分类办理。',
      staffNote: '',
    }),
    insertHeldEvent(db, trackingHash, reason ?? WRITE_HOLD_NOTE),
  ];
  if (input.name !== null || input.contact !== null) {
    statements.push(
      insertContact(db, trackingHash, {
        name: input.name,
        contact: input.contact?.value ?? null,
        kind: input.contact?.kind ?? null,
        retentionDays: options.retentionDays,
      }),
    );
  }
  if (options.idempotency) {
    statements.push(await storeAnswerStatement(db, options.idempotency, 201, receipt));
  }

  let held: boolean;
  try {
    // Idempotent by construction: a repeat of a committed batch fails on the tracking hash.
    const { results } = await runBatch(db, statements, { idempotent: true });
    held = (results[0]?.results[0] as { status?: string } | undefined)?.status === 'held';
  } catch (error) {
    const failure = classifyD1Error(error);
    if (failure.kind === 'unique' && failure.target === 'opinions.tracking_hash') {
      // An earlier attempt of this very batch committed before its answer was lost.
      return { receipt, held: reason !== null };
    }
    if (failure.kind === 'unique' && failure.target === 'idempotency_keys.key_hash' && options.idempotency) {
      // The same submission raced itself; the one that committed answers both.
      const stored = await readStoredAnswer(db, options.idempotency);
      if (stored && stored !== 'other_request')
        return { receipt: stored.body as OpinionReceipt, held: false };
      throw idempotencyConflict();
    }
    throw error;
  }
  return { receipt, held };
}

/** The Beijing calendar date `days` days after the given moment. */
export function beijingDateAfter(now: Date, days: number): string {
  return beijingToday(now.getTime() + days * 86_400_000);
}

export function idempotencyConflict(): ApiError {
  return new ApiError(409, 'idempotency_key_reused', '这个 Idempotency-Key 已用于另一份不同的提交。');
}

/** The public timeline as SQLite's json_group_array wrote it. */
const PublicTimeline = z.array(
  z.object({ at: z.string(), kind: z.enum(opinionEventKinds), text: z.string() }),
);

/** What a tracking code shows; null for a code nobody holds. */
export async function lookupOpinion(db: D1Database, trackingCode: string): Promise<OpinionStatusView | null> {
  const row = await readOpinionStatus(db, await hashCode(trackingCode));
  if (!row) return null;
  const status = publicStatus(row.status);
  const events = PublicTimeline.parse(JSON.parse(row.timeline));
  return {
    trackingCode: displayCode(trackingCode),
    status,
    statusLabel: opinionStatusLabels[status],
    receivedAt: row.received_at,
    dueOn: row.due_on,
    target: {
      type: row.target_type,
      id: row.deputy_id ?? row.station_id,
      name: row.target_name,
    },
    category: row.category_name,
    title: row.title,
    timeline: events.map((event) => ({
      at: event.at,
      kind: event.kind,
      label: opinionEventLabels[event.kind],
      text: event.text,
    })),
    reply: row.public_reply === null ? null : { text: row.public_reply, at: row.public_reply_at },
    feedback:
      row.feedback_resolved === null
        ? null
        : { resolved: row.feedback_resolved, comment: row.feedback_comment, at: row.feedback_at },
    canGiveFeedback: row.public_reply !== null && row.feedback_resolved === null,
  };
}

export const unknownTrackingCode = () =>
  new ApiError(404, 'not_found', '没有找到这个查询码对应的意见，请核对后重试。');

/**
 * Records the sender's rating of the reply, once. Not retried on a transient failure: a repeat
 * of a committed feedback would be refused as "already given", so the first answer would be lost.
 */
export async function giveFeedback(db: D1Database, input: OpinionFeedback): Promise<OpinionStatusView> {
  const trackingHash = await hashCode(input.trackingCode);
  const [event] = (
    await runBatch(
      db,
      feedbackStatements(db, trackingHash, {
        resolved: input.resolved,
        comment: input.comment,
        publicText: `评价：${feedbackResolutionLabels[input.resolved]}`,
      }),
      { idempotent: false },
    )
  ).results;
  if ((event?.meta.changes ?? 0) === 0) {
    const state = await readFeedbackState(db, trackingHash);
    if (!state) throw unknownTrackingCode();
    if (!state.hasReply) throw new ApiError(409, 'no_reply_yet', '这条意见还没有答复，答复后才能评价。');
    throw new ApiError(409, 'feedback_already_given', '您已经评价过这条意见的答复。');
  }
  const view = await lookupOpinion(db, input.trackingCode);
  if (!view) throw unknownTrackingCode();
  return view;
}

/**
 * The daily retention job (Workers cron trigger): erases senders' names and contacts whose
 * retention period has passed and forgets old idempotency answers. Logs counts only.
 */
export async function eraseExpiredPersonalData(
  db: D1Database,
  retentionDays: number,
): Promise<{ contactsErased: number; idempotencyKeysForgotten: number }> {
  const [erased, forgotten] = await db.batch([
    eraseExpiredContacts(db, retentionDays),
    forgetIdempotencyKeys(db, IDEMPOTENCY_KEY_TTL_HOURS),
  ]);
  return {
    contactsErased: erased?.meta.changes ?? 0,
    idempotencyKeysForgotten: forgotten?.meta.changes ?? 0,
  };
}
