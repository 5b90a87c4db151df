import { html } from 'hono/html';
import { staffRoleLabels, staffRoles } from '../auth/schema.ts';
import { csrfInput, type Html, scrollTable } from '../layout.ts';
import { beijingDateTime } from '../../lib/time.ts';
import { errorSummary, type FieldErrors, pager, selectField, textField } from '../ui/form.ts';
import type { StaffAccount, StationOption } from './queries.ts';
import { staffFieldLabels } from './schema.ts';

/** Emails are personal data: the list shows them masked; the edit page shows them to the admin. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 2)}***@${domain}`;
}

export function staffListView(token: string, accounts: StaffAccount[], page: number, hasNext: boolean): Html {
  return html`<h1>工作人员账号</h1>
    <p><a href="/staff/accounts/new">添加工作人员</a></p>
    ${scrollTable(
      '工作人员账号',
      html`<table>
        <thead>
          <tr>
            <th scope="col">姓名</th>
            <th scope="col">电子邮箱</th>
            <th scope="col">角色</th>
            <th scope="col">所属联络站</th>
            <th scope="col">状态</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          ${accounts.map(
            (a) =>
              html`<tr>
                <td>${a.displayName}</td>
                <td>${maskEmail(a.email)}</td>
                <td>${staffRoleLabels[a.role]}</td>
                <td>${a.stationName ?? '—'}</td>
                <td>${a.isActive ? '在用' : '已停用'}</td>
                <td>
                  <a href="/staff/accounts/${a.id}">修改</a>
                  <form
                    method="post"
                    action="/staff/accounts/${a.id}/${a.isActive ? 'disable' : 'enable'}"
                    class="inline"
                  >
                    ${csrfInput(token)}
                    <button type="submit" class="${a.isActive ? 'link' : 'link'}">
                      ${a.isActive ? '停用' : '重新启用'}
                    </button>
                  </form>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`,
    )}
    ${pager('/staff/accounts', page, hasNext)}`;
}

function roleAndStation(
  values: Record<string, string | string[]>,
  errors: FieldErrors,
  stations: StationOption[],
): Html {
  const value = (k: string) => {
    const v = values[k];
    return typeof v === 'string' ? v : '';
  };
  return html`${selectField({
    name: 'role',
    label: staffFieldLabels.role ?? '角色',
    required: true,
    value: value('role'),
    error: errors.role,
    blank: '请选择',
    options: staffRoles.map((r) => ({ value: r, label: staffRoleLabels[r] })),
    hint: '管理员管理账号和审计；编辑维护记录、导入和发布；意见办理处理全部意见；联络站工作人员只看本站意见。',
  })}
  ${selectField({
    name: 'stationId',
    label: staffFieldLabels.stationId ?? '所属联络站',
    value: value('stationId'),
    error: errors.stationId,
    blank: '（不属于联络站）',
    options: stations.map((s) => ({ value: s.id, label: s.name })),
    hint: '仅联络站工作人员需要选择。',
  })}`;
}

export function staffAddView(
  token: string,
  values: Record<string, string | string[]>,
  errors: FieldErrors,
  stations: StationOption[],
): Html {
  const value = (k: string) => {
    const v = values[k];
    return typeof v === 'string' ? v : '';
  };
  return html`<p><a href="/staff/accounts">返回工作人员账号</a></p>
    <h1>添加工作人员</h1>
    ${errorSummary(errors, staffFieldLabels)}
    <form method="post" action="/staff/accounts" class="stack" novalidate>
      ${csrfInput(token)}
      ${textField({
        name: 'email',
        label: '电子邮箱',
        required: true,
        type: 'email',
        autocomplete: 'off',
        value: value('email'),
        error: errors.email,
        hint: '与统一身份认证（Cloudflare Access）登录用的邮箱一致。',
      })}
      ${textField({ name: 'displayName', label: '姓名', required: true, value: value('displayName'), error: errors.displayName, maxlength: 40 })}
      ${roleAndStation(values, errors, stations)}
      <button type="submit">添加</button>
    </form>`;
}

export function staffEditView(
  token: string,
  account: StaffAccount,
  values: Record<string, string | string[]>,
  errors: FieldErrors,
  stations: StationOption[],
  message?: string,
): Html {
  const value = (k: string) => {
    const v = values[k];
    return typeof v === 'string' ? v : '';
  };
  return html`<p><a href="/staff/accounts">返回工作人员账号</a></p>
    <h1>${account.displayName}</h1>
    <dl class="facts">
      <dt>电子邮箱</dt>
      <dd>${account.email}</dd>
      <dt>状态</dt>
      <dd>${account.isActive ? '在用' : '已停用'}</dd>
      <dt>创建时间</dt>
      <dd>${beijingDateTime(account.createdAt)}</dd>
    </dl>
    ${errorSummary(errors, staffFieldLabels, message)}
    <form method="post" action="/staff/accounts/${account.id}" class="stack" novalidate>
      ${csrfInput(token)}
      ${textField({ name: 'displayName', label: '姓名', required: true, value: value('displayName'), error: errors.displayName, maxlength: 40 })}
      ${roleAndStation(values, errors, stations)}
      <button type="submit">保存</button>
    </form>
    <form
      method="post"
      action="/staff/accounts/${account.id}/${account.isActive ? 'disable' : 'enable'}"
      class="stack"
    >
      ${csrfInput(token)}
      <button type="submit" class="${account.isActive ? 'danger' : 'secondary'}">
        ${account.isActive ? '停用账号（立即退出登录）' : '重新启用账号'}
      </button>
    </form>
    <p><a href="/staff/audit?entityType=staff_user&amp;entityId=${account.id}">查看该账号的操作记录</a></p>`;
}
