import { changeLogEntityTypeLabels } from '#domain/change-log.ts';
import { beijingDateTime } from '../../lib/time.ts';
import type { AuditRow } from '../audit/queries.ts';
import { type Html, ScrollTable } from '../layout.tsx';
import { DataTable } from './components.tsx';

const actionLabels: Record<string, string> = {
  'staff.dev_sign_in': '本地开发登录',
  'opinion.triage': '意见分类',
  'opinion.forward': '意见转交',
  'opinion.reply_draft': '保存答复草稿',
  'opinion.reply': '发布答复',
  'opinion.close': '意见办结',
  'opinion.reject': '不予受理',
  'opinion.release': '通过审核',
  'opinion.note': '内部备注',
  'opinion.contact_reveal': '查看联系方式',
  'round.create': '新建票决轮次',
  'round.update': '修改票决轮次',
  'round.phase': '设置阶段时间',
  'round.voting_open': '开始网上投票',
  'round.voting_close': '结束网上投票',
  'round.codes_generate': '生成投票码',
  'candidate.create': '新增候选项目',
  'candidate.update': '修改候选项目',
  'candidate.counts': '录入分渠道票数',
  'candidate.deputies_vote': '录入代表票决结果',
  'candidate.milestone': '更新实施进度',
  'candidate.evaluation': '录入年终评估',
  'import.roster': '导入代表名册',
  'import.activities': '导入履职活动',
  'import.suggestions': '导入建议办理台账',
  'import.reception_days': '导入接待日安排',
  'import.duty_reports': '导入履职报告',
  'import.submit': '提交导入',
  'import.confirm': '确认导入',
  'import.withdraw': '撤回导入',
  'publish.request': '发布网站',
  'publish.status': '网站重建结果',
  'change.draft': '起草记录修改',
  'change.replace': '替换修改草稿',
  'change.confirm': '确认记录修改',
  'change.withdraw': '撤回记录修改',
  'change.publish': '发布记录修改',
  'staff.add': '添加工作人员',
  'staff.update': '修改工作人员',
  'staff.disable': '停用工作人员账号',
  'staff.enable': '重新启用工作人员账号',
};

export function describeAction(action: string): string {
  return actionLabels[action] ?? action;
}

/**
 * The records audit entries name: the console's own, then every record of the public change log
 * with the change log's wording.
 */
export const entityTypeLabels: Record<string, string> = {
  ...changeLogEntityTypeLabels,
  opinion: '群众意见',
  project_round: '票决轮次',
  // The change log calls an applied import 批量导入; the audit names every step of one.
  import: '导入',
  publish: '发布',
  staff_user: '工作人员',
};

/** "opinion 81", with long ids (file hashes) shortened for reading. */
function describeEntity(type: string, id: string): string {
  return `${entityTypeLabels[type] ?? type} ${id.length > 24 ? `${id.slice(0, 12)}…` : id}`;
}

/** Before and after of one entry, folded: snapshots can be long. */
function BeforeAfter({ row }: { row: AuditRow }): Html {
  if (!row.beforeJson && !row.afterJson) return <>—</>;
  return (
    <details>
      <summary>查看</summary>
      {row.beforeJson ? (
        <>
          <p>修改前：</p>
          <div class="pre">{row.beforeJson}</div>
        </>
      ) : (
        ''
      )}
      {row.afterJson ? (
        <>
          <p>修改后：</p>
          <div class="pre">{row.afterJson}</div>
        </>
      ) : (
        ''
      )}
    </details>
  );
}

/** Audit entries as table rows: when, who, what, on which record, and (optionally) before and after. */
export function AuditTable({
  label,
  rows,
  withContent = false,
}: {
  label: string;
  rows: readonly AuditRow[];
  withContent?: boolean;
}): Html {
  const columns = [
    { label: '时间' },
    { label: '人员' },
    { label: '操作' },
    { label: '对象' },
    ...(withContent ? [{ label: '前后内容' }] : []),
  ];
  return (
    <ScrollTable label={label}>
      <DataTable columns={columns}>
        {rows.map((r) => (
          <tr>
            <td>{beijingDateTime(r.at)}</td>
            <td>{r.actorName ?? r.actor}</td>
            <td>{describeAction(r.action)}</td>
            <td>{describeEntity(r.entityType, r.entityId)}</td>
            {withContent ? (
              <td>
                <BeforeAfter row={r} />
              </td>
            ) : (
              ''
            )}
          </tr>
        ))}
      </DataTable>
    </ScrollTable>
  );
}
