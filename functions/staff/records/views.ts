import { html } from 'hono/html';
import type { FieldValue } from '../../changes/fields.ts';
import type { OfficialChange } from '../../changes/queries.ts';
import type { EntityRule } from '../../changes/rules.ts';
import { csrfInput, type Html, scrollTable } from '../layout.tsx';
import { beijingDateTime } from '../../lib/time.ts';
import type { FieldErrors } from '../ui/form.tsx';
import {
  changeFieldsView,
  errorSummary,
  listPager as pager,
  selectField,
  textArea,
  textField,
} from '../ui/legacy.ts';
import type { FormField, RecordForm } from './forms.ts';
import type { ListedRecord, Option } from './queries.ts';

export const metaLabels: Record<string, string> = {
  _id: '编号',
  reason: '修改原因',
  reference: '依据',
  _: '提交',
};

/** A stored value as a form input shows it. */
export function inputValue(field: FormField, value: FieldValue | undefined): string | string[] {
  if (value === undefined || value === null) return field.kind === 'multi' ? [] : '';
  if (Array.isArray(value)) return value;
  if (field.kind === 'datetime' && typeof value === 'string') return value.slice(0, 16);
  return String(value);
}

function display(value: FieldValue | undefined, field: FormField | undefined): string {
  if (value === undefined || value === null || value === '') return '—';
  if (Array.isArray(value)) return value.join('、') || '—';
  if (field && typeof field.options === 'object') return field.options[String(value)] ?? String(value);
  if (field?.kind === 'datetime' && typeof value === 'string') return value.slice(0, 16).replace('T', ' ');
  return String(value);
}

export function recordsIndexView(rules: EntityRule[]): Html {
  return html`<h1>记录维护</h1>
    <p>
      在这里修改网站上公开的记录。保存后是草稿，发布后才出现在网站上；官方数字（如测评票数、代表状态）须由另一位工作人员确认。
    </p>
    <ul>
      ${rules.map((r) => html`<li><a href="/staff/records/${r.type}">${r.label}</a></li>`)}
    </ul>`;
}

export function recordsListView(
  rule: EntityRule,
  form: RecordForm,
  rows: ListedRecord[],
  page: number,
  hasNext: boolean,
  q: string,
): Html {
  const fieldOf = (c: string) => form.fields.find((f) => f.name === c);
  return html`<p><a href="/staff/records">返回记录维护</a></p>
    <h1>${rule.label}</h1>
    ${rule.actions.includes('create') ? html`<p><a href="/staff/records/${rule.type}/new">新增${rule.label}</a></p>` : ''}
    <form method="get" action="/staff/records/${rule.type}" class="filters" role="search">
      <label>查找 <input type="search" name="q" value="${q}" maxlength="80" /></label>
      <button type="submit" class="secondary">查找</button>
    </form>
    ${
      rows.length === 0
        ? html`<p>没有找到记录。</p>`
        : scrollTable(
            rule.label,
            html`<table>
              <thead>
                <tr>
                  <th scope="col">编号</th>
                  ${form.list.map((c) => html`<th scope="col">${rule.labels[c] ?? (c === 'name' ? '姓名' : c)}</th>`)}
                  <th scope="col">待发布</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (r) =>
                    html`<tr>
                      <td><a href="/staff/records/${rule.type}/${r.id}">${r.id}</a></td>
                      ${form.list.map((c) => html`<td>${display(r.values[c], fieldOf(c))}</td>`)}
                      <td>${r.pending ? '有修改待发布' : ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`,
          )
    }
    ${pager(`/staff/records/${rule.type}`, page, hasNext, q ? { q } : {})}`;
}

export interface RecordFormState {
  rule: EntityRule;
  form: RecordForm;
  mode: 'create' | 'update';
  id: string | null;
  title: string;
  values: Record<string, string | string[]>;
  errors: FieldErrors;
  message?: string | undefined;
  baseVersion: number | null;
  open: OfficialChange | null;
  options: Record<string, Option[]>;
  history: OfficialChange[];
  token: string;
  extra?: Html;
}

function fieldInput(state: RecordFormState, field: FormField): Html {
  const { rule, values, errors } = state;
  const label = rule.labels[field.name] ?? field.name;
  const raw = values[field.name];
  const value = typeof raw === 'string' ? raw : '';
  const common = {
    name: field.name,
    label,
    error: errors[field.name],
    hint: field.hint,
    required: !field.optional,
  };
  if (field.createOnly && state.mode === 'update') {
    return html`<div class="field">
      <p><strong>${label}</strong>：${value || '—'}</p>
      <input type="hidden" name="${field.name}" value="${value}" />
    </div>`;
  }
  switch (field.kind) {
    case 'textarea':
      return textArea({ ...common, value, rows: 6 });
    case 'select':
    case 'yesno': {
      const options =
        typeof field.options === 'string'
          ? (state.options[field.name] ?? [])
          : Object.entries(field.options ?? {}).map(([v, l]) => ({ value: v, label: l }));
      return selectField({
        ...common,
        value,
        options,
        ...(field.optional ? { blank: '（无）' } : { blank: '请选择' }),
      });
    }
    case 'multi': {
      const selected = Array.isArray(raw)
        ? raw
        : typeof raw === 'string' && raw
          ? raw.split(/[\s,，、]+/)
          : [];
      const known = state.options[field.name] ?? [];
      const extra = selected
        .filter((v) => !known.some((o) => o.value === v))
        .map((v) => ({ value: v, label: v }));
      return selectField({ ...common, value: selected, options: [...known, ...extra], multiple: true });
    }
    case 'date':
      return textField({ ...common, value, type: 'date' });
    case 'datetime':
      return textField({ ...common, value, type: 'datetime-local', hint: field.hint ?? '北京时间。' });
    case 'number':
      return textField({ ...common, value, inputmode: 'decimal' });
    default:
      return textField({ ...common, value, ...(field.maxlength ? { maxlength: field.maxlength } : {}) });
  }
}

export function recordFormView(state: RecordFormState): Html {
  const { rule, form, mode, id, values, errors } = state;
  const action = mode === 'create' ? `/staff/records/${rule.type}` : `/staff/records/${rule.type}/${id}`;
  // Editing a new record's draft again: its id stays (hidden for ids the database chose).
  const pendingCreate = mode === 'create' && state.open !== null;
  const labels = { ...metaLabels, ...rule.labels };
  const meta = (k: string) => {
    const v = values[k];
    return typeof v === 'string' ? v : '';
  };
  return html`<p><a href="/staff/records/${rule.type}">返回${rule.label}列表</a></p>
    <h1>${mode === 'create' ? `新增${rule.label}` : state.title}</h1>
    ${errorSummary(errors, labels, state.message)}
    ${
      state.open
        ? html`<div class="warn" role="status">
            <p>
              这条记录有一项${state.open.state === 'confirmed' ? '已确认' : '草稿'}修改等待发布（${state.open.draftedByName ?? state.open.draftedBy}，${beijingDateTime(state.open.draftedAt)}）。下面的表单显示的是修改后的内容；再次保存会替换这项修改${state.open.state === 'confirmed' ? '，并需要重新确认' : ''}。
            </p>
            ${changeFieldsView(state.open)}
          </div>`
        : ''
    }
    <form method="post" action="${action}" class="stack" novalidate>
      ${csrfInput(state.token)}
      ${mode === 'update' ? html`<input type="hidden" name="_base" value="${state.baseVersion ?? ''}" />` : ''}
      ${state.open ? html`<input type="hidden" name="_replacing" value="${state.open.id}" />` : ''}
      ${
        pendingCreate
          ? html`<input type="hidden" name="_id" value="${meta('_id')}" />`
          : mode === 'create' && rule.keyKind === 'text'
            ? textField({
                name: '_id',
                label: '编号',
                required: true,
                value: meta('_id'),
                error: errors._id ?? errors.id,
                hint: form.idHint,
              })
            : ''
      }
      ${form.fields.map((f) => fieldInput(state, f))}
      ${textField({
        name: 'reason',
        label: '修改原因',
        required: false,
        value: meta('reason'),
        error: errors.reason,
        maxlength: 500,
        hint: rule.reasonFields?.length
          ? `修改${rule.reasonFields.map((f) => rule.labels[f] ?? f).join('、')}时必填；会显示在公开的变更记录中。`
          : '会显示在公开的变更记录中。',
      })}
      ${
        rule.confirmFields?.length
          ? textField({
              name: 'reference',
              label: '依据',
              required: false,
              value: meta('reference'),
              error: errors.reference,
              maxlength: 120,
              hint: '例如测评表、决定文件的编号，供确认人核对。',
            })
          : ''
      }
      <button type="submit">保存为待发布的修改</button>
    </form>
    ${state.extra ?? ''}
    ${
      state.history.length > 0
        ? html`<h2>修改记录</h2>
            ${scrollTable(
              '修改记录',
              html`<table>
                <thead>
                  <tr>
                    <th scope="col">编号</th>
                    <th scope="col">内容</th>
                    <th scope="col">原因</th>
                    <th scope="col">起草</th>
                    <th scope="col">确认</th>
                    <th scope="col">状态</th>
                  </tr>
                </thead>
                <tbody>
                  ${state.history.map(
                    (ch) =>
                      html`<tr>
                        <td>${ch.id}</td>
                        <td>${changeFieldsView(ch)}</td>
                        <td>${ch.reason || '—'}</td>
                        <td>${ch.draftedByName ?? ch.draftedBy}<br />${beijingDateTime(ch.draftedAt)}</td>
                        <td>
                          ${ch.confirmedBy ? html`${ch.confirmedByName ?? ch.confirmedBy}<br />${beijingDateTime(ch.confirmedAt)}` : '—'}
                        </td>
                        <td>
                          ${{ drafted: '草稿', confirmed: '已确认', published: '已发布', withdrawn: '已撤回' }[ch.state]}${
                            ch.publishedAt ? html`<br />${beijingDateTime(ch.publishedAt)}` : ''
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`,
            )}`
        : ''
    }`;
}
