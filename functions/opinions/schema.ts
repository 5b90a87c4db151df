import { z } from 'zod';
import {
  checkbox,
  contactField,
  single,
  type FormFields,
  honeypotField,
  optionalText,
  recordId,
  requiredText,
  turnstileTokenField,
  typedCode,
} from '../lib/fields.ts';
import {
  FeedbackResolution,
  type OpinionEventKind,
  type OpinionTargetType,
  type PublicOpinionStatus,
} from '#domain/opinions.ts';

/**
 * Citizens' opinions (群众意见建议): what the form takes, what the tracking code shows, and what
 * the site's form pages are built from. The enums and labels are domain/opinions.ts.
 */

export const OPINION_TITLE = { min: 2, max: 100 } as const;
export const OPINION_CONTENT = { min: 5, max: 5000, multiline: true } as const;
export const SENDER_NAME = { max: 40 } as const;
export const FEEDBACK_COMMENT = { max: 1000, multiline: true } as const;

export const OpinionTarget = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('deputy'), id: recordId('代表') }),
    z.object({ type: z.literal('station'), id: recordId('联络站') }),
    z.object({ type: z.literal('topic') }),
  ],
  { error: '请选择意见的对象（代表、联络站或综合意见）。' },
);
export type OpinionTarget = z.infer<typeof OpinionTarget>;

/** POST /api/opinions. Fields not listed here are dropped, never stored. */
export const OpinionSubmission = z.object({
  target: OpinionTarget,
  category: z
    .string({ error: '请从列表中选择类别。' })
    .nullish()
    .transform((value) => value || null)
    .pipe(recordId('类别').nullable()),
  title: requiredText('标题', OPINION_TITLE),
  content: requiredText('内容', OPINION_CONTENT),
  name: optionalText('称呼', SENDER_NAME),
  contact: contactField,
  consent: z.literal(true, { error: '请阅读并同意《个人信息处理说明》后再提交。' }),
  /**
   * Consent to publish the opinion (never the name or contact) and its reply on the site. Optional:
   * without it nothing about the opinion is ever shown publicly.
   */
  allowPublication: z.boolean({ error: '“同意公开”只能勾选或不勾选。' }).default(false),
  homepage: honeypotField,
  turnstileToken: turnstileTokenField,
});
export type OpinionSubmission = z.infer<typeof OpinionSubmission>;

/**
 * The names the site's plain HTML form posts (target.type, target.id, ... and the Turnstile
 * widget's cf-turnstile-response), mapped onto the JSON the API takes.
 */
export function opinionFromForm(fields: FormFields): Record<string, unknown> {
  return {
    target: { type: single(fields['target.type']), id: single(fields['target.id']) },
    category: single(fields['category']),
    title: single(fields['title']),
    content: single(fields['content']),
    name: single(fields['name']),
    contact: single(fields['contact']),
    consent: checkbox(fields['consent']),
    allowPublication: checkbox(fields['allowPublication']),
    homepage: single(fields['homepage']),
    turnstileToken: single(fields['cf-turnstile-response']),
  };
}

export function trackingCodeFromForm(fields: FormFields): Record<string, unknown> {
  return { trackingCode: single(fields['trackingCode']) };
}

export function feedbackFromForm(fields: FormFields): Record<string, unknown> {
  return {
    trackingCode: single(fields['trackingCode']),
    resolved: single(fields['resolved']),
    comment: single(fields['comment']),
  };
}

/** POST /api/opinions/status: the code travels in the body, never in a URL. */
export const TrackingCodeLookup = z.object({ trackingCode: typedCode('查询码') });
export type TrackingCodeLookup = z.infer<typeof TrackingCodeLookup>;

/** POST /api/opinions/feedback, once a reply exists. */
export const OpinionFeedback = z.object({
  trackingCode: typedCode('查询码'),
  resolved: FeedbackResolution,
  comment: optionalText('补充说明', FEEDBACK_COMMENT),
});
export type OpinionFeedback = z.infer<typeof OpinionFeedback>;

/** The answer to a submission: the tracking code is shown this once and never stored readable. */
/** Days to the first answer when the opinion has no category (the column default of 0025). */
export const DEFAULT_ANSWER_DAYS = 15;

export interface OpinionReceipt {
  trackingCode: string;
  status: 'received';
  /** Beijing date (YYYY-MM-DD) by which the first answer is due, from the category's deadline. */
  dueOn: string;
  answerDays: number;
}

/** What a tracking code shows: never the sender's name, contact or staff notes. */
export interface OpinionStatusView {
  trackingCode: string;
  status: PublicOpinionStatus;
  statusLabel: string;
  receivedAt: string;
  /** Beijing date by which the first answer is due (null for opinions stored before 0025). */
  dueOn: string | null;
  target: { type: OpinionTargetType; id: string | null; name: string | null };
  category: string | null;
  title: string;
  timeline: Array<{ at: string; kind: OpinionEventKind; label: string; text: string }>;
  reply: { text: string; at: string | null } | null;
  feedback: { resolved: FeedbackResolution; comment: string | null; at: string | null } | null;
  canGiveFeedback: boolean;
}
