import type { Child } from 'hono/jsx';
import type { StaleChange } from '../../changes/actions.ts';
import type { OfficialChange } from '../../changes/queries.ts';
import type { StaffUser } from '../auth/schema.ts';
import { csrfInput, type Html, ScrollTable } from '../layout.tsx';
import { ChangesTable } from '../ui/changes.tsx';
import { ChoiceSelect, DataTable } from '../ui/components.tsx';
import { ErrorSummary } from '../ui/form.tsx';
import type { CandidateDetail, RoundDetail, RoundSummary } from './queries.ts';
import {
  roundModeLabels,
  roundModeShortLabels,
  roundModes,
  roundPhaseLabels,
  roundPhases,
  voteChannelLabels,
} from '#domain/projects.ts';
import { MAX_BUDGET_YUAN, MAX_CHOICES, MAX_CODES_PER_BATCH } from './schema.ts';
import { beijingDateTime, utcToBeijingMinute } from '../../lib/time.ts';

type Unit = { id: string; name: string };

/** The reason and reference every official number needs, and what happens to it next (four eyes). */
function FourEyesFields({ parts }: { parts: ReturnType<typeof formParts> }): Html {
  return (
    <>
      <label>
        原因（必填） <FieldMessage text={parts.error('reason')} />
        <input
          name="reason"
          id={parts.id('reason')}
          maxlength={500}
          required
          placeholder="例如：录入第二批联络站计票"
          value={parts.value('reason', '')}
          aria-invalid={parts.error('reason') ? 'true' : undefined}
        />
      </label>
      <label>
        依据（必填） <FieldMessage text={parts.error('reference')} />
        <input
          name="reference"
          id={parts.id('reference')}
          maxlength={120}
          required
          placeholder="例如：计票单编号 JP-2026-031"
          value={parts.value('reference', '')}
          aria-invalid={parts.error('reference') ? 'true' : undefined}
        />
      </label>
      <p class="hint">官方数字须由另一位工作人员确认，并在下次发布后才会公开；录入人不能自己确认。</p>
    </>
  );
}

/**
 * A form of this page that came back (GOV.UK pattern, no script): which one, the message by each
 * field, the values as submitted, and what was refused as a whole (a stale save, an open change).
 */
export interface RoundFormState {
  /**
   * 'round', 'phase-<phase>', 'candidate-<id>', 'candidate-new', or a candidate's number form:
   * 'counts-<id>', 'vote-<id>', 'milestone-<id>', 'evaluation-<id>'; 'voting' for the public voting
   * switch (no fields: its refusal is the summary's message); 'pending' for a new round's page asked
   * for before its publish (the list, with the reason as the summary's message).
   */
  form: string;
  errors: Record<string, string>;
  /** The submitted values; null shows the record as it is now (after a stale save). */
  values: Record<string, string | string[]> | null;
  message?: string | undefined;
}

/** The zh-CN names of the forms' fields, for the error summary. */
export const roundFieldLabels: Record<string, string> = {
  year: '年度',
  title: '名称',
  description: '说明',
  departmentId: '牵头部门',
  budgetYuan: '预算',
  sortOrder: '排序',
  mode: '投票方式',
  maxChoices: '每票最多选几项',
  countsPublic: '公开实时票数',
  phase: '阶段',
  startsAt: '开始时间',
  endsAt: '结束时间',
  reason: '原因',
  reference: '依据',
  rowVersion: '页面版本',
  candidateId: '候选项目',
  station: '联络站票数',
  paper: '纸质票数',
  votesFor: '赞成票',
  votesAgainst: '反对票',
  votesAbstain: '弃权票',
  adopted: '票决通过',
  dueOn: '计划完成日期',
  doneOn: '实际完成日期',
  progressPercent: '进度',
  note: '说明',
  evaluatedOn: '评估日期',
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
  summary: '评估结论',
};

/** The form's field message and kept value, when this form is the one that came back. */
function formParts(state: RoundFormState | undefined, form: string) {
  const mine = state?.form === form ? state : undefined;
  return {
    /** The field's id (the summary links to it) and message, only in the form that came back. */
    id: (name: string) => (mine && mine.errors[name] ? `f-${name}` : undefined),
    error: (name: string) => mine?.errors[name],
    /** The submitted value, or the stored one. */
    value: (name: string, stored: string): string => {
      const v = mine?.values?.[name];
      return typeof v === 'string' ? v : mine?.values ? '' : stored;
    },
    kept: mine?.values !== null && mine !== undefined,
  };
}

/** A field's message, next to it, as the console's other forms show it. */
function FieldMessage({ text }: { text: string | undefined }): Html {
  return text ? (
    <p class="field-error">
      <span class="visually-hidden">错误：</span>
      {text}
    </p>
  ) : (
    <></>
  );
}

/** Why (and, for a budget, from where) a change is made; required where the lifecycle says. */
function ChangeSourceFields({
  parts,
  reasonHint,
  referenceHint,
}: {
  parts: ReturnType<typeof formParts>;
  reasonHint: string;
  referenceHint?: string;
}): Html {
  return (
    <>
      <label>
        修改原因 <span class="hint">（{reasonHint}）</span>
        <FieldMessage text={parts.error('reason')} />
        <input
          name="reason"
          id={parts.id('reason')}
          maxlength={500}
          value={parts.value('reason', '')}
          aria-invalid={parts.error('reason') ? 'true' : undefined}
        />
      </label>
      {referenceHint ? (
        <label>
          依据 <span class="hint">（{referenceHint}）</span>
          <FieldMessage text={parts.error('reference')} />
          <input
            name="reference"
            id={parts.id('reference')}
            maxlength={120}
            value={parts.value('reference', '')}
            aria-invalid={parts.error('reference') ? 'true' : undefined}
          />
        </label>
      ) : (
        ''
      )}
    </>
  );
}

function votingState(startsAt: string | null, endsAt: string | null, nowIso: string): string {
  if (!startsAt || !endsAt) return '未安排';
  if (nowIso < startsAt) return `将于 ${beijingDateTime(startsAt)} 开始`;
  if (nowIso >= endsAt) return `已于 ${beijingDateTime(endsAt)} 结束`;
  return `进行中，${beijingDateTime(endsAt)} 结束`;
}

/** A number input's value: empty when not yet recorded. */
const numberValue = (n: number | null | undefined): string =>
  n === null || n === undefined ? '' : String(n);

/** A required count (votes, tallies, evaluation answers): a whole number from 0, empty until recorded. */
function CountField(props: {
  label: string;
  name: string;
  value: number | null | undefined;
  parts: ReturnType<typeof formParts>;
}): Html {
  const { parts, name } = props;
  return (
    <label>
      {props.label} <FieldMessage text={parts.error(name)} />
      <input
        type="number"
        name={name}
        id={parts.id(name)}
        min="0"
        required
        value={parts.value(name, numberValue(props.value))}
        aria-invalid={parts.error(name) ? 'true' : undefined}
      />
    </label>
  );
}

/** A plain input of the number forms, with its message and kept value. */
function PlainField(props: {
  label: string;
  name: string;
  type?: string;
  stored?: string;
  required?: boolean;
  maxlength?: number;
  min?: string;
  max?: string;
  parts: ReturnType<typeof formParts>;
}): Html {
  const { parts, name } = props;
  return (
    <label>
      {props.label} <FieldMessage text={parts.error(name)} />
      <input
        type={props.type ?? 'text'}
        name={name}
        id={parts.id(name)}
        required={props.required}
        maxlength={props.maxlength}
        min={props.min}
        max={props.max}
        value={parts.value(name, props.stored ?? '')}
        aria-invalid={parts.error(name) ? 'true' : undefined}
      />
    </label>
  );
}

function RoundForm({
  token,
  round,
  nextYear,
  state,
}: {
  token: string;
  round: RoundDetail | null;
  nextYear: number;
  state?: RoundFormState | undefined;
}): Html {
  const parts = formParts(state, 'round');
  const countsPublic = parts.kept ? parts.value('countsPublic', '') !== '' : round?.countsPublic === true;
  return (
    <form method="post" action="/staff/rounds" class="stack">
      {csrfInput(token)}
      {round ? (
        <>
          <input type="hidden" name="year" value={String(round.year)} />
          <input type="hidden" name="rowVersion" value={String(round.rowVersion)} />
        </>
      ) : (
        <label>
          年度 <FieldMessage text={parts.error('year')} />
          <input
            type="number"
            name="year"
            id={parts.id('year')}
            min="2000"
            max="2100"
            value={parts.value('year', String(nextYear))}
            required
          />
        </label>
      )}
      <label>
        标题 <FieldMessage text={parts.error('title')} />
        <input
          name="title"
          id={parts.id('title')}
          maxlength={120}
          required
          value={parts.value('title', round?.title ?? '')}
        />
      </label>
      <FieldMessage text={parts.error('mode')} />
      <ChoiceSelect
        label="投票方式"
        name="mode"
        choices={roundModes.map((m) => ({ value: m, label: roundModeLabels[m] }))}
        current={parts.value('mode', round?.mode ?? '') || undefined}
      />
      <label>
        每票最多选几项（1 至 {MAX_CHOICES} 项）
        <FieldMessage text={parts.error('maxChoices')} />
        <input
          type="number"
          name="maxChoices"
          id={parts.id('maxChoices')}
          min="1"
          max={String(MAX_CHOICES)}
          required
          value={parts.value('maxChoices', String(Math.min(round?.maxChoices ?? MAX_CHOICES, MAX_CHOICES)))}
          aria-describedby="max-choices-hint"
        />
      </label>
      <p class="hint" id="max-choices-hint">
        每张选票最多选 {MAX_CHOICES} 项：选项越多，每张选票写入的记录越多，{MAX_CHOICES}{' '}
        项是系统能保证每票一次写完的上限。
      </p>
      <label class="check">
        <input type="checkbox" name="countsPublic" value="1" checked={countsPublic} />{' '}
        投票期间公开实时票数（不勾选时，票数在投票结束后才公布，以免影响投票）
      </label>
      <label>
        说明 <FieldMessage text={parts.error('description')} />
        <textarea name="description" id={parts.id('description')} maxlength={2000}>
          {parts.value('description', round?.description ?? '')}
        </textarea>
      </label>
      {round ? (
        <>
          <ChangeSourceFields parts={parts} reasonHint="修改投票方式、可选项数或是否公开票数时必填" />
          <p class="hint">
            修改保存为草稿，发布后生效；投票方式、可选项数和是否公开票数决定公开投票，须由另一位工作人员确认。
          </p>
        </>
      ) : (
        <p class="hint">
          新轮次保存为草稿：投票方式、可选项数和是否公开票数决定公开投票，须由另一位工作人员在“发布”页确认，发布后才会公开；发布前不能设置阶段、候选项目和投票码。
        </p>
      )}
      <button type="submit">{round ? '提交轮次设置修改' : '新建轮次'}</button>
    </form>
  );
}

const roundColumns = [
  { label: '年度' },
  { label: '标题' },
  { label: '方式' },
  { label: '候选项目' },
  { label: '投票码（已用/总数）' },
  { label: '网上投票' },
];

const newRoundColumns = [
  { label: '年度' },
  { label: '标题' },
  { label: '方式' },
  { label: '每票最多可选' },
  { label: '投票期间公开票数' },
  { label: '起草' },
  { label: '状态' },
];

/** A drafted new round's setting as drafted (after_json), as text. */
function draftedText(change: OfficialChange, field: string): string {
  const value = change.after?.[field];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/**
 * New rounds drafted and not yet published: who drafted them, whether a second person confirmed
 * them, and the publish page where that happens. They have no page of their own before the publish.
 */
function NewRoundsWaiting({ changes }: { changes: OfficialChange[] }): Html {
  if (changes.length === 0) return <></>;
  return (
    <section aria-labelledby="new-rounds-waiting">
      <h2 id="new-rounds-waiting">待确认/待发布的新轮次（{changes.length}）</h2>
      <p class="hint">
        新轮次须由起草人以外的工作人员在<a href="/staff/publish">“发布”页</a>
        确认，发布后才会在网站上公开；发布前不能设置它的阶段、候选项目和投票码。
      </p>
      <ScrollTable label="待确认/待发布的新轮次">
        <DataTable columns={newRoundColumns}>
          {changes.map((c) => {
            const mode = draftedText(c, 'mode');
            return (
              <tr>
                <td>{c.entityId}</td>
                <td>{draftedText(c, 'title')}</td>
                <td>{mode === 'code' || mode === 'open' ? roundModeLabels[mode] : mode}</td>
                <td>{draftedText(c, 'max_choices')}</td>
                <td>{draftedText(c, 'counts_public') === '1' ? '是' : '否'}</td>
                <td>
                  {c.draftedByName ?? c.draftedBy}（{beijingDateTime(c.draftedAt)}）
                </td>
                <td>
                  {c.state === 'confirmed'
                    ? `${c.confirmedByName ?? c.confirmedBy ?? ''}已确认，待发布`
                    : '待另一位工作人员确认'}
                  （<a href="/staff/publish">第 {c.id} 号修改，到“发布”页处理</a>）
                </td>
              </tr>
            );
          })}
        </DataTable>
      </ScrollTable>
    </section>
  );
}

export function roundsListView(
  token: string,
  { rounds, newRounds }: { rounds: RoundSummary[]; newRounds: OfficialChange[] },
  nowIso: string,
  nextYear: number,
  state?: RoundFormState,
): Html {
  return (
    <>
      <h1>民生实事项目票决</h1>
      {state ? <ErrorSummary errors={state.errors} labels={roundFieldLabels} message={state.message} /> : ''}
      <NewRoundsWaiting changes={newRounds} />
      {rounds.length === 0 ? (
        <p>还没有票决轮次。</p>
      ) : (
        <ScrollTable label="票决轮次">
          <DataTable columns={roundColumns}>
            {rounds.map((r) => (
              <tr>
                <td>
                  <a href={`/staff/rounds/${String(r.year)}`}>{r.year}</a>
                </td>
                <td>{r.title}</td>
                <td>{roundModeShortLabels[r.mode]}</td>
                <td>{r.candidates}</td>
                <td>{r.mode === 'code' ? `${String(r.codesUsed)} / ${String(r.codes)}` : '—'}</td>
                <td>{votingState(r.votingStartsAt, r.votingEndsAt, nowIso)}</td>
              </tr>
            ))}
          </DataTable>
        </ScrollTable>
      )}
      <h2>新建轮次</h2>
      <RoundForm token={token} round={null} nextYear={nextYear} state={state} />
    </>
  );
}

/** A form about one candidate under a legend: the token and the candidate's id come first in each. */
function CandidateStep({
  token,
  action,
  candidateId,
  legend,
  children,
}: {
  token: string;
  action: string;
  candidateId: string;
  legend: string;
  children: Child;
}): Html {
  return (
    <form method="post" action={action} class="stack">
      {csrfInput(token)}
      <input type="hidden" name="candidateId" value={candidateId} />
      <fieldset>
        <legend>{legend}</legend>
        {children}
      </fieldset>
    </form>
  );
}

function UnitSelect({ units, current }: { units: Unit[]; current: string | null }): Html {
  return (
    <ChoiceSelect
      label="牵头部门"
      name="departmentId"
      blank="未指定"
      choices={units.map((u) => ({ value: u.id, label: u.name }))}
      current={current}
    />
  );
}

/**
 * A candidate's text, unit, budget and order (new or existing). The text is published without a
 * second person; a budget is an official figure: a reason, a reference and a second person.
 */
function CandidateFields({
  units,
  c,
  parts,
  nextOrder = 0,
}: {
  units: Unit[];
  c: CandidateDetail | null;
  parts: ReturnType<typeof formParts>;
  /** A new candidate's place: after the others. */
  nextOrder?: number;
}): Html {
  return (
    <>
      <label>
        名称 <FieldMessage text={parts.error('title')} />
        <input
          name="title"
          id={parts.id('title')}
          maxlength={120}
          required
          value={parts.value('title', c?.title ?? '')}
        />
      </label>
      <label>
        说明 <FieldMessage text={parts.error('description')} />
        <textarea name="description" id={parts.id('description')} maxlength={5000} required>
          {parts.value('description', c?.description ?? '')}
        </textarea>
      </label>
      <FieldMessage text={parts.error('departmentId')} />
      <UnitSelect units={units} current={parts.value('departmentId', c?.departmentId ?? '') || null} />
      <label>
        预算（元，可超过 1 亿元） <FieldMessage text={parts.error('budgetYuan')} />
        <input
          type="number"
          name="budgetYuan"
          id={parts.id('budgetYuan')}
          min="0"
          max={String(MAX_BUDGET_YUAN)}
          step="1"
          value={parts.value('budgetYuan', numberValue(c?.budgetYuan))}
          aria-invalid={parts.error('budgetYuan') ? 'true' : undefined}
        />
      </label>
      <label>
        排序 <FieldMessage text={parts.error('sortOrder')} />
        <input
          type="number"
          name="sortOrder"
          id={parts.id('sortOrder')}
          min="0"
          value={parts.value('sortOrder', String(c?.sortOrder ?? nextOrder))}
        />
      </label>
      <ChangeSourceFields
        parts={parts}
        reasonHint="填写或修改预算时必填"
        referenceHint="填写或修改预算时必填，例如财政局预算批复文号"
      />
      <p class="hint">
        {c
          ? '名称、说明、牵头部门和排序的修改在下次发布后生效；预算是官方数字，须由另一位工作人员确认。'
          : '新增的候选项目会成为公开投票的选项，须由另一位工作人员确认，并在下次发布后才会公开。'}
      </p>
    </>
  );
}

function CandidateSection({
  token,
  year,
  c,
  units,
  state,
}: {
  token: string;
  year: number;
  c: CandidateDetail;
  units: Unit[];
  state: RoundFormState | undefined;
}): Html {
  const base = `/staff/rounds/${String(year)}`;
  const total = c.counts.online + c.counts.station + c.counts.paper;
  // The number forms of this candidate: each comes back on its own (GOV.UK pattern).
  const counts = formParts(state, `counts-${c.id}`);
  const vote = formParts(state, `vote-${c.id}`);
  const milestone = formParts(state, `milestone-${c.id}`);
  const evaluation = formParts(state, `evaluation-${c.id}`);
  const open = [
    `candidate-${c.id}`,
    `counts-${c.id}`,
    `vote-${c.id}`,
    `milestone-${c.id}`,
    `evaluation-${c.id}`,
  ];
  return (
    <details open={(state !== undefined && open.includes(state.form)) || undefined}>
      <summary>
        <strong>{c.title}</strong>{' '}
        <span class="hint">
          （群众投票合计 {total}
          {c.adopted === null ? '' : c.adopted ? ' · 代表票决通过' : ' · 代表票决未通过'}）
        </span>
      </summary>
      <CandidateStep token={token} action={`${base}/candidates`} candidateId={c.id} legend="项目信息">
        <input type="hidden" name="rowVersion" value={String(c.rowVersion)} />
        <CandidateFields units={units} c={c} parts={formParts(state, `candidate-${c.id}`)} />
        <button type="submit" class="secondary">
          提交项目信息修改
        </button>
      </CandidateStep>
      <CandidateStep
        token={token}
        action={`${base}/counts`}
        candidateId={c.id}
        legend={`分渠道计票（${voteChannelLabels.online}票数 ${String(c.counts.online)} 由系统统计）`}
      >
        <CountField
          label={`${voteChannelLabels.station}票数`}
          name="station"
          value={c.counts.station}
          parts={counts}
        />
        <CountField
          label={`${voteChannelLabels.paper}票数`}
          name="paper"
          value={c.counts.paper}
          parts={counts}
        />
        <FourEyesFields parts={counts} />
        <button type="submit" class="secondary">
          提交计票（待确认）
        </button>
      </CandidateStep>
      <CandidateStep token={token} action={`${base}/deputies-vote`} candidateId={c.id} legend="代表票决结果">
        <CountField label="赞成" name="votesFor" value={c.deputiesFor} parts={vote} />
        <CountField label="反对" name="votesAgainst" value={c.deputiesAgainst} parts={vote} />
        <CountField label="弃权" name="votesAbstain" value={c.deputiesAbstain} parts={vote} />
        <label class="check">
          <input
            type="checkbox"
            name="adopted"
            value="1"
            checked={vote.kept ? vote.value('adopted', '') !== '' : c.adopted === true}
          />{' '}
          票决通过，列入年度民生实事
        </label>
        <FourEyesFields parts={vote} />
        <button type="submit" class="secondary">
          提交票决结果（待确认）
        </button>
      </CandidateStep>
      <h3>实施进度</h3>
      {c.milestones.length === 0 ? (
        <p>尚无进度节点。</p>
      ) : (
        <ul>
          {c.milestones.map((m) => (
            <li>
              {m.title}：计划 {m.dueOn}，
              {m.doneOn ? `已于 ${m.doneOn} 完成` : `进度 ${String(m.progressPercent)}%`}
              {m.note ? `（${m.note}）` : ''}
            </li>
          ))}
        </ul>
      )}
      <CandidateStep
        token={token}
        action={`${base}/milestones`}
        candidateId={c.id}
        legend="新增或更新进度节点（同名节点会被更新）"
      >
        <PlainField label="节点名称" name="title" maxlength={200} required parts={milestone} />
        <PlainField label="计划完成日期" name="dueOn" type="date" required parts={milestone} />
        <PlainField label="实际完成日期" name="doneOn" type="date" parts={milestone} />
        <PlainField
          label="进度（%）"
          name="progressPercent"
          type="number"
          min="0"
          max="100"
          required
          stored="0"
          parts={milestone}
        />
        <PlainField label="说明" name="note" maxlength={500} parts={milestone} />
        <FourEyesFields parts={milestone} />
        <button type="submit" class="secondary">
          提交进度（待确认）
        </button>
      </CandidateStep>
      <CandidateStep token={token} action={`${base}/evaluation`} candidateId={c.id} legend="年终评估">
        <PlainField
          label="评估日期"
          name="evaluatedOn"
          type="date"
          required
          stored={c.evaluation?.evaluatedOn ?? ''}
          parts={evaluation}
        />
        <CountField label="满意" name="satisfied" value={c.evaluation?.satisfied} parts={evaluation} />
        <CountField
          label="基本满意"
          name="basicallySatisfied"
          value={c.evaluation?.basicallySatisfied}
          parts={evaluation}
        />
        <CountField
          label="不满意"
          name="dissatisfied"
          value={c.evaluation?.dissatisfied}
          parts={evaluation}
        />
        <label>
          评估结论 <FieldMessage text={evaluation.error('summary')} />
          <textarea
            name="summary"
            id={evaluation.id('summary')}
            maxlength={5000}
            required
            aria-invalid={evaluation.error('summary') ? 'true' : undefined}
          >
            {evaluation.value('summary', c.evaluation?.summary ?? '')}
          </textarea>
        </label>
        <FourEyesFields parts={evaluation} />
        <button type="submit" class="secondary">
          提交评估（待确认）
        </button>
      </CandidateStep>
    </details>
  );
}

/** A phase's start or end, an input of the row's form, in Beijing time. */
function PhaseTime(props: {
  form: string;
  name: string;
  label: string;
  at: string | undefined;
  parts: ReturnType<typeof formParts>;
}): Html {
  return (
    <td>
      <FieldMessage text={props.parts.error(props.name)} />
      <input
        form={props.form}
        id={props.parts.id(props.name)}
        type="datetime-local"
        name={props.name}
        aria-label={props.label}
        aria-invalid={props.parts.error(props.name) ? 'true' : undefined}
        required
        value={props.parts.value(props.name, props.at === undefined ? '' : utcToBeijingMinute(props.at))}
      />
    </td>
  );
}

const phaseColumns = [
  { label: '阶段' },
  { label: '开始' },
  { label: '结束' },
  { label: '修改原因' },
  { label: '操作' },
];

/**
 * One row per phase: the times are inputs of the row's own form (the `form` attribute). A window
 * is the public timetable of an official vote, so a change is a draft that a second person confirms.
 */
function PhaseTable({
  token,
  round,
  base,
  state,
}: {
  token: string;
  round: RoundDetail;
  base: string;
  state: RoundFormState | undefined;
}): Html {
  return (
    <ScrollTable label="阶段安排">
      <DataTable columns={phaseColumns}>
        {roundPhases.map((phase) => {
          const p = round.phases.find((x) => x.phase === phase);
          const formId = `phase-${phase}`;
          const parts = formParts(state, formId);
          return (
            <tr>
              <th scope="row">{roundPhaseLabels[phase]}</th>
              <PhaseTime
                form={formId}
                name="startsAt"
                label={`${roundPhaseLabels[phase]}开始时间`}
                at={p?.startsAt}
                parts={parts}
              />
              <PhaseTime
                form={formId}
                name="endsAt"
                label={`${roundPhaseLabels[phase]}结束时间`}
                at={p?.endsAt}
                parts={parts}
              />
              <td>
                <FieldMessage text={parts.error('reason')} />
                <input
                  form={formId}
                  name="reason"
                  id={parts.id('reason')}
                  maxlength={500}
                  aria-label={`${roundPhaseLabels[phase]}修改原因${p ? '（必填）' : '（选填）'}`}
                  aria-invalid={parts.error('reason') ? 'true' : undefined}
                  value={parts.value('reason', '')}
                />
              </td>
              <td>
                <form id={formId} method="post" action={`${base}/phases`} class="inline">
                  {csrfInput(token)}
                  <input type="hidden" name="phase" value={phase} />
                  {p ? <input type="hidden" name="rowVersion" value={String(p.rowVersion)} /> : ''}
                  <button type="submit" class="secondary">
                    提交（待确认）
                  </button>
                </form>
              </td>
            </tr>
          );
        })}
      </DataTable>
    </ScrollTable>
  );
}

export interface RoundPageExtras {
  staff: StaffUser;
  /** This round's changes waiting for a second person or a publish. */
  open: readonly OfficialChange[];
  /** Those whose record moved on since their draft: shown as stale, without a confirm button. */
  stale?: ReadonlyMap<number, StaleChange>;
  /** The form that came back with errors, if one did. */
  state?: RoundFormState | undefined;
}

export function roundView(
  token: string,
  round: RoundDetail,
  units: Unit[],
  nowIso: string,
  extras: RoundPageExtras,
): Html {
  const { state } = extras;
  const base = `/staff/rounds/${String(round.year)}`;
  const voting = round.phases.find((p) => p.phase === 'public_voting');
  const votingOpen = voting !== undefined && voting.startsAt <= nowIso && voting.endsAt > nowIso;
  return (
    <>
      <p>
        <a href="/staff/rounds">返回票决轮次</a>
      </p>
      <h1>
        {round.year} 年 · {round.title}
      </h1>
      {state ? <ErrorSummary errors={state.errors} labels={roundFieldLabels} message={state.message} /> : ''}
      <h2>待发布的修改（{extras.open.length}）</h2>
      {extras.open.length === 0 ? (
        <p>本轮次没有待确认或待发布的修改。</p>
      ) : (
        <>
          <p class="hint">
            标为“待确认”的修改须由起草人以外的工作人员核对后确认；已确认的修改和无需确认的草稿在下次发布时生效。
          </p>
          <ChangesTable
            label="本轮次待发布的修改"
            changes={extras.open}
            showRecord
            actions={{ token, staff: extras.staff }}
            stale={extras.stale}
          />
        </>
      )}
      <h2>网上投票</h2>
      <p>{votingState(voting?.startsAt ?? null, voting?.endsAt ?? null, nowIso)}</p>
      <form method="post" action={`${base}/voting`} class="inline">
        {csrfInput(token)}
        {votingOpen ? (
          <>
            <input type="hidden" name="action" value="close" />
            <button type="submit" class="danger">
              立即结束网上投票
            </button>
          </>
        ) : (
          <>
            <input type="hidden" name="action" value="open" />
            <button type="submit">申请立即开始网上投票</button>
          </>
        )}
      </form>
      <p class="hint">
        开始投票（以及修改投票时间）须由另一位工作人员确认，发布后生效；“立即结束”是紧急停止，立即生效，并记入公开的修改记录。
      </p>
      {round.mode === 'code' ? (
        <>
          <h2>投票码</h2>
          <p>
            已生成 {round.codes} 个，已使用 {round.codesUsed}{' '}
            个。系统只保存投票码的摘要，生成后只能下载这一次。
          </p>
          <form method="post" action={`${base}/codes`} class="stack">
            {csrfInput(token)}
            <label>
              本批生成数量
              <input
                type="number"
                name="count"
                min="1"
                max={String(MAX_CODES_PER_BATCH)}
                required
                value="100"
              />
            </label>
            <button type="submit">生成并下载投票码（CSV）</button>
          </form>
        </>
      ) : (
        ''
      )}
      <h2>阶段安排（北京时间）</h2>
      <PhaseTable token={token} round={round} base={base} state={state} />
      <h2>候选项目（{round.candidates.length}）</h2>
      {round.candidates.map((c) => (
        <CandidateSection token={token} year={round.year} c={c} units={units} state={state} />
      ))}
      <form method="post" action={`${base}/candidates`} class="stack">
        {csrfInput(token)}
        <fieldset>
          <legend>新增候选项目</legend>
          <CandidateFields
            units={units}
            c={null}
            parts={formParts(state, 'candidate-new')}
            nextOrder={round.candidates.length + 1}
          />
          <button type="submit">提交新增（待确认）</button>
        </fieldset>
      </form>
      <h2>轮次设置</h2>
      <RoundForm token={token} round={round} nextYear={round.year} state={state} />
    </>
  );
}
