import { html } from 'hono/html';
import { can, type StaffUser } from '../auth/schema.ts';
import { csrfInput, type Html, pager, scrollTable } from '../layout.ts';
import type {
  Choice,
  InboxRow,
  OpinionDetail,
  OpinionEvent,
  ReplyDraft,
  StoredContact,
  WaitingReply,
} from './queries.ts';
import {
  openStatuses,
  opinionLayerLabels,
  opinionLayers,
  type OpinionStatus,
  opinionStatuses,
  opinionTargetTypes,
  staffOpinionEventLabels,
  staffOpinionStatusLabels,
  staffOpinionTargetLabels,
} from '#domain/opinions.ts';
import { type InboxQuery, maskContact, maskName } from './schema.ts';
import { beijingDateTime } from '../../lib/time.ts';

function selected(condition: boolean): Html {
  return condition ? html`selected` : html``;
}

function inboxHref(query: InboxQuery, page: number): string {
  const params = new URLSearchParams();
  params.set('status', query.status);
  if (query.target) params.set('target', query.target);
  if (query.category) params.set('category', query.category);
  if (query.overdue) params.set('overdue', '1');
  params.set('page', String(page));
  return `/staff/opinions?${params.toString()}`;
}

export function inboxView(input: {
  staff: StaffUser;
  query: InboxQuery;
  rows: InboxRow[];
  total: number;
  pageSize: number;
  categories: Choice[];
}): Html {
  const { query, rows, total, pageSize, categories, staff } = input;
  const reviewer = can(staff, 'opinions.review');
  const statusChoices = opinionStatuses.filter((s) => reviewer || s !== 'held');
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const heading = query.status === 'held' ? '待审核的意见' : '意见收件箱';
  return html`<h1>${heading}</h1>
    <p><a href="/staff/opinions/replies-waiting">待审核的答复（谁在等谁）</a></p>
    ${staff.stationName ? html`<p class="hint">只显示${staff.stationName}的意见。</p>` : ''}
    <form method="get" action="/staff/opinions" class="filters" aria-label="筛选">
      <label
        >状态
        <select name="status">
          <option value="open" ${selected(query.status === 'open')}>待办（未答复）</option>
          <option value="all" ${selected(query.status === 'all')}>全部</option>
          ${statusChoices.map(
            (s) =>
              html`<option value="${s}" ${selected(query.status === s)}>
                ${staffOpinionStatusLabels[s]}
              </option>`,
          )}
        </select>
      </label>
      <label
        >对象
        <select name="target">
          <option value="">全部</option>
          ${opinionTargetTypes.map(
            (t) =>
              html`<option value="${t}" ${selected(query.target === t)}>
                ${staffOpinionTargetLabels[t]}
              </option>`,
          )}
        </select>
      </label>
      <label
        >分类
        <select name="category">
          <option value="">全部</option>
          ${categories.map(
            (c) => html`<option value="${c.id}" ${selected(query.category === c.id)}>${c.name}</option>`,
          )}
        </select>
      </label>
      <label class="check"
        ><input type="checkbox" name="overdue" value="1" ${query.overdue ? html`checked` : ''} />
        只看已超期</label
      >
      <button type="submit">筛选</button>
    </form>
    <p>共 ${total} 条${total > pageSize ? html`，第 ${query.page} / ${lastPage} 页` : ''}。</p>
    ${
      rows.length === 0
        ? html`<p>没有符合条件的意见。</p>`
        : scrollTable(
            '意见列表',
            html`<table>
              <thead>
                <tr>
                  <th scope="col" class="nowrap">编号</th>
                  <th scope="col">标题</th>
                  <th scope="col">对象</th>
                  <th scope="col">分类</th>
                  <th scope="col" class="nowrap">状态</th>
                  <th scope="col" class="nowrap">收到时间</th>
                  <th scope="col" class="nowrap">办理期限</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (row) =>
                    html`<tr>
                      <td class="nowrap">${row.id}</td>
                      <td><a href="/staff/opinions/${row.id}">${row.title}</a></td>
                      <td>
                        ${staffOpinionTargetLabels[row.targetType]}${row.targetName ? html`：${row.targetName}` : ''}
                      </td>
                      <td>${row.categoryName ?? '未分类'}</td>
                      <td class="nowrap">
                        ${staffOpinionStatusLabels[row.status]}${
                          row.reopenCount > 0
                            ? html` <strong class="overdue"
                                >已重新打开${row.reopenCount > 1 ? `（${row.reopenCount} 次）` : ''}</strong
                              >`
                            : ''
                        }
                      </td>
                      <td class="nowrap">${beijingDateTime(row.receivedAt)}</td>
                      <td class="nowrap">
                        ${row.dueOn ?? '—'}${row.overdue ? html` <strong class="overdue">已超期</strong>` : ''}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`,
          )
    }
    ${pager(query.page, query.page < lastPage, (page) => inboxHref(query, page))}`;
}

function contactView(
  opinion: OpinionDetail,
  contact: StoredContact | null,
  revealed: boolean,
  token: string,
  mayReveal: boolean,
): Html {
  if (!contact) return html`<p>群众没有留下联系方式。</p>`;
  if (contact.erased || contact.contact === null) {
    return html`<p>联系方式已按保存期限删除。</p>`;
  }
  const kind = contact.contactKind ?? 'phone';
  return html`<dl class="facts">
      <dt>称呼</dt>
      <dd>${contact.name ? (revealed ? contact.name : maskName(contact.name)) : '未填写'}</dd>
      <dt>${kind === 'phone' ? '电话' : '电子邮箱'}</dt>
      <dd>${revealed ? contact.contact : maskContact(contact.contact, kind)}</dd>
    </dl>
    ${
      revealed
        ? html`<p class="hint">本次查看已记入审计日志。请勿复制、转发或外传群众的联系方式。</p>`
        : mayReveal
          ? html`<form method="post" action="/staff/opinions/${opinion.id}/contact" class="inline">
              ${csrfInput(token)}
              <button type="submit" class="secondary">查看完整联系方式（将记入审计日志）</button>
            </form>`
          : ''
    }`;
}

function timelineView(events: OpinionEvent[]): Html {
  return html`<ol class="timeline">
    ${events.map(
      (event) =>
        html`<li>
          <strong>${staffOpinionEventLabels[event.kind]}</strong>
          <span class="hint"
            >${beijingDateTime(event.at)}${event.actorName ? html` · ${event.actorName}` : ''}</span
          >
          <span class="tag">${event.isPublic ? '群众可见' : '仅内部'}</span>
          ${event.publicText ? html`<div class="pre">${event.publicText}</div>` : ''}
          ${event.staffNote ? html`<div class="pre hint">内部说明：${event.staffNote}</div>` : ''}
        </li>`,
    )}
  </ol>`;
}

export function opinionView(input: {
  staff: StaffUser;
  token: string;
  opinion: OpinionDetail;
  events: OpinionEvent[];
  draft: ReplyDraft | null;
  contact: StoredContact | null;
  contactRevealed: boolean;
  categories: Choice[];
  targets: { deputies: Choice[]; stations: Choice[]; units: Choice[] };
  today: string;
  /** REPLY_REVIEW: a reply is submitted for review and published by a different reviewer. */
  reviewRequired: boolean;
}): Html {
  const { opinion, token, staff, draft, categories, targets } = input;
  const open = (openStatuses as readonly OpinionStatus[]).includes(opinion.status);
  const replyable = open || opinion.status === 'replied';
  const overdue = open && opinion.dueOn !== null && opinion.dueOn < input.today;
  const target =
    opinion.targetType === 'deputy'
      ? `${opinion.deputyName ?? opinion.deputyId ?? ''}代表`
      : opinion.targetType === 'station'
        ? (opinion.stationName ?? opinion.stationId ?? '')
        : '按主题提交';
  const id = opinion.id;
  return html`<p><a href="/staff/opinions">返回收件箱</a></p>
    <h1>${opinion.title}</h1>
    <dl class="facts">
      <dt>编号</dt>
      <dd>${id}</dd>
      <dt>状态</dt>
      <dd>${staffOpinionStatusLabels[opinion.status]}</dd>
      <dt>对象</dt>
      <dd>${target}</dd>
      <dt>分类</dt>
      <dd>${opinion.categoryName ?? '未分类'}</dd>
      <dt>办理层级</dt>
      <dd>${opinion.layer ? opinionLayerLabels[opinion.layer] : '未确定'}</dd>
      ${
        opinion.forwardedUnitName
          ? html`<dt>承办单位</dt>
              <dd>${opinion.forwardedUnitName}</dd>`
          : ''
      }
      <dt>收到时间</dt>
      <dd>${beijingDateTime(opinion.receivedAt)}</dd>
      <dt>办理期限</dt>
      <dd>${opinion.dueOn ?? '未设定'}${overdue ? html` <strong class="overdue">已超期</strong>` : ''}</dd>
      <dt>公开意愿</dt>
      <dd>
        ${opinion.allowPublication ? '同意在网站公开答复（不含姓名和联系方式）' : '不同意公开，答复仅本人凭查询码可见'}
      </dd>
    </dl>

    <h2>意见内容</h2>
    <div class="pre">${opinion.content}</div>

    ${
      opinion.feedbackResolved
        ? html`<h2>群众反馈</h2>
            <p>
              问题是否解决：${{ yes: '已解决', partly: '部分解决', no: '未解决' }[opinion.feedbackResolved] ?? opinion.feedbackResolved}
            </p>
            ${opinion.feedbackComment ? html`<div class="pre">${opinion.feedbackComment}</div>` : ''}`
        : ''
    }

    <h2>联系方式</h2>
    ${contactView(opinion, input.contact, input.contactRevealed, token, can(staff, 'contacts.reveal'))}

    <h2>答复</h2>
    ${
      opinion.publicReply
        ? html`<p class="hint">
              已发布的答复（${beijingDateTime(opinion.publicReplyAt)}，${opinion.replyIsPublic ? '已在网站公开' : '仅群众本人可见'}）：
            </p>
            <div class="pre">${opinion.publicReply}</div>`
        : html`<p>尚未答复。</p>`
    }
    ${
      replyable
        ? html`<form method="post" action="/staff/opinions/${id}/reply-draft" class="stack">
              ${csrfInput(token)}
              <label
                >答复草稿（保存后不会发给群众）
                <textarea name="body" maxlength="5000" required>${draft?.body ?? ''}</textarea>
              </label>
              ${
                draft
                  ? html`<p class="hint">
                      草稿第 ${draft.revision} 版，${draft.updatedByName ?? ''} 保存于
                      ${beijingDateTime(draft.updatedAt)}。
                    </p>`
                  : ''
              }
              <button type="submit" class="secondary">保存草稿</button>
            </form>
            ${draft && input.reviewRequired ? reviewBox(input.staff, token, id, draft) : ''}
            ${
              draft && !(input.reviewRequired && draft.submittedBy)
                ? html`<form method="post" action="/staff/opinions/${id}/reply" class="stack">
                    ${csrfInput(token)}
                    <input type="hidden" name="revision" value="${draft.revision}" />
                    ${
                      opinion.allowPublication
                        ? html`<label class="check"
                            ><input type="checkbox" name="showPublicly" value="1" checked />
                            同时在网站公开此答复（群众已同意，不显示姓名和联系方式）</label
                          >`
                        : html`<p class="hint">群众未同意公开：答复只对其本人可见（凭查询码查看）。</p>`
                    }
                    <button type="submit">
                      ${input.reviewRequired ? '提交审核（审核通过后群众才能看到）' : '发布答复（群众可凭查询码查看）'}
                    </button>
                  </form>`
                : ''
            }`
        : ''
    }

    <h2>办理</h2>
    <div class="actions">
      ${
        opinion.status === 'held'
          ? html`<form method="post" action="/staff/opinions/${id}/release" class="stack">
              ${csrfInput(token)}
              <p>此意见被自动拦截，等待人工审核。</p>
              <button type="submit">通过审核，进入收件箱</button>
            </form>`
          : ''
      }
      ${
        open
          ? html`<form method="post" action="/staff/opinions/${id}/triage" class="stack">
                ${csrfInput(token)}
                <fieldset>
                  <legend>分层分类</legend>
                  <label
                    >分类
                    <select name="categoryId" required>
                      ${categories.map(
                        (c) =>
                          html`<option value="${c.id}" ${selected(c.id === opinion.categoryId)}>
                            ${c.name}
                          </option>`,
                      )}
                    </select>
                  </label>
                  <label
                    >办理层级
                    <select name="layer" required>
                      ${opinionLayers.map(
                        (l) =>
                          html`<option value="${l}" ${selected(l === opinion.layer)}>
                            ${opinionLayerLabels[l]}
                          </option>`,
                      )}
                    </select>
                  </label>
                  <label>办理期限 <input type="date" name="dueOn" value="${opinion.dueOn ?? ''}" /></label>
                  <button type="submit">保存分类</button>
                </fieldset>
              </form>
              <form method="post" action="/staff/opinions/${id}/forward" class="stack">
                ${csrfInput(token)}
                <fieldset>
                  <legend>转交</legend>
                  <label
                    >转交给
                    <select name="targetKind" required>
                      <option value="unit">承办单位</option>
                      <option value="deputy">代表</option>
                      <option value="station">联络站</option>
                    </select>
                  </label>
                  <label
                    >对象编号（可从列表中选择）
                    <input name="targetId" list="forward-targets" required autocomplete="off" />
                  </label>
                  <datalist id="forward-targets">
                    ${targets.units.map((u) => html`<option value="${u.id}">承办单位：${u.name}</option>`)}
                    ${targets.stations.map((s) => html`<option value="${s.id}">联络站：${s.name}</option>`)}
                    ${targets.deputies.map((d) => html`<option value="${d.id}">代表：${d.name}</option>`)}
                  </datalist>
                  <label>内部说明（群众不可见） <textarea name="note" maxlength="500"></textarea></label>
                  <button type="submit">转交</button>
                </fieldset>
              </form>`
          : ''
      }
      ${
        replyable
          ? html`<form method="post" action="/staff/opinions/${id}/close" class="stack">
              ${csrfInput(token)}
              <fieldset>
                <legend>办结</legend>
                <label
                  >办结说明（群众可见） <textarea name="reason" maxlength="500" required></textarea>
                </label>
                <button type="submit">办结</button>
              </fieldset>
            </form>`
          : ''
      }
      ${
        open || opinion.status === 'held'
          ? html`<form method="post" action="/staff/opinions/${id}/reject" class="stack">
              ${csrfInput(token)}
              <fieldset>
                <legend>不予受理</legend>
                <label>理由（群众可见） <textarea name="reason" maxlength="500" required></textarea></label>
                <button type="submit" class="danger">不予受理</button>
              </fieldset>
            </form>`
          : ''
      }
      <form method="post" action="/staff/opinions/${id}/notes" class="stack">
        ${csrfInput(token)}
        <fieldset>
          <legend>内部备注</legend>
          <label>备注（仅工作人员可见） <textarea name="note" maxlength="1000" required></textarea></label>
          <button type="submit" class="secondary">添加备注</button>
        </fieldset>
      </form>
    </div>

    <h2>办理记录</h2>
    ${timelineView(input.events)}`;
}

/** The review state of a draft: who submitted it, who may approve it, and the reviewer's buttons. */
function reviewBox(staff: StaffUser, token: string, id: number, draft: ReplyDraft): Html {
  if (!draft.submittedBy) {
    return html`<p class="hint">本平台的答复需经另一位有审核权限的工作人员审核后，群众才能看到。</p>`;
  }
  const mayApprove = can(staff, 'opinions.review') && draft.submittedBy !== staff.id;
  return html`<div class="notice" role="status">
    <p>
      答复第 ${draft.revision} 版由 ${draft.submittedByName ?? draft.submittedBy} 于
      ${beijingDateTime(draft.submittedAt)}
      提交，<b>等待审核</b>：审核人须是提交人以外、有审核权限的工作人员。
      ${draft.submittedShowPublicly ? '通过后同时在网站公开（群众已同意）。' : ''}
    </p>
    ${
      mayApprove
        ? html`<form method="post" action="/staff/opinions/${id}/reply/approve" class="stack">
              ${csrfInput(token)}
              <input type="hidden" name="revision" value="${draft.revision}" />
              <button type="submit">审核通过并发布</button>
            </form>
            <form method="post" action="/staff/opinions/${id}/reply/return" class="stack">
              ${csrfInput(token)}
              <label>退回理由 <input name="reason" required maxlength="500" /></label>
              <button type="submit" class="secondary">退回修改</button>
            </form>`
        : html`<p class="hint">
            ${draft.submittedBy === staff.id ? '这是您提交的答复，需由其他审核人审核。' : '您没有审核权限。'}
          </p>`
    }
  </div>`;
}

/** What waits for whom: every submitted reply, who submitted it and since when. */
export function waitingRepliesView(input: {
  staff: StaffUser;
  waiting: WaitingReply[];
  reviewRequired: boolean;
}): Html {
  const { staff, waiting } = input;
  const reviewer = can(staff, 'opinions.review');
  const forMe = waiting.filter((w) => reviewer && w.submittedBy !== staff.id);
  const mine = waiting.filter((w) => w.submittedBy === staff.id);
  const row = (w: WaitingReply, waitsFor: string) =>
    html`<tr>
      <td><a href="/staff/opinions/${w.opinionId}">${w.title}</a></td>
      <td>第 ${w.revision} 版</td>
      <td>${w.submittedByName}</td>
      <td class="nowrap">${beijingDateTime(w.submittedAt)}</td>
      <td>${waitsFor}</td>
    </tr>`;
  const table = (rows: Html[]) =>
    html`<table>
      <thead>
        <tr>
          <th scope="col">意见</th>
          <th scope="col">答复</th>
          <th scope="col">提交人</th>
          <th scope="col">提交时间</th>
          <th scope="col">等待</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`;
  return html`<h1>待审核的答复</h1>
    ${
      input.reviewRequired
        ? html`<p>答复须经提交人以外、有审核权限的工作人员审核通过后，群众才能看到。</p>`
        : html`<p class="hint">本环境未开启答复审核（REPLY_REVIEW），答复直接发布。</p>`
    }
    <h2>等待您审核（${forMe.length}）</h2>
    ${forMe.length > 0 ? table(forMe.map((w) => row(w, '您'))) : html`<p>没有等待您审核的答复。</p>`}
    <h2>您提交、等待他人审核（${mine.length}）</h2>
    ${mine.length > 0 ? table(mine.map((w) => row(w, '其他审核人'))) : html`<p>没有。</p>`}
    <h2>全部等待审核（${waiting.length}）</h2>
    ${
      waiting.length > 0
        ? table(waiting.map((w) => row(w, `提交人（${w.submittedByName}）以外的审核人`)))
        : html`<p>没有等待审核的答复。</p>`
    }`;
}
