import { staffRoleLabels, staffRoles } from '../auth/schema.ts';
import { csrfInput, type Html, Pager, pageHref, ScrollTable } from '../layout.tsx';
import { beijingDateTime } from '../../lib/time.ts';
import { DataTable, Fact, Facts } from '../ui/components.tsx';
import { ErrorSummary, type FieldErrors, SelectField, TextField } from '../ui/form.tsx';
import type { StaffAccount, StationOption } from './queries.ts';
import { staffFieldLabels } from './schema.ts';

/** Emails are personal data: the list shows them masked; the edit page shows them to the admin. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 2)}***@${domain}`;
}

const listColumns = [
  { label: '姓名' },
  { label: '电子邮箱' },
  { label: '角色' },
  { label: '所属联络站' },
  { label: '状态' },
  { label: '操作' },
];

export function staffListView(token: string, accounts: StaffAccount[], page: number, hasNext: boolean): Html {
  return (
    <>
      <h1>工作人员账号</h1>
      <p>
        <a href="/staff/accounts/new">添加工作人员</a>
      </p>
      <ScrollTable label="工作人员账号">
        <DataTable columns={listColumns}>
          {accounts.map((a) => (
            <tr>
              <td>{a.displayName}</td>
              <td>{maskEmail(a.email)}</td>
              <td>{staffRoleLabels[a.role]}</td>
              <td>{a.stationName ?? '—'}</td>
              <td>{a.isActive ? '在用' : '已停用'}</td>
              <td>
                <a href={`/staff/accounts/${a.id}`}>修改</a>
                <form
                  method="post"
                  action={`/staff/accounts/${a.id}/${a.isActive ? 'disable' : 'enable'}`}
                  class="inline"
                >
                  {csrfInput(token)}
                  <button type="submit" class="link">
                    {a.isActive ? '停用' : '重新启用'}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      </ScrollTable>
      <Pager page={page} hasNext={hasNext} hrefFor={pageHref('/staff/accounts')} />
    </>
  );
}

type FormValues = Record<string, string | string[]>;

/** A submitted value as one text (lists are never expected here). */
function valueOf(values: FormValues, key: string): string {
  const v = values[key];
  return typeof v === 'string' ? v : '';
}

/** The fields an admin sets on add and on edit: name, role and, for station staff, the station. */
function StaffFields({
  values,
  errors,
  stations,
}: {
  values: FormValues;
  errors: FieldErrors;
  stations: StationOption[];
}): Html {
  return (
    <>
      <TextField
        name="displayName"
        label="姓名"
        required
        value={valueOf(values, 'displayName')}
        error={errors.displayName}
        maxlength={40}
      />
      <SelectField
        name="role"
        label={staffFieldLabels.role ?? '角色'}
        required
        value={valueOf(values, 'role')}
        error={errors.role}
        blank="请选择"
        options={staffRoles.map((r) => ({ value: r, label: staffRoleLabels[r] }))}
        hint="管理员管理账号和审计；编辑维护记录、导入和发布；意见办理处理全部意见；联络站工作人员只看本站意见。"
      />
      <SelectField
        name="stationId"
        label={staffFieldLabels.stationId ?? '所属联络站'}
        value={valueOf(values, 'stationId')}
        error={errors.stationId}
        blank="（不属于联络站）"
        options={stations.map((s) => ({ value: s.id, label: s.name }))}
        hint="仅联络站工作人员需要选择。"
      />
    </>
  );
}

function BackToList(): Html {
  return (
    <p>
      <a href="/staff/accounts">返回工作人员账号</a>
    </p>
  );
}

export function staffAddView(
  token: string,
  values: FormValues,
  errors: FieldErrors,
  stations: StationOption[],
): Html {
  return (
    <>
      <BackToList />
      <h1>添加工作人员</h1>
      <ErrorSummary errors={errors} labels={staffFieldLabels} />
      <form method="post" action="/staff/accounts" class="stack" novalidate>
        {csrfInput(token)}
        <TextField
          name="email"
          label="电子邮箱"
          required
          type="email"
          autocomplete="off"
          value={valueOf(values, 'email')}
          error={errors.email}
          hint="与统一身份认证（Cloudflare Access）登录用的邮箱一致。"
        />
        <StaffFields values={values} errors={errors} stations={stations} />
        <button type="submit">添加</button>
      </form>
    </>
  );
}

export function staffEditView(
  token: string,
  account: StaffAccount,
  values: FormValues,
  errors: FieldErrors,
  stations: StationOption[],
  message?: string,
): Html {
  return (
    <>
      <BackToList />
      <h1>{account.displayName}</h1>
      <Facts>
        <Fact term="电子邮箱">{account.email}</Fact>
        <Fact term="状态">{account.isActive ? '在用' : '已停用'}</Fact>
        <Fact term="创建时间">{beijingDateTime(account.createdAt)}</Fact>
      </Facts>
      <ErrorSummary errors={errors} labels={staffFieldLabels} message={message} />
      <form method="post" action={`/staff/accounts/${account.id}`} class="stack" novalidate>
        {csrfInput(token)}
        <StaffFields values={values} errors={errors} stations={stations} />
        <button type="submit">保存</button>
      </form>
      <form
        method="post"
        action={`/staff/accounts/${account.id}/${account.isActive ? 'disable' : 'enable'}`}
        class="stack"
      >
        {csrfInput(token)}
        <button type="submit" class={account.isActive ? 'danger' : 'secondary'}>
          {account.isActive ? '停用账号（立即退出登录）' : '重新启用账号'}
        </button>
      </form>
      <p>
        <a href={`/staff/audit?entityType=staff_user&entityId=${account.id}`}>查看该账号的操作记录</a>
      </p>
    </>
  );
}
