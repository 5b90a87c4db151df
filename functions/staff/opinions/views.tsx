import { can, type StaffUser } from '../auth/schema.ts';
import { csrfInput, type Html, Pager, ScrollTable } from '../layout.tsx';
import { ChoiceSelect, type Column, DataTable, Fact, Facts, TextStepForm } from '../ui/components.tsx';
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

// ---------------------------------------------------------------------------------------------
// The inbox

function inboxHref(query: InboxQuery, page: number): string {
  const params = new URLSearchParams();
  params.set('status', query.status);
  if (query.target) params.set('target', query.target);
  if (query.category) params.set('category', query.category);
  if (query.overdue) params.set('overdue', '1');
  params.set('page', String(page));
  return `/staff/opinions?${params.toString()}`;
}

function InboxFilters({
  query,
  categories,
  reviewer,
}: {
  query: InboxQuery;
  categories: Choice[];
  reviewer: boolean;
}): Html {
  const statusChoices = opinionStatuses
    .filter((s) => reviewer || s !== 'held')
    .map((s) => ({ value: s, label: staffOpinionStatusLabels[s] }));
  const targetChoices = opinionTargetTypes.map((t) => ({ value: t, label: staffOpinionTargetLabels[t] }));
  const categoryChoices = categories.map((c) => ({ value: c.id, label: c.name }));
  return (
    <form method="get" action="/staff/opinions" class="filters" aria-label="筛选">
      <ChoiceSelect
        label="状态"
        name="status"
        choices={[
          { value: 'open', label: '待办（未答复）' },
          { value: 'all', label: '全部' },
          ...statusChoices,
        ]}
        current={query.status}
      />
      <ChoiceSelect label="对象" name="target" blank="全部" choices={targetChoices} current={query.target} />
      <ChoiceSelect
        label="分类"
        name="category"
        blank="全部"
        choices={categoryChoices}
        current={query.category}
      />
      <label class="check">
        <input type="checkbox" name="overdue" value="1" checked={query.overdue} /> 只看已超期
      </label>
      <button type="submit">筛选</button>
    </form>
  );
}

const inboxColumns: readonly Column[] = [
  { label: '编号', nowrap: true },
  { label: '标题' },
  { label: '对象' },
  { label: '分类' },
  { label: '状态', nowrap: true },
  { label: '收到时间', nowrap: true },
  { label: '办理期限', nowrap: true },
];

function InboxRowView({ row }: { row: InboxRow }): Html {
  return (
    <tr>
      <td class="nowrap">{row.id}</td>
      <td class="wide">
        <a href={`/staff/opinions/${String(row.id)}`}>{row.title}</a>
      </td>
      <td>
        {staffOpinionTargetLabels[row.targetType]}
        {row.targetName ? `：${row.targetName}` : ''}
      </td>
      <td>{row.categoryName ?? '未分类'}</td>
      <td class="nowrap">
        {staffOpinionStatusLabels[row.status]}
        {row.reopenCount > 0 ? (
          <>
            {' '}
            <strong class="overdue">
              已重新打开{row.reopenCount > 1 ? `（${String(row.reopenCount)} 次）` : ''}
            </strong>
          </>
        ) : (
          ''
        )}
      </td>
      <td class="nowrap">{beijingDateTime(row.receivedAt)}</td>
      <td class="nowrap">
        {row.dueOn ?? '—'}
        {row.overdue ? (
          <>
            {' '}
            <strong class="overdue">已超期</strong>
          </>
        ) : (
          ''
        )}
      </td>
    </tr>
  );
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
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const heading = query.status === 'held' ? '待审核的意见' : '意见收件箱';
  return (
    <>
      <h1>{heading}</h1>
      <p>
        <a href="/staff/opinions/replies-waiting">待审核的答复（谁在等谁）</a>
      </p>
      {staff.stationName ? <p class="hint">只显示{staff.stationName}的意见。</p> : ''}
      <InboxFilters query={query} categories={categories} reviewer={can(staff, 'opinions.review')} />
      <p>
        共 {total} 条{total > pageSize ? `，第 ${String(query.page)} / ${String(lastPage)} 页` : ''}。
      </p>
      {rows.length === 0 ? (
        <p>没有符合条件的意见。</p>
      ) : (
        <ScrollTable label="意见列表">
          <DataTable columns={inboxColumns}>
            {rows.map((row) => (
              <InboxRowView row={row} />
            ))}
          </DataTable>
        </ScrollTable>
      )}
      <Pager page={query.page} hasNext={query.page < lastPage} hrefFor={(page) => inboxHref(query, page)} />
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// One opinion

function OpinionFacts({ opinion, overdue }: { opinion: OpinionDetail; overdue: boolean }): Html {
  const target =
    opinion.targetType === 'deputy'
      ? `${opinion.deputyName ?? opinion.deputyId ?? ''}代表`
      : opinion.targetType === 'station'
        ? (opinion.stationName ?? opinion.stationId ?? '')
        : '按主题提交';
  return (
    <Facts>
      <Fact term="编号">{opinion.id}</Fact>
      <Fact term="状态">{staffOpinionStatusLabels[opinion.status]}</Fact>
      <Fact term="对象">{target}</Fact>
      <Fact term="分类">{opinion.categoryName ?? '未分类'}</Fact>
      <Fact term="办理层级">{opinion.layer ? opinionLayerLabels[opinion.layer] : '未确定'}</Fact>
      {opinion.forwardedUnitName ? <Fact term="承办单位">{opinion.forwardedUnitName}</Fact> : ''}
      <Fact term="收到时间">{beijingDateTime(opinion.receivedAt)}</Fact>
      <Fact term="办理期限">
        {opinion.dueOn ?? '未设定'}
        {overdue ? (
          <>
            {' '}
            <strong class="overdue">已超期</strong>
          </>
        ) : (
          ''
        )}
      </Fact>
      <Fact term="公开意愿">
        {opinion.allowPublication
          ? '同意在网站公开答复（不含姓名和联系方式）'
          : '不同意公开，答复仅本人凭查询码可见'}
      </Fact>
    </Facts>
  );
}

const feedbackLabels: Record<string, string> = { yes: '已解决', partly: '部分解决', no: '未解决' };

function FeedbackSection({ opinion }: { opinion: OpinionDetail }): Html {
  if (!opinion.feedbackResolved) return <></>;
  return (
    <>
      <h2>群众反馈</h2>
      <p>问题是否解决：{feedbackLabels[opinion.feedbackResolved] ?? opinion.feedbackResolved}</p>
      {opinion.feedbackComment ? <div class="pre">{opinion.feedbackComment}</div> : ''}
    </>
  );
}

function ContactView(props: {
  opinion: OpinionDetail;
  contact: StoredContact | null;
  revealed: boolean;
  token: string;
  mayReveal: boolean;
}): Html {
  const { contact, revealed } = props;
  if (!contact) return <p>群众没有留下联系方式。</p>;
  if (contact.erased || contact.contact === null) {
    return <p>联系方式已按保存期限删除。</p>;
  }
  const kind = contact.contactKind ?? 'phone';
  return (
    <>
      <Facts>
        <Fact term="称呼">
          {contact.name ? (revealed ? contact.name : maskName(contact.name)) : '未填写'}
        </Fact>
        <Fact term={kind === 'phone' ? '电话' : '电子邮箱'}>
          {revealed ? contact.contact : maskContact(contact.contact, kind)}
        </Fact>
      </Facts>
      {revealed ? (
        <p class="hint">本次查看已记入审计日志。请勿复制、转发或外传群众的联系方式。</p>
      ) : props.mayReveal ? (
        <form method="post" action={`/staff/opinions/${String(props.opinion.id)}/contact`} class="inline">
          {csrfInput(props.token)}
          <button type="submit" class="secondary">
            查看完整联系方式（将记入审计日志）
          </button>
        </form>
      ) : (
        ''
      )}
    </>
  );
}

function PublishedReply({ opinion }: { opinion: OpinionDetail }): Html {
  return opinion.publicReply ? (
    <>
      <p class="hint">
        已发布的答复（{beijingDateTime(opinion.publicReplyAt)}，
        {opinion.replyIsPublic ? '已在网站公开' : '仅群众本人可见'}）：
      </p>
      <div class="pre">{opinion.publicReply}</div>
    </>
  ) : (
    <p>尚未答复。</p>
  );
}

function DraftForm({ token, id, draft }: { token: string; id: number; draft: ReplyDraft | null }): Html {
  return (
    <form method="post" action={`/staff/opinions/${String(id)}/reply-draft`} class="stack">
      {csrfInput(token)}
      <label>
        答复草稿（保存后不会发给群众）
        <textarea name="body" maxlength={5000} required>
          {draft?.body ?? ''}
        </textarea>
      </label>
      {draft ? (
        <p class="hint">
          草稿第 {draft.revision} 版，{draft.updatedByName ?? ''} 保存于 {beijingDateTime(draft.updatedAt)}。
        </p>
      ) : (
        ''
      )}
      <button type="submit" class="secondary">
        保存草稿
      </button>
    </form>
  );
}

function PublishForm({
  token,
  opinion,
  draft,
  reviewRequired,
}: {
  token: string;
  opinion: OpinionDetail;
  draft: ReplyDraft;
  reviewRequired: boolean;
}): Html {
  return (
    <form method="post" action={`/staff/opinions/${String(opinion.id)}/reply`} class="stack">
      {csrfInput(token)}
      <input type="hidden" name="revision" value={String(draft.revision)} />
      {opinion.allowPublication ? (
        <label class="check">
          <input type="checkbox" name="showPublicly" value="1" checked />{' '}
          同时在网站公开此答复（群众已同意，不显示姓名和联系方式）
        </label>
      ) : (
        <p class="hint">群众未同意公开：答复只对其本人可见（凭查询码查看）。</p>
      )}
      <button type="submit">
        {reviewRequired ? '提交审核（审核通过后群众才能看到）' : '发布答复（群众可凭查询码查看）'}
      </button>
    </form>
  );
}

/** The review state of a draft: who submitted it, who may approve it, and the reviewer's buttons. */
function ReviewBox({
  staff,
  token,
  id,
  draft,
}: {
  staff: StaffUser;
  token: string;
  id: number;
  draft: ReplyDraft;
}): Html {
  if (!draft.submittedBy) {
    return <p class="hint">本平台的答复需经另一位有审核权限的工作人员审核后，群众才能看到。</p>;
  }
  const mayApprove = can(staff, 'opinions.review') && draft.submittedBy !== staff.id;
  return (
    <div class="notice" role="status">
      <p>
        答复第 {draft.revision} 版由 {draft.submittedByName ?? draft.submittedBy} 于{' '}
        {beijingDateTime(draft.submittedAt)} 提交，<b>等待审核</b>
        ：审核人须是提交人以外、有审核权限的工作人员。
        {draft.submittedShowPublicly ? '通过后同时在网站公开（群众已同意）。' : ''}
      </p>
      {mayApprove ? (
        <>
          <form method="post" action={`/staff/opinions/${String(id)}/reply/approve`} class="stack">
            {csrfInput(token)}
            <input type="hidden" name="revision" value={String(draft.revision)} />
            <button type="submit">审核通过并发布</button>
          </form>
          <form method="post" action={`/staff/opinions/${String(id)}/reply/return`} class="stack">
            {csrfInput(token)}
            <label>
              退回理由 <input name="reason" required maxlength={500} />
            </label>
            <button type="submit" class="secondary">
              退回修改
            </button>
          </form>
        </>
      ) : (
        <p class="hint">
          {draft.submittedBy === staff.id ? '这是您提交的答复，需由其他审核人审核。' : '您没有审核权限。'}
        </p>
      )}
    </div>
  );
}

function ReplySection(input: {
  staff: StaffUser;
  token: string;
  opinion: OpinionDetail;
  draft: ReplyDraft | null;
  replyable: boolean;
  reviewRequired: boolean;
}): Html {
  const { staff, token, opinion, draft, reviewRequired } = input;
  if (!input.replyable) return <PublishedReply opinion={opinion} />;
  return (
    <>
      <PublishedReply opinion={opinion} />
      <DraftForm token={token} id={opinion.id} draft={draft} />
      {draft && reviewRequired ? <ReviewBox staff={staff} token={token} id={opinion.id} draft={draft} /> : ''}
      {draft && !(reviewRequired && draft.submittedBy) ? (
        <PublishForm token={token} opinion={opinion} draft={draft} reviewRequired={reviewRequired} />
      ) : (
        ''
      )}
    </>
  );
}

function ReleaseForm({ token, id }: { token: string; id: number }): Html {
  return (
    <form method="post" action={`/staff/opinions/${String(id)}/release`} class="stack">
      {csrfInput(token)}
      <p>此意见被自动拦截，等待人工审核。</p>
      <button type="submit">通过审核，进入收件箱</button>
    </form>
  );
}

function TriageForm({
  token,
  opinion,
  categories,
}: {
  token: string;
  opinion: OpinionDetail;
  categories: Choice[];
}): Html {
  return (
    <form method="post" action={`/staff/opinions/${String(opinion.id)}/triage`} class="stack">
      {csrfInput(token)}
      <fieldset>
        <legend>分层分类</legend>
        <ChoiceSelect
          label="分类"
          name="categoryId"
          required
          choices={categories.map((c) => ({ value: c.id, label: c.name }))}
          current={opinion.categoryId}
        />
        <ChoiceSelect
          label="办理层级"
          name="layer"
          required
          choices={opinionLayers.map((l) => ({ value: l, label: opinionLayerLabels[l] }))}
          current={opinion.layer}
        />
        <label>
          办理期限 <input type="date" name="dueOn" value={opinion.dueOn ?? ''} />
        </label>
        <button type="submit">保存分类</button>
      </fieldset>
    </form>
  );
}

interface ForwardTargets {
  deputies: Choice[];
  stations: Choice[];
  units: Choice[];
}

function ForwardForm({ token, id, targets }: { token: string; id: number; targets: ForwardTargets }): Html {
  return (
    <form method="post" action={`/staff/opinions/${String(id)}/forward`} class="stack">
      {csrfInput(token)}
      <fieldset>
        <legend>转交</legend>
        <label>
          转交给
          <select name="targetKind" required>
            <option value="unit">承办单位</option>
            <option value="deputy">代表</option>
            <option value="station">联络站</option>
          </select>
        </label>
        <label>
          对象编号（可从列表中选择）
          <input name="targetId" list="forward-targets" required autocomplete="off" />
        </label>
        <datalist id="forward-targets">
          {targets.units.map((u) => (
            <option value={u.id}>承办单位：{u.name}</option>
          ))}
          {targets.stations.map((s) => (
            <option value={s.id}>联络站：{s.name}</option>
          ))}
          {targets.deputies.map((d) => (
            <option value={d.id}>代表：{d.name}</option>
          ))}
        </datalist>
        <label>
          内部说明（群众不可见） <textarea name="note" maxlength={500}></textarea>
        </label>
        <button type="submit">转交</button>
      </fieldset>
    </form>
  );
}

/** The handling steps the opinion's state allows. */
function HandlingSection(input: {
  token: string;
  opinion: OpinionDetail;
  open: boolean;
  replyable: boolean;
  categories: Choice[];
  targets: ForwardTargets;
}): Html {
  const { token, opinion, open } = input;
  const id = opinion.id;
  const path = `/staff/opinions/${String(id)}`;
  return (
    <div class="actions">
      {opinion.status === 'held' ? <ReleaseForm token={token} id={id} /> : ''}
      {open ? (
        <>
          <TriageForm token={token} opinion={opinion} categories={input.categories} />
          <ForwardForm token={token} id={id} targets={input.targets} />
        </>
      ) : (
        ''
      )}
      {input.replyable ? (
        <TextStepForm
          action={`${path}/close`}
          token={token}
          legend="办结"
          label="办结说明（群众可见）"
          name="reason"
          maxlength={500}
          button="办结"
        />
      ) : (
        ''
      )}
      {open || opinion.status === 'held' ? (
        <TextStepForm
          action={`${path}/reject`}
          token={token}
          legend="不予受理"
          label="理由（群众可见）"
          name="reason"
          maxlength={500}
          button="不予受理"
          buttonClass="danger"
        />
      ) : (
        ''
      )}
      <TextStepForm
        action={`${path}/notes`}
        token={token}
        legend="内部备注"
        label="备注（仅工作人员可见）"
        name="note"
        maxlength={1000}
        button="添加备注"
        buttonClass="secondary"
      />
    </div>
  );
}

/** The opinion's timeline: one row per event, whether the citizen sees it, and by whom. */
function Timeline({ events }: { events: OpinionEvent[] }): Html {
  return (
    <ol class="timeline">
      {events.map((event) => (
        <li>
          <strong>{staffOpinionEventLabels[event.kind]}</strong>
          <span class="hint">
            {beijingDateTime(event.at)}
            {event.actorName ? ` · ${event.actorName}` : ''}
          </span>
          <span class="tag">{event.isPublic ? '群众可见' : '仅内部'}</span>
          {event.publicText ? <div class="pre">{event.publicText}</div> : ''}
          {event.staffNote ? <div class="pre hint">内部说明：{event.staffNote}</div> : ''}
        </li>
      ))}
    </ol>
  );
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
  targets: ForwardTargets;
  today: string;
  /** REPLY_REVIEW: a reply is submitted for review and published by a different reviewer. */
  reviewRequired: boolean;
}): Html {
  const { opinion, token, staff } = input;
  const open = (openStatuses as readonly OpinionStatus[]).includes(opinion.status);
  const replyable = open || opinion.status === 'replied';
  const overdue = open && opinion.dueOn !== null && opinion.dueOn < input.today;
  return (
    <>
      <p>
        <a href="/staff/opinions">返回收件箱</a>
      </p>
      <h1>{opinion.title}</h1>
      <OpinionFacts opinion={opinion} overdue={overdue} />
      <h2>意见内容</h2>
      <div class="pre">{opinion.content}</div>
      <FeedbackSection opinion={opinion} />
      <h2>联系方式</h2>
      <ContactView
        opinion={opinion}
        contact={input.contact}
        revealed={input.contactRevealed}
        token={token}
        mayReveal={can(staff, 'contacts.reveal')}
      />
      <h2>答复</h2>
      <ReplySection
        staff={staff}
        token={token}
        opinion={opinion}
        draft={input.draft}
        replyable={replyable}
        reviewRequired={input.reviewRequired}
      />
      <h2>办理</h2>
      <HandlingSection
        token={token}
        opinion={opinion}
        open={open}
        replyable={replyable}
        categories={input.categories}
        targets={input.targets}
      />
      <h2>办理记录</h2>
      <Timeline events={input.events} />
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Replies waiting for review

const waitingColumns: readonly Column[] = [
  { label: '意见' },
  { label: '答复' },
  { label: '提交人' },
  { label: '提交时间' },
  { label: '等待' },
];

function WaitingTable({
  list,
  waitsFor,
}: {
  list: WaitingReply[];
  waitsFor: (w: WaitingReply) => string;
}): Html {
  return (
    <DataTable columns={waitingColumns}>
      {list.map((w) => (
        <tr>
          <td>
            <a href={`/staff/opinions/${String(w.opinionId)}`}>{w.title}</a>
          </td>
          <td>第 {w.revision} 版</td>
          <td>{w.submittedByName}</td>
          <td class="nowrap">{beijingDateTime(w.submittedAt)}</td>
          <td>{waitsFor(w)}</td>
        </tr>
      ))}
    </DataTable>
  );
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
  return (
    <>
      <h1>待审核的答复</h1>
      {input.reviewRequired ? (
        <p>答复须经提交人以外、有审核权限的工作人员审核通过后，群众才能看到。</p>
      ) : (
        <p class="hint">本环境未开启答复审核（REPLY_REVIEW），答复直接发布。</p>
      )}
      <h2>等待您审核（{forMe.length}）</h2>
      {forMe.length > 0 ? <WaitingTable list={forMe} waitsFor={() => '您'} /> : <p>没有等待您审核的答复。</p>}
      <h2>您提交、等待他人审核（{mine.length}）</h2>
      {mine.length > 0 ? <WaitingTable list={mine} waitsFor={() => '其他审核人'} /> : <p>没有。</p>}
      <h2>全部等待审核（{waiting.length}）</h2>
      {waiting.length > 0 ? (
        <WaitingTable list={waiting} waitsFor={(w) => `提交人（${w.submittedByName}）以外的审核人`} />
      ) : (
        <p>没有等待审核的答复。</p>
      )}
    </>
  );
}
