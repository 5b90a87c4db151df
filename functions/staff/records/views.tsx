import type { StaleChange } from '../../changes/actions.ts';
import type { FieldValue } from '../../changes/fields.ts';
import { changeValueText } from '../../changes/labels.ts';
import type { OfficialChange } from '../../changes/queries.ts';
import type { EntityRule } from '../../changes/rules.ts';
import { beijingDateTime } from '../../lib/time.ts';
import { csrfInput, type Html, Pager, pageHref, ScrollTable } from '../layout.tsx';
import { ChangeFields, ChangesTable, StaleNotice } from '../ui/changes.tsx';
import { DataTable } from '../ui/components.tsx';
import { ErrorSummary, type FieldErrors, SelectField, TextArea, TextField } from '../ui/form.tsx';
import type { FormField, RecordForm } from './forms.ts';
import type {
  GroupMemberRow,
  ListedRecord,
  Option,
  RatingContext,
  ReplyContext,
  SuggestionHandling,
} from './queries.ts';

export const metaLabels: Record<string, string> = {
  _id: '编号',
  reason: '修改原因',
  reference: '依据',
  _: '提交',
};

/** A stored value as a form input shows it. */
export function inputValue(field: FormField, value: FieldValue | undefined): string | string[] {
  if (value === undefined || value === null) return field.kind === 'multi' ? [] : '';
  // A list typed into a text box (ids among thousands of deputies) shows one id per line.
  if (Array.isArray(value)) return field.kind === 'multi' ? value : value.join('\n');
  if (field.kind === 'datetime' && typeof value === 'string') return value.slice(0, 16);
  return String(value);
}

function display(value: FieldValue | undefined, field: FormField | undefined): string {
  if (value === undefined || value === null || value === '') return '—';
  if (Array.isArray(value)) {
    const options = field?.options;
    return value.map((v) => (typeof options === 'object' ? (options[v] ?? v) : v)).join('、') || '—';
  }
  if (field && typeof field.options === 'object') return field.options[String(value)] ?? String(value);
  if (field?.kind === 'datetime' && typeof value === 'string') return value.slice(0, 16).replace('T', ' ');
  return String(value);
}

export function recordsIndexView(rules: EntityRule[]): Html {
  return (
    <>
      <h1>记录维护</h1>
      <p>
        在这里修改网站上公开的记录。保存后是草稿，发布后才出现在网站上；官方数字（如测评票数、代表状态）须由另一位工作人员确认。
      </p>
      <ul>
        {rules.map((r) => (
          <li>
            <a href={`/staff/records/${r.type}`}>{r.label}</a>
          </li>
        ))}
      </ul>
    </>
  );
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
  const columns = [
    { label: '编号' },
    ...form.list.map((c) => ({ label: rule.labels[c] ?? (c === 'name' ? '姓名' : c) })),
    { label: '待发布' },
  ];
  return (
    <>
      <p>
        <a href="/staff/records">返回记录维护</a>
      </p>
      <h1>{rule.label}</h1>
      {rule.actions.includes('create') ? (
        <p>
          <a href={`/staff/records/${rule.type}/new`}>新增{rule.label}</a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action={`/staff/records/${rule.type}`} class="filters" role="search">
        <label>
          查找 <input type="search" name="q" value={q} maxlength={80} />
        </label>
        <button type="submit" class="secondary">
          查找
        </button>
      </form>
      {rows.length === 0 ? (
        <p>没有找到记录。</p>
      ) : (
        <ScrollTable label={rule.label}>
          <DataTable columns={columns}>
            {rows.map((r) => (
              <tr>
                <td class="key">
                  <a href={`/staff/records/${rule.type}/${r.id}`}>{r.id}</a>
                </td>
                {form.list.map((c) => (
                  <td>{display(r.values[c], fieldOf(c))}</td>
                ))}
                <td>{r.pending ? '有修改待发布' : ''}</td>
              </tr>
            ))}
          </DataTable>
        </ScrollTable>
      )}
      <Pager
        page={page}
        hasNext={hasNext}
        hrefFor={pageHref(`/staff/records/${rule.type}`, q ? { q } : {})}
      />
    </>
  );
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
  /** What moved on the record since the open change's draft (functions/changes/actions.ts findStaleChanges), if it did. */
  stale: StaleChange | null;
  /** Fields shown but not editable here (a station staff member's own station). */
  locked?: readonly string[];
  options: Record<string, Option[]>;
  history: OfficialChange[];
  /** The history's open change, when stale, marked there too. */
  historyStale: ReadonlyMap<number, StaleChange>;
  token: string;
  extra?: Html;
}

function FieldInput({ state, field }: { state: RecordFormState; field: FormField }): Html {
  const { rule, values, errors } = state;
  const label = rule.labels[field.name] ?? field.name;
  const given = values[field.name];
  const value = typeof given === 'string' ? given : '';
  const common = {
    name: field.name,
    label,
    error: errors[field.name],
    hint: field.hint,
    required: !field.optional,
  };
  if ((field.createOnly && state.mode === 'update') || state.locked?.includes(field.name)) {
    const shown = state.options[field.name]?.find((o) => o.value === value)?.label ?? value;
    return (
      <div class="field">
        <p>
          <strong>{label}</strong>：{shown || '—'}
        </p>
        <input type="hidden" name={field.name} value={value} />
      </div>
    );
  }
  switch (field.kind) {
    case 'textarea':
      return <TextArea {...common} value={value} rows={6} />;
    case 'select':
    case 'yesno': {
      const options =
        typeof field.options === 'string'
          ? (state.options[field.name] ?? [])
          : Object.entries(field.options ?? {}).map(([v, l]) => ({ value: v, label: l }));
      return (
        <SelectField
          {...common}
          value={value}
          options={options}
          blank={field.optional ? '（无）' : '请选择'}
        />
      );
    }
    case 'multi': {
      const selected = Array.isArray(given)
        ? given
        : typeof given === 'string' && given
          ? given.split(/[\s,，、]+/)
          : [];
      const known =
        typeof field.options === 'object'
          ? Object.entries(field.options).map(([v, l]) => ({ value: v, label: l }))
          : (state.options[field.name] ?? []);
      const extra = selected
        .filter((v) => !known.some((o) => o.value === v))
        .map((v) => ({ value: v, label: v }));
      return <SelectField {...common} value={selected} options={[...known, ...extra]} multiple />;
    }
    case 'date':
      return <TextField {...common} value={value} type="date" />;
    case 'datetime':
      return <TextField {...common} value={value} type="datetime-local" hint={field.hint ?? '北京时间。'} />;
    case 'number':
      return <TextField {...common} value={value} inputmode="decimal" />;
    default:
      return (
        <TextField {...common} value={value} {...(field.maxlength ? { maxlength: field.maxlength } : {})} />
      );
  }
}

/**
 * The record's change waiting for a publish, shown above the form that now holds its values. A
 * change whose record moved on since its draft says so, and what moved: it can only be withdrawn
 * or drafted again (the record page has no confirm button; the publish page shows none for it).
 */
function OpenChangeNote(props: {
  open: OfficialChange;
  stale: StaleChange | null;
  type: string;
  id: string;
  token: string;
}): Html {
  const { open, stale } = props;
  const confirmed = open.state === 'confirmed';
  return (
    <div class="warn" role="status">
      {/* A stale change leads with why it cannot go ahead, before what it drafted. */}
      {stale ? <StaleNotice change={open} note={stale} /> : ''}
      <p>
        这条记录有一项{confirmed ? '已确认' : '草稿'}修改等待发布（{open.draftedByName ?? open.draftedBy}，
        {beijingDateTime(open.draftedAt)}
        ）。
        {stale
          ? '下面的表单仍显示这项修改的内容：请对照记录现状核对后再次保存，即按记录现状重新起草并替换这项修改。'
          : `下面的表单显示的是修改后的内容；再次保存会替换这项修改${confirmed ? '，并需要重新确认' : ''}。`}
      </p>
      <ChangeFields change={open} />
      {/* Whoever may draft it may take it back before the publish (station staff too: the publish page is the office's). */}
      <form method="post" action={`/staff/records/${props.type}/${props.id}/withdraw`}>
        {csrfInput(props.token)}
        <input type="hidden" name="change" value={String(open.id)} />
        <button type="submit" class="secondary">
          撤回这项修改
        </button>
      </form>
    </div>
  );
}

export function recordFormView(state: RecordFormState): Html {
  const { rule, form, mode, id, values, errors } = state;
  const action =
    mode === 'create' ? `/staff/records/${rule.type}` : `/staff/records/${rule.type}/${id ?? ''}`;
  // Editing a new record's draft again: its id stays (hidden for ids the database chose).
  const pendingCreate = mode === 'create' && state.open !== null;
  const labels = { ...metaLabels, ...rule.labels };
  const meta = (k: string) => {
    const v = values[k];
    return typeof v === 'string' ? v : '';
  };
  return (
    <>
      <p>
        <a href={`/staff/records/${rule.type}`}>返回{rule.label}列表</a>
      </p>
      <h1>{mode === 'create' ? `新增${rule.label}` : state.title}</h1>
      <ErrorSummary errors={errors} labels={labels} message={state.message} />
      {state.open && id !== null ? (
        <OpenChangeNote open={state.open} stale={state.stale} type={rule.type} id={id} token={state.token} />
      ) : (
        ''
      )}
      <form method="post" action={action} class="stack" novalidate>
        {csrfInput(state.token)}
        {mode === 'update' ? (
          <input type="hidden" name="_base" value={String(state.baseVersion ?? '')} />
        ) : (
          ''
        )}
        {state.open ? <input type="hidden" name="_replacing" value={String(state.open.id)} /> : ''}
        {pendingCreate ? (
          <input type="hidden" name="_id" value={meta('_id')} />
        ) : mode === 'create' && rule.keyKind === 'text' && !rule.keyOf ? (
          <TextField
            name="_id"
            label="编号"
            required
            value={meta('_id')}
            error={errors._id ?? errors.id}
            hint={form.idHint}
          />
        ) : (
          ''
        )}
        {form.fields.map((f) => (
          <FieldInput state={state} field={f} />
        ))}
        <TextField
          name="reason"
          label="修改原因"
          required={rule.referenceRequired === true}
          value={meta('reason')}
          error={errors.reason}
          maxlength={500}
          hint={
            rule.reasonFields?.length
              ? `修改${rule.reasonFields.map((f) => rule.labels[f] ?? f).join('、')}时必填；会显示在公开的变更记录中。`
              : '会显示在公开的变更记录中。'
          }
        />
        {rule.confirmFields?.length ? (
          <TextField
            name="reference"
            label="依据"
            required={rule.referenceRequired === true}
            value={meta('reference')}
            error={errors.reference}
            maxlength={120}
            hint="例如测评表、决定文件的编号，供确认人核对。"
          />
        ) : (
          ''
        )}
        <button type="submit">保存为待发布的修改</button>
      </form>
      {state.extra ?? ''}
      {state.history.length > 0 ? (
        <>
          <h2>修改记录</h2>
          <ChangesTable label="修改记录" changes={state.history} stale={state.historyStale} />
        </>
      ) : (
        ''
      )}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// What some record types add below their form

function size(bytes: number): string {
  return bytes >= 1_000_000
    ? `${(bytes / 1_000_000).toFixed(1)} MB`
    : `${String(Math.max(1, Math.round(bytes / 1000)))} KB`;
}

/** Below a duty report's form: its published original, one waiting to be published, and the upload. */
export function DutyReportDocument(props: {
  token: string;
  id: string;
  publishedName: FieldValue | undefined;
  publishedBytes: FieldValue | undefined;
  pendingName: FieldValue | undefined;
  baseVersion: number | null;
  open: OfficialChange | null;
  error: string | undefined;
}): Html {
  const { id, publishedName, publishedBytes, pendingName, error } = props;
  return (
    <>
      <h2>报告原件</h2>
      {typeof publishedName === 'string' ? (
        <p>
          已公开：<a href={`/files/reports/${id}`}>{publishedName}</a>
          {typeof publishedBytes === 'number' ? `（${size(publishedBytes)}）` : ''}
        </p>
      ) : (
        <p>尚未公开原件。</p>
      )}
      {typeof pendingName === 'string' ? <p>待发布：{pendingName}</p> : ''}
      <form
        method="post"
        action={`/staff/records/duty_report/${id}/document`}
        enctype="multipart/form-data"
        class="stack"
        novalidate
      >
        {csrfInput(props.token)}
        <input type="hidden" name="_base" value={String(props.baseVersion ?? '')} />
        {props.open ? <input type="hidden" name="_replacing" value={String(props.open.id)} /> : ''}
        <div class={error ? 'field has-error' : 'field'}>
          <label for="f-document">上传原件（PDF 或 Word .docx，10 MB 以内）</label>
          {error ? (
            <p class="field-error" id="f-document-error">
              <span class="visually-hidden">错误：</span>
              {error}
            </p>
          ) : (
            ''
          )}
          <input
            id="f-document"
            name="document"
            type="file"
            accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'f-document-error' : undefined}
          />
        </div>
        <button type="submit" class="secondary">
          上传（发布后在报告页面提供下载）
        </button>
      </form>
    </>
  );
}

/** Below a reception day's form: cancel it with a reason, or add another day at the same station. */
export function ReceptionDayExtras(props: {
  token: string;
  id: string;
  live: Record<string, FieldValue>;
  baseVersion: number;
  open: OfficialChange | null;
  errors: Record<string, string>;
}): Html {
  const { id, live } = props;
  const stationId = typeof live.station_id === 'string' ? live.station_id : '';
  return (
    <>
      {live.status !== 'cancelled' ? (
        <>
          <h2>取消这次接待日</h2>
          <form method="post" action={`/staff/records/reception_day/${id}/cancel`} class="stack" novalidate>
            {csrfInput(props.token)}
            <input type="hidden" name="_base" value={String(props.baseVersion)} />
            {props.open ? <input type="hidden" name="_replacing" value={String(props.open.id)} /> : ''}
            <TextField
              name="cancel_reason"
              label="取消原因"
              required
              value=""
              error={props.errors.cancel_reason}
              maxlength={200}
              hint="显示在联络站页面和日历订阅中，例如“代表参加全市会议，改至下周三”。"
            />
            <button type="submit" class="danger">
              取消接待日（发布后生效）
            </button>
          </form>
        </>
      ) : (
        ''
      )}
      <p>
        <a href={`/staff/records/reception_day/new?station_id=${stationId}`}>在同一联络站新增接待日</a>
      </p>
    </>
  );
}

/** Below a suggestion's form: its replies and commitments, each a link to its own form. */
export function SuggestionHandlingExtras(props: { id: string; handling: SuggestionHandling }): Html {
  const { id, handling } = props;
  // Coded values in the one wording of the change log (#domain labels).
  const classText = (c: string | null) =>
    c === null ? '未分类' : changeValueText('suggestion_reply', 'result_class', c);
  const statusText = (s: string) => changeValueText('commitment', 'status', s);
  const satisfactionText = (s: string) => changeValueText('suggestion_rating', 'satisfaction', s);
  // Every answered round can be rated once; a round's rating is corrected on its own page.
  const rounds = [...new Set(handling.replies.map((r) => r.round))].sort((a, b) => a - b);
  const ratingOf = (round: number) => handling.ratings.find((r) => r.round === round);
  // Re-handling (重新办理): after a published 不满意 rating of the last round, the lead unit's next
  // round of reply is opened here (a draft, confirmed by a second person).
  const last = rounds[rounds.length - 1];
  const lastRating = last === undefined ? undefined : ratingOf(last);
  const lead = handling.replies.find((r) => r.is_lead === 1);
  const reopen =
    last !== undefined && last < 9 && lead && lastRating?.satisfaction === 'dissatisfied'
      ? { round: last + 1, unit: lead.unit_id }
      : null;
  return (
    <>
      <h2>办理答复</h2>
      {handling.replies.length === 0 ? (
        <p>还没有答复。</p>
      ) : (
        <ScrollTable label="办理答复">
          <DataTable
            columns={[{ label: '轮次' }, { label: '承办单位' }, { label: '答复日期' }, { label: '办理结果' }]}
          >
            {handling.replies.map((r) => (
              <tr>
                <td>
                  <a href={`/staff/records/suggestion_reply/${String(r.id)}`}>第 {String(r.round)} 轮</a>
                </td>
                <td>{r.unit_name}</td>
                <td>{r.replied_on}</td>
                <td>{classText(r.result_class)}</td>
              </tr>
            ))}
          </DataTable>
        </ScrollTable>
      )}
      <h2>代表满意度测评</h2>
      {rounds.length === 0 ? (
        <p>还没有答复，无法测评。</p>
      ) : (
        <ScrollTable label="代表满意度测评">
          <DataTable
            columns={[{ label: '轮次' }, { label: '代表满意度' }, { label: '测评日期' }, { label: '' }]}
          >
            {rounds.map((round) => {
              const rating = ratingOf(round);
              return (
                <tr>
                  <td>第 {String(round)} 轮</td>
                  <td>{rating?.satisfaction ? satisfactionText(rating.satisfaction) : '未测评'}</td>
                  <td>{rating?.rated_on ?? '—'}</td>
                  <td>
                    {rating ? (
                      <a href={`/staff/records/suggestion_rating/${rating.id}`}>
                        {rating.pending ? '查看待发布的测评' : '更正测评'}
                      </a>
                    ) : !handling.replies.some((r) => r.round === round && r.is_lead === 1) ? (
                      // The rating is of the lead unit's reply (migration 0032).
                      '等待主办单位答复后测评'
                    ) : (
                      <a
                        href={`/staff/records/suggestion_rating/new?suggestion_id=${encodeURIComponent(id)}&round=${String(round)}`}
                      >
                        录入第 {String(round)} 轮测评
                      </a>
                    )}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        </ScrollTable>
      )}
      {reopen ? (
        <p>
          代表对第 {String(reopen.round - 1)} 轮答复不满意，须重新办理：
          <a
            href={`/staff/records/suggestion_reply/new?suggestion_id=${encodeURIComponent(id)}&handling_unit_id=${encodeURIComponent(reopen.unit)}&round=${String(reopen.round)}`}
          >
            录入第 {String(reopen.round)} 轮答复（重新办理）
          </a>
        </p>
      ) : (
        ''
      )}
      <h2>承诺事项</h2>
      {handling.commitments.length === 0 ? (
        <p>没有承诺事项。</p>
      ) : (
        <ScrollTable label="承诺事项">
          <DataTable columns={[{ label: '承诺内容' }, { label: '兑现期限' }, { label: '承诺状态' }]}>
            {handling.commitments.map((c) => (
              <tr>
                <td>
                  <a href={`/staff/records/commitment/${c.id}`}>{c.description}</a>
                </td>
                <td>{c.due_on}</td>
                <td>{statusText(c.status)}</td>
              </tr>
            ))}
          </DataTable>
        </ScrollTable>
      )}
      <p>
        <a href={`/staff/records/commitment/new?suggestion_id=${encodeURIComponent(id)}`}>
          为这件建议新增承诺事项
        </a>
        {' · '}
        <a href={`/suggestions/${id}/`}>查看公开页面</a>
      </p>
    </>
  );
}

/** Below a rating's form: the suggestion it belongs to. */
export function RatingContextExtras({ context }: { context: RatingContext }): Html {
  return (
    <p>
      测评的是：<a href={`/staff/records/suggestion/${context.suggestion_id}`}>{context.title}</a>的答复
    </p>
  );
}

/** Below a reply's form: the suggestion, unit and round it answers. */
export function ReplyContextExtras({ context }: { context: ReplyContext }): Html {
  return (
    <p>
      答复的是：<a href={`/staff/records/suggestion/${context.suggestion_id}`}>{context.title}</a>（
      {context.unit_name}，第 {String(context.round)} 轮）
    </p>
  );
}

/** Below a group's form: its members and their roles, each role changed on its own page. */
export function GroupMembersExtras({ members }: { members: readonly GroupMemberRow[] }): Html {
  return (
    <>
      <h2>组员职务</h2>
      {members.length === 0 ? (
        <p>还没有组员（在上面的组员名单中添加，发布后可设置职务）。</p>
      ) : (
        <ScrollTable label="组员职务">
          <DataTable columns={[{ label: '代表' }, { label: '职务' }, { label: '' }]}>
            {members.map((m) => (
              <tr>
                <td>
                  {m.name}（{m.deputy_id}）
                </td>
                <td>{changeValueText('group_member', 'role', m.role)}</td>
                <td>
                  <a href={`/staff/records/group_member/${m.id}`}>
                    {m.pending ? '查看待发布的职务修改' : '修改职务'}
                  </a>
                </td>
              </tr>
            ))}
          </DataTable>
        </ScrollTable>
      )}
    </>
  );
}

/** Below a member's role form: the group it belongs to. */
export function GroupMemberContextExtras({ groupId }: { groupId: string }): Html {
  return (
    <p>
      <a href={`/staff/records/deputy_group/${groupId}`}>返回代表小组</a>
    </p>
  );
}
