import { type Context, Hono } from 'hono';
import { requireCapability } from '../auth/routes.ts';
import type { StaffEnv } from '../env.ts';
import { type NoticeKey } from '../layout.tsx';
import { render } from '../render.tsx';
import { valid } from '../../lib/validation.ts';
import {
  addOpinionNote,
  approveReply,
  closeOpinion,
  draftReply,
  forwardOpinion,
  opinionAccess,
  publishReply,
  rejectOpinion,
  releaseOpinion,
  requireOpinion,
  returnReply,
  revealContact,
  submitReplyForReview,
  triageOpinion,
} from './actions.ts';
import {
  getContactForMasking,
  getReplyDraft,
  inboxPage,
  inboxTotal,
  type InboxRow,
  listCategories,
  listForwardTargets,
  listOpinionEvents,
  listWaitingReplies,
  type StoredContact,
  toInboxRow,
} from './queries.ts';
import { readBatch } from '../../lib/d1.ts';
import type { StaffUser } from '../auth/schema.ts';
import {
  ApproveReplyForm,
  EmptyForm,
  ForwardForm,
  InboxQuery,
  maskContact,
  maskName,
  NoteForm,
  OpinionIdParam,
  PublishReplyForm,
  ReasonForm,
  ReplyDraftForm,
  TriageForm,
} from './schema.ts';
import { inboxView, opinionView, waitingRepliesView } from './views.tsx';
import { beijingToday } from '../../lib/time.ts';

const PAGE_SIZE = 50;

/** One page of the inbox and the total it pages through, read in one batch. */
async function readInbox(
  db: D1Database,
  staff: StaffUser,
  query: InboxQuery,
): Promise<{ rows: InboxRow[]; total: number }> {
  const access = opinionAccess(staff);
  const today = beijingToday();
  const [page, counted] = await readBatch(db, [
    inboxPage(db, access, query, today, PAGE_SIZE),
    inboxTotal(db, access, query, today),
  ]);
  return { rows: page.map(toInboxRow), total: counted[0]?.total ?? 0 };
}

async function renderOpinion(
  c: Context<StaffEnv>,
  id: number,
  reveal: { contact: StoredContact } | null,
): Promise<Response> {
  const db = c.env.DB;
  const staff = c.get('staff');
  const opinion = await requireOpinion(db, staff, id);
  const [events, draft, contact, categories, targets] = await Promise.all([
    listOpinionEvents(db, id),
    getReplyDraft(db, id),
    reveal ? Promise.resolve(reveal.contact) : getContactForMasking(db, id),
    listCategories(db),
    listForwardTargets(db),
  ]);
  return render(
    c,
    { title: opinion.title, current: opinion.status === 'held' ? 'review' : 'opinions' },
    opinionView({
      staff,
      token: c.get('csrfToken'),
      opinion,
      events,
      draft,
      contact,
      contactRevealed: reveal !== null,
      categories,
      targets,
      today: beijingToday(),
      reviewRequired: replyReviewRequired(c.env),
    }),
  );
}

/**
 * Replies wait for a reviewer before the citizen sees them when REPLY_REVIEW is "required"
 * (wrangler.toml: on in the production environment).
 */
export function replyReviewRequired(env: Pick<Env, 'REPLY_REVIEW'>): boolean {
  return env.REPLY_REVIEW === 'required';
}

function backTo(c: Context<StaffEnv>, id: number, notice: NoticeKey): Response {
  return c.redirect(`/staff/opinions/${id}?notice=${notice}`, 303);
}

/** The console pages of the opinion workflow (/staff/opinions). */
export const opinionConsole = new Hono<StaffEnv>()
  .use(requireCapability('opinions.handle'))
  .get('/', valid('query', InboxQuery), async (c) => {
    const query = c.req.valid('query');
    const staff = c.get('staff');
    const [{ rows, total }, categories] = await Promise.all([
      readInbox(c.env.DB, staff, query),
      listCategories(c.env.DB),
    ]);
    return render(
      c,
      {
        title: query.status === 'held' ? '待审核' : '意见收件箱',
        current: query.status === 'held' ? 'review' : 'opinions',
      },
      inboxView({ staff, query, rows, total, pageSize: PAGE_SIZE, categories }),
    );
  })
  // What waits for whom: replies submitted for review, and who may approve them.
  .get('/replies-waiting', async (c) => {
    const staff = c.get('staff');
    const waiting = await listWaitingReplies(c.env.DB, opinionAccess(staff));
    return render(
      c,
      { title: '待审核的答复', current: 'opinions' },
      waitingRepliesView({ staff, waiting, reviewRequired: replyReviewRequired(c.env) }),
    );
  })
  .get('/:id', valid('param', OpinionIdParam), async (c) => renderOpinion(c, c.req.valid('param').id, null))
  .post(
    '/:id/contact',
    requireCapability('contacts.reveal'),
    valid('param', OpinionIdParam),
    valid('form', EmptyForm),
    async (c) => {
      const { id } = c.req.valid('param');
      const contact = await revealContact(c.env.DB, c.get('staff'), id);
      return renderOpinion(c, id, { contact });
    },
  )
  .post('/:id/triage', valid('param', OpinionIdParam), valid('form', TriageForm), async (c) => {
    const { id } = c.req.valid('param');
    await triageOpinion(c.env.DB, c.get('staff'), id, c.req.valid('form'));
    return backTo(c, id, 'triaged');
  })
  .post('/:id/forward', valid('param', OpinionIdParam), valid('form', ForwardForm), async (c) => {
    const { id } = c.req.valid('param');
    await forwardOpinion(c.env.DB, c.get('staff'), id, c.req.valid('form'));
    // Forwarding away from a station takes the opinion out of a station member's reach.
    return c.get('staff').role === 'station_staff'
      ? c.redirect('/staff/opinions?notice=forwarded', 303)
      : backTo(c, id, 'forwarded');
  })
  .post('/:id/reply-draft', valid('param', OpinionIdParam), valid('form', ReplyDraftForm), async (c) => {
    const { id } = c.req.valid('param');
    await draftReply(c.env.DB, c.get('staff'), id, c.req.valid('form').body);
    return backTo(c, id, 'draft_saved');
  })
  .post('/:id/reply', valid('param', OpinionIdParam), valid('form', PublishReplyForm), async (c) => {
    const { id } = c.req.valid('param');
    if (replyReviewRequired(c.env)) {
      await submitReplyForReview(c.env.DB, c.get('staff'), id, c.req.valid('form'));
      return backTo(c, id, 'reply_submitted');
    }
    await publishReply(c.env.DB, c.get('staff'), id, c.req.valid('form'));
    return backTo(c, id, 'reply_published');
  })
  .post(
    '/:id/reply/approve',
    requireCapability('opinions.review'),
    valid('param', OpinionIdParam),
    valid('form', ApproveReplyForm),
    async (c) => {
      const { id } = c.req.valid('param');
      await approveReply(c.env.DB, c.get('staff'), id, { revision: c.req.valid('form').revision });
      return backTo(c, id, 'reply_published');
    },
  )
  .post(
    '/:id/reply/return',
    requireCapability('opinions.review'),
    valid('param', OpinionIdParam),
    valid('form', ReasonForm),
    async (c) => {
      const { id } = c.req.valid('param');
      await returnReply(c.env.DB, c.get('staff'), id, c.req.valid('form').reason);
      return backTo(c, id, 'reply_returned');
    },
  )
  .post('/:id/close', valid('param', OpinionIdParam), valid('form', ReasonForm), async (c) => {
    const { id } = c.req.valid('param');
    await closeOpinion(c.env.DB, c.get('staff'), id, c.req.valid('form').reason);
    return backTo(c, id, 'closed');
  })
  .post('/:id/reject', valid('param', OpinionIdParam), valid('form', ReasonForm), async (c) => {
    const { id } = c.req.valid('param');
    await rejectOpinion(c.env.DB, c.get('staff'), id, c.req.valid('form').reason);
    return backTo(c, id, 'rejected');
  })
  .post('/:id/release', valid('param', OpinionIdParam), valid('form', EmptyForm), async (c) => {
    const { id } = c.req.valid('param');
    await releaseOpinion(c.env.DB, c.get('staff'), id);
    return backTo(c, id, 'released');
  })
  .post('/:id/notes', valid('param', OpinionIdParam), valid('form', NoteForm), async (c) => {
    const { id } = c.req.valid('param');
    await addOpinionNote(c.env.DB, c.get('staff'), id, c.req.valid('form').note);
    return backTo(c, id, 'note_added');
  });

function maskedContact(
  contact: StoredContact | null,
): { name: string | null; contact: string | null; kind: string | null; erased: boolean } | null {
  if (!contact) return null;
  return {
    name: contact.name ? maskName(contact.name) : null,
    contact:
      contact.contact && contact.contactKind ? maskContact(contact.contact, contact.contactKind) : null,
    kind: contact.contactKind,
    erased: contact.erased,
  };
}

async function opinionJson(c: Context<StaffEnv>, id: number): Promise<Response> {
  const db = c.env.DB;
  // The snapshot is an internal concurrency guard, not part of the answer.
  const { snapshot: _snapshot, ...opinion } = await requireOpinion(db, c.get('staff'), id);
  const [events, draft, contact] = await Promise.all([
    listOpinionEvents(db, id),
    getReplyDraft(db, id),
    getContactForMasking(db, id),
  ]);
  return c.json({ opinion, events, draft, contact: maskedContact(contact) });
}

/** The same workflow as JSON (/api/staff/opinions). */
export const opinionApi = new Hono<StaffEnv>()
  .use(requireCapability('opinions.handle'))
  .get('/', valid('query', InboxQuery), async (c) => {
    const query = c.req.valid('query');
    const result = await readInbox(c.env.DB, c.get('staff'), query);
    return c.json({ ...result, page: query.page, pageSize: PAGE_SIZE });
  })
  .get('/:id', valid('param', OpinionIdParam), async (c) => opinionJson(c, c.req.valid('param').id))
  .post('/:id/contact', requireCapability('contacts.reveal'), valid('param', OpinionIdParam), async (c) => {
    const contact = await revealContact(c.env.DB, c.get('staff'), c.req.valid('param').id);
    return c.json({
      contact: {
        name: contact.name,
        contact: contact.contact,
        kind: contact.contactKind,
        erased: contact.erased,
      },
    });
  })
  .post('/:id/triage', valid('param', OpinionIdParam), valid('json', TriageForm), async (c) => {
    const { id } = c.req.valid('param');
    await triageOpinion(c.env.DB, c.get('staff'), id, c.req.valid('json'));
    return opinionJson(c, id);
  })
  .post('/:id/forward', valid('param', OpinionIdParam), valid('json', ForwardForm), async (c) => {
    const { id } = c.req.valid('param');
    await forwardOpinion(c.env.DB, c.get('staff'), id, c.req.valid('json'));
    return c.json({ ok: true });
  })
  .post('/:id/reply-draft', valid('param', OpinionIdParam), valid('json', ReplyDraftForm), async (c) => {
    const { id } = c.req.valid('param');
    await draftReply(c.env.DB, c.get('staff'), id, c.req.valid('json').body);
    return opinionJson(c, id);
  })
  .post('/:id/reply', valid('param', OpinionIdParam), valid('json', PublishReplyForm), async (c) => {
    const { id } = c.req.valid('param');
    // The same rule as the console: with REPLY_REVIEW on this submits for review, never publishes.
    if (replyReviewRequired(c.env)) {
      await submitReplyForReview(c.env.DB, c.get('staff'), id, c.req.valid('json'));
    } else {
      await publishReply(c.env.DB, c.get('staff'), id, c.req.valid('json'));
    }
    return opinionJson(c, id);
  })
  .post(
    '/:id/reply/approve',
    requireCapability('opinions.review'),
    valid('param', OpinionIdParam),
    valid('json', ApproveReplyForm),
    async (c) => {
      const { id } = c.req.valid('param');
      await approveReply(c.env.DB, c.get('staff'), id, { revision: c.req.valid('json').revision });
      return opinionJson(c, id);
    },
  )
  .post(
    '/:id/reply/return',
    requireCapability('opinions.review'),
    valid('param', OpinionIdParam),
    valid('json', ReasonForm),
    async (c) => {
      const { id } = c.req.valid('param');
      await returnReply(c.env.DB, c.get('staff'), id, c.req.valid('json').reason);
      return opinionJson(c, id);
    },
  )
  .post('/:id/close', valid('param', OpinionIdParam), valid('json', ReasonForm), async (c) => {
    const { id } = c.req.valid('param');
    await closeOpinion(c.env.DB, c.get('staff'), id, c.req.valid('json').reason);
    return opinionJson(c, id);
  })
  .post('/:id/reject', valid('param', OpinionIdParam), valid('json', ReasonForm), async (c) => {
    const { id } = c.req.valid('param');
    await rejectOpinion(c.env.DB, c.get('staff'), id, c.req.valid('json').reason);
    return opinionJson(c, id);
  })
  .post('/:id/release', valid('param', OpinionIdParam), async (c) => {
    const { id } = c.req.valid('param');
    await releaseOpinion(c.env.DB, c.get('staff'), id);
    return opinionJson(c, id);
  })
  .post('/:id/notes', valid('param', OpinionIdParam), valid('json', NoteForm), async (c) => {
    const { id } = c.req.valid('param');
    await addOpinionNote(c.env.DB, c.get('staff'), id, c.req.valid('json').note);
    return opinionJson(c, id);
  });
