import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { HtmlEscapedString } from 'hono/utils/html';
import { type Capability, can, type StaffUser, staffRoleLabels } from './auth/schema.ts';
import { CSRF_FIELD } from './security.ts';

/**
 * What a view returns: hono/jsx escapes every value unless it is itself markup, so
 * user text can never become markup.
 */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

type NavKey =
  'home' | 'opinions' | 'review' | 'rounds' | 'records' | 'imports' | 'publish' | 'accounts' | 'audit';

const navItems: Array<{
  key: NavKey;
  href: string;
  label: string;
  capability: Capability | null;
  /** Left out for those who have this capability (they get the fuller entry). */
  unless?: Capability;
}> = [
  { key: 'home', href: '/staff', label: '工作台', capability: null },
  { key: 'opinions', href: '/staff/opinions', label: '意见收件箱', capability: 'opinions.handle' },
  { key: 'review', href: '/staff/opinions?status=held', label: '待审核', capability: 'opinions.review' },
  { key: 'rounds', href: '/staff/rounds', label: '民生实事票决', capability: 'rounds.manage' },
  { key: 'records', href: '/staff/records', label: '记录维护', capability: 'records.edit' },
  {
    key: 'records',
    href: '/staff/records/reception_day',
    label: '本站接待日',
    capability: 'reception_days.edit',
    unless: 'records.edit',
  },
  { key: 'imports', href: '/staff/imports', label: '导入导出', capability: 'records.import' },
  { key: 'publish', href: '/staff/publish', label: '发布', capability: 'publish' },
  { key: 'accounts', href: '/staff/accounts', label: '工作人员', capability: 'staff.manage' },
  { key: 'audit', href: '/staff/audit', label: '审计日志', capability: 'audit.read' },
];

/**
 * Messages shown after a redirect. Only these fixed keys travel in the URL (?notice=…), so no
 * user-supplied text is ever reflected from a query string.
 */
export const notices = {
  signed_in: '已登录。',
  triaged: '已保存分类。',
  forwarded: '已转交。',
  draft_saved: '答复草稿已保存。',
  reply_published: '答复已发布，群众可凭查询码查看。',
  reply_submitted: '答复已提交审核。审核通过后群众才能看到。',
  reply_returned: '答复已退回修改。',
  closed: '已办结。',
  rejected: '已作不予受理处理。',
  released: '已通过审核，进入收件箱。',
  note_added: '已添加内部备注。',
  round_drafted:
    '新轮次已保存为草稿：须由另一位工作人员在“发布”页确认，并在下次发布后才会在网站上公开；发布前不能设置它的阶段、候选项目和投票码。',
  phase_saved: '阶段时间已保存。',
  voting_closed: '网上投票已立即结束，并已记入公开的修改记录。',
  candidate_saved: '候选项目已保存。',
  counts_saved: '计票结果已提交，须由另一位工作人员确认，并在下次发布后才会公开。',
  vote_saved: '代表票决结果已提交，须由另一位工作人员确认，并在下次发布后才会公开。',
  milestone_saved: '进度已提交，须由另一位工作人员确认，并在下次发布后才会公开。',
  evaluation_saved: '评估结果已提交，须由另一位工作人员确认，并在下次发布后才会公开。',
  imported: '导入完成。',
  published: '已提交发布，网站正在重建。',
  published_rebuild_failed:
    '已发布：记录修改已经生效，记录页已更新；但网站重建没能启动，目录、列表、统计和开放数据暂未更新。原因和处理办法见下方。',
  published_imports_held: '已提交发布，网站正在重建。有导入未能应用，原因见“待发布的导入”。',
  published_changes_held:
    '已提交发布，网站正在重建。有记录修改未能发布（已被他人修改，或与同次发布的修改冲突），原因见“待发布的记录修改”。',
  published_some_held:
    '已提交发布，网站正在重建。有记录修改和导入未能应用，原因见“待发布的记录修改”和“待发布的导入”。',
  import_confirmed: '已确认这次导入，下次发布时按最新数据重新检查后写入。',
  import_withdrawn: '已撤回这次导入，提交的文件已删除。',
  change_drafted: '修改已保存为草稿，发布后在网站上生效。',
  change_needs_confirmation: '修改已保存为草稿，需由另一位工作人员在“发布”页确认后才能发布。',
  change_confirmed: '已确认这项修改，下次发布时生效。',
  change_withdrawn: '已撤回这项修改。',
  staff_saved: '工作人员账号已保存。',
  staff_disabled: '已停用该账号，其登录已全部失效。',
  staff_enabled: '已重新启用该账号。',
} as const;
export type NoticeKey = keyof typeof notices;

export function noticeFrom(value: string | undefined): string | null {
  return value !== undefined && Object.hasOwn(notices, value) ? notices[value as NoticeKey] : null;
}

export function csrfInput(token: string): Html {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

export interface PageOptions {
  title: string;
  staff: StaffUser | null;
  csrfToken: string;
  current?: NavKey;
  notice?: string | null;
  /** Offer the development sign-out form (sessions exist only there). */
  devSession?: boolean;
}

function SignedInAs({ staff, options }: { staff: StaffUser; options: PageOptions }): Html {
  return (
    <>
      <p class="who">
        <span>{staff.displayName}</span>
        <span class="role">
          {staffRoleLabels[staff.role]}
          {staff.stationName ? `（${staff.stationName}）` : ''}
        </span>
      </p>
      {options.devSession ? (
        <form method="post" action="/staff/sign-out" class="inline">
          {csrfInput(options.csrfToken)}
          <button type="submit" class="link">
            退出
          </button>
        </form>
      ) : (
        <a href="/cdn-cgi/access/logout">退出</a>
      )}
    </>
  );
}

export function page(options: PageOptions, body: Child): Html {
  const { staff } = options;
  const nav = staff
    ? navItems.filter(
        (item) =>
          (item.capability === null || can(staff, item.capability)) &&
          !(item.unless && can(staff, item.unless)),
      )
    : [];
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          <title>{options.title} · 工作人员后台</title>
          <link rel="stylesheet" href="/staff/assets/console.css" />
        </head>
        <body>
          <a class="skip" href="#main">
            跳到正文
          </a>
          <header class="top">
            <p class="brand">
              <a href="/staff">工作人员后台</a>
            </p>
            {staff ? <SignedInAs staff={staff} options={options} /> : ''}
          </header>
          {nav.length > 0 ? (
            <nav aria-label="后台导航" class="nav">
              <ul>
                {nav.map((item) => (
                  <li>
                    <a href={item.href} aria-current={item.key === options.current ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : (
            ''
          )}
          <main id="main" tabindex={-1}>
            {options.notice ? (
              <p class="notice" role="status">
                {options.notice}
              </p>
            ) : (
              ''
            )}
            {body}
          </main>
        </body>
      </html>
    </>
  );
}

/** Field errors from the error envelope, listed for the page. */
export function errorList(
  fields: Record<string, string> | undefined,
  labels: Record<string, string> = {},
): Html {
  if (!fields || Object.keys(fields).length === 0) return <></>;
  return (
    <ul class="errors">
      {Object.entries(fields).map(([key, message]) => (
        <li>
          {labels[key] ?? key}：{message}
        </li>
      ))}
    </ul>
  );
}

/** A wide table that scrolls by itself on a phone, reachable by keyboard. */
export function ScrollTable({ label, children }: { label: string; children: Child }): Html {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabindex={0}>
      {children}
    </div>
  );
}

/**
 * Previous and next links of a paged console list, with the page number: the console's one pager.
 * `hrefFor` keeps the list's filters in each link.
 */
export function Pager({
  page,
  hasNext,
  hrefFor,
}: {
  page: number;
  hasNext: boolean;
  hrefFor: (page: number) => string;
}): Html {
  if (page <= 1 && !hasNext) return <></>;
  return (
    <nav class="pager" aria-label="翻页">
      {page > 1 ? (
        <a href={hrefFor(page - 1)} rel="prev">
          上一页
        </a>
      ) : (
        ''
      )}
      <span>第 {page} 页</span>
      {hasNext ? (
        <a href={hrefFor(page + 1)} rel="next">
          下一页
        </a>
      ) : (
        ''
      )}
    </nav>
  );
}

/** The pager's links for a list at `base` with its filters in `query`. */
export function pageHref(base: string, query: Record<string, string> = {}): (page: number) => string {
  return (p) => `${base}?${new URLSearchParams({ ...query, page: String(p) }).toString()}`;
}
