import { html } from 'hono/html';
import { csrfInput, type Html, scrollTable } from '../layout.tsx';
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

/** The reason and reference every official number needs, and what happens to it next (four eyes). */
const fourEyesFields = html`<label
    >原因（必填） <input name="reason" maxlength="500" required placeholder="例如：录入第二批联络站计票"
  /></label>
  <label
    >依据（必填） <input name="reference" maxlength="120" required placeholder="例如：计票单编号 JP-2026-031"
  /></label>
  <p class="hint">官方数字须由另一位工作人员确认，并在下次发布后才会公开；录入人不能自己确认。</p>`;

function votingState(startsAt: string | null, endsAt: string | null, nowIso: string): string {
  if (!startsAt || !endsAt) return '未安排';
  if (nowIso < startsAt) return `将于 ${beijingDateTime(startsAt)} 开始`;
  if (nowIso >= endsAt) return `已于 ${beijingDateTime(endsAt)} 结束`;
  return `进行中，${beijingDateTime(endsAt)} 结束`;
}

function roundForm(token: string, round: RoundDetail | null, nextYear: number): Html {
  return html`<form method="post" action="/staff/rounds" class="stack">
    ${csrfInput(token)}
    ${
      round
        ? html`<input type="hidden" name="year" value="${round.year}" />`
        : html`<label
            >年度 <input type="number" name="year" min="2000" max="2100" value="${nextYear}" required
          /></label>`
    }
    <label>标题 <input name="title" maxlength="120" required value="${round?.title ?? ''}" /></label>
    <label
      >投票方式
      <select name="mode">
        ${roundModes.map(
          (m) =>
            html`<option value="${m}" ${round?.mode === m ? html`selected` : ''}>
              ${roundModeLabels[m]}
            </option>`,
        )}
      </select>
    </label>
    <label
      >每票最多选几项（1 至 ${MAX_CHOICES} 项）
      <input
        type="number"
        name="maxChoices"
        min="1"
        max="${MAX_CHOICES}"
        required
        value="${Math.min(round?.maxChoices ?? MAX_CHOICES, MAX_CHOICES)}"
        aria-describedby="max-choices-hint"
      />
    </label>
    <p class="hint" id="max-choices-hint">
      每张选票最多选 ${MAX_CHOICES} 项：选项越多，每张选票写入的记录越多，${MAX_CHOICES}
      项是系统能保证每票一次写完的上限。
    </p>
    <label class="check"
      ><input
        type="checkbox"
        name="countsPublic"
        value="1"
        ${round?.countsPublic === true ? html`checked` : ''}
      />
      投票期间公开实时票数（不勾选时，票数在投票结束后才公布，以免影响投票）</label
    >
    <label>说明 <textarea name="description" maxlength="2000">${round?.description ?? ''}</textarea></label>
    <button type="submit">${round ? '保存轮次设置' : '新建轮次'}</button>
  </form>`;
}

export function roundsListView(
  token: string,
  rounds: RoundSummary[],
  nowIso: string,
  nextYear: number,
): Html {
  return html`<h1>民生实事项目票决</h1>
    ${
      rounds.length === 0
        ? html`<p>还没有票决轮次。</p>`
        : scrollTable(
            '票决轮次',
            html`<table>
              <thead>
                <tr>
                  <th scope="col">年度</th>
                  <th scope="col">标题</th>
                  <th scope="col">方式</th>
                  <th scope="col">候选项目</th>
                  <th scope="col">投票码（已用/总数）</th>
                  <th scope="col">网上投票</th>
                </tr>
              </thead>
              <tbody>
                ${rounds.map(
                  (r) =>
                    html`<tr>
                      <td><a href="/staff/rounds/${r.year}">${r.year}</a></td>
                      <td>${r.title}</td>
                      <td>${r.mode === 'code' ? '投票码' : '公开'}</td>
                      <td>${r.candidates}</td>
                      <td>${r.mode === 'code' ? `${r.codesUsed} / ${r.codes}` : '—'}</td>
                      <td>${votingState(r.votingStartsAt, r.votingEndsAt, nowIso)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`,
          )
    }
    <h2>新建轮次</h2>
    ${roundForm(token, null, nextYear)}`;
}

function candidateSection(
  token: string,
  year: number,
  c: CandidateDetail,
  units: Array<{ id: string; name: string }>,
): Html {
  const base = `/staff/rounds/${year}`;
  const total = c.counts.online + c.counts.station + c.counts.paper;
  return html`<details>
    <summary>
      <strong>${c.title}</strong>
      <span class="hint"
        >群众投票合计
        ${total}${c.adopted === null ? '' : c.adopted ? ' · 代表票决通过' : ' · 代表票决未通过'}</span
      >
    </summary>
    <form method="post" action="${base}/candidates" class="stack">
      ${csrfInput(token)}<input type="hidden" name="candidateId" value="${c.id}" />
      <fieldset>
        <legend>项目信息</legend>
        <label>名称 <input name="title" maxlength="120" required value="${c.title}" /></label>
        <label>说明 <textarea name="description" maxlength="5000" required>${c.description}</textarea></label>
        <label
          >牵头部门
          <select name="departmentId">
            <option value="">未指定</option>
            ${units.map((u) => html`<option value="${u.id}" ${u.id === c.departmentId ? html`selected` : ''}>${u.name}</option>`)}
          </select>
        </label>
        <label
          >预算（元，可超过 1 亿元）
          <input
            type="number"
            name="budgetYuan"
            min="0"
            max="${MAX_BUDGET_YUAN}"
            step="1"
            value="${c.budgetYuan ?? ''}"
        /></label>
        <label>排序 <input type="number" name="sortOrder" min="0" value="${c.sortOrder}" /></label>
        <button type="submit" class="secondary">保存项目信息</button>
      </fieldset>
    </form>
    <form method="post" action="${base}/counts" class="stack">
      ${csrfInput(token)}<input type="hidden" name="candidateId" value="${c.id}" />
      <fieldset>
        <legend>分渠道计票（${voteChannelLabels.online}票数 ${c.counts.online} 由系统统计）</legend>
        <label
          >${voteChannelLabels.station}票数
          <input type="number" name="station" min="0" required value="${c.counts.station}"
        /></label>
        <label
          >${voteChannelLabels.paper}票数
          <input type="number" name="paper" min="0" required value="${c.counts.paper}"
        /></label>
        ${fourEyesFields}
        <button type="submit" class="secondary">提交计票（待确认）</button>
      </fieldset>
    </form>
    <form method="post" action="${base}/deputies-vote" class="stack">
      ${csrfInput(token)}<input type="hidden" name="candidateId" value="${c.id}" />
      <fieldset>
        <legend>代表票决结果</legend>
        <label
          >赞成 <input type="number" name="votesFor" min="0" required value="${c.deputiesFor ?? ''}"
        /></label>
        <label
          >反对 <input type="number" name="votesAgainst" min="0" required value="${c.deputiesAgainst ?? ''}"
        /></label>
        <label
          >弃权 <input type="number" name="votesAbstain" min="0" required value="${c.deputiesAbstain ?? ''}"
        /></label>
        <label class="check"
          ><input type="checkbox" name="adopted" value="1" ${c.adopted ? html`checked` : ''} />
          票决通过，列入年度民生实事</label
        >
        ${fourEyesFields}
        <button type="submit" class="secondary">提交票决结果（待确认）</button>
      </fieldset>
    </form>
    <h3>实施进度</h3>
    ${
      c.milestones.length === 0
        ? html`<p>尚无进度节点。</p>`
        : html`<ul>
            ${c.milestones.map(
              (m) =>
                html`<li>
                  ${m.title}：计划
                  ${m.dueOn}，${m.doneOn ? `已于 ${m.doneOn} 完成` : `进度 ${m.progressPercent}%`}${m.note ? html`（${m.note}）` : ''}
                </li>`,
            )}
          </ul>`
    }
    <form method="post" action="${base}/milestones" class="stack">
      ${csrfInput(token)}<input type="hidden" name="candidateId" value="${c.id}" />
      <fieldset>
        <legend>新增或更新进度节点（同名节点会被更新）</legend>
        <label>节点名称 <input name="title" maxlength="200" required /></label>
        <label>计划完成日期 <input type="date" name="dueOn" required /></label>
        <label>实际完成日期 <input type="date" name="doneOn" /></label>
        <label
          >进度（%） <input type="number" name="progressPercent" min="0" max="100" required value="0"
        /></label>
        <label>说明 <input name="note" maxlength="500" /></label>
        ${fourEyesFields}
        <button type="submit" class="secondary">提交进度（待确认）</button>
      </fieldset>
    </form>
    <form method="post" action="${base}/evaluation" class="stack">
      ${csrfInput(token)}<input type="hidden" name="candidateId" value="${c.id}" />
      <fieldset>
        <legend>年终评估</legend>
        <label
          >评估日期 <input type="date" name="evaluatedOn" required value="${c.evaluation?.evaluatedOn ?? ''}"
        /></label>
        <label
          >满意
          <input type="number" name="satisfied" min="0" required value="${c.evaluation?.satisfied ?? ''}"
        /></label>
        <label
          >基本满意
          <input
            type="number"
            name="basicallySatisfied"
            min="0"
            required
            value="${c.evaluation?.basicallySatisfied ?? ''}"
        /></label>
        <label
          >不满意
          <input
            type="number"
            name="dissatisfied"
            min="0"
            required
            value="${c.evaluation?.dissatisfied ?? ''}"
        /></label>
        <label
          >评估结论
          <textarea name="summary" maxlength="5000" required>${c.evaluation?.summary ?? ''}</textarea>
        </label>
        <button type="submit" class="secondary">保存评估</button>
      </fieldset>
    </form>
  </details>`;
}

export function roundView(
  token: string,
  round: RoundDetail,
  units: Array<{ id: string; name: string }>,
  nowIso: string,
): Html {
  const base = `/staff/rounds/${round.year}`;
  const voting = round.phases.find((p) => p.phase === 'public_voting');
  const votingOpen = voting !== undefined && voting.startsAt <= nowIso && voting.endsAt > nowIso;
  return html`<p><a href="/staff/rounds">返回票决轮次</a></p>
    <h1>${round.year} 年 · ${round.title}</h1>
    <h2>网上投票</h2>
    <p>${votingState(voting?.startsAt ?? null, voting?.endsAt ?? null, nowIso)}</p>
    <form method="post" action="${base}/voting" class="inline">
      ${csrfInput(token)}
      ${
        votingOpen
          ? html`<input type="hidden" name="action" value="close" /><button type="submit" class="danger">
                立即结束网上投票
              </button>`
          : html`<input type="hidden" name="action" value="open" /><button type="submit">
                立即开始网上投票
              </button>`
      }
    </form>

    ${
      round.mode === 'code'
        ? html`<h2>投票码</h2>
            <p>
              已生成 ${round.codes} 个，已使用 ${round.codesUsed}
              个。系统只保存投票码的摘要，生成后只能下载这一次。
            </p>
            <form method="post" action="${base}/codes" class="stack">
              ${csrfInput(token)}
              <label
                >本批生成数量
                <input type="number" name="count" min="1" max="${MAX_CODES_PER_BATCH}" required value="100"
              /></label>
              <button type="submit">生成并下载投票码（CSV）</button>
            </form>`
        : ''
    }

    <h2>阶段安排（北京时间）</h2>
    ${scrollTable(
      '阶段安排',
      html`<table>
        <thead>
          <tr>
            <th scope="col">阶段</th>
            <th scope="col">开始</th>
            <th scope="col">结束</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          ${roundPhases.map((phase) => {
            const p = round.phases.find((x) => x.phase === phase);
            const formId = `phase-${phase}`;
            return html`<tr>
              <th scope="row">${roundPhaseLabels[phase]}</th>
              <td>
                <input
                  form="${formId}"
                  type="datetime-local"
                  name="startsAt"
                  aria-label="${roundPhaseLabels[phase]}开始时间"
                  required
                  value="${p ? utcToBeijingMinute(p.startsAt) : ''}"
                />
              </td>
              <td>
                <input
                  form="${formId}"
                  type="datetime-local"
                  name="endsAt"
                  aria-label="${roundPhaseLabels[phase]}结束时间"
                  required
                  value="${p ? utcToBeijingMinute(p.endsAt) : ''}"
                />
              </td>
              <td>
                <form id="${formId}" method="post" action="${base}/phases" class="inline">
                  ${csrfInput(token)}<input type="hidden" name="phase" value="${phase}" />
                  <button type="submit" class="secondary">保存</button>
                </form>
              </td>
            </tr>`;
          })}
        </tbody>
      </table>`,
    )}

    <h2>候选项目（${round.candidates.length}）</h2>
    ${round.candidates.map((c) => candidateSection(token, round.year, c, units))}
    <form method="post" action="${base}/candidates" class="stack">
      ${csrfInput(token)}
      <fieldset>
        <legend>新增候选项目</legend>
        <label>名称 <input name="title" maxlength="120" required /></label>
        <label>说明 <textarea name="description" maxlength="5000" required></textarea></label>
        <label
          >牵头部门
          <select name="departmentId">
            <option value="">未指定</option>
            ${units.map((u) => html`<option value="${u.id}">${u.name}</option>`)}
          </select>
        </label>
        <label
          >预算（元，可超过 1 亿元）
          <input type="number" name="budgetYuan" min="0" max="${MAX_BUDGET_YUAN}" step="1"
        /></label>
        <label
          >排序 <input type="number" name="sortOrder" min="0" value="${round.candidates.length + 1}"
        /></label>
        <button type="submit">新增</button>
      </fieldset>
    </form>

    <h2>轮次设置</h2>
    ${roundForm(token, round, round.year)}`;
}
