import { z } from 'zod';

export const CancelForm = z.object({
  _base: z.coerce.number().int().min(1),
  _replacing: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).optional()),
  cancel_reason: z
    .string({ error: '请填写取消原因。' })
    .trim()
    .min(2, '请填写取消原因。')
    .max(200, '取消原因不能超过 200 个字。'),
});

export const DayParam = z.object({ id: z.string().regex(/^\d{1,12}$/, '接待日编号无效。') });
