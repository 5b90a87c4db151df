import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { displayCode, hashCode } from '../lib/codes.ts';
import { respondWithPage } from '../lib/html.ts';
import { acceptSubmission, rateLimited, sameOriginOnly, type SubmissionEnv } from '../lib/submission.ts';
import { validationHook } from '../lib/validation.ts';
import { receiptVerdictPage } from './pages.ts';
import { readBallotByReceipt } from './queries.ts';
import { ReceiptCheck, receiptFromForm, type ReceiptVerdict } from './schema.ts';

export const ballotRoutes = new Hono<SubmissionEnv>().post(
  '/verify',
  sameOriginOnly,
  rateLimited('LOOKUP_LIMITER', 60),
  acceptSubmission({ maxBytes: 2048, fromForm: receiptFromForm }),
  zValidator('json', ReceiptCheck, validationHook),
  async (c) => {
    const { receipt } = c.req.valid('json');
    const ballot = await readBallotByReceipt(c.env.DB, await hashCode(receipt));
    const verdict: ReceiptVerdict = {
      receipt: displayCode(receipt),
      counted: ballot !== null,
      year: ballot?.round_year ?? null,
      roundTitle: ballot?.round_title ?? null,
      castAt: ballot?.cast_at ?? null,
    };
    if (c.get('responseFormat') === 'html')
      return respondWithPage(c, 200, '核对回执', receiptVerdictPage(verdict));
    return c.json(verdict);
  },
);
