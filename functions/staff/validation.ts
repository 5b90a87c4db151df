import { z } from 'zod';
import { textProblem, textProblemMessage } from '../lib/text.ts';

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

/**
 * The one text check (lib/text.ts) for what staff type: no control characters, no bidi controls,
 * not invisible-only. Reasons, replies, round and candidate titles are shown to the public, where a
 * NUL or a right-to-left override would be stored and published as typed. Tabs and new lines pass
 * in `multiline` (textarea) fields only.
 */
export function plainText(label: string, multiline = false) {
  return (value: string, ctx: z.RefinementCtx): void => {
    const problem = textProblem(value, multiline);
    if (problem) ctx.addIssue({ code: 'custom', message: textProblemMessage(label, problem) });
  };
}

/** An optional (multi-line) text field: blank becomes null. */
export const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过 ${max} 个字。`)
    .superRefine(plainText(label, true))
    .optional()
    .transform((value) => (value ? value : null));

export const isoDateField = z.iso.date({ error: '请填写有效日期（年-月-日）。' });
