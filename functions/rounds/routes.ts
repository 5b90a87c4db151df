import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { displayCode, hashCode } from '../lib/codes.ts';
import { ApiError } from '../lib/errors.ts';
import { respondWithPage } from '../ui/page.tsx';
import { IdempotencyHeader } from '../lib/idempotency.ts';
import {
  acceptSubmission,
  enforceRateLimit,
  rateLimited,
  sameOriginOnly,
  type SubmissionEnv,
} from '../lib/submission.ts';
import { verifyTurnstile } from '../lib/turnstile.ts';
import { valid } from '../lib/validation.ts';
import { castBallot, checkBallot, readRound, receiptSecret, roundNotFound } from './actions.ts';
import { ballotReceivedPage, ballotReviewPage, receiptVerdictPage } from './pages.tsx';
import { reshowForm } from '../lib/form-errors.ts';
import { readBallotByReceipt } from './queries.ts';
import {
  ballotFromForm,
  BallotSubmission,
  ReceiptCheck,
  receiptFromForm,
  RoundYearParam,
  type ReceiptVerdict,
} from './schema.ts';
import { randomHex } from '../lib/crypto.ts';
import { single } from '../lib/fields.ts';
import { FORM_KEY_FIELD, formKeyOf, newFormKey } from '../lib/form-pages.ts';

/**
 * Open rounds allow one ballot per browser: a random key in a first-party cookie, sent only to
 * the rounds API. It identifies nothing but "this browser voted"; results stay labelled unverified.
 */
const BROWSER_COOKIE = 'ballot_browser';
const BROWSER_KEY = /^[0-9a-f]{32}$/;

function browserKey(c: Context<SubmissionEnv>): { key: string; isNew: boolean } {
  const existing = getCookie(c, BROWSER_COOKIE);
  if (existing && BROWSER_KEY.test(existing)) return { key: existing, isNew: false };
  return { key: randomHex(16), isNew: true };
}

function rememberBrowser(c: Context<SubmissionEnv>, key: string): void {
  setCookie(c, BROWSER_COOKIE, key, {
    path: '/api/rounds/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: 400 * 24 * 3600,
  });
}

/** "返回修改": the vote page again with the choices and code kept (no errors to show). */
function reshowVotePage(c: Context<SubmissionEnv>, year: number): Promise<Response | null> {
  const fields = c.get('formFields') ?? {};
  return reshowForm(c, `/vote/${year}/`, 200, fields, { message: '', fields: {}, labels: {} });
}

export const roundRoutes = new Hono<SubmissionEnv>()
  .get('/:year', valid('param', RoundYearParam), async (c) => {
    const view = await readRound(c.env.DB, c.req.valid('param').year);
    if (!view) throw roundNotFound();
    // The vote page's script reads the round first, so the browser holds its key before voting.
    if (view.mode === 'open') {
      const browser = browserKey(c);
      if (browser.isNew) rememberBrowser(c, browser.key);
    }
    return c.json(view);
  })
  .post(
    '/:year/ballots',
    sameOriginOnly,
    acceptSubmission({ maxBytes: 8 * 1024, fromForm: ballotFromForm }),
    valid('param', RoundYearParam),
    valid('header', IdempotencyHeader),
    valid('json', BallotSubmission),
    async (c) => {
      const input = c.req.valid('json');
      const round = await checkBallot(c.env.DB, c.req.valid('param').year, input);
      // Per address: strict in open rounds; in code rounds only against floods, since a station's
      // shared Wi-Fi puts a whole queue of voters behind one address.
      if (round.mode === 'open') await enforceRateLimit(c.env, c.req.raw, 'BALLOT_LIMITER', 60);
      else await enforceRateLimit(c.env, c.req.raw, 'CODE_BALLOT_LIMITER', 60);
      if (input.homepage) throw new ApiError(403, 'rejected', '提交未被受理。');
      if (c.get('responseFormat') === 'html' && input.step !== 'cast') {
        const titles = JSON.parse(round.candidate_titles) as Record<string, string>;
        if (input.step === 'change') {
          const page = await reshowVotePage(c, round.year);
          if (page) return page;
        }
        c.header('Cache-Control', 'no-store');
        return respondWithPage(
          c,
          200,
          '请确认您的选择',
          ballotReviewPage(
            { year: round.year, title: round.title, mode: round.mode },
            input.choices.map((id) => ({ id, title: titles[id] ?? id })),
            {
              votingCode: input.votingCode,
              turnstileToken: input.turnstileToken,
              // The posted page's key, else (a page from before keys) one from here on.
              formKey: formKeyOf(single(c.get('formFields')?.[FORM_KEY_FIELD])) ?? newFormKey(),
            },
          ),
        );
      }
      const browser = round.mode === 'open' ? browserKey(c) : null;
      const receipt = await castBallot(c.env.DB, round, input, {
        channel: 'online',
        browserKey: browser?.key ?? null,
        idempotencyKey: c.req.valid('header')['idempotency-key'] ?? null,
        receiptSecret: receiptSecret(c.env),
        // Code rounds are guarded by the one-time code itself; open rounds by Turnstile.
        verifyHuman: () =>
          round.mode === 'open'
            ? verifyTurnstile(c.env, input.turnstileToken, c.req.header('CF-Connecting-IP') ?? null)
            : Promise.resolve(),
      });
      if (browser?.isNew) rememberBrowser(c, browser.key);
      if (c.get('responseFormat') === 'html') {
        return respondWithPage(c, 201, '投票成功', ballotReceivedPage(round.year, receipt));
      }
      return c.json(receipt, 201);
    },
  );

/** POST /api/ballots/verify: whether the ballot behind a receipt was counted. */
export const ballotRoutes = new Hono<SubmissionEnv>().post(
  '/verify',
  sameOriginOnly,
  acceptSubmission({ maxBytes: 2048, fromForm: receiptFromForm }),
  // After the body is read (bounded): a refusal re-shows a plain form post's page with its fields.
  rateLimited('LOOKUP_LIMITER', 60),
  valid('json', ReceiptCheck),
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
