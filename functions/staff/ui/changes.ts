import { html } from 'hono/html';
import type { OfficialChange } from '../../changes/queries.ts';
import { entityRule } from '../../changes/rules.ts';
import { can, type StaffUser } from '../auth/schema.ts';
import { csrfInput, type Html, scrollTable } from '../layout.ts';
import { beijingDateTime } from '../../lib/time.ts';

const stateLabels: Record<OfficialChange['state'], string> = {
  drafted: '草稿',
  confirmed: '已确认',
  published: '已发布',
  withdrawn: '已撤回',
};

/** "地址：旧 → 新" lines of one change. */
export function changeFieldsView(change: OfficialChange): Html {
  const rule = entityRule(change.entityType);
  const after = change.after ?? {};
  const fields = change.action === 'delete' ? Object.keys(change.before ?? {}) : Object.keys(after);
  const text = (v: unknown): string => {
    if (v === null || v === undefined) return '（空）';
    if (Array.isArray(v)) return v.map(text).join('、') || '（无）';
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return JSON.stringify(v);
  };
  return html`<ul class="changes">
    ${fields.map(
      (f) =>
        html`<li>
          ${rule?.labels[f] ?? f}：${change.action === 'create' ? '' : html`<del>${text(change.before?.[f])}</del> → `}<ins
            >${change.action === 'delete' ? '（删除）' : text(after[f])}</ins
          >
        </li>`,
    )}
  </ul>`;
}

/** The changes waiting for a publish, with confirm and withdraw buttons. */
export function openChangesView(token: string, staff: StaffUser, open: OfficialChange[]): Html {
  if (open.length === 0)
    return html`<h2>待发布的记录修改</h2>
      <p>没有待发布的记录修改。</p>`;
  return html`<h2>待发布的记录修改</h2>
    <p>
      已确认的修改和无需确认的草稿会在下次发布时一并生效；标为“待确认”的修改须由起草人以外的工作人员核对后确认。
    </p>
    ${scrollTable(
      '待发布的记录修改',
      html`<table>
        <thead>
          <tr>
            <th scope="col">编号</th>
            <th scope="col">记录</th>
            <th scope="col">修改内容</th>
            <th scope="col">原因</th>
            <th scope="col">起草</th>
            <th scope="col">状态</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          ${open.map((ch) => {
            const rule = entityRule(ch.entityType);
            const waiting = ch.state === 'drafted' && ch.needsConfirmation;
            return html`<tr>
              <td>${ch.id}</td>
              <td>${rule?.label ?? ch.entityType} ${ch.entityId}</td>
              <td>${changeFieldsView(ch)}</td>
              <td>${ch.reason || '—'}${ch.reference ? html`<br />依据：${ch.reference}` : ''}</td>
              <td>${ch.draftedByName ?? ch.draftedBy}<br />${beijingDateTime(ch.draftedAt)}</td>
              <td>
                ${waiting ? '待确认' : stateLabels[ch.state]}${
                  ch.confirmedBy ? html`<br />确认：${ch.confirmedByName ?? ch.confirmedBy}` : ''
                }
              </td>
              <td>
                ${
                  waiting && ch.draftedBy !== staff.id && can(staff, 'records.confirm')
                    ? html`<form method="post" action="/staff/publish/changes/${ch.id}/confirm">
                        ${csrfInput(token)}<button type="submit">核对无误，确认</button>
                      </form>`
                    : ''
                }
                ${
                  can(staff, 'records.edit')
                    ? html`<form method="post" action="/staff/publish/changes/${ch.id}/withdraw">
                        ${csrfInput(token)}<button type="submit" class="secondary">撤回</button>
                      </form>`
                    : ''
                }
              </td>
            </tr>`;
          })}
        </tbody>
      </table>`,
    )}`;
}
