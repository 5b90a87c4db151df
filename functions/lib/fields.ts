import { z } from 'zod';
import { normalizeCode } from './codes.ts';
import {
  codePointLength,
  hasForbiddenCharacters,
  normalizeContact,
  normalizeText,
  textProblem,
  textProblemMessage,
} from './text.ts';

/**
 * zod field builders shared by every public form. Every message is zh-CN and names the field,
 * because it is shown next to that field (or listed on the no-JavaScript result page).
 */

interface TextRules {
  min: number;
  max: number;
  multiline?: boolean;
}

function checkText(value: string, label: string, rules: TextRules, ctx: z.RefinementCtx): void {
  const problem = textProblem(value, rules.multiline ?? false);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: textProblemMessage(label, problem) });
    return;
  }
  const length = codePointLength(value);
  if (length < rules.min) {
    ctx.addIssue({
      code: 'custom',
      message: rules.min <= 1 ? `请填写${label}。` : `${label}至少需要 ${rules.min} 个字。`,
    });
  } else if (length > rules.max) {
    ctx.addIssue({ code: 'custom', message: `${label}最多 ${rules.max} 个字，现在是 ${length} 个字。` });
  }
}

/**
 * A required text: NFC, trimmed, lengths in code points, no control characters, no bidi controls,
 * not invisible-only. The one text check: public forms, spreadsheet imports and query parameters.
 */
export function requiredText(label: string, rules: TextRules) {
  return z
    .string({ error: `请填写${label}。` })
    .transform(normalizeText)
    .superRefine((value, ctx) => {
      checkText(value, label, rules, ctx);
    });
}

/** An optional text: absent, null or blank all mean null. */
export function optionalText(label: string, rules: Omit<TextRules, 'min'>) {
  return z
    .string({ error: `${label}格式不正确。` })
    .nullish()
    .transform((value) => (value == null ? null : normalizeText(value) || null))
    .superRefine((value, ctx) => {
      if (value !== null) checkText(value, label, { ...rules, min: 1 }, ctx);
    });
}

/** A public record id as used in page URLs (deputies, stations, candidates, categories). */
export function recordId(label: string) {
  return z
    .string({ error: `请选择${label}。` })
    .regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, { error: `${label}不存在。` });
}

/** An optional phone number or e-mail address for a reply, normalised; blank means none. */
export const contactField = z
  .string({ error: '联系方式格式不正确。' })
  .nullish()
  .transform((value, ctx) => {
    const text = value == null ? '' : normalizeText(value);
    if (text === '') return null;
    if (hasForbiddenCharacters(text, false) || codePointLength(text) > 120) {
      ctx.addIssue({ code: 'custom', message: '联系方式格式不正确。' });
      return z.NEVER;
    }
    const contact = normalizeContact(text);
    if (!contact) {
      ctx.addIssue({
        code: 'custom',
        message: '请填写中国大陆手机号、带区号的固定电话或电子邮箱。',
      });
      return z.NEVER;
    }
    return contact;
  });

/** A code typed by a person (tracking code, voting code, receipt): canonical form or an issue. */
export function typedCode(label: string) {
  return z
    .string({ error: `请填写${label}。` })
    .max(64, { error: `${label}有误，请核对。` })
    .transform((value, ctx) => {
      if (normalizeText(value) === '') {
        ctx.addIssue({ code: 'custom', message: `请填写${label}。` });
        return z.NEVER;
      }
      const canonical = normalizeCode(value);
      if (!canonical) {
        ctx.addIssue({ code: 'custom', message: `${label}有误，请逐位核对后重试。` });
        return z.NEVER;
      }
      return canonical;
    });
}

/** The honeypot: a field people never see. Anything typed in it marks the sender as a robot. */
export const honeypotField = z.string().max(2000).optional().catch('x');

/** A Cloudflare Turnstile token from the widget (absent when the check is off). */
export const turnstileTokenField = z.string().max(4096).optional().catch(undefined);

/** A plain HTML form post as parsed: repeated names (checkbox groups) become lists. */
export type FormFields = Record<string, string | string[]>;

/** One value of a form field (the first, if it was repeated). */
export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A list-valued field (checkbox group): none, one or many values. */
export function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A checkbox: browsers send "on" (or the value attribute) when it is ticked, nothing otherwise. */
export function checkbox(value: string | string[] | undefined): boolean {
  const v = single(value);
  return v !== undefined && ['on', 'true', '1', 'yes'].includes(v);
}

/** Turns zod issues into the `fields` map of the error envelope (path "target.id" → message). */
export function fieldMessages(issues: ReadonlyArray<z.core.$ZodIssue>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    // zod's own messages are English; every field above supplies a zh-CN one, this is a backstop.
    const message = /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : '此项填写有误。';
    fields[key] ??= message;
  }
  return fields;
}
