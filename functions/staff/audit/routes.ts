import { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { requireCapability } from '../auth/routes.ts';
import type { StaffEnv } from '../env.ts';
import { pager, scrollTable } from '../layout.ts';
import { render } from '../render.ts';
import { valid } from '../../lib/validation.ts';
import { listAudit } from './queries.ts';
import { beijingDateTime } from '../../lib/time.ts';

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

export const entityTypeLabels: Record<string, string> = {
  opinion: '群众意见',
  project_round: '票决轮次',
  project_candidate: '候选项目',
  import: '导入',
  publish: '发布',
  staff_user: '工作人员',
  station: '联络站',
  reception_day: '接待日',
  deputy: '代表',
  duty_report: '履职报告',
  area: '行政区域',
  electoral_unit: '选举单位/选区',
  term: '届次',
  session: '会议',
  handling_unit: '承办单位',
  notice: '通知公告',
};

/** "opinion 81", with long ids (file hashes) shortened for reading. */
export function describeEntity(type: string, id: string): string {
  return `${entityTypeLabels[type] ?? type} ${id.length > 24 ? `${id.slice(0, 12)}…` : id}`;
}

const AuditQuery = z.object({
  entityType: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^[a-z_]{1,40}$/)
      .optional(),
  ),
  entityId: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(120).optional()),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

const PAGE_SIZE = 100;

/** The append-only audit log, for administrators (/staff/audit). */
export const auditConsole = new Hono<StaffEnv>()
  .use(requireCapability('audit.read'))
  .get('/', valid('query', AuditQuery), async (c) => {
    const query = c.req.valid('query');
    const rows = await listAudit(c.env.DB, {
      entityType: query.entityType,
      entityId: query.entityId,
      limit: PAGE_SIZE,
      offset: (query.page - 1) * PAGE_SIZE,
    });
    const pageHref = (page: number): string => {
      const params = new URLSearchParams({ page: String(page) });
      if (query.entityType) params.set('entityType', query.entityType);
      if (query.entityId) params.set('entityId', query.entityId);
      return `/staff/audit?${params.toString()}`;
    };
    return render(
      c,
      { title: '审计日志', current: 'audit' },
      html`<h1>审计日志</h1>
        <p class="hint">
          记录谁在何时做了什么，以及修改前后的内容。日志只能追加，不能修改或删除。联系方式从不写入日志。
        </p>
        <form method="get" action="/staff/audit" class="filters" aria-label="筛选">
          <label
            >对象类型
            <select name="entityType">
              <option value="">全部</option>
              ${Object.entries(entityTypeLabels).map(
                ([value, label]) =>
                  html`<option value="${value}" ${query.entityType === value ? html`selected` : ''}>
                    ${label}
                  </option>`,
              )}
            </select>
          </label>
          <label>对象编号 <input name="entityId" value="${query.entityId ?? ''}" /></label>
          <button type="submit">筛选</button>
        </form>
        ${scrollTable(
          '审计日志',
          html`<table>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">人员</th>
                <th scope="col">操作</th>
                <th scope="col">对象</th>
                <th scope="col">前后内容</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (r) =>
                  html`<tr>
                    <td>${beijingDateTime(r.at)}</td>
                    <td>${r.actorName ?? r.actor}</td>
                    <td>${describeAction(r.action)}</td>
                    <td>${describeEntity(r.entityType, r.entityId)}</td>
                    <td>
                      ${
                        r.beforeJson || r.afterJson
                          ? html`<details>
                              <summary>查看</summary>
                              ${
                                r.beforeJson
                                  ? html`<p>修改前：</p>
                                      <div class="pre">${r.beforeJson}</div>`
                                  : ''
                              }
                              ${
                                r.afterJson
                                  ? html`<p>修改后：</p>
                                      <div class="pre">${r.afterJson}</div>`
                                  : ''
                              }
                            </details>`
                          : '—'
                      }
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`,
        )}
        ${pager(query.page, rows.length === PAGE_SIZE, pageHref)}`,
    );
  });
