import { type Hook, zValidator } from '@hono/zod-validator';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { StaffEnv } from '../env.ts';
import { zhCN } from '../validation.ts';

/** Zod issues as one zh-CN message per field (the first for each). */
export function fieldErrors(error: z.core.$ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

/**
 * A console form's validator (GOV.UK pattern): on failure the form is shown again, with an error
 * summary, the message next to each field and every submitted value kept, with status 400 — never
 * an error page or JSON. Handlers read only c.req.valid('form').
 */
export function validForm<T extends z.ZodType>(
  schema: T,
  reshow: (
    c: Context<StaffEnv>,
    errors: Record<string, string>,
    values: Record<string, string | string[]>,
  ) => Response | Promise<Response>,
) {
  const hook: Hook<z.infer<T>, StaffEnv, string, 'form', Record<never, never>, T> = async (result, c) => {
    if (result.success) return;
    const localized = await schema.safeParseAsync(result.data, { error: zhCN.localeError });
    const errors = fieldErrors(localized.success ? result.error : localized.error);
    const values: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(result.data as Record<string, unknown>)) {
      if (typeof value === 'string') values[key] = value;
      else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string');
    }
    return reshow(c, errors, values);
  };
  return zValidator<T, 'form', StaffEnv, string, typeof hook>('form', schema, hook);
}
