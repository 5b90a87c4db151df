import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { meteredDatabase } from '../../bench/d1-meter.ts';
import { STALE_MESSAGE } from '../../functions/changes/actions.ts';
import {
  auditEntries,
  countRows,
  type Fetch,
  get,
  openChangeOf,
  postForm,
  publishAs,
  recordFormState,
  runningDeployHook,
  seedStaffWorld,
  type Session,
  signIn,
  staffAppWith,
  type StaffWorld,
} from './staff-fixtures.ts';

/**
 * Duty activities (履职活动) in the console (functions/changes/rules.ts `duty_activity`): a single
 * entry is created or corrected through the lifecycle; its days decide the yearly floor, so a change
 * of days is confirmed by a second person; the natural key (deputy, date, title) is refused at the
 * field, never as a 5xx; the list stays fast among a city's activities.
 */

let w: StaffWorld;
let app: Fetch;
let editor: Session;
let admin: Session;
const db = () => env.DB;

const formState = (session: Session, path: string) => recordFormState(app, session, path);
const publish = (by: Session = admin) => publishAs(app, by);
const count = countRows;
const openChange = (id: string) => openChangeOf('duty_activity', id);

/** The seeded activity every correction below starts from, and a second deputy. */
const ids = { activity: '', other: '' };

async function saveEdit(session: Session, id: string, fields: Record<string, string>): Promise<Response> {
  const path = `/staff/records/duty_activity/${id}`;
  const { base, replacing } = await formState(session, path);
  return postForm(app, session, path, {
    _base: base,
    ...(replacing ? { _replacing: replacing } : {}),
    ...fields,
  });
}

const activity = (id: string) =>
  db()
    .prepare('SELECT deputy_id, type, occurred_on, days, title FROM duty_activities WHERE id = ?1')
    .bind(Number(id))
    .first();

const fields = (over: Record<string, string> = {}): Record<string, string> => ({
  deputy_id: w.deputy,
  type: 'research',
  occurred_on: '2024-05-14',
  days: '1',
  title: '老旧小区加装电梯专题调研',
  ...over,
});

beforeAll(async () => {
  w = await seedStaffWorld('ract');
  app = staffAppWith({ deployHookFetch: runningDeployHook });
  editor = await signIn(app, w.staff.editor);
  admin = await signIn(app, w.staff.admin);
  ids.other = `${w.p}-dep2`;
  const [, seeded] = await db().batch<{ id: number }>([
    db()
      .prepare(
        `INSERT INTO deputies (id, name, gender, ethnicity, term_id, electoral_unit_id, status, status_since)
         VALUES (?1, '周若溪', 'female', '汉族', ?2, ?3, 'serving', '2022-01-01')`,
      )
      .bind(ids.other, w.term, w.electoralUnit),
    db()
      .prepare(
        `INSERT INTO duty_activities (deputy_id, type, occurred_on, days, title)
         VALUES (?1, 'inspection_visit', '2024-03-02', 1, '城北污水处理厂视察') RETURNING id`,
      )
      .bind(w.deputy),
  ]);
  ids.activity = String(seeded?.results[0]?.id);
});

describe('a single duty activity through the lifecycle', () => {
  it('creates an activity for a deputy named by id, confirmed by a second person, then published', async () => {
    const saved = await postForm(app, editor, '/staff/records/duty_activity', {
      ...fields({ days: '1.5' }),
      reason: '补录代表小组报送的调研',
    });
    expect(saved.status).toBe(303);
    const id = /\/staff\/records\/duty_activity\/(\d+)\?notice=change_needs_confirmation$/.exec(
      saved.headers.get('Location') ?? '',
    )?.[1];
    expect(id).toBeDefined();
    const change = await openChange(id ?? '');
    expect(change).toMatchObject({ needs_confirmation: 1, state: 'drafted' });
    expect(await activity(id ?? '')).toBeNull();

    const self = await postForm(app, editor, `/staff/publish/changes/${change?.id}/confirm`, {});
    expect(self.status).toBe(403);
    expect(await self.text()).toContain('不能确认自己起草的修改');
    await publish(editor);
    expect(await activity(id ?? '')).toBeNull();

    expect((await postForm(app, admin, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(303);
    await publish(editor);
    expect(await activity(id ?? '')).toEqual({
      deputy_id: w.deputy,
      type: 'research',
      occurred_on: '2024-05-14',
      days: 1.5,
      title: '老旧小区加装电梯专题调研',
    });
    const { results: log } = await db()
      .prepare(
        `SELECT field, new_value, role, publish_id IS NOT NULL AS has_publish FROM change_log
         WHERE entity_type = 'duty_activity' AND entity_id = ?1 ORDER BY id`,
      )
      .bind(id ?? '')
      .all();
    expect(log).toEqual(
      [
        ['deputy_id', w.deputy],
        ['type', 'research'],
        ['occurred_on', '2024-05-14'],
        ['days', '1.5'],
        ['title', '老旧小区加装电梯专题调研'],
      ].map(([field, value]) => ({ field, new_value: value, role: 'admin', has_publish: 1 })),
    );
    expect((await auditEntries('duty_activity', id ?? '')).map((a) => [a.action, a.actor])).toEqual([
      ['change.draft', w.staff.editor],
      ['change.confirm', w.staff.admin],
      ['change.publish', w.staff.editor],
    ]);
  });

  it('publishes a corrected title alone, but a change of days only with a reason and a second person', async () => {
    const seeded = { deputy_id: w.deputy, type: 'inspection_visit', occurred_on: '2024-03-02', days: '1' };
    const title = await saveEdit(editor, ids.activity, { ...seeded, title: '城北污水处理厂提标改造视察' });
    expect(title.status).toBe(303);
    expect(title.headers.get('Location')).toContain('notice=change_drafted');
    await publish();
    expect(await activity(ids.activity)).toMatchObject({ title: '城北污水处理厂提标改造视察', days: 1 });

    const corrected = { ...seeded, title: '城北污水处理厂提标改造视察', days: '0.5' };
    const noReason = await saveEdit(editor, ids.activity, corrected);
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('修改履职天数时请说明原因。');
    const saved = await saveEdit(editor, ids.activity, { ...corrected, reason: '视察仅半天，按签到表更正' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toContain('notice=change_needs_confirmation');
    await publish();
    expect(await activity(ids.activity)).toMatchObject({ days: 1 });
    const change = await openChange(ids.activity);
    expect((await postForm(app, admin, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(303);
    await publish();
    expect(await activity(ids.activity)).toMatchObject({ days: 0.5 });
    expect(
      await db()
        .prepare(
          `SELECT old_value, new_value, note FROM change_log
           WHERE entity_type = 'duty_activity' AND entity_id = ?1 AND field = 'days'`,
        )
        .bind(ids.activity)
        .first(),
    ).toEqual({ old_value: '1', new_value: '0.5', note: '视察仅半天，按签到表更正' });
  });

  it('refuses a save made from a version that has since moved on, and writes nothing', async () => {
    const path = `/staff/records/duty_activity/${ids.activity}`;
    const { base } = await formState(editor, path);
    // Meanwhile an activities import rewrites the entry (row_version moves on by trigger).
    await db()
      .prepare("UPDATE duty_activities SET type = 'research' WHERE id = ?1")
      .bind(Number(ids.activity))
      .run();
    const changes = await count(
      "SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'duty_activity'",
    );
    const response = await postForm(app, editor, path, {
      _base: base,
      deputy_id: w.deputy,
      type: 'inspection_visit',
      occurred_on: '2024-03-02',
      days: '0.5',
      title: '城北污水处理厂视察（更正）',
    });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain(STALE_MESSAGE);
    expect(
      await count("SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'duty_activity'"),
    ).toBe(changes);
    expect(await activity(ids.activity)).toMatchObject({
      type: 'research',
      title: '城北污水处理厂提标改造视察',
    });
  });
});

describe('bad input: a zh-CN message at the field, 4xx, nothing written', () => {
  it.each([
    {
      what: 'an unknown deputy id',
      over: () => ({ deputy_id: `${w.p}-nobody` }),
      field: 'deputy_id',
      message: '所选的代表编号不存在。',
    },
    {
      what: 'a date that is not a date',
      over: () => ({ occurred_on: '2024-13-01' }),
      field: 'occurred_on',
      message: '请填写有效的活动日期（年-月-日）。',
    },
    { what: 'zero days', over: () => ({ days: '0' }), field: 'days', message: '履职天数须大于 0。' },
    {
      what: 'a third of a day',
      over: () => ({ days: '0.3' }),
      field: 'days',
      message: '履职天数以半天计，只能是 0.5 的整数倍（如 0.5、1、1.5）。',
    },
    {
      what: 'days that are not a number',
      over: () => ({ days: '一天' }),
      field: 'days',
      message: '请填写履职天数',
    },
    {
      what: 'an over-long title',
      over: () => ({ title: '调'.repeat(201) }),
      field: 'title',
      message: '活动名称不能超过 200 个字。',
    },
    {
      what: 'an activity the deputy already has on that day',
      over: () => ({ occurred_on: '2024-03-02', title: '城北污水处理厂提标改造视察' }),
      field: 'title',
      message: '这位代表在这一天已有同名的履职活动，请核对后修改活动名称或日期。',
    },
  ])('refuses $what', async ({ over, field, message }) => {
    const changes = await count(
      "SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'duty_activity'",
    );
    const rows = await count('SELECT COUNT(*) AS n FROM duty_activities WHERE deputy_id = ?1', w.deputy);
    const response = await postForm(app, editor, '/staff/records/duty_activity', {
      ...fields(over()),
      reason: '补录',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toMatch(new RegExp(`id="f-${field}-error"[^>]*>\\s*<span[^>]*>错误：</span>\\s*${message}`));
    expect(
      await count("SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'duty_activity'"),
    ).toBe(changes);
    expect(await count('SELECT COUNT(*) AS n FROM duty_activities WHERE deputy_id = ?1', w.deputy)).toBe(
      rows,
    );
  });

  it('refuses a correction that would repeat another activity of the deputy', async () => {
    const created = await db()
      .prepare(
        `INSERT INTO duty_activities (deputy_id, type, occurred_on, days, title)
         VALUES (?1, 'training', '2024-04-09', 1, '代表履职学习培训') RETURNING id`,
      )
      .bind(w.deputy)
      .first<{ id: number }>();
    const response = await saveEdit(editor, String(created?.id), {
      deputy_id: w.deputy,
      type: 'training',
      occurred_on: '2024-05-14',
      days: '1',
      title: '老旧小区加装电梯专题调研',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('这位代表在这一天已有同名的履职活动');
    expect(await openChange(String(created?.id))).toBeNull();
  });

  it('leaves a change whose natural key was taken since its draft open, and publishes the rest', async () => {
    const saved = await postForm(app, editor, '/staff/records/duty_activity', {
      ...fields({ occurred_on: '2024-06-01', title: '代表小组集中视察' }),
    });
    expect(saved.status).toBe(303);
    const id = /duty_activity\/(\d+)\?/.exec(saved.headers.get('Location') ?? '')?.[1] ?? '';
    const change = await openChange(id);
    expect((await postForm(app, admin, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(303);
    // Meanwhile an import brings the same activity in (under another id: the draft's stays free).
    await db()
      .prepare(
        `INSERT INTO duty_activities (id, deputy_id, type, occurred_on, days, title)
         VALUES (?2, ?1, 'group_activity', '2024-06-01', 1, '代表小组集中视察')`,
      )
      .bind(w.deputy, Number(id) + 1000)
      .run();
    // A title correction of another activity, ready in the same publish.
    const other = await saveEdit(editor, ids.activity, {
      deputy_id: w.deputy,
      type: 'research',
      occurred_on: '2024-03-02',
      days: '0.5',
      title: '城北污水处理厂提标改造视察（补充）',
    });
    expect(other.status).toBe(303);
    await publish();
    expect(await activity(id)).toBeNull();
    expect((await openChange(id))?.state).toBe('confirmed');
    expect(await activity(ids.activity)).toMatchObject({ title: '城北污水处理厂提标改造视察（补充）' });
    await postForm(app, editor, `/staff/records/duty_activity/${id}/withdraw`, {
      change: String(change?.id),
    });
  });
});

describe('the console list among a city’s activities', () => {
  it('pages, finds a deputy’s activities by index, and never offers deputies in a select', async () => {
    // 100,000 activities of 1,000 deputies (scale 10 has 970,000; the plans are the same).
    await db()
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
         INSERT INTO deputies (id, name, gender, ethnicity, term_id, electoral_unit_id, status, status_since)
         SELECT ?1 || printf('%04d', i), '代表' || i, 'male', '汉族', ?2, ?3, 'serving', '2022-01-01' FROM n`,
      )
      .bind(`${w.p}-bulk-`, w.term, w.electoralUnit)
      .run();
    await db()
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
         INSERT INTO duty_activities (deputy_id, type, occurred_on, days, title)
         SELECT ?1 || printf('%04d', i % 1000 + 1), 'research', date('2023-01-01', '+' || (i / 1000) || ' days'), 1,
           '城市履职活动第 ' || i || ' 项' FROM n`,
      )
      .bind(`${w.p}-bulk-`)
      .run();

    const rows = (html: string) =>
      [...html.matchAll(/href="\/staff\/records\/duty_activity\/(\d+)"/g)].map((m) => m[1]);
    const first = await (await get(app, editor, '/staff/records/duty_activity')).text();
    expect(rows(first)).toHaveLength(50);
    expect(first).toContain('page=2');

    const meter = meteredDatabase(db());
    const metered = staffAppWith({ deployHookFetch: runningDeployHook }, { DB: meter.db });
    // A page walks the primary key: it reads its own rows, not the city's.
    expect((await get(metered, editor, '/staff/records/duty_activity?page=3')).status).toBe(200);
    expect(meter.usage.rowsRead).toBeLessThan(1_000);
    // A deputy's id is looked up in the (deputy_id, occurred_on, title) index: their 100 rows.
    meter.reset();
    const byDeputy = await (
      await get(metered, editor, `/staff/records/duty_activity?q=${w.p}-bulk-0042`)
    ).text();
    expect(meter.usage.rowsRead).toBeLessThan(1_000);
    expect(rows(byDeputy)).toHaveLength(50);
    expect(byDeputy).toContain(`${w.p}-bulk-0042`);
    expect(byDeputy).not.toContain(`${w.p}-bulk-0043`);
    // Other words search the titles (each title once).
    const byTitle = await (
      await get(app, editor, `/staff/records/duty_activity?q=${encodeURIComponent('第 99999 项')}`)
    ).text();
    expect(rows(byTitle)).toHaveLength(1);

    const form = await (await get(app, editor, '/staff/records/duty_activity/new')).text();
    expect([...form.matchAll(/<option/g)].length).toBeLessThan(100);
  });
});
