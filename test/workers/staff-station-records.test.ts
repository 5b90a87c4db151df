import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { withdrawChange } from '../../functions/changes/actions.ts';
import type { StaffUser } from '../../functions/staff/auth/schema.ts';
import {
  auditEntries,
  type Fetch,
  get,
  postForm,
  runningDeployHook,
  seedStaffWorld,
  type Session,
  signIn,
  staffAppWith,
  type StaffWorld,
} from './staff-fixtures.ts';

/**
 * Station staff keep their own station's reception days through the records console: the same
 * forms and lifecycle as the office, limited to their station; everything else stays closed.
 */

let w: StaffWorld;
let app: Fetch;
let station: Session;
let editor: Session;
let admin: Session;
/** Published reception days at station A (the signed-in station staff's) and at station B. */
let own = 0;
let other = 0;
const db = () => env.DB;

async function seedDay(stationId: string, day: string): Promise<number> {
  const row = await db()
    .prepare(
      `INSERT INTO reception_days (station_id, starts_at, ends_at, topic) VALUES (?1, ?2, ?3, '物业管理') RETURNING id`,
    )
    .bind(stationId, `${day}T09:00:00+08:00`, `${day}T11:30:00+08:00`)
    .first<{ id: number }>();
  return row?.id ?? 0;
}

async function formState(session: Session, path: string): Promise<{ html: string; base: string }> {
  const html = await (await get(app, session, path)).text();
  return { html, base: /name="_base" value="(\d*)"/.exec(html)?.[1] ?? '' };
}

async function publish(): Promise<void> {
  expect((await postForm(app, admin, '/staff/publish', {})).status).toBe(303);
}

/** Rows of the lifecycle and the audit log: a refused request must leave both as they were. */
async function written(): Promise<{ changes: number; audit: number }> {
  const [changes, audit] = await db().batch<{ n: number }>([
    db().prepare('SELECT COUNT(*) AS n FROM official_changes'),
    db().prepare('SELECT COUNT(*) AS n FROM audit_log'),
  ]);
  return { changes: changes?.results[0]?.n ?? -1, audit: audit?.results[0]?.n ?? -1 };
}

const day = (date: string, extra: Record<string, string> = {}) => ({
  starts_at: `${date}T09:00`,
  ends_at: `${date}T11:30`,
  topic: '物业管理',
  status: 'scheduled',
  ...extra,
});

beforeAll(async () => {
  w = await seedStaffWorld('str');
  app = staffAppWith({ deployHookFetch: runningDeployHook });
  station = await signIn(app, w.staff.stationA);
  editor = await signIn(app, w.staff.editor);
  admin = await signIn(app, w.staff.admin);
  own = await seedDay(w.stations.a, '2031-06-04');
  other = await seedDay(w.stations.b, '2031-06-05');
  await db()
    .prepare('INSERT INTO station_deputies (station_id, deputy_id) VALUES (?1, ?2)')
    .bind(w.stations.a, w.deputy)
    .run();
});

describe('station staff keep their own station’s reception days', () => {
  it('see the entry on the home page and in the navigation, and only reception days in the console', async () => {
    const home = await (await get(app, station, '/staff')).text();
    expect(home).toContain('href="/staff/records/reception_day"');
    expect(home).toContain(`维护${w.p}甲联络站的接待日`);
    expect(home).not.toContain('href="/staff/records"');
    const index = await get(app, station, '/staff/records');
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain('href="/staff/records/reception_day"');
    expect(html).not.toContain('href="/staff/records/station"');
    // The office keeps its fuller entry and not the station's.
    const editorHome = await (await get(app, editor, '/staff')).text();
    expect(editorHome).toContain('href="/staff/records"');
    expect(editorHome).not.toContain('本站接待日');
  });

  it("list their station's days only, and get the form with their station fixed", async () => {
    const list = await (await get(app, station, '/staff/records/reception_day')).text();
    expect(list).toContain(`href="/staff/records/reception_day/${own}"`);
    expect(list).not.toContain(`href="/staff/records/reception_day/${other}"`);
    const form = await get(app, station, '/staff/records/reception_day/new');
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain(`<input type="hidden" name="station_id" value="${w.stations.a}"/>`);
    expect(html).toContain(`${w.p}甲联络站`);
    expect(html).not.toContain('<select name="station_id"');
    expect(html).not.toContain(`${w.p}乙联络站`);
  });

  it('create a day, reschedule one with a reason and cancel one; the office’s publish applies them, audited under their name', async () => {
    const created = await postForm(app, station, '/staff/records/reception_day', {
      station_id: w.stations.a,
      ...day('2031-07-02', { deputy_ids: w.deputy }),
    });
    expect(created.status).toBe(303);
    // No second person: a reception day is not an official figure.
    expect(created.headers.get('Location')).toContain('notice=change_drafted');
    const newId = /reception_day\/(\d+)/.exec(created.headers.get('Location') ?? '')?.[1] ?? '';
    expect((await get(app, station, `/staff/records/reception_day/${newId}`)).status).toBe(200);

    const path = `/staff/records/reception_day/${own}`;
    const { base } = await formState(station, path);
    const noReason = await postForm(app, station, path, {
      _base: base,
      station_id: w.stations.a,
      ...day('2031-06-11'),
    });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('修改开始时间、结束时间时请说明原因。');
    const moved = await postForm(app, station, path, {
      _base: base,
      station_id: w.stations.a,
      ...day('2031-06-11'),
      reason: '与社区议事会时间冲突，改至下周三',
    });
    expect(moved.status).toBe(303);
    await publish();
    const live = (id: number | string) =>
      db()
        .prepare(
          'SELECT station_id, starts_at, status, status_note, row_version FROM reception_days WHERE id = ?1',
        )
        .bind(Number(id))
        .first();
    expect(await live(own)).toEqual({
      station_id: w.stations.a,
      starts_at: '2031-06-11T09:00:00+08:00',
      status: 'scheduled',
      status_note: '',
      row_version: 2,
    });
    expect(await live(newId)).toMatchObject({
      station_id: w.stations.a,
      starts_at: '2031-07-02T09:00:00+08:00',
    });

    const again = await formState(station, path);
    const cancelled = await postForm(app, station, `${path}/cancel`, {
      _base: again.base,
      cancel_reason: '代表参加全市会议',
    });
    expect(cancelled.status).toBe(303);
    await publish();
    expect(await live(own)).toMatchObject({ status: 'cancelled', status_note: '代表参加全市会议' });

    expect(
      (await auditEntries('reception_day', String(own))).map((a) => ({ actor: a.actor, action: a.action })),
    ).toEqual([
      { actor: w.staff.stationA, action: 'change.draft' },
      { actor: w.staff.admin, action: 'change.publish' },
      { actor: w.staff.stationA, action: 'change.draft' },
      { actor: w.staff.admin, action: 'change.publish' },
    ]);
    expect((await auditEntries('reception_day', newId)).map((a) => [a.actor, a.action])).toEqual([
      [w.staff.stationA, 'change.draft'],
      [w.staff.admin, 'change.publish'],
    ]);
    // The public change log names the role behind the change, never the person.
    const roles = await db()
      .prepare("SELECT DISTINCT role FROM change_log WHERE entity_type = 'reception_day' AND entity_id = ?1")
      .bind(String(own))
      .all();
    expect(roles.results).toEqual([{ role: 'station_staff' }]);
    const drafted = await db()
      .prepare(
        "SELECT drafted_by, state FROM official_changes WHERE entity_type = 'reception_day' AND entity_id = ?1 ORDER BY id",
      )
      .bind(String(own))
      .all();
    expect(drafted.results).toEqual([
      { drafted_by: w.staff.stationA, state: 'published' },
      { drafted_by: w.staff.stationA, state: 'published' },
    ]);
  });
});

describe('a waiting draft can be taken back from its record’s page', () => {
  it('by the station staff who drafted it: the button shows, the published day stays, and the withdrawal is audited', async () => {
    const path = `/staff/records/reception_day/${own}`;
    const { base } = await formState(station, path);
    const moved = await postForm(app, station, path, {
      _base: base,
      station_id: w.stations.a,
      ...day('2031-06-18'),
      reason: '想改到下周，后来又定不下来',
    });
    expect(moved.status).toBe(303);
    const change = await db()
      .prepare(
        "SELECT id FROM official_changes WHERE entity_type = 'reception_day' AND entity_id = ?1 AND state = 'drafted'",
      )
      .bind(String(own))
      .first<{ id: number }>();
    const { html } = await formState(station, path);
    expect(html).toContain(`action="${path}/withdraw"`);
    expect(html).toContain(`name="change" value="${String(change?.id)}"`);
    const before = await db()
      .prepare('SELECT starts_at, row_version FROM reception_days WHERE id = ?1')
      .bind(own)
      .first();

    // A number that is not this record's waiting change withdraws nothing.
    const wrong = await postForm(app, station, `${path}/withdraw`, {
      change: String((change?.id ?? 0) + 1000),
    });
    expect(wrong.status).toBe(409);
    expect(await wrong.text()).toContain('这项修改已发布或已撤回');

    const withdrawn = await postForm(app, station, `${path}/withdraw`, { change: String(change?.id) });
    expect(withdrawn.status).toBe(303);
    expect(withdrawn.headers.get('Location')).toBe(`${path}?notice=change_withdrawn`);
    expect(
      await db().prepare('SELECT state FROM official_changes WHERE id = ?1').bind(change?.id).first(),
    ).toEqual({ state: 'withdrawn' });
    expect(
      await db().prepare('SELECT starts_at, row_version FROM reception_days WHERE id = ?1').bind(own).first(),
    ).toEqual(before);
    expect((await auditEntries('reception_day', String(own))).at(-1)).toMatchObject({
      actor: w.staff.stationA,
      action: 'change.withdraw',
    });
    // Twice is a clear 409, not a 5xx.
    const again = await postForm(app, station, `${path}/withdraw`, { change: String(change?.id) });
    expect(again.status).toBe(409);
  });

  it("a new day's draft withdrawn leads back to the list; another station's draft is refused (403)", async () => {
    const created = await postForm(app, station, '/staff/records/reception_day', {
      station_id: w.stations.a,
      ...day('2031-10-08'),
    });
    const newId = /reception_day\/(\d+)/.exec(created.headers.get('Location') ?? '')?.[1] ?? '';
    const mine = await db()
      .prepare("SELECT id FROM official_changes WHERE entity_type = 'reception_day' AND entity_id = ?1")
      .bind(newId)
      .first<{ id: number }>();
    const gone = await postForm(app, station, `/staff/records/reception_day/${newId}/withdraw`, {
      change: String(mine?.id),
    });
    expect(gone.status).toBe(303);
    expect(gone.headers.get('Location')).toBe('/staff/records/reception_day?notice=change_withdrawn');
    expect((await get(app, station, `/staff/records/reception_day/${newId}`)).status).toBe(404);

    const theirs = await postForm(app, editor, '/staff/records/reception_day', {
      station_id: w.stations.b,
      ...day('2031-10-09'),
    });
    const theirId = /reception_day\/(\d+)/.exec(theirs.headers.get('Location') ?? '')?.[1] ?? '';
    const their = await db()
      .prepare("SELECT id FROM official_changes WHERE entity_type = 'reception_day' AND entity_id = ?1")
      .bind(theirId)
      .first<{ id: number }>();
    const before = await written();
    const refused = await postForm(app, station, `/staff/records/reception_day/${theirId}/withdraw`, {
      change: String(their?.id),
    });
    expect(refused.status).toBe(403);
    expect(await written()).toEqual(before);
    // The office takes it back from the same page.
    const office = await postForm(app, editor, `/staff/records/reception_day/${theirId}/withdraw`, {
      change: String(their?.id),
    });
    expect(office.status).toBe(303);
  });
});

describe('station staff are refused (403) anything beyond their station’s reception days, and nothing is written', () => {
  const OTHER_STATION = '不能查看或修改其他联络站的接待日';
  const OTHER_TYPE = '您的角色不能维护';
  const cases: Array<{ what: string; message: string; run: () => Promise<Response> }> = [
    {
      what: "open another station's day",
      message: OTHER_STATION,
      run: () => get(app, station, `/staff/records/reception_day/${other}`),
    },
    {
      what: 'open the new-day form for another station',
      message: OTHER_STATION,
      run: () => get(app, station, `/staff/records/reception_day/new?station_id=${w.stations.b}`),
    },
    {
      what: 'create a day at another station (forged station id)',
      message: OTHER_STATION,
      run: () =>
        postForm(app, station, '/staff/records/reception_day', {
          station_id: w.stations.b,
          ...day('2031-08-06'),
        }),
    },
    {
      what: 'create a day at another station with invalid times (refused, not re-shown)',
      message: OTHER_STATION,
      run: () =>
        postForm(app, station, '/staff/records/reception_day', {
          station_id: w.stations.b,
          ...day('2031-08-06', { ends_at: '2031-08-06T08:00' }),
        }),
    },
    {
      what: "reschedule another station's day",
      message: OTHER_STATION,
      run: () =>
        postForm(app, station, `/staff/records/reception_day/${other}`, {
          _base: '1',
          station_id: w.stations.b,
          ...day('2031-06-12'),
          reason: '改期',
        }),
    },
    {
      what: "reschedule another station's day, claiming their own station in the form",
      message: OTHER_STATION,
      run: () =>
        postForm(app, station, `/staff/records/reception_day/${other}`, {
          _base: '1',
          station_id: w.stations.a,
          ...day('2031-06-12'),
          reason: '改期',
        }),
    },
    {
      what: "cancel another station's day",
      message: OTHER_STATION,
      run: () =>
        postForm(app, station, `/staff/records/reception_day/${other}/cancel`, {
          _base: '1',
          cancel_reason: '临时取消',
        }),
    },
    {
      what: "cancel another station's day without a reason (refused, not re-shown)",
      message: OTHER_STATION,
      run: () =>
        postForm(app, station, `/staff/records/reception_day/${other}/cancel`, {
          _base: '1',
          cancel_reason: '',
        }),
    },
    {
      what: 'move their own day to another station (forged hidden field)',
      message: OTHER_STATION,
      run: async () => {
        const path = `/staff/records/reception_day/${own}`;
        const { base } = await formState(station, path);
        return postForm(app, station, path, {
          _base: base,
          station_id: w.stations.b,
          ...day('2031-06-11'),
          status: 'cancelled',
          status_note: '代表参加全市会议',
          reason: '改到乙站',
        });
      },
    },
    {
      what: 'open the liaison station records, their own station included',
      message: OTHER_TYPE,
      run: () => get(app, station, `/staff/records/station/${w.stations.a}`),
    },
    {
      what: "edit their own station's record",
      message: OTHER_TYPE,
      run: () =>
        postForm(app, station, `/staff/records/station/${w.stations.a}`, {
          _base: '1',
          name: '改名',
          kind: 'station',
          area_id: `${w.p}-city`,
          address: '别处',
          is_active: '1',
        }),
    },
    {
      what: 'list deputies',
      message: OTHER_TYPE,
      run: () => get(app, station, '/staff/records/deputy'),
    },
    {
      what: 'create a notice',
      message: OTHER_TYPE,
      run: () =>
        postForm(app, station, '/staff/records/notice', {
          _id: 'str-notice',
          title: '通知',
          body: '正文',
          published_on: '2031-05-01',
          is_visible: '1',
        }),
    },
    {
      what: 'open the duty report form',
      message: OTHER_TYPE,
      run: () => get(app, station, '/staff/records/duty_report/new'),
    },
  ];

  it.each(cases)('$what', async ({ run, message }) => {
    const before = await written();
    const response = await run();
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(message);
    expect(await written()).toEqual(before);
  });

  it("cannot take over another station's waiting draft by its number", async () => {
    const drafted = await postForm(app, editor, '/staff/records/reception_day', {
      station_id: w.stations.b,
      ...day('2031-09-03'),
    });
    expect(drafted.status).toBe(303);
    const id = /reception_day\/(\d+)/.exec(drafted.headers.get('Location') ?? '')?.[1] ?? '';
    const change = await db()
      .prepare("SELECT id FROM official_changes WHERE entity_type = 'reception_day' AND entity_id = ?1")
      .bind(id)
      .first<{ id: number }>();
    expect((await get(app, station, `/staff/records/reception_day/${id}`)).status).toBe(403);
    const before = await written();
    const taken = await postForm(app, station, '/staff/records/reception_day', {
      _id: id,
      _replacing: String(change?.id),
      station_id: w.stations.a,
      ...day('2031-09-03'),
    });
    expect(taken.status).toBe(403);
    // A create without an id may not withdraw someone else's change either.
    const unnamed = await postForm(app, station, '/staff/records/reception_day', {
      _replacing: String(change?.id),
      station_id: w.stations.a,
      ...day('2031-09-10'),
    });
    expect(unnamed.status).toBe(403);
    expect(await written()).toEqual(before);
    expect(
      await db()
        .prepare('SELECT state, drafted_by FROM official_changes WHERE id = ?1')
        .bind(change?.id)
        .first(),
    ).toEqual({ state: 'drafted', drafted_by: w.staff.editor });
  });

  it('the office still keeps every station’s days', async () => {
    const path = `/staff/records/reception_day/${other}`;
    const { base } = await formState(editor, path);
    const moved = await postForm(app, editor, path, {
      _base: base,
      station_id: w.stations.b,
      ...day('2031-06-12'),
      reason: '场地维修',
    });
    expect(moved.status).toBe(303);
  });

  it("cannot withdraw another station's change (the lifecycle checks, not only the console)", async () => {
    const change = await db()
      .prepare(
        "SELECT c.id FROM official_changes c JOIN reception_days d ON c.entity_id = CAST(d.id AS TEXT) WHERE c.entity_type = 'reception_day' AND c.state = 'drafted' AND d.station_id = ?1",
      )
      .bind(w.stations.b)
      .first<{ id: number }>();
    const pending = await db()
      .prepare(
        "SELECT id FROM official_changes WHERE entity_type = 'reception_day' AND state = 'drafted' AND action = 'create' AND drafted_by = ?1",
      )
      .bind(w.staff.editor)
      .first<{ id: number }>();
    const staffA: StaffUser = {
      id: w.staff.stationA,
      email: w.emails.stationA,
      displayName: '站员丁',
      role: 'station_staff',
      stationId: w.stations.a,
      stationName: `${w.p}甲联络站`,
    };
    const before = await written();
    expect(change?.id).toBeGreaterThan(0);
    expect(pending?.id).toBeGreaterThan(0);
    for (const id of [change?.id, pending?.id]) {
      await expect(withdrawChange(db(), staffA, id ?? 0)).rejects.toMatchObject({ status: 403 });
    }
    expect(await written()).toEqual(before);
  });
});
