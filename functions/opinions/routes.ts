import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError, validationError } from '../lib/errors.ts';
import { fieldMessages, single } from '../lib/fields.ts';
import { type Html, respondWithPage } from '../ui/page.tsx';
import { IdempotencyHeader, idempotencyRecord, readStoredAnswer } from '../lib/idempotency.ts';
import { contactRetentionDays } from '../lib/retention.ts';
import { acceptSubmission, rateLimited, sameOriginOnly, type SubmissionEnv } from '../lib/submission.ts';
import { verifyTurnstile } from '../lib/turnstile.ts';
import { valid } from '../lib/validation.ts';
import {
  giveFeedback,
  idempotencyConflict,
  lookupOpinion,
  submitOpinion,
  unknownTrackingCode,
} from './actions.ts';
import { receiptPage, receivedPage, statusPage } from './pages.tsx';
import {
  feedbackFromForm,
  OpinionFeedback,
  opinionFromForm,
  OpinionSubmission,
  TrackingCodeLookup,
  trackingCodeFromForm,
  type OpinionReceipt,
  type OpinionStatusView,
} from './schema.ts';

/** 5,000 characters of Chinese are 15 KB of UTF-8; JSON escapes can triple that. */
const OPINION_MAX_BYTES = 64 * 1024;
const LOOKUP_MAX_BYTES = 4 * 1024;

function answerReceipt(c: Context<SubmissionEnv>, receipt: OpinionReceipt): Response | Promise<Response> {
  if (c.get('responseFormat') === 'html') return respondWithPage(c, 201, '意见已提交', receivedPage(receipt));
  return c.json(receipt, 201);
}

/**
 * The feedback form lives on the status page the Worker renders, so a plain post that fails shows
 * that page again with the errors and what was typed (GOV.UK pattern); JSON goes on to the
 * validator and its envelope.
 */
const feedbackFormErrors = createMiddleware<SubmissionEnv>(async (c, next) => {
  const fields = c.get('formFields');
  if (c.get('responseFormat') !== 'html' || !fields) return next();
  const result = OpinionFeedback.safeParse(await c.req.json());
  const code = TrackingCodeLookup.safeParse({ trackingCode: single(fields['trackingCode']) });
  if (result.success || !code.success) return next();
  const view = await lookupOpinion(c.env.DB, code.data.trackingCode);
  if (!view) throw unknownTrackingCode();
  // Without a reply the page has no feedback form to show the messages in: the error page lists them.
  if (!view.canGiveFeedback) return next();
  const error = validationError(fieldMessages(result.error.issues));
  return respondWithPage(
    c,
    400,
    '错误：意见办理情况',
    statusPage(view, undefined, {
      message: error.message,
      fields: error.fields ?? {},
      resolved: single(fields['resolved']),
      comment: single(fields['comment']),
    }),
  );
});

/** A page (or JSON) for a tracking code the reader posts, so the code stays out of addresses. */
function codeLookup(path: string, title: string, page: (view: OpinionStatusView) => Html) {
  return new Hono<SubmissionEnv>().post(
    path,
    sameOriginOnly,
    acceptSubmission({ maxBytes: LOOKUP_MAX_BYTES, fromForm: trackingCodeFromForm }),
    // After the body is read (bounded): a refusal re-shows a plain form post's page with its fields.
    rateLimited('LOOKUP_LIMITER', 60),
    valid('json', TrackingCodeLookup),
    async (c) => {
      const view = await lookupOpinion(c.env.DB, c.req.valid('json').trackingCode);
      if (!view) throw unknownTrackingCode();
      if (c.get('responseFormat') === 'html') return respondWithPage(c, 200, title, page(view));
      return c.json(view);
    },
  );
}

export const opinionRoutes = new Hono<SubmissionEnv>()
  .post(
    '/',
    sameOriginOnly,
    acceptSubmission({ maxBytes: OPINION_MAX_BYTES, fromForm: opinionFromForm }),
    // After the body is read (bounded): a refusal re-shows a plain form post's page with its fields.
    rateLimited('OPINION_LIMITER', 60),
    valid('header', IdempotencyHeader),
    valid('json', OpinionSubmission),
    async (c) => {
      const input = c.req.valid('json');
      const { homepage, turnstileToken, ...submission } = input;
      const key = c.req.valid('header')['idempotency-key'];
      const idempotency = key ? await idempotencyRecord(key, 'opinion', submission) : null;
      if (idempotency) {
        // A retry is answered before Turnstile: its token was spent by the first attempt.
        const stored = await readStoredAnswer(c.env.DB, idempotency);
        if (stored === 'other_request') throw idempotencyConflict();
        if (stored) return answerReceipt(c, stored.body as OpinionReceipt);
      }
      if (homepage) throw new ApiError(403, 'rejected', '提交未被受理。');
      await verifyTurnstile(c.env, turnstileToken, c.req.header('CF-Connecting-IP') ?? null);
      const { receipt } = await submitOpinion(c.env.DB, input, {
        retentionDays: contactRetentionDays(c.env),
        idempotency,
      });
      return answerReceipt(c, receipt);
    },
  )
  .route(
    '/',
    codeLookup('/status', '意见办理情况', (view) => statusPage(view)),
  )
  // A printable receipt of a code the reader holds: posted like the lookup, so the code never
  // lands in an address bar, a history or a log.
  .route('/', codeLookup('/receipt', '意见回执', receiptPage))
  .post(
    '/feedback',
    sameOriginOnly,
    acceptSubmission({ maxBytes: LOOKUP_MAX_BYTES, fromForm: feedbackFromForm }),
    // After the body is read (bounded): a refusal re-shows a plain form post's page with its fields.
    rateLimited('LOOKUP_LIMITER', 60),
    feedbackFormErrors,
    valid('json', OpinionFeedback),
    async (c) => {
      const view = await giveFeedback(c.env.DB, c.req.valid('json'));
      if (c.get('responseFormat') === 'html') {
        return respondWithPage(c, 200, '感谢您的评价', statusPage(view, '您的评价已记录，谢谢！'));
      }
      return c.json(view);
    },
  );
