import { type Capability, can, type StaffUser, staffRoleLabels } from './auth/schema.ts';
import type { Html } from './layout.tsx';
import type { countOpinions } from './opinions/queries.ts';

type OpinionCounts = Awaited<ReturnType<typeof countOpinions>>;

/** The console's home: who is signed in, the opinion counts they handle, and their areas. */
export function homeView(staff: StaffUser, counts: OpinionCounts | null): Html {
  const areas: Array<{ capability: Capability; unless?: Capability; href: string; label: string }> = [
    { capability: 'rounds.manage', href: '/staff/rounds', label: '管理民生实事项目票决' },
    { capability: 'records.import', href: '/staff/imports', label: '导入代表名册、履职活动和建议台账' },
    { capability: 'publish', href: '/staff/publish', label: '查看变更并发布网站' },
    {
      capability: 'records.edit',
      href: '/staff/records',
      label: '维护联络站、接待日、代表、履职报告等公开记录',
    },
    // Station staff keep their own station's reception days (the office's entry above covers them).
    {
      capability: 'reception_days.edit',
      unless: 'records.edit',
      href: '/staff/records/reception_day',
      label: `维护${staff.stationName ?? '本站'}的接待日：新增、改期、取消`,
    },
    { capability: 'staff.manage', href: '/staff/accounts', label: '管理工作人员账号' },
  ];
  return (
    <>
      <h1>工作台</h1>
      <p>
        {staff.displayName}，您好。您的角色：{staffRoleLabels[staff.role]}
        {staff.stationName ? `（${staff.stationName}）` : ''}。
      </p>
      {counts ? (
        <ul class="cards">
          <li>
            <a href="/staff/opinions">待办意见</a>
            <div class="big">{counts.open}</div>
          </li>
          <li>
            <a href="/staff/opinions?status=open&overdue=1">已超期</a>
            <div class={counts.overdue > 0 ? 'big overdue' : 'big'}>{counts.overdue}</div>
          </li>
          {can(staff, 'opinions.review') ? (
            <li>
              <a href="/staff/opinions?status=held">待审核</a>
              <div class="big">{counts.held}</div>
            </li>
          ) : (
            ''
          )}
        </ul>
      ) : (
        ''
      )}
      <ul>
        {areas
          .filter((area) => can(staff, area.capability) && !(area.unless && can(staff, area.unless)))
          .map((area) => (
            <li>
              <a href={area.href}>{area.label}</a>
            </li>
          ))}
      </ul>
    </>
  );
}
