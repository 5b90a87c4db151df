import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { z } from 'zod';
import { ApiError } from '../lib/errors.ts';

export const zhCN = z.locales.zhCN();

/** A zod failure as the one error envelope: a 400 with a zh-CN message per field. */
export function invalidInput(error: z.core.$ZodError): ApiError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    fields[key] ??= issue.message;
  }
  return new ApiError(400, 'invalid_input', '提交的内容有误，请按提示修改后重试。', { fields });
}

/**
 * zValidator that throws the error envelope on failure, so the console renders it as a page and the
 * API as JSON. Messages are zh-CN: a failed input is parsed once more with zod's zh-CN locale
 * (fields with their own message keep it). Handlers read only c.req.valid(target).
 */
export function valid<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, async (result) => {
    if (result.success) return;
    const localized = await schema.safeParseAsync(result.data, { error: zhCN.localeError });
    throw invalidInput(localized.success ? result.error : localized.error);
  });
}

/** Form checkboxes arrive as "on" (or "1"/"true") when ticked and are absent otherwise. */
export const checkbox = z
  .union([
    z.literal('on'),
    z.literal('1'),
    z.literal('true'),
    z.literal('0'),
    z.literal('false'),
    z.boolean(),
  ])
  .optional()
  .transform((value) => value === true || value === 'on' || value === '1' || value === 'true');

/** An optional text field: blank becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `不能超过 ${max} 个字。`)
    .optional()
    .transform((value) => (value ? value : null));

export const isoDateField = z.iso.date({ error: '请填写有效日期（年-月-日）。' });
