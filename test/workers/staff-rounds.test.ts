import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashCode, normalizeCode } from '../../functions/lib/codes.ts';
import { parseCsv } from '../../functions/lib/csv.ts';

import {
  auditEntries,
  get,
  ORIGIN,
  postForm,
  postJson,
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
const db = () => env.DB;
const YEAR = 2041;

beforeAll(async () => {
  w = await seedStaffWorld('rnd');
  editor = await signIn(worker, w.staff.editor);
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

describe('a voting round from creation to evaluation', () => {
  it('creates and edits the round, its phases and candidates', async () => {
    const created = await postForm(worker, editor, '/staff/rounds', {
      year: String(YEAR),
      title: '2041 年民生实事项目',
      mode: 'code',
      maxChoices: '3',
      countsPublic: 'on',
      description: '征集并票决年度民生实事。',
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('Location')).toBe(`/staff/rounds/${YEAR}?notice=round_saved`);
    await postForm(worker, editor, '/staff/rounds', {
      year: String(YEAR),
      title: '2041 年民生实事项目（修订）',
      mode: 'code',
      maxChoices: '4',
    });
    expect(
      await db()
        .prepare('SELECT title, max_choices, counts_public FROM project_rounds WHERE year = ?1')
        .bind(YEAR)
        .first(),
    ).toEqual({
      title: '2041 年民生实事项目（修订）',
      max_choices: 4,
      counts_public: 0,
    });
    expect((await auditEntries('project_round', String(YEAR))).map((a) => a.action)).toEqual([
      'round.create',
      'round.update',
    ]);

    // Phase times are entered in Beijing time and stored in UTC.
    const phase = await postForm(worker, editor, `/staff/rounds/${YEAR}/phases`, {
      phase: 'collecting',
      startsAt: '2041-01-01T09:00',
      endsAt: '2041-01-31T18:00',
    });
    expect(phase.status).toBe(303);
    expect(
      await db()
        .prepare("SELECT starts_at, ends_at FROM round_phases WHERE round_year = ?1 AND phase = 'collecting'")
        .bind(YEAR)
        .first(),
    ).toEqual({ starts_at: '2041-01-01T01:00:00Z', ends_at: '2041-01-31T10:00:00Z' });
    const backwards = await postForm(worker, editor, `/staff/rounds/${YEAR}/phases`, {
      phase: 'deputies_voting',
      startsAt: '2041-03-02T09:00',
      endsAt: '2041-03-01T09:00',
    });
    expect(backwards.status).toBe(400);
    expect(await backwards.text()).toContain('结束时间必须晚于开始时间');

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
      });
      expect(added.status).toBe(303);
    }
    const duplicate = await postForm(worker, editor, `/staff/rounds/${YEAR}/candidates`, {
      title: '社区食堂建设',
      description: '重复',
    });
    expect(duplicate.status).toBe(409);
    const [first] = await candidateIds(YEAR);
    const edited = await postForm(worker, editor, `/staff/rounds/${YEAR}/candidates`, {
      candidateId: first ?? '',
      title: '老旧小区加装电梯（第一批）',
      description: '首批 30 个小区。',
      sortOrder: '1',
    });
    expect(edited.status).toBe(303);
    expect(
      await db()
        .prepare('SELECT title, department_id FROM project_candidates WHERE id = ?1')
        .bind(first)
        .first(),
    ).toEqual({
      title: '老旧小区加装电梯（第一批）',
      department_id: null,
    });
    const page = await (await get(worker, editor, `/staff/rounds/${YEAR}`)).text();
    expect(page).toContain('老旧小区加装电梯（第一批）');
    expect(page).toContain('value="2041-01-01T09:00"');
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
    const hookFetch = (): Promise<Response> =>
      Promise.resolve(Response.json({ state: 'running' }, { status: 202 }));
    const app = staffAppWith({ deployHookFetch: hookFetch });
    const editorHere = await signIn(app, w.staff.editor);
    const admin = await signIn(app, w.staff.admin);
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
      log.find((e) => e.entity_type === 'project_candidate' && e.field === 'deputies_for'),
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
    expect((await auditEntries('project_candidate', id)).map((a) => a.action)).toEqual([
      'candidate.create',
      'candidate.update',
      'change.draft',
      'change.confirm',
      'change.publish',
    ]);
    expect((await auditEntries('project_evaluation', id)).map((a) => a.action)).toEqual([
      'change.draft',
      'change.confirm',
      'change.publish',
    ]);
  });

  it('opens and closes public voting to the second', async () => {
    const opened = await postForm(worker, editor, `/staff/rounds/${YEAR}/voting`, { action: 'open' });
    expect(opened.status).toBe(303);
    const window = await db()
      .prepare(
        "SELECT starts_at, ends_at FROM round_phases WHERE round_year = ?1 AND phase = 'public_voting'",
      )
      .bind(YEAR)
      .first<{ starts_at: string; ends_at: string }>();
    const now = new Date().toISOString().slice(0, 19) + 'Z';
    expect((window?.starts_at ?? '') <= now && (window?.ends_at ?? '') > now).toBe(true);
    const closed = await postForm(worker, editor, `/staff/rounds/${YEAR}/voting`, { action: 'close' });
    expect(closed.status).toBe(303);
    const after = await db()
      .prepare("SELECT ends_at FROM round_phases WHERE round_year = ?1 AND phase = 'public_voting'")
      .bind(YEAR)
      .first<{ ends_at: string }>();
    expect((after?.ends_at ?? '') <= new Date().toISOString().slice(0, 19) + 'Z').toBe(true);
    expect((await postForm(worker, editor, `/staff/rounds/${YEAR}/voting`, { action: 'close' })).status).toBe(
      409,
    );
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

    // A code works once in the public ballot API while voting is open.
    await postForm(worker, editor, `/staff/rounds/${YEAR}/phases`, {
      phase: 'public_voting',
      startsAt: '2020-01-01T00:00',
      endsAt: '2099-01-01T00:00',
    });
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
    await postJson(worker, editor, '/api/staff/rounds', {
      year: YEAR + 1,
      title: '公开投票轮次',
      mode: 'open',
      maxChoices: 2,
      countsPublic: true,
    });
    expect((await postForm(worker, editor, `/staff/rounds/${YEAR + 1}/codes`, { count: '5' })).status).toBe(
      409,
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

describe('Beijing time fields', () => {
  it.each([
    ['2041-03-01T08:00', '2041-03-01T00:00:00Z'],
    ['2041-01-01T00:30', '2040-12-31T16:30:00Z'],
    ['2041-02-30T10:00', null],
  ])('%s → %s', (local, utc) => {
    expect(beijingMinuteToUtc(local)).toBe(utc);
  });
});
