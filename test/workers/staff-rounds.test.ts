import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashCode, normalizeCode } from '../../functions/lib/codes.ts';
import { parseCsv } from '../../functions/lib/csv.ts';

import { STALE_MESSAGE } from '../../functions/changes/actions.ts';
import { loadCandidatePage } from '../../site/lib/live/records.ts';
import { CHANGE_LOG_QUERY, changeLogRecord } from '../../site/loaders/records-queries.ts';
import { changeSummary } from '../../site/lib/records/changes.ts';
import { ChangeLogEntry } from '#domain/change-log.ts';
import {
  auditEntries,
  countRows,
  createRound,
  type Fetch,
  get,
  openChangeOf,
  ORIGIN,
  postForm,
  postJson,
  publishAs,
  runningDeployHook,
  seedStaffWorld,
  type Session,
  signIn,
  staffAppWith,
  type StaffWorld,
  worker,
} from './staff-fixtures.ts';
import { beijingMinuteToUtc } from '../../functions/lib/time.ts';

let w: StaffWorld;
let editor: Session;
/** The app with a build hook that accepts every publish, and the two people of four eyes on it. */
let app: Fetch;
let editorHere: Session;
let admin: Session;
const db = () => env.DB;
const YEAR = 2041;

beforeAll(async () => {
  w = await seedStaffWorld('rnd');
  editor = await signIn(worker, w.staff.editor);
  app = staffAppWith({ deployHookFetch: runningDeployHook });
  editorHere = await signIn(app, w.staff.editor);
  admin = await signIn(app, w.staff.admin);
});

async function candidateIds(year: number): Promise<string[]> {
  const { results } = await db()
    .prepare('SELECT id FROM project_candidates WHERE round_year = ?1 ORDER BY sort_order, id')
    .bind(year)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

describe('a new round hides its counts while voting is open unless staff choose otherwise', () => {
  it('leaves "公开实时票数" unticked on the new-round form', async () => {
    const page = await (await get(worker, editor, '/staff/rounds')).text();
    expect(page).toMatch(/name="countsPublic"\s+value="1"\s*\/?>/);
    expect(page).not.toMatch(/name="countsPublic"\s+value="1"\s+checked/);
  });
});

/** The change waiting on a record, which must exist. */
async function openChange(entityType: string, entityId: string) {
  const change = await openChangeOf(entityType, entityId);
  if (!change) throw new Error(`no open change of ${entityType} ${entityId}`);
  return change;
}

/** The admin (a second person) confirms a change; the editor who drafted it publishes. */
async function confirmAndPublish(entityType: string, entityId: string): Promise<void> {
  const change = await openChange(entityType, entityId);
  expect(change.needs_confirmation).toBe(1);
  // The one who drafted it cannot confirm it.
  expect((await postForm(app, editorHere, `/staff/publish/changes/${change.id}/confirm`, {})).status).toBe(
    403,
  );
  expect((await postForm(app, admin, `/staff/publish/changes/${change.id}/confirm`, {})).status).toBe(303);
  await publishAs(app, editorHere);
}

function roundRow(year: number) {
  return db()
    .prepare('SELECT title, max_choices, counts_public, row_version FROM project_rounds WHERE year = ?1')
    .bind(year)
    .first<{ title: string; max_choices: number; counts_public: number; row_version: number }>();
}

function changeLogOf(entityType: string, entityId: string) {
  return db()
    .prepare(
      `SELECT field, old_value, new_value, role, note FROM change_log WHERE entity_type = ?1 AND entity_id = ?2
       ORDER BY id`,
    )
    .bind(entityType, entityId)
    .all<{
      field: string;
      old_value: string | null;
      new_value: string | null;
      role: string | null;
      note: string;
    }>()
    .then((r) => r.results);
}

describe('a voting round from creation to evaluation', () => {
  it('creates the round; its settings change through drafts, a second person where they decide the vote', async () => {
    const created = await postForm(worker, editor, '/staff/rounds', {
      year: String(YEAR),
      title: '2041 年民生实事项目',
      mode: 'code',
      maxChoices: '3',
      countsPublic: 'on',
      description: '征集并票决年度民生实事。',
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('Location')).toBe('/staff/rounds?notice=round_drafted');
    // A draft: nothing public, no round to attach anything to, until a second person and a publish.
    expect(await roundRow(YEAR)).toBeNull();
    await confirmAndPublish('project_round', String(YEAR));
    expect((await worker(new Request(`${ORIGIN}/api/rounds/${YEAR}`))).status).toBe(200);
    const version = (await roundRow(YEAR))?.row_version ?? 0;

    // A new title: text, so a draft without a second person; nothing public moves before the publish.
    const retitled = await postForm(worker, editor, '/staff/rounds', {
      year: String(YEAR),
      title: '2041 年民生实事项目（修订）',
      mode: 'code',
      maxChoices: '3',
      countsPublic: 'on',
      description: '征集并票决年度民生实事。',
      rowVersion: String(version),
    });
    expect(retitled.headers.get('Location')).toBe(`/staff/rounds/${YEAR}?notice=change_drafted`);
    expect((await roundRow(YEAR))?.title).toBe('2041 年民生实事项目');
    const page = await (await get(worker, editor, `/staff/rounds/${YEAR}`)).text();
    expect(page).toContain('待发布的修改（1）');
    expect(page).toContain('2041 年民生实事项目（修订）');
    expect((await openChange('project_round', String(YEAR))).needs_confirmation).toBe(0);
    await publishAs(app, editorHere);
    expect((await roundRow(YEAR))?.title).toBe('2041 年民生实事项目（修订）');
    expect(
      (await changeLogOf('project_round', String(YEAR))).map((e) => [e.field, e.old_value, e.new_value]),
    ).toEqual([
      // The creation: one row per field it filled, then the new title.
      ['title', null, '2041 年民生实事项目'],
      ['mode', null, 'code'],
      ['max_choices', null, '3'],
      ['counts_public', null, '1'],
      ['description', null, '征集并票决年度民生实事。'],
      ['title', '2041 年民生实事项目', '2041 年民生实事项目（修订）'],
    ]);

    // A form from before that publish is refused with the usual message, and changes nothing.
    const stale = await postForm(worker, editor, '/staff/rounds', {
      year: String(YEAR),
      title: '旧页面上的标题',
      mode: 'code',
      maxChoices: '3',
      rowVersion: String(version),
    });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain(STALE_MESSAGE);
    expect(await openChangeOf('project_round', String(YEAR))).toBeNull();

    // How many choices a ballot takes decides the vote: a reason, then a second person.
    const settings = {
      year: String(YEAR),
      title: '2041 年民生实事项目（修订）',
      mode: 'code',
      maxChoices: '4',
      description: '征集并票决年度民生实事。',
      rowVersion: String((await roundRow(YEAR))?.row_version ?? 0),
    };
    const noReason = await postForm(worker, editor, '/staff/rounds', settings);
    expect(noReason.status).toBe(400);
    const noReasonPage = await noReason.text();
    expect(noReasonPage).toContain('class="error-summary"');
    // The summary links to the field, which carries the message and is marked invalid.
    expect(noReasonPage).toContain('href="#f-reason"');
    expect(noReasonPage).toMatch(/<input name="reason" id="f-reason"[^>]*aria-invalid="true"/);
    expect(noReasonPage).toMatch(/修改每票最多可选、投票期间公开票数时请说明原因/);
    // The typed values come back (the box left unticked stays unticked).
    expect(noReasonPage).toMatch(/name="maxChoices"[^>]*value="4"/);
    const withReason = await postForm(worker, editor, '/staff/rounds', {
      ...settings,
      reason: '常委会主任会议决定',
    });
    expect(withReason.headers.get('Location')).toBe(`/staff/rounds/${YEAR}?notice=change_needs_confirmation`);
    expect(await roundRow(YEAR)).toMatchObject({ max_choices: 3, counts_public: 1 });
    await confirmAndPublish('project_round', String(YEAR));
    expect(await roundRow(YEAR)).toMatchObject({ max_choices: 4, counts_public: 0 });
    expect(
      (await changeLogOf('project_round', String(YEAR)))
        .filter((e) => e.field !== 'title' && e.old_value !== null)
        .map((e) => [e.field, e.old_value, e.new_value, e.role]),
    ).toEqual([
      ['max_choices', '3', '4', 'admin'],
      ['counts_public', '1', '0', 'admin'],
    ]);
    expect((await auditEntries('project_round', String(YEAR))).map((a) => a.action)).toEqual([
      'change.draft',
      'change.confirm',
      'change.publish',
      'change.draft',
      'change.publish',
      'change.draft',
      'change.confirm',
      'change.publish',
    ]);
  });

  it('moves a phase window only after a second person and a publish', async () => {
    // Phase times are entered in Beijing time and stored in UTC.
    const phase = await postForm(worker, editor, `/staff/rounds/${YEAR}/phases`, {
      phase: 'collecting',
      startsAt: '2041-01-01T09:00',
      endsAt: '2041-01-31T18:00',
    });
    expect(phase.headers.get('Location')).toBe(`/staff/rounds/${YEAR}?notice=change_needs_confirmation`);
    const collecting = () =>
      db()
        .prepare("SELECT starts_at, ends_at FROM round_phases WHERE round_year = ?1 AND phase = 'collecting'")
        .bind(YEAR)
        .first();
    expect(await collecting()).toBeNull();
    await confirmAndPublish('round_phase', `${YEAR}/collecting`);
    expect(await collecting()).toEqual({
      starts_at: '2041-01-01T01:00:00Z',
      ends_at: '2041-01-31T10:00:00Z',
    });
    const log = await changeLogOf('round_phase', `${YEAR}/collecting`);
    expect(log.find((e) => e.field === 'starts_at')).toMatchObject({
      old_value: null,
      new_value: '2041-01-01T01:00:00Z',
      role: 'admin',
    });

    // Bad input comes back as the form: summary, the message by the field, the typed times kept.
    const backwards = await postForm(worker, editor, `/staff/rounds/${YEAR}/phases`, {
      phase: 'deputies_voting',
      startsAt: '2041-03-02T09:00',
      endsAt: '2041-03-01T09:00',
    });
    expect(backwards.status).toBe(400);
    const backwardsPage = await backwards.text();
    expect(backwardsPage).toContain('class="error-summary"');
    expect(backwardsPage).toContain('结束时间必须晚于开始时间');
    expect(backwardsPage).toContain('value="2041-03-02T09:00"');
    // Moving a published window needs a reason.
    const moved = { phase: 'collecting', startsAt: '2041-01-02T09:00', endsAt: '2041-01-31T18:00' };
    const unexplained = await postForm(worker, editor, `/staff/rounds/${YEAR}/phases`, moved);
    expect(unexplained.status).toBe(400);
    expect(await unexplained.text()).toContain('请说明原因');
    const page = await (await get(worker, editor, `/staff/rounds/${YEAR}`)).text();
    expect(page).toContain('value="2041-01-01T09:00"');
  });

  it('creates candidates and changes a budget only with a second person; text without one', async () => {
    const source = { reason: '录入候选项目', reference: '财预〔2041〕12 号' };
    for (const [title, order] of [
      ['老旧小区加装电梯', '1'],
      ['社区食堂建设', '2'],
    ] as const) {
      const added = await postForm(worker, editor, `/staff/rounds/${YEAR}/candidates`, {
        title,
        description: `${title}项目说明。`,
        departmentId: w.unit,
        budgetYuan: '1200000',
        sortOrder: order,
        ...source,
      });
      expect(added.headers.get('Location')).toBe(`/staff/rounds/${YEAR}?notice=change_needs_confirmation`);
    }
    // A budget without its reference comes back with the message at the field, the values kept.
    const bare = await postForm(worker, editor, `/staff/rounds/${YEAR}/candidates`, {
      title: '口袋公园',
      description: '新建口袋公园。',
      budgetYuan: '800000',
    });
    expect(bare.status).toBe(400);
    const barePage = await bare.text();
    expect(barePage).toContain('请填写依据');
    expect(barePage).toMatch(/name="title"[^>]*value="口袋公园"/);
    const negative = await postForm(worker, editor, `/staff/rounds/${YEAR}/candidates`, {
      title: '口袋公园',
      description: '新建口袋公园。',
      budgetYuan: '-1',
      ...source,
    });
    expect(negative.status).toBe(400);
    expect(await negative.text()).toContain('预算不能为负数');
    // Nothing is public before the publish: neither the candidates nor the public ballot's choices.
    expect(await candidateIds(YEAR)).toEqual([]);
    const drafts = (
      await db()
        .prepare(
          "SELECT entity_id FROM official_changes WHERE entity_type = 'project_candidate' AND action = 'create' AND state = 'drafted' ORDER BY id",
        )
        .all<{ entity_id: string }>()
    ).results.map((r) => r.entity_id);
    expect(drafts).toHaveLength(2);
    const roundPage = await (await get(worker, editor, `/staff/rounds/${YEAR}`)).text();
    expect(roundPage).toContain('老旧小区加装电梯');
    expect(roundPage).toContain('待确认');
    for (const id of drafts) {
      expect(
        (
          await postForm(
            app,
            admin,
            `/staff/publish/changes/${(await openChange('project_candidate', id)).id}/confirm`,
            {},
          )
        ).status,
      ).toBe(303);
    }
    await publishAs(app, editorHere);
    expect(await candidateIds(YEAR)).toEqual(drafts);
    const [first = ''] = drafts;
    // The creation's public log names what it filled (not the deputies' vote, not yet taken).
    const created = (await changeLogOf('project_candidate', first)).map((e) => e.field);
    expect(created).toEqual(expect.arrayContaining(['title', 'budget_yuan', 'department_id']));
    expect(created).not.toContain('deputies_for');

    // The same title again in this round is refused at the field.
    const duplicate = await postForm(worker, editor, `/staff/rounds/${YEAR}/candidates`, {
      title: '社区食堂建设',
      description: '重复',
    });
    expect(duplicate.status).toBe(400);
    expect(await duplicate.text()).toContain('本轮次已有同名的候选项目');

    // Text: published without a second person.
    const versionOf = async (id: string) =>
      (
        await db()
          .prepare('SELECT row_version FROM project_candidates WHERE id = ?1')
          .bind(id)
          .first<{ row_version: number }>()
      )?.row_version ?? 0;
    const text = {
      candidateId: first,
      title: '老旧小区加装电梯（第一批）',
      description: '首批 30 个小区。',
      departmentId: w.unit,
      budgetYuan: '1200000',
      sortOrder: '1',
    };
    const retitled = await postForm(worker, editor, `/staff/rounds/${YEAR}/candidates`, {
      ...text,
      rowVersion: String(await versionOf(first)),
    });
    expect(retitled.headers.get('Location')).toBe(`/staff/rounds/${YEAR}?notice=change_drafted`);
    await publishAs(app, editorHere);
    const publicPage = () => loadCandidatePage(db(), YEAR, first);
    expect((await publicPage())?.candidate.title).toBe('老旧小区加装电梯（第一批）');

    // The budget: the submitter cannot confirm it, and nothing shows before the publish.
    const staleVersion = await versionOf(first);
    const budget = await postForm(worker, editor, `/staff/rounds/${YEAR}/candidates`, {
      ...text,
      budgetYuan: '250000000',
      rowVersion: String(staleVersion),
      reason: '追加二期工程',
      reference: '财预〔2041〕31 号',
    });
    expect(budget.headers.get('Location')).toBe(`/staff/rounds/${YEAR}?notice=change_needs_confirmation`);
    const change = await openChange('project_candidate', first);
    expect((await postForm(app, editorHere, `/staff/publish/changes/${change.id}/confirm`, {})).status).toBe(
      403,
    );
    await publishAs(app, editorHere);
    expect((await publicPage())?.candidate.budgetYuan).toBe(1_200_000);
    expect((await changeLogOf('project_candidate', first)).some((e) => e.new_value === '250000000')).toBe(
      false,
    );
    // A second save while that change waits is refused, naming it.
    const second = await postForm(worker, editor, `/staff/rounds/${YEAR}/candidates`, {
      ...text,
      description: '另一处修改。',
      rowVersion: String(staleVersion),
    });
    expect(second.status).toBe(409);
    expect(await second.text()).toContain(`第 ${String(change.id)} 号`);
    expect((await postForm(app, admin, `/staff/publish/changes/${change.id}/confirm`, {})).status).toBe(303);
    await publishAs(app, editorHere);
    const after = await publicPage();
    expect(after?.candidate.budgetYuan).toBe(250_000_000);
    // The public change log (the project page's history and /changes/): before → after, the role.
    expect(after?.history.find((e) => e.field === 'budget_yuan')).toMatchObject({
      oldValue: '1200000',
      newValue: '250000000',
      role: 'admin',
      note: '追加二期工程',
    });
    // A page loaded before that publish is stale now.
    const old = await postForm(worker, editor, `/staff/rounds/${YEAR}/candidates`, {
      ...text,
      description: '旧页面。',
      rowVersion: String(staleVersion),
    });
    expect(old.status).toBe(409);
    expect(await old.text()).toContain(STALE_MESSAGE);
    expect((await auditEntries('project_candidate', first)).map((a) => a.action)).not.toContain(
      'candidate.update',
    );
  });

  it("four eyes on counts by channel, the deputies' vote and milestones; then the evaluation", async () => {
    const [first] = await candidateIds(YEAR);
    const id = first ?? '';
    await db()
      .prepare("INSERT INTO vote_counts (candidate_id, channel, count) VALUES (?1, 'online', 77)")
      .bind(id)
      .run();
    const source = { reason: '录入联络站计票', reference: '计票单 JP-2041-007' };
    const publicCounts = async () =>
      (
        await db()
          .prepare('SELECT channel, count FROM vote_counts WHERE candidate_id = ?1 ORDER BY channel')
          .bind(id)
          .all<{ channel: string; count: number }>()
      ).results;
    const before = await publicCounts();
    // A count without a reason and a reference is refused; so is a negative one.
    const bare = await postForm(worker, editor, `/staff/rounds/${YEAR}/counts`, {
      candidateId: id,
      station: '120',
      paper: '35',
    });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toMatch(/计票单编号/);
    expect(
      (
        await postForm(worker, editor, `/staff/rounds/${YEAR}/counts`, {
          candidateId: id,
          station: '-1',
          paper: '0',
          ...source,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await postForm(worker, editor, `/staff/rounds/${YEAR}/counts`, {
          candidateId: id,
          station: '120',
          paper: '35',
          ...source,
        })
      ).status,
    ).toBe(303);
    const vote = {
      candidateId: id,
      votesFor: '180',
      votesAgainst: '6',
      votesAbstain: '4',
      adopted: 'on',
      ...source,
      reference: '会议记录第 3 号',
    };
    expect((await postForm(worker, editor, `/staff/rounds/${YEAR}/deputies-vote`, vote)).status).toBe(303);
    const milestone = {
      candidateId: id,
      title: '完成设计招标',
      dueOn: '2041-06-30',
      progressPercent: '40',
      note: '',
      ...source,
      reference: '住建局函 2041-12',
    };
    expect((await postForm(worker, editor, `/staff/rounds/${YEAR}/milestones`, milestone)).status).toBe(303);
    expect(
      (
        await postForm(worker, editor, `/staff/rounds/${YEAR}/milestones`, {
          ...milestone,
          title: '另一节点',
          progressPercent: '140',
        })
      ).status,
    ).toBe(400);

    // Nothing counts publicly yet, and every one waits for a second person.
    expect(await publicCounts()).toEqual(before);
    expect(
      await db().prepare('SELECT deputies_for FROM project_candidates WHERE id = ?1').bind(id).first(),
    ).toEqual({ deputies_for: null });
    const open = (
      await db()
        .prepare(
          `SELECT id, entity_type, needs_confirmation, reason, reference, drafted_by FROM official_changes
           WHERE state = 'drafted' AND entity_type IN ('candidate_tally', 'project_candidate', 'project_milestone') ORDER BY id`,
        )
        .all<{
          id: number;
          entity_type: string;
          needs_confirmation: number;
          reason: string;
          reference: string;
          drafted_by: string;
        }>()
    ).results;
    expect(open.map((c) => [c.entity_type, c.needs_confirmation, c.drafted_by])).toEqual([
      ['candidate_tally', 1, w.staff.editor],
      ['project_candidate', 1, w.staff.editor],
      ['project_milestone', 1, w.staff.editor],
    ]);
    expect(open[0]).toMatchObject({ reason: '录入联络站计票', reference: '计票单 JP-2041-007' });

    // Whoever entered cannot confirm, and a publish leaves unconfirmed numbers alone.
    for (const change of open) {
      const self = await postForm(app, editorHere, `/staff/publish/changes/${change.id}/confirm`, {});
      expect(self.status).toBe(403);
    }
    expect((await postForm(app, admin, '/staff/publish', { summary: '未确认不发布' })).status).toBe(303);
    expect(await publicCounts()).toEqual(before);

    // A second staff member confirms; the next publish applies them all.
    for (const change of open) {
      expect((await postForm(app, admin, `/staff/publish/changes/${change.id}/confirm`, {})).status).toBe(
        303,
      );
    }
    expect((await postForm(app, editorHere, '/staff/publish', { summary: '计票与进度' })).status).toBe(303);
    expect(await publicCounts()).toEqual([
      { channel: 'online', count: 77 },
      { channel: 'paper', count: 35 },
      { channel: 'station', count: 120 },
    ]);
    expect(
      await db()
        .prepare('SELECT deputies_for, adopted FROM project_candidates WHERE id = ?1')
        .bind(id)
        .first(),
    ).toEqual({ deputies_for: 180, adopted: 1 });
    expect(
      await db()
        .prepare('SELECT progress_percent FROM project_milestones WHERE candidate_id = ?1')
        .bind(id)
        .first(),
    ).toEqual({ progress_percent: 40 });
    // The public change log: before → after, when, and the confirming role (a role, not a person).
    const log = (
      await db()
        .prepare(
          `SELECT entity_type, field, old_value, new_value, role, at FROM change_log
           WHERE (entity_type IN ('candidate_tally', 'project_candidate') AND entity_id = ?1) OR entity_type = 'project_milestone'
           ORDER BY entity_type, field`,
        )
        .bind(id)
        .all<{
          entity_type: string;
          field: string;
          old_value: string | null;
          new_value: string | null;
          role: string;
          at: string;
        }>()
    ).results;
    expect(
      log
        .filter((e) => e.entity_type === 'candidate_tally')
        .map((e) => [e.field, e.old_value, e.new_value, e.role]),
    ).toEqual([
      ['paper_count', '0', '35', 'admin'],
      ['station_count', '0', '120', 'admin'],
    ]);
    expect(
      // (the candidate's creation logged its empty vote too)
      log.find(
        (e) => e.entity_type === 'project_candidate' && e.field === 'deputies_for' && e.new_value !== null,
      ),
    ).toMatchObject({
      old_value: null,
      new_value: '180',
      role: 'admin',
    });
    expect(log.every((e) => e.at.length >= 19)).toBe(true);
    // The old path (one editor writing the public count directly) is refused by the database.
    await expect(
      db()
        .prepare("UPDATE vote_counts SET count = 5000 WHERE candidate_id = ?1 AND channel = 'station'")
        .bind(id)
        .run(),
    ).rejects.toThrow(/offline_counts_need_confirmation/);

    // The evaluation's counts are official figures too: drafted, confirmed by another person, published.
    const evaluation = {
      candidateId: id,
      evaluatedOn: '2041-12-20',
      satisfied: '150',
      basicallySatisfied: '30',
      dissatisfied: '5',
      summary: '按期完成，群众满意。',
    };
    const noSource = await postForm(worker, editor, `/staff/rounds/${YEAR}/evaluation`, evaluation);
    expect(noSource.status).toBe(400);
    expect(await noSource.text()).toMatch(/计票单编号|依据/);
    const withSource = { ...evaluation, reason: '录入年终评估', reference: '满意度测评表 2041-12' };
    expect((await postForm(worker, editor, `/staff/rounds/${YEAR}/evaluation`, withSource)).status).toBe(303);
    const evaluated = () =>
      db()
        .prepare('SELECT satisfied, summary FROM project_evaluations WHERE candidate_id = ?1')
        .bind(id)
        .first();
    expect(await evaluated()).toBeNull();
    const draft = await db()
      .prepare(
        "SELECT id, needs_confirmation FROM official_changes WHERE state = 'drafted' AND entity_type = 'project_evaluation' AND entity_id = ?1",
      )
      .bind(id)
      .first<{ id: number; needs_confirmation: number }>();
    expect(draft?.needs_confirmation).toBe(1);
    expect(
      (await postForm(app, editorHere, `/staff/publish/changes/${String(draft?.id)}/confirm`, {})).status,
    ).toBe(403);
    expect((await postForm(app, editorHere, '/staff/publish', { summary: '评估未确认' })).status).toBe(303);
    expect(await evaluated()).toBeNull();
    expect(
      (await postForm(app, admin, `/staff/publish/changes/${String(draft?.id)}/confirm`, {})).status,
    ).toBe(303);
    expect((await postForm(app, editorHere, '/staff/publish', { summary: '年终评估' })).status).toBe(303);
    expect(await evaluated()).toEqual({ satisfied: 150, summary: '按期完成，群众满意。' });
    const evaluationLog = (
      await db()
        .prepare(
          "SELECT field, old_value, new_value, role FROM change_log WHERE entity_type = 'project_evaluation' AND entity_id = ?1 ORDER BY field",
        )
        .bind(id)
        .all<{ field: string; old_value: string | null; new_value: string | null; role: string }>()
    ).results;
    expect(evaluationLog.find((e) => e.field === 'satisfied')).toEqual({
      field: 'satisfied',
      old_value: null,
      new_value: '150',
      role: 'admin',
    });
    // Every change of the candidate went through the lifecycle (its creation, text, budget and vote).
    expect((await auditEntries('project_candidate', id)).every((a) => a.action.startsWith('change.'))).toBe(
      true,
    );
    expect((await auditEntries('project_evaluation', id)).map((a) => a.action)).toEqual([
      'change.draft',
      'change.confirm',
      'change.publish',
    ]);
  });

  it('re-shows a number form with its errors and what was typed, without JavaScript; nothing is drafted', async () => {
    const [first] = await candidateIds(YEAR);
    const id = first ?? '';
    const drafts = async () =>
      (
        await db()
          .prepare("SELECT COUNT(*) AS n FROM official_changes WHERE state IN ('drafted', 'confirmed')")
          .first<{ n: number }>()
      )?.n;
    const before = await drafts();
    const cases: [string, Record<string, string>, string[]][] = [
      [
        'counts',
        { station: '-1', paper: '35', reason: '录入联络站计票', reference: '' },
        ['联络站票数不能为负数。', 'value="-1"', 'value="35"', 'value="录入联络站计票"'],
      ],
      [
        'deputies-vote',
        {
          votesFor: 'abc',
          votesAgainst: '6',
          votesAbstain: '2',
          adopted: '1',
          reason: '',
          reference: 'JY-1',
        },
        ['value="abc"', 'value="6"', 'value="JY-1"'],
      ],
      [
        'milestones',
        { title: '开工', dueOn: '2041-02-30', progressPercent: '120', reason: '进度', reference: 'JD-1' },
        ['value="开工"', 'value="2041-02-30"', 'value="120"', '进度在 0–100 之间。'],
      ],
      [
        'evaluation',
        {
          evaluatedOn: '2041-12-20',
          satisfied: '10',
          basicallySatisfied: '',
          dissatisfied: '1',
          summary: '',
        },
        ['value="2041-12-20"', 'value="10"', '请填写评估结论。'],
      ],
    ];
    for (const [form, fields, expected] of cases) {
      const response = await postForm(worker, editor, `/staff/rounds/${YEAR}/${form}`, {
        candidateId: id,
        ...fields,
      });
      expect(response.status, form).toBe(400);
      expect(response.headers.get('Content-Type'), form).toContain('text/html');
      const html = await response.text();
      expect(html, form).toContain('class="error-summary"');
      expect(html, form).toContain('class="field-error"');
      // The candidate's forms are open, so the message and the values are in sight.
      expect(html, form).toMatch(/<details open="">/);
      for (const text of expected) expect(html, `${form}: ${text}`).toContain(text);
    }
    expect(await drafts()).toBe(before);
  });

  it('opens public voting only after a second person and a publish; closes it at once, in public', async () => {
    const publicRound = async () =>
      (await worker(new Request(`${ORIGIN}/api/rounds/${YEAR}`))).json<{
        opensAt: string | null;
        closesAt: string | null;
      }>();
    const nowIso = () => new Date().toISOString().slice(0, 19) + 'Z';
    const isOpen = (r: { opensAt: string | null; closesAt: string | null }) =>
      (r.opensAt ?? '9') <= nowIso() && (r.closesAt ?? '') > nowIso();
    const opened = await postForm(worker, editor, `/staff/rounds/${YEAR}/voting`, { action: 'open' });
    expect(opened.headers.get('Location')).toBe(`/staff/rounds/${YEAR}?notice=change_needs_confirmation`);
    expect(isOpen(await publicRound())).toBe(false);
    await confirmAndPublish('round_phase', `${YEAR}/public_voting`);
    expect(isOpen(await publicRound())).toBe(true);

    const closed = await postForm(worker, editor, `/staff/rounds/${YEAR}/voting`, { action: 'close' });
    expect(closed.headers.get('Location')).toBe(`/staff/rounds/${YEAR}?notice=voting_closed`);
    expect(isOpen(await publicRound())).toBe(false);
    // The emergency stop is in the public change log at once, with the role of whoever stopped it.
    expect((await changeLogOf('round_phase', `${YEAR}/public_voting`)).at(-1)).toMatchObject({
      field: 'ends_at',
      role: 'editor',
      note: '立即结束网上投票',
    });
    // Closing again: the round's page with the reason in its error summary, not an error page.
    const again = await postForm(worker, editor, `/staff/rounds/${YEAR}/voting`, { action: 'close' });
    expect(again.status).toBe(409);
    const page = await again.text();
    expect(page).toContain('class="error-summary"');
    expect(page).toContain('公开投票当前没有进行，无需结束。');
    expect(page).toContain(`action="/staff/rounds/${YEAR}/voting"`);
    expect(page).not.toContain('无法完成操作');
  });

  it('shows a draft of the window made stale meanwhile as stale on the round’s page, without a confirm button', async () => {
    const id = `${YEAR}/public_voting`;
    expect((await postForm(worker, editor, `/staff/rounds/${YEAR}/voting`, { action: 'open' })).status).toBe(
      303,
    );
    const change = await openChange('round_phase', id);
    const confirmForm = `action="/staff/publish/changes/${String(change.id)}/confirm"`;
    expect(await (await get(app, admin, `/staff/rounds/${YEAR}`)).text()).toContain(confirmForm);
    // The window moves on under the draft (a direct write, as the emergency stop makes one).
    await db().prepare('UPDATE round_phases SET ends_at = ends_at WHERE id = ?1').bind(id).run();
    const page = await (await get(app, admin, `/staff/rounds/${YEAR}`)).text();
    expect(page).toContain('已过期：起草后记录已被他人修改');
    expect(page).not.toContain(confirmForm);
    expect(page).toContain(`action="/staff/publish/changes/${String(change.id)}/withdraw"`);
    expect(
      (await postForm(app, admin, `/staff/publish/changes/${String(change.id)}/withdraw`, {})).status,
    ).toBe(303);
  });
});

describe('the rounds API', () => {
  it('answers a draft with 202, and bad input with 400 and the message of each field', async () => {
    const [candidate = ''] = await candidateIds(YEAR);
    const noReference = await postJson(worker, editor, `/api/staff/rounds/${YEAR}/candidates`, {
      candidateId: candidate,
      title: '老旧小区加装电梯（第一批）',
      description: '首批 30 个小区。',
      budgetYuan: 1,
      reason: '更正',
    });
    expect(noReference.status).toBe(400);
    const body = await noReference.json<{ error: { fields?: Record<string, string> } }>();
    expect(body.error.fields?.reference).toMatch(/依据/);
    const badPhase = await postJson(worker, editor, `/api/staff/rounds/${YEAR}/phases`, {
      phase: 'evaluating',
      startsAt: '2041-12-31T09:00',
      endsAt: '2041-12-01T09:00',
    });
    expect(badPhase.status).toBe(400);
    expect(
      (await badPhase.json<{ error: { fields?: Record<string, string> } }>()).error.fields?.endsAt,
    ).toMatch(/晚于/);
    const drafted = await postJson(worker, editor, `/api/staff/rounds/${YEAR}/phases`, {
      phase: 'evaluating',
      startsAt: '2041-12-01T09:00',
      endsAt: '2041-12-31T18:00',
    });
    expect(drafted.status).toBe(202);
    expect(
      (await drafted.json<{ change: { needsConfirmation: boolean; entityId: string } }>()).change,
    ).toMatchObject({ needsConfirmation: true, entityId: `${YEAR}/evaluating` });
    // The same settings again change nothing and say so with the round as it is.
    const round = await (
      await get(worker, editor, `/api/staff/rounds/${YEAR}`)
    ).json<{
      title: string;
      mode: string;
      maxChoices: number;
      countsPublic: boolean;
      description: string;
    }>();
    const again = await postJson(worker, editor, '/api/staff/rounds', {
      year: YEAR,
      title: round.title,
      mode: round.mode,
      maxChoices: round.maxChoices,
      countsPublic: round.countsPublic,
      description: round.description,
    });
    expect(again.status).toBe(200);
  });
});

describe('voting codes', () => {
  it('are generated once as a CSV; only their hashes are stored; each one casts one ballot', async () => {
    const response = await postForm(worker, editor, `/staff/rounds/${YEAR}/codes`, { count: '25' });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/text\/csv/);
    expect(response.headers.get('Content-Disposition')).toMatch(
      /attachment; filename="voting-codes-2041-[0-9a-f]{12}\.csv"/,
    );
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const rows = parseCsv(await response.text());
    expect(rows[0]).toEqual(['年度', '批次', '投票码']);
    const codes = rows.slice(1).map((r) => r[2] ?? '');
    expect(codes).toHaveLength(25);
    expect(new Set(codes).size).toBe(25);
    const batchId = rows[1]?.[1] ?? '';

    const stored = await db()
      .prepare('SELECT code_hash FROM voting_codes WHERE round_year = ?1 AND batch_id = ?2')
      .bind(YEAR, batchId)
      .all<{ code_hash: string }>();
    const expected = await Promise.all(codes.map(async (code) => hashCode(normalizeCode(code) ?? '')));
    expect(stored.results.map((r) => r.code_hash).sort()).toEqual([...expected].sort());
    // The codes themselves are nowhere in the database.
    for (const code of codes.slice(0, 3)) {
      const plain = normalizeCode(code) ?? '';
      const hits = await db()
        .prepare('SELECT COUNT(*) AS n FROM audit_log WHERE after_json LIKE ?1 OR after_json LIKE ?2')
        .bind(`%${code}%`, `%${plain}%`)
        .first<{ n: number }>();
      expect(hits?.n).toBe(0);
    }
    expect((await auditEntries('project_round', String(YEAR))).at(-1)).toMatchObject({
      action: 'round.codes_generate',
      after_json: JSON.stringify({ batchId, count: 25 }),
    });

    // A code works once in the public ballot API while voting is open (once the window is published).
    await postForm(worker, editor, `/staff/rounds/${YEAR}/phases`, {
      phase: 'public_voting',
      startsAt: '2020-01-01T00:00',
      endsAt: '2099-01-01T00:00',
      reason: '重新开放网上投票',
    });
    await confirmAndPublish('round_phase', `${YEAR}/public_voting`);
    const [candidate] = await candidateIds(YEAR);
    const cast = (code: string) =>
      worker(
        new Request(`${ORIGIN}/api/rounds/${YEAR}/ballots`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
          body: JSON.stringify({ choices: [candidate], votingCode: code }),
        }),
      );
    expect((await cast(codes[0] ?? '')).status).toBe(201);
    expect((await cast(codes[0] ?? '')).status).toBeGreaterThanOrEqual(400);
  });

  it('are refused for open rounds, above the batch limit, and to roles without the right', async () => {
    await createRound(app, editorHere, admin, {
      year: YEAR + 1,
      title: '公开投票轮次',
      mode: 'open',
      maxChoices: 2,
      countsPublic: true,
    });
    const openRound = await postJson(worker, editor, `/api/staff/rounds/${YEAR + 1}/codes`, { count: 5 });
    expect(openRound.status).toBe(409);
    expect((await openRound.json<{ error: { message: string } }>()).error.message).toBe(
      '该轮次为公开投票，不使用投票码。',
    );
    expect((await postForm(worker, editor, `/staff/rounds/${YEAR}/codes`, { count: '5001' })).status).toBe(
      400,
    );
    expect((await postForm(worker, editor, `/staff/rounds/1999/codes`, { count: '5' })).status).toBe(400);
    expect((await postForm(worker, editor, `/staff/rounds/2099/codes`, { count: '5' })).status).toBe(404);
    const handler = await signIn(worker, w.staff.handler);
    expect((await postForm(worker, handler, `/staff/rounds/${YEAR}/codes`, { count: '5' })).status).toBe(403);
  });

  it('handles a large batch in one atomic write', async () => {
    const before =
      (
        await db()
          .prepare('SELECT COUNT(*) AS n FROM voting_codes WHERE round_year = ?1')
          .bind(YEAR)
          .first<{ n: number }>()
      )?.n ?? 0;
    const response = await postJson(worker, editor, `/api/staff/rounds/${YEAR}/codes`, { count: 2000 });
    expect(response.status).toBe(200);
    expect(parseCsv(await response.text())).toHaveLength(2001);
    const after =
      (
        await db()
          .prepare('SELECT COUNT(*) AS n FROM voting_codes WHERE round_year = ?1')
          .bind(YEAR)
          .first<{ n: number }>()
      )?.n ?? 0;
    expect(after - before).toBe(2000);
  });
});

describe('a new round goes through the lifecycle like every official change', () => {
  const NEW_YEAR = 2047;
  const settings = {
    year: NEW_YEAR,
    title: '2047 年民生实事项目',
    mode: 'open' as const,
    maxChoices: 4,
    countsPublic: true,
    description: '新轮次须经第二人确认。',
  };
  const publicRound = () => worker(new Request(`${ORIGIN}/api/rounds/${NEW_YEAR}`));
  const newRoundDraft = () =>
    db()
      .prepare(
        `SELECT id, state, needs_confirmation, drafted_by FROM official_changes
         WHERE entity_type = 'project_round' AND entity_id = ?1 AND action = 'create'`,
      )
      .bind(String(NEW_YEAR))
      .all<{ id: number; state: string; needs_confirmation: number; drafted_by: string }>()
      .then((r) => r.results);

  it('cannot be made public by one person: a draft, nothing public or attachable, no self-confirmation', async () => {
    const drafted = await postJson(app, editorHere, '/api/staff/rounds', settings);
    expect(drafted.status).toBe(202);
    const { change, isNew } = await drafted.json<{
      change: { changeId: number; entityId: string; needsConfirmation: boolean; changed: string[] };
      isNew: boolean;
    }>();
    expect(isNew).toBe(true);
    expect(change).toMatchObject({ entityId: String(NEW_YEAR), needsConfirmation: true });
    expect(change.changed).toEqual(expect.arrayContaining(['mode', 'max_choices', 'counts_public']));
    expect(await roundRow(NEW_YEAR)).toBeNull();
    expect((await publicRound()).status).toBe(404);

    // The rounds list shows it waiting, with who drafted it and where it is confirmed.
    const list = await (await get(worker, editor, '/staff/rounds')).text();
    expect(list).toContain('待确认/待发布的新轮次（1）');
    expect(list).toContain('2047 年民生实事项目');
    expect(list).toContain('编辑乙');
    expect(list).toContain('待另一位工作人员确认');
    expect(list).toContain('href="/staff/publish"');
    const listed = await (
      await get(worker, editor, '/api/staff/rounds')
    ).json<{
      rounds: { year: number }[];
      newRounds: { id: number; entityId: string; state: string; draftedBy: string }[];
    }>();
    expect(listed.rounds.map((r) => r.year)).not.toContain(NEW_YEAR);
    expect(listed.newRounds).toEqual([
      expect.objectContaining({
        id: change.changeId,
        entityId: String(NEW_YEAR),
        state: 'drafted',
        draftedBy: w.staff.editor,
      }),
    ]);
    // The round's own page does not exist yet: the list again, saying why.
    const page = await get(worker, editor, `/staff/rounds/${NEW_YEAR}`);
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('2047 年的新轮次还在等待确认和发布');

    // Nothing joins it before its publish: phases, candidates, codes (form and API), no draft made.
    const changesBefore = await countRows('SELECT COUNT(*) AS n FROM official_changes');
    const phase = await postForm(worker, editor, `/staff/rounds/${NEW_YEAR}/phases`, {
      phase: 'public_voting',
      startsAt: '2047-03-01T09:00',
      endsAt: '2047-03-15T18:00',
      reason: '排期',
    });
    expect(phase.status).toBe(409);
    const phasePage = await phase.text();
    expect(phasePage).toContain('class="error-summary"');
    expect(phasePage).toContain('发布后才能设置它的阶段时间、候选项目');
    const candidate = await postJson(worker, editor, `/api/staff/rounds/${NEW_YEAR}/candidates`, {
      title: '社区食堂',
      description: '新建社区食堂。',
    });
    expect(candidate.status).toBe(409);
    expect((await candidate.json<{ error: { code: string } }>()).error.code).toBe('round_not_published');
    expect((await postForm(worker, editor, `/staff/rounds/${NEW_YEAR}/codes`, { count: '5' })).status).toBe(
      409,
    );
    expect(await countRows('SELECT COUNT(*) AS n FROM official_changes')).toBe(changesBefore);

    // The drafter's own confirmation is refused, by the form and the API; a publish skips the draft.
    const self = await postForm(
      app,
      editorHere,
      `/staff/publish/changes/${String(change.changeId)}/confirm`,
      {},
    );
    expect(self.status).toBe(403);
    expect(await self.text()).toContain('不能确认自己起草的修改');
    const selfApi = await postJson(
      app,
      editorHere,
      `/api/staff/publish/changes/${String(change.changeId)}/confirm`,
      {},
    );
    expect(selfApi.status).toBe(403);
    await publishAs(app, editorHere);
    expect(await roundRow(NEW_YEAR)).toBeNull();
    expect((await publicRound()).status).toBe(404);
    expect(
      await countRows(
        "SELECT COUNT(*) AS n FROM change_log WHERE entity_type = 'project_round' AND entity_id = ?1",
        String(NEW_YEAR),
      ),
    ).toBe(0);
    expect((await newRoundDraft()).map((d) => d.state)).toEqual(['drafted']);
  });

  it('says what happens next after the form, and re-shows a refused form with what was typed (no script)', async () => {
    const notice = await (await get(worker, editor, '/staff/rounds?notice=round_drafted')).text();
    expect(notice).toContain('新轮次已保存为草稿：须由另一位工作人员在“发布”页确认');
    const refused = await postForm(worker, editor, '/staff/rounds', {
      year: String(NEW_YEAR + 2),
      title: '选项太多的轮次',
      mode: 'open',
      maxChoices: '99',
      countsPublic: '1',
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('href="#f-maxChoices"');
    expect(html).toMatch(/<input[^>]*name="year"[^>]*value="2049"/);
    expect(html).toMatch(/<input[^>]*name="title"[^>]*value="选项太多的轮次"/);
    expect(html).toMatch(/name="countsPublic" value="1" checked/);
    expect(
      await countRows(
        "SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'project_round' AND entity_id = ?1",
        String(NEW_YEAR + 2),
      ),
    ).toBe(0);
  });

  it('refuses the same creation again while its draft is open, keeping what was typed', async () => {
    const again = await postForm(worker, editor, '/staff/rounds', {
      year: String(NEW_YEAR),
      title: '重复新建的轮次',
      mode: 'code',
      maxChoices: '2',
    });
    expect(again.status).toBe(409);
    const html = await again.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toMatch(/2047 年的新轮次已由编辑乙起草（第 \d+ 号修改）/);
    expect(html).toMatch(/<input[^>]*name="title"[^>]*value="重复新建的轮次"/);
    const api = await postJson(worker, editor, '/api/staff/rounds', settings);
    expect(api.status).toBe(409);
    const body = await api.json<{ error: { code: string; fields?: Record<string, string> } }>();
    expect(body.error.code).toBe('round_pending');
    expect(body.error.fields?.year).toMatch(/等待确认和发布/);
    expect(await newRoundDraft()).toHaveLength(1);
  });

  it('is public once a second person confirms it and a publish applies it, with its change-log rows', async () => {
    const [draft] = await newRoundDraft();
    const publishPage = await (await get(app, admin, '/staff/publish')).text();
    expect(publishPage).toContain('2047 年民生实事项目');
    // The confirmer reads the settings as words, not codes.
    expect(publishPage).toContain('投票期间公开票数：<ins>是</ins>');
    expect(publishPage).toContain('投票方式：<ins>公开投票（每个浏览器一票，未核验身份）</ins>');
    expect(
      (await postForm(app, admin, `/staff/publish/changes/${String(draft?.id)}/confirm`, {})).status,
    ).toBe(303);
    expect(await (await get(worker, editor, '/staff/rounds')).text()).toContain('已确认，待发布');
    // Confirmed is not published: still nothing public.
    expect((await publicRound()).status).toBe(404);
    await publishAs(app, editorHere);

    const shown = await publicRound();
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({
      year: NEW_YEAR,
      title: '2047 年民生实事项目',
      mode: 'open',
      maxChoices: 4,
      countsPublic: true,
    });
    // What /changes/ is built from: one row per field, confirmed by the admin's role.
    const { results } = await db().prepare(CHANGE_LOG_QUERY).all<Parameters<typeof changeLogRecord>[0]>();
    const entries = results
      .map((r) => ChangeLogEntry.parse(changeLogRecord(r)))
      .filter((e) => e.entityType === 'project_round' && e.entityId === String(NEW_YEAR));
    expect(entries.map((e) => [e.field, e.role])).toEqual(
      expect.arrayContaining([
        ['title', 'admin'],
        ['mode', 'admin'],
        ['max_choices', 'admin'],
        ['counts_public', 'admin'],
        ['description', 'admin'],
      ]),
    );
    expect(entries).toHaveLength(5);
    expect(entries.map(changeSummary)).toEqual(
      expect.arrayContaining([
        '投票方式：（空） → 公开投票（每个浏览器一票，未核验身份）',
        '每票最多可选：（空） → 4',
      ]),
    );
    expect((await auditEntries('project_round', String(NEW_YEAR))).map((a) => a.action)).toEqual([
      'change.draft',
      'change.confirm',
      'change.publish',
    ]);
    // Now a round: its page opens, and it takes phases (as drafts) like any other.
    expect((await get(worker, editor, `/staff/rounds/${NEW_YEAR}`)).status).toBe(200);
    expect(await (await get(worker, editor, '/staff/rounds')).text()).not.toContain('待确认/待发布的新轮次');
  });

  it('gives one draft and one clear refusal to two creations at the same moment', async () => {
    const year = NEW_YEAR + 1;
    const [a, b] = await Promise.all([
      postJson(app, editorHere, '/api/staff/rounds', { ...settings, year, title: '同时新建甲' }),
      postJson(app, admin, '/api/staff/rounds', { ...settings, year, title: '同时新建乙' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const refused = a.status === 409 ? a : b;
    const body = await refused.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('round_pending');
    expect(body.error.message).toMatch(/2048 年的新轮次已由.+起草/);
    expect(
      await countRows(
        "SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'project_round' AND entity_id = ?1",
        String(year),
      ),
    ).toBe(1);
    expect(await roundRow(year)).toBeNull();
  });
});

describe('Beijing time fields', () => {
  it.each([
    ['2041-03-01T08:00', '2041-03-01T00:00:00Z'],
    ['2041-01-01T00:30', '2040-12-31T16:30:00Z'],
    ['2041-02-30T10:00', null],
  ])('%s → %s', (local, utc) => {
    expect(beijingMinuteToUtc(local)).toBe(utc);
  });
});
