import { z } from 'zod';

/** Field builders of the console's forms (the wrapper is functions/lib/validation.ts). */

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
