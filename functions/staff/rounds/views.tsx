import type { Child } from 'hono/jsx';
import { csrfInput, type Html, ScrollTable } from '../layout.tsx';
import { ChoiceSelect, DataTable } from '../ui/components.tsx';
import type { CandidateDetail, RoundDetail, RoundSummary } from './queries.ts';
import {
  roundModeLabels,
  roundModes,
  roundPhaseLabels,
  roundPhases,
  voteChannelLabels,
} from '#domain/projects.ts';
import { MAX_BUDGET_YUAN, MAX_CHOICES, MAX_CODES_PER_BATCH } from './schema.ts';
import { beijingDateTime, utcToBeijingMinute } from '../../lib/time.ts';

type Unit = { id: string; name: string };

/** The reason and reference every official number needs, and what happens to it next (four eyes). */
function FourEyesFields(): Html {
  return (
    <>
      <label>
        原因（必填） <input name="reason" maxlength={500} required placeholder="例如：录入第二批联络站计票" />
      </label>
      <label>
        依据（必填）{' '}
        <input name="reference" maxlength={120} required placeholder="例如：计票单编号 JP-2026-031" />
      </label>
      <p class="hint">官方数字须由另一位工作人员确认，并在下次发布后才会公开；录入人不能自己确认。</p>
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
function CountField(props: { label: string; name: string; value: number | null | undefined }): Html {
  return (
    <label>
      {props.label}{' '}
      <input type="number" name={props.name} min="0" required value={numberValue(props.value)} />
    </label>
  );
}

function RoundForm({
  token,
  round,
  nextYear,
}: {
  token: string;
  round: RoundDetail | null;
  nextYear: number;
}): Html {
  return (
    <form method="post" action="/staff/rounds" class="stack">
      {csrfInput(token)}
      {round ? (
        <input type="hidden" name="year" value={String(round.year)} />
      ) : (
        <label>
          年度 <input type="number" name="year" min="2000" max="2100" value={String(nextYear)} required />
        </label>
      )}
      <label>
        标题 <input name="title" maxlength={120} required value={round?.title ?? ''} />
      </label>
      <ChoiceSelect
        label="投票方式"
        name="mode"
        choices={roundModes.map((m) => ({ value: m, label: roundModeLabels[m] }))}
        current={round?.mode}
      />
      <label>
        每票最多选几项（1 至 {MAX_CHOICES} 项）
        <input
          type="number"
          name="maxChoices"
          min="1"
          max={String(MAX_CHOICES)}
          required
          value={String(Math.min(round?.maxChoices ?? MAX_CHOICES, MAX_CHOICES))}
          aria-describedby="max-choices-hint"
        />
      </label>
      <p class="hint" id="max-choices-hint">
        每张选票最多选 {MAX_CHOICES} 项：选项越多，每张选票写入的记录越多，{MAX_CHOICES}{' '}
        项是系统能保证每票一次写完的上限。
      </p>
      <label class="check">
        <input type="checkbox" name="countsPublic" value="1" checked={round?.countsPublic === true} />{' '}
        投票期间公开实时票数（不勾选时，票数在投票结束后才公布，以免影响投票）
      </label>
      <label>
        说明{' '}
        <textarea name="description" maxlength={2000}>
          {round?.description ?? ''}
        </textarea>
      </label>
      <button type="submit">{round ? '保存轮次设置' : '新建轮次'}</button>
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

export function roundsListView(
  token: string,
  rounds: RoundSummary[],
  nowIso: string,
  nextYear: number,
): Html {
  return (
    <>
      <h1>民生实事项目票决</h1>
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
                <td>{r.mode === 'code' ? '投票码' : '公开'}</td>
                <td>{r.candidates}</td>
                <td>{r.mode === 'code' ? `${String(r.codesUsed)} / ${String(r.codes)}` : '—'}</td>
                <td>{votingState(r.votingStartsAt, r.votingEndsAt, nowIso)}</td>
              </tr>
            ))}
          </DataTable>
        </ScrollTable>
      )}
      <h2>新建轮次</h2>
      <RoundForm token={token} round={null} nextYear={nextYear} />
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

function CandidateSection({
  token,
  year,
  c,
  units,
}: {
  token: string;
  year: number;
  c: CandidateDetail;
  units: Unit[];
}): Html {
  const base = `/staff/rounds/${String(year)}`;
  const total = c.counts.online + c.counts.station + c.counts.paper;
  return (
    <details>
      <summary>
        <strong>{c.title}</strong>
        <span class="hint">
          群众投票合计 {total}
          {c.adopted === null ? '' : c.adopted ? ' · 代表票决通过' : ' · 代表票决未通过'}
        </span>
      </summary>
      <CandidateStep token={token} action={`${base}/candidates`} candidateId={c.id} legend="项目信息">
        <label>
          名称 <input name="title" maxlength={120} required value={c.title} />
        </label>
        <label>
          说明{' '}
          <textarea name="description" maxlength={5000} required>
            {c.description}
          </textarea>
        </label>
        <UnitSelect units={units} current={c.departmentId} />
        <label>
          预算（元，可超过 1 亿元）
          <input
            type="number"
            name="budgetYuan"
            min="0"
            max={String(MAX_BUDGET_YUAN)}
            step="1"
            value={numberValue(c.budgetYuan)}
          />
        </label>
        <label>
          排序 <input type="number" name="sortOrder" min="0" value={String(c.sortOrder)} />
        </label>
        <button type="submit" class="secondary">
          保存项目信息
        </button>
      </CandidateStep>
      <CandidateStep
        token={token}
        action={`${base}/counts`}
        candidateId={c.id}
        legend={`分渠道计票（${voteChannelLabels.online}票数 ${String(c.counts.online)} 由系统统计）`}
      >
        <CountField label={`${voteChannelLabels.station}票数`} name="station" value={c.counts.station} />
        <CountField label={`${voteChannelLabels.paper}票数`} name="paper" value={c.counts.paper} />
        <FourEyesFields />
        <button type="submit" class="secondary">
          提交计票（待确认）
        </button>
      </CandidateStep>
      <CandidateStep token={token} action={`${base}/deputies-vote`} candidateId={c.id} legend="代表票决结果">
        <CountField label="赞成" name="votesFor" value={c.deputiesFor} />
        <CountField label="反对" name="votesAgainst" value={c.deputiesAgainst} />
        <CountField label="弃权" name="votesAbstain" value={c.deputiesAbstain} />
        <label class="check">
          <input type="checkbox" name="adopted" value="1" checked={c.adopted === true} />{' '}
          票决通过，列入年度民生实事
        </label>
        <FourEyesFields />
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
        <label>
          节点名称 <input name="title" maxlength={200} required />
        </label>
        <label>
          计划完成日期 <input type="date" name="dueOn" required />
        </label>
        <label>
          实际完成日期 <input type="date" name="doneOn" />
        </label>
        <label>
          进度（%） <input type="number" name="progressPercent" min="0" max="100" required value="0" />
        </label>
        <label>
          说明 <input name="note" maxlength={500} />
        </label>
        <FourEyesFields />
        <button type="submit" class="secondary">
          提交进度（待确认）
        </button>
      </CandidateStep>
      <CandidateStep token={token} action={`${base}/evaluation`} candidateId={c.id} legend="年终评估">
        <label>
          评估日期 <input type="date" name="evaluatedOn" required value={c.evaluation?.evaluatedOn ?? ''} />
        </label>
        <CountField label="满意" name="satisfied" value={c.evaluation?.satisfied} />
        <CountField label="基本满意" name="basicallySatisfied" value={c.evaluation?.basicallySatisfied} />
        <CountField label="不满意" name="dissatisfied" value={c.evaluation?.dissatisfied} />
        <label>
          评估结论
          <textarea name="summary" maxlength={5000} required>
            {c.evaluation?.summary ?? ''}
          </textarea>
        </label>
        <FourEyesFields />
        <button type="submit" class="secondary">
          提交评估（待确认）
        </button>
      </CandidateStep>
    </details>
  );
}

/** A phase's start or end, an input of the row's form, in Beijing time. */
function PhaseTime(props: { form: string; name: string; label: string; at: string | undefined }): Html {
  return (
    <td>
      <input
        form={props.form}
        type="datetime-local"
        name={props.name}
        aria-label={props.label}
        required
        value={props.at === undefined ? '' : utcToBeijingMinute(props.at)}
      />
    </td>
  );
}

const phaseColumns = [{ label: '阶段' }, { label: '开始' }, { label: '结束' }, { label: '操作' }];

/** One row per phase: the times are inputs of the row's own form (the `form` attribute). */
function PhaseTable({ token, round, base }: { token: string; round: RoundDetail; base: string }): Html {
  return (
    <ScrollTable label="阶段安排">
      <DataTable columns={phaseColumns}>
        {roundPhases.map((phase) => {
          const p = round.phases.find((x) => x.phase === phase);
          const formId = `phase-${phase}`;
          return (
            <tr>
              <th scope="row">{roundPhaseLabels[phase]}</th>
              <PhaseTime
                form={formId}
                name="startsAt"
                label={`${roundPhaseLabels[phase]}开始时间`}
                at={p?.startsAt}
              />
              <PhaseTime
                form={formId}
                name="endsAt"
                label={`${roundPhaseLabels[phase]}结束时间`}
                at={p?.endsAt}
              />
              <td>
                <form id={formId} method="post" action={`${base}/phases`} class="inline">
                  {csrfInput(token)}
                  <input type="hidden" name="phase" value={phase} />
                  <button type="submit" class="secondary">
                    保存
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

export function roundView(token: string, round: RoundDetail, units: Unit[], nowIso: string): Html {
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
            <button type="submit">立即开始网上投票</button>
          </>
        )}
      </form>
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
      <PhaseTable token={token} round={round} base={base} />
      <h2>候选项目（{round.candidates.length}）</h2>
      {round.candidates.map((c) => (
        <CandidateSection token={token} year={round.year} c={c} units={units} />
      ))}
      <form method="post" action={`${base}/candidates`} class="stack">
        {csrfInput(token)}
        <fieldset>
          <legend>新增候选项目</legend>
          <label>
            名称 <input name="title" maxlength={120} required />
          </label>
          <label>
            说明 <textarea name="description" maxlength={5000} required></textarea>
          </label>
          <UnitSelect units={units} current={null} />
          <label>
            预算（元，可超过 1 亿元）
            <input type="number" name="budgetYuan" min="0" max={String(MAX_BUDGET_YUAN)} step="1" />
          </label>
          <label>
            排序 <input type="number" name="sortOrder" min="0" value={String(round.candidates.length + 1)} />
          </label>
          <button type="submit">新增</button>
        </fieldset>
      </form>
      <h2>轮次设置</h2>
      <RoundForm token={token} round={round} nextYear={round.year} />
    </>
  );
}
