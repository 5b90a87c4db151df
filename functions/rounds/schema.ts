import { z } from 'zod';
import {
  honeypotField,
  list,
  recordId,
  single,
  turnstileTokenField,
  typedCode,
  type FormFields,
} from '../lib/fields.ts';
import type { RoundMode, RoundPhase, VoteChannel } from '#domain/projects.ts';

/**
 * The public's advisory vote on candidate livelihood projects (民生实事项目): the live round, the
 * ballot a voter casts, the receipt check and what the vote page is built from. Rounds, phases and
 * channels are the ones of domain/projects.ts (migrations/0005).
 */

export const RoundYearParam = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/, { error: '年份格式不正确。' })
    .transform(Number)
    .pipe(z.number().int().min(2000, { error: '年份超出范围。' }).max(2100, { error: '年份超出范围。' })),
});

/** Where the round is now: one of its phases, or before the first / after the last. */
export type RoundPhaseNow = RoundPhase | 'upcoming' | 'between' | 'finished';

/** POST /api/rounds/{year}/ballots. */
export const BallotSubmission = z.object({
  choices: z
    .array(recordId('项目'), { error: '请至少选择一个项目。' })
    .min(1, { error: '请至少选择一个项目。' })
    .max(20, { error: '选择的项目过多。' })
    .refine((ids) => new Set(ids).size === ids.length, { error: '同一个项目只能选一次。' }),
  votingCode: z
    .string({ error: '请填写投票码。' })
    .nullish()
    .transform((value) => (value && value.trim() !== '' ? value : undefined))
    .pipe(typedCode('投票码').optional()),
  homepage: honeypotField,
  turnstileToken: turnstileTokenField,
  /**
   * The plain form's steps (no JavaScript): the first post shows the choices to confirm
   * (review), "确认投票" casts (cast), "返回修改" shows the vote page again with them (change).
   * JSON clients cast directly; the page's script shows its own confirmation first.
   */
  step: z.enum(['review', 'cast', 'change'], { error: '投票步骤不正确，请刷新页面后重试。' }).optional(),
});
export type BallotSubmission = z.infer<typeof BallotSubmission>;

/** The vote page's plain form: one checkbox named "choices" per candidate. */
export function ballotFromForm(fields: FormFields): Record<string, unknown> {
  return {
    choices: list(fields['choices']),
    votingCode: single(fields['votingCode']),
    homepage: single(fields['homepage']),
    turnstileToken: single(fields['cf-turnstile-response']),
    step: single(fields['step']) ?? 'review',
  };
}

/** The answer to a ballot: the receipt, shown once, lets the voter check it was counted. */
export interface BallotReceipt {
  receipt: string;
}

export interface RoundCandidateView {
  id: string;
  title: string;
  /** Advisory count over all channels; null while counts are not public. */
  count: number | null;
  /** The same count by channel (online here; station and paper entered by staff). */
  channels: Record<VoteChannel, number> | null;
}

/** GET /api/rounds/{year}. */
export interface RoundView {
  year: number;
  title: string;
  phase: RoundPhaseNow;
  mode: RoundMode;
  maxChoices: number;
  opensAt: string | null;
  closesAt: string | null;
  /** Open rounds count one ballot per browser: the results are not verified. */
  verified: boolean;
  countsPublic: boolean;
  candidates: RoundCandidateView[];
}

/** POST /api/ballots/verify: the receipt travels in the body, never in a URL. */
export const ReceiptCheck = z.object({ receipt: typedCode('回执码') });
export type ReceiptCheck = z.infer<typeof ReceiptCheck>;

export function receiptFromForm(fields: FormFields): Record<string, unknown> {
  return { receipt: single(fields['receipt']) };
}

/** Whether the ballot behind a receipt was stored, and so counted (counters move in its batch). */
export interface ReceiptVerdict {
  receipt: string;
  counted: boolean;
  year: number | null;
  /** The round's title, so the voter sees in which vote the ballot was counted. */
  roundTitle: string | null;
  /** When the ballot was stored, and so counted (UTC). */
  castAt: string | null;
}
