import { z } from 'zod';
import { OpinionLayer, opinionStatuses, OpinionTargetType } from '#domain/opinions.ts';
import { checkbox, isoDateField, optionalText, plainText } from '../validation.ts';

const emptyToUndefined = (value: unknown): unknown => (value === '' ? undefined : value);
const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, '编号格式不正确。');

export const InboxQuery = z.object({
  status: z.preprocess(emptyToUndefined, z.enum([...opinionStatuses, 'open', 'all']).default('open')),
  target: z.preprocess(emptyToUndefined, OpinionTargetType.optional()),
  category: z.preprocess(emptyToUndefined, slug.optional()),
  overdue: checkbox,
  page: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
});
export type InboxQuery = z.infer<typeof InboxQuery>;

export const OpinionIdParam = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

export const TriageForm = z.object({
  categoryId: slug,
  layer: OpinionLayer,
  dueOn: z.preprocess(emptyToUndefined, isoDateField.optional()),
});
export type TriageForm = z.infer<typeof TriageForm>;

export const forwardTargets = ['deputy', 'station', 'unit'] as const;
export const ForwardForm = z.object({
  targetKind: z.enum(forwardTargets, { error: '请选择转交对象的类型。' }),
  targetId: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, '请填写或选择转交对象的编号。'),
  note: optionalText('备注', 500),
});
export type ForwardForm = z.infer<typeof ForwardForm>;

export const ReplyDraftForm = z.object({
  body: z
    .string()
    .trim()
    .min(1, '请填写答复内容。')
    .max(5000, '答复不能超过 5000 字。')
    .superRefine(plainText('答复', true)),
});

export const PublishReplyForm = z.object({
  revision: z.coerce.number().int().positive(),
  showPublicly: checkbox,
});

/** A reviewer's approval of the exact revision submitted for review. */
export const ApproveReplyForm = z.object({
  revision: z.coerce.number().int().positive(),
});

export const ReasonForm = z.object({
  reason: z
    .string()
    .trim()
    .min(1, '请填写理由，群众会看到这段说明。')
    .max(500, '理由不能超过 500 字。')
    .superRefine(plainText('理由', true)),
});

export const NoteForm = z.object({
  note: z
    .string()
    .trim()
    .min(1, '请填写备注。')
    .max(1000, '备注不能超过 1000 字。')
    .superRefine(plainText('备注', true)),
});

/** Empty form (only the CSRF token): release from review, reveal contact. */
export const EmptyForm = z.object({});

/**
 * Contact details are masked wherever the console shows them; revealing them is a logged action.
 * 13812341234 → 138****1234, zhang@example.cn → z***@example.cn, 张小明 → 张**.
 */
export function maskContact(value: string, kind: 'phone' | 'email'): string {
  if (kind === 'email') {
    const at = value.lastIndexOf('@');
    if (at < 1) return '***';
    return `${value[0]}***${value.slice(at)}`;
  }
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(Math.max(digits.length, 4));
  return `${digits.slice(0, 3)}${'*'.repeat(Math.max(4, digits.length - 7))}${digits.slice(-4)}`;
}

export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length === 0) return '';
  return `${chars[0]}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}
