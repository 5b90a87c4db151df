import { html } from 'hono/html';
import { z } from 'zod';
import type { FieldValue } from '../../changes/fields.ts';
import type { OfficialChange } from '../../changes/queries.ts';
import { csrfInput, type Html } from '../layout.tsx';
import { textField } from '../ui/legacy.ts';

/** Below a reception day's form: cancel it with a reason, or add another day at the same station. */
export function receptionDayExtras(
  token: string,
  id: string,
  live: Record<string, FieldValue>,
  baseVersion: number,
  open: OfficialChange | null,
  errors: Record<string, string>,
): Html {
  const stationId = typeof live.station_id === 'string' ? live.station_id : '';
  return html`${
      live.status !== 'cancelled'
        ? html`<h2>取消这次接待日</h2>
            <form method="post" action="/staff/records/reception_day/${id}/cancel" class="stack" novalidate>
              ${csrfInput(token)}
              <input type="hidden" name="_base" value="${baseVersion}" />
              ${open ? html`<input type="hidden" name="_replacing" value="${open.id}" />` : ''}
              ${textField({
                name: 'cancel_reason',
                label: '取消原因',
                required: true,
                value: '',
                error: errors.cancel_reason,
                maxlength: 200,
                hint: '显示在联络站页面和日历订阅中，例如“代表参加全市会议，改至下周三”。',
              })}
              <button type="submit" class="danger">取消接待日（发布后生效）</button>
            </form>`
        : ''
    }
    <p><a href="/staff/records/reception_day/new?station_id=${stationId}">在同一联络站新增接待日</a></p>`;
}

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
