import { type Hook, zValidator } from '@hono/zod-validator';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { StaffEnv } from '../env.ts';
import { localizedFieldMessages } from '../../lib/validation.ts';

/**
 * A console form's validator (GOV.UK pattern): on failure the form is shown again, with an error
 * summary, the message next to each field and every submitted value kept, with status 400 — never
 * an error page or JSON. The messages are the ones valid() (functions/lib/validation.ts) gives the
 * API. Handlers read only c.req.valid('form').
 */
export function validForm<T extends z.ZodType>(
  schema: T,
  reshow: (
    c: Context<StaffEnv>,
    errors: Record<string, string>,
    values: Record<string, string | string[]>,
  ) => Response | Promise<Response>,
) {
  // Hook's fifth parameter is hono's empty output map; it is named only to reach the sixth.
  // eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type
  const hook: Hook<z.infer<T>, StaffEnv, string, 'form', Record<never, never>, T> = async (result, c) => {
    if (result.success) return;
    const errors = await localizedFieldMessages(schema, result.data, result.error);
    const values: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(result.data as Record<string, unknown>)) {
      if (typeof value === 'string') values[key] = value;
      else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string');
    }
    return reshow(c, errors, values);
  };
  return zValidator<T, 'form', StaffEnv, string, typeof hook>('form', schema, hook);
}
