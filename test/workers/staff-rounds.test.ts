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

  it("records counts by channel, the deputies' vote (public change log), milestones and the evaluation", async () => {
    const [first] = await candidateIds(YEAR);
    const id = first ?? '';
    await db()
      .prepare("INSERT INTO vote_counts (candidate_id, channel, count) VALUES (?1, 'online', 77)")
      .bind(id)
      .run();
    expect(
      (
        await postForm(worker, editor, `/staff/rounds/${YEAR}/counts`, {
          candidateId: id,
          station: '120',
          paper: '35',
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await postForm(worker, editor, `/staff/rounds/${YEAR}/counts`, {
          candidateId: id,
          station: '-1',
          paper: '0',
        })
      ).status,
    ).toBe(400);
    const counts = await db()
      .prepare('SELECT channel, count FROM vote_counts WHERE candidate_id = ?1 ORDER BY channel')
      .bind(id)
      .all();
    expect(counts.results).toEqual([
      { channel: 'online', count: 77 },
      { channel: 'paper', count: 35 },
      { channel: 'station', count: 120 },
    ]);

    const vote = { candidateId: id, votesFor: '180', votesAgainst: '6', votesAbstain: '4', adopted: 'on' };
    expect((await postForm(worker, editor, `/staff/rounds/${YEAR}/deputies-vote`, vote)).status).toBe(303);
    expect((await postForm(worker, editor, `/staff/rounds/${YEAR}/deputies-vote`, vote)).status).toBe(303);
    const log = await db()
      .prepare(
        "SELECT field, old_value, new_value FROM change_log WHERE entity_type = 'project_candidate' AND entity_id = ?1",
      )
      .bind(id)
      .all();
    // Saved twice, logged once: nothing changed the second time.
    expect(log.results).toEqual([
      {
        field: 'deputies_vote',
        old_value: null,
        new_value: JSON.stringify({ for: 180, against: 6, abstain: 4, adopted: true }),
      },
    ]);
    expect(
      await db()
        .prepare('SELECT deputies_for, adopted FROM project_candidates WHERE id = ?1')
        .bind(id)
        .first(),
    ).toEqual({
      deputies_for: 180,
      adopted: 1,
    });

    const milestone = {
      candidateId: id,
      title: '完成设计招标',
      dueOn: '2041-06-30',
      progressPercent: '40',
      note: '',
    };
    expect((await postForm(worker, editor, `/staff/rounds/${YEAR}/milestones`, milestone)).status).toBe(303);
    expect(
      (
        await postForm(worker, editor, `/staff/rounds/${YEAR}/milestones`, {
          ...milestone,
          progressPercent: '100',
          doneOn: '2041-06-20',
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await postForm(worker, editor, `/staff/rounds/${YEAR}/milestones`, {
          ...milestone,
          progressPercent: '140',
        })
      ).status,
    ).toBe(400);
    expect(
      await db()
        .prepare('SELECT progress_percent, done_on FROM project_milestones WHERE candidate_id = ?1')
        .bind(id)
        .all(),
    ).toMatchObject({
      results: [{ progress_percent: 100, done_on: '2041-06-20' }],
    });

    const evaluation = {
      candidateId: id,
      evaluatedOn: '2041-12-20',
      satisfied: '150',
      basicallySatisfied: '30',
      dissatisfied: '5',
      summary: '按期完成，群众满意。',
    };
    expect((await postForm(worker, editor, `/staff/rounds/${YEAR}/evaluation`, evaluation)).status).toBe(303);
    expect(
      await db()
        .prepare('SELECT satisfied, summary FROM project_evaluations WHERE candidate_id = ?1')
        .bind(id)
        .first(),
    ).toEqual({
      satisfied: 150,
      summary: '按期完成，群众满意。',
    });
    expect((await auditEntries('project_candidate', id)).map((a) => a.action)).toEqual([
      'candidate.create',
      'candidate.update',
      'candidate.counts',
      'candidate.deputies_vote',
      'candidate.deputies_vote',
      'candidate.milestone',
      'candidate.milestone',
      'candidate.evaluation',
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
