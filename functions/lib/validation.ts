import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { z } from 'zod';
import { ApiError, validationError } from './errors.ts';
import { fieldMessages } from './fields.ts';

/** zod's zh-CN messages, for fields that do not bring their own. */
export const zhCN = z.locales.zhCN();

/** A zod failure as the one error envelope: 400 validation_failed with a zh-CN message per field. */
export function invalidInput(error: z.core.$ZodError): ApiError {
  return validationError(fieldMessages(error.issues));
}

/**
 * zod's zh-CN locale for fields without a message of their own, except where it speaks of types:
 * a value sent twice (`?q=a&q=b`, a repeated form field), a number that is not one (`?page=abc`,
 * full-width `１`, zod's "received NaN") and a choice outside the list (which zod would answer
 * with the internal values) get a sentence a person can act on.
 */
const localeError: z.core.$ZodErrorMap = (issue) => {
  if (
    Array.isArray(issue.input) &&
    (issue.code === 'invalid_value' || (issue.code === 'invalid_type' && issue.expected !== 'array'))
  ) {
    return '这一项只能填写一次，请不要重复提交同名参数。';
  }
  if (issue.code === 'invalid_type' && issue.expected === 'number') return '这里应填写数字（半角 0–9）。';
  if (issue.code === 'invalid_value') return '所选的选项不在可选范围内，请重新选择。';
  return zhCN.localeError(issue);
};

/** A failed input's problems, one zh-CN message per field (parsed again with zod's zh-CN locale). */
export async function localizedFieldMessages(
  schema: z.ZodType,
  data: unknown,
  error: z.core.$ZodError,
): Promise<Record<string, string>> {
  const localized = await schema.safeParseAsync(data, { error: localeError });
  return fieldMessages((localized.success ? error : localized.error).issues);
}

const JSON_TYPE = /^\s*application\/([a-z0-9.-]+\+)?json\s*(;|$)/i;

/**
 * The validation wrapper of every public and staff route: zValidator that throws the error
 * envelope on failure, so app.onError answers in JSON or as an HTML page, as the request wants.
 * Messages are zh-CN: fields carry their own, and a failed input is parsed once more with zod's
 * zh-CN locale for the rest. Handlers read only c.req.valid(target).
 */
export function valid<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, async (result, c) => {
    // Hono validates a JSON target of a body in another type as {}: "field missing" would hide
    // that the body was never read.
    if (target === 'json' && !JSON_TYPE.test(c.req.header('Content-Type') ?? '')) {
      throw new ApiError(415, 'unsupported_media_type', '请以 JSON（application/json）格式提交。');
    }
    if (result.success) return;
    throw validationError(await localizedFieldMessages(schema, result.data, result.error));
  });
}
