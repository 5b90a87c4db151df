import { rowsIn } from '../../lib/d1.ts';
import { ApiError } from '../../lib/errors.ts';
import { staffEvent, staffNoteEvent, type TimelineEvent } from '../../opinions/timeline.ts';
import { runGuardedBatch } from '../audit/queries.ts';
import { can, opinionScope, type StaffUser } from '../auth/schema.ts';
import { openStatuses, opinionLayerPublicNames, type OpinionStatus } from '#domain/opinions.ts';
import {
  activeCategoryName,
  contactRevealAudit,
  deleteReplyDraft,
  forwardTargetName,
  forwardUpdate,
  getOpinion,
  getReplyDraft,
  type OpinionAccess,
  opinionChangeAudit,
  type OpinionDetail,
  publishReplyUpdate,
  replyDraftAudit,
  replySubmitAudit,
  returnReplyUpdate,
  revealedContact,
  statusUpdate,
  type StoredContact,
  submitReplyUpdate,
  textAudit,
  toContact,
  triageUpdate,
  upsertReplyDraft,
} from './queries.ts';
import type { ForwardForm, TriageForm } from './schema.ts';

/**
 * The commands of the staff opinion console. Each checks the rules (reach, state, consent, four
 * eyes), then writes one guarded batch: the change, its audit entry and its timeline entry.
 */

/** Who may see which opinions: station staff their station, reviewers also held submissions. */
export function opinionAccess(staff: StaffUser): OpinionAccess {
  return { station: opinionScope(staff), reviewer: can(staff, 'opinions.review') };
}

/** One opinion within the staff member's reach, or 404. */
export async function requireOpinion(db: D1Database, staff: StaffUser, id: number): Promise<OpinionDetail> {
  const opinion = await getOpinion(db, opinionAccess(staff), id);
  if (!opinion) throw new ApiError(404, 'not_found', '未找到该意见，或您无权查看。');
  return opinion;
}

function ensureStatus(opinion: OpinionDetail, allowed: readonly OpinionStatus[], action: string): void {
  if (!allowed.includes(opinion.status)) {
    throw new ApiError(409, 'invalid_state', `当前状态下不能${action}。`);
  }
}

function ensureReviewer(staff: StaffUser): void {
  if (!can(staff, 'opinions.review')) throw new ApiError(403, 'forbidden', '您没有审核权限。');
}

function ensureConsent(opinion: OpinionDetail, showPublicly: boolean): void {
  if (showPublicly && !opinion.allowPublication) {
    throw new ApiError(400, 'no_consent', '群众未同意公开，答复不能在网站公开展示。');
  }
}

/** A reply may be drafted, submitted or published while open, and again after a reply. */
const REPLYABLE = [...openStatuses, 'replied'] as const satisfies readonly OpinionStatus[];

/** The opinion a reply is submitted or published for: in reach, replyable, with consent if shown. */
async function replyableOpinion(
  db: D1Database,
  staff: StaffUser,
  id: number,
  step: string,
  showPublicly: boolean,
): Promise<OpinionDetail> {
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, REPLYABLE, step);
  ensureConsent(opinion, showPublicly);
  return opinion;
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
  const access = opinionAccess(staff);
  const read = revealedContact(db, access, opinionId);
  const [logged, found] = await runGuardedBatch(db, [
    contactRevealAudit(db, access, opinionId, staff.id),
    read.statement,
  ]);
  if ((logged?.meta.changes ?? 0) !== 1) throw new ApiError(404, 'not_found', '未找到该意见，或您无权查看。');
  const contact = toContact(rowsIn(read, found)[0] ?? null);
  if (!contact) throw new ApiError(404, 'no_contact', '该意见没有留下联系方式。');
  return contact;
}

/** Triage: a category and the layer that handles it; the citizen reads where it went. */
export async function triageOpinion(
  db: D1Database,
  staff: StaffUser,
  id: number,
  input: TriageForm,
): Promise<void> {
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, openStatuses, '分类');
  const category = await activeCategoryName(db, input.categoryId);
  if (category === null)
    throw new ApiError(400, 'validation_failed', '所选分类不存在。', {
      fields: { categoryId: '所选分类不存在。' },
    });
  await runGuardedBatch(db, [
    triageUpdate(db, opinion, {
      categoryId: input.categoryId,
      layer: input.layer,
      dueOn: input.dueOn ?? null,
    }),
    opinionChangeAudit(db, staff.id, 'opinion.triage', opinion),
    staffEvent(db, opinion.id, staff.id, {
      kind: 'triaged',
      isPublic: true,
      publicText: `已受理，归入“${category}”类，由${opinionLayerPublicNames[input.layer]}办理。`,
      staffNote: '',
    }),
  ]);
}

/** Forwards the opinion to a deputy, a station or a handling unit. */
export async function forwardOpinion(
  db: D1Database,
  staff: StaffUser,
  id: number,
  input: ForwardForm,
): Promise<void> {
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, openStatuses, '转交');
  const target = await forwardTargetName(db, input.targetKind, input.targetId);
  if (target === null) {
    throw new ApiError(400, 'validation_failed', '转交对象不存在。', {
      fields: { targetId: '没有这个编号的转交对象。' },
    });
  }
  const publicName = input.targetKind === 'deputy' ? `${target}代表` : target;
  await runGuardedBatch(db, [
    forwardUpdate(db, opinion, input.targetKind, input.targetId),
    opinionChangeAudit(db, staff.id, 'opinion.forward', opinion),
    staffEvent(db, opinion.id, staff.id, {
      kind: 'forwarded',
      isPublic: true,
      publicText: `已转交${publicName}办理。`,
      staffNote: input.note ?? '',
    }),
  ]);
}

/** Saves the reply draft (each save a new revision); an internal timeline entry says so. */
export async function draftReply(db: D1Database, staff: StaffUser, id: number, body: string): Promise<void> {
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, REPLYABLE, '答复');
  await runGuardedBatch(db, [
    upsertReplyDraft(db, opinion, body, staff.id),
    replyDraftAudit(db, staff.id, opinion.id),
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
  const opinion = await replyableOpinion(db, staff, id, '提交答复审核', input.showPublicly);
  await runGuardedBatch(db, [
    submitReplyUpdate(db, opinion, { ...input, actor: staff.id }),
    replySubmitAudit(db, staff.id, opinion.id),
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
  ensureReviewer(staff);
  const opinion = await requireOpinion(db, staff, id);
  await runGuardedBatch(db, [
    returnReplyUpdate(db, opinion),
    textAudit(db, {
      actor: staff.id,
      action: 'opinion.reply_return',
      opinionId: opinion.id,
      key: 'reason',
      text: reason,
    }),
    staffEvent(db, opinion.id, staff.id, {
      kind: 'note',
      isPublic: false,
      publicText: '',
      staffNote: `答复被退回修改：${reason}`,
    }),
  ]);
}

/** The reply batch shared by publishing and approving: the reply, audit, timeline, draft removed. */
async function writeReply(
  db: D1Database,
  staff: StaffUser,
  opinion: OpinionDetail,
  input: { revision: number; showPublicly: boolean; reviewer: string | null },
): Promise<void> {
  await runGuardedBatch(db, [
    publishReplyUpdate(db, opinion, input),
    opinionChangeAudit(db, staff.id, 'opinion.reply', opinion),
    staffEvent(db, opinion.id, staff.id, {
      kind: 'replied',
      isPublic: true,
      publicText: opinion.publicReply ? '答复已更新，请查看最新答复。' : '已答复，请查看答复内容。',
      staffNote: '',
    }),
    deleteReplyDraft(db, opinion.id),
  ]);
}

/**
 * Publishes the saved draft (exactly the revision the staff member saw) as the reply the citizen
 * reads with the tracking code. Shown on the public site only if asked for and the sender agreed.
 */
export async function publishReply(
  db: D1Database,
  staff: StaffUser,
  id: number,
  input: { revision: number; showPublicly: boolean },
): Promise<void> {
  const opinion = await replyableOpinion(db, staff, id, '发布答复', input.showPublicly);
  await writeReply(db, staff, opinion, { ...input, reviewer: null });
}

/**
 * With REPLY_REVIEW on, a reviewer approves a submitted reply and it is published: the revision
 * must have been submitted by someone else (checked again in the same UPDATE), and the submitter's
 * choice of showing it publicly is what counts.
 */
export async function approveReply(
  db: D1Database,
  staff: StaffUser,
  id: number,
  input: { revision: number },
): Promise<void> {
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, REPLYABLE, '发布答复');
  ensureReviewer(staff);
  const draft = await getReplyDraft(db, opinion.id);
  if (!draft?.submittedBy || draft.revision !== input.revision) {
    throw new ApiError(409, 'not_submitted', '这一版答复没有提交审核，或已被修改，请刷新后再看。');
  }
  if (draft.submittedBy === staff.id) {
    throw new ApiError(403, 'same_person', '不能审核自己提交的答复，请由另一位有审核权限的工作人员审核。');
  }
  ensureConsent(opinion, draft.submittedShowPublicly);
  await writeReply(db, staff, opinion, {
    revision: input.revision,
    showPublicly: draft.submittedShowPublicly,
    reviewer: staff.id,
  });
}

/** A status change with its public timeline entry (close, reject) or internal one (release). */
async function changeStatus(
  db: D1Database,
  staff: StaffUser,
  opinion: OpinionDetail,
  change: { action: string; status: OpinionStatus; event: TimelineEvent },
): Promise<void> {
  await runGuardedBatch(db, [
    statusUpdate(db, opinion, change.status),
    opinionChangeAudit(db, staff.id, change.action, opinion),
    staffEvent(db, opinion.id, staff.id, change.event),
  ]);
}

export async function closeOpinion(
  db: D1Database,
  staff: StaffUser,
  id: number,
  reason: string,
): Promise<void> {
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, REPLYABLE, '办结');
  await changeStatus(db, staff, opinion, {
    action: 'opinion.close',
    status: 'closed',
    event: { kind: 'closed', isPublic: true, publicText: `已办结。${reason}`, staffNote: '' },
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
  await changeStatus(db, staff, opinion, {
    action: 'opinion.reject',
    status: 'rejected',
    event: { kind: 'rejected', isPublic: true, publicText: `不予受理。${reason}`, staffNote: '' },
  });
}

/** The review queue: a held submission is released into the inbox. Reviewers only. */
export async function releaseOpinion(db: D1Database, staff: StaffUser, id: number): Promise<void> {
  ensureReviewer(staff);
  const opinion = await requireOpinion(db, staff, id);
  ensureStatus(opinion, ['held'], '通过审核');
  await changeStatus(db, staff, opinion, {
    action: 'opinion.release',
    status: 'received',
    // Internal like the hold itself: the sender was never told the opinion was held.
    event: { kind: 'released', isPublic: false, publicText: '', staffNote: '' },
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
    textAudit(db, {
      actor: staff.id,
      action: 'opinion.note',
      opinionId: opinion.id,
      key: 'note',
      text: note,
    }),
  ]);
}
