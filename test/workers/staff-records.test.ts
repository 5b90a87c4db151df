import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { STALE_MESSAGE } from '../../functions/changes/actions.ts';
import {
  auditEntries,
  type Fetch,
  get,
  ORIGIN,
  postForm,
  runningDeployHook,
  seedStaffWorld,
  type Session,
  signIn,
  staffAppWith,
  type StaffWorld,
  worker,
} from './staff-fixtures.ts';

let w: StaffWorld;
let app: Fetch;
let editor: Session;
let admin: Session;
const db = () => env.DB;

/** The hidden version and replaced-draft fields of an edit page, as a browser would send them back. */
async function formState(
  session: Session,
  path: string,
): Promise<{ html: string; base: string; replacing: string }> {
  const html = await (await get(app, session, path)).text();
  return {
    html,
    base: /name="_base" value="(\d*)"/.exec(html)?.[1] ?? '',
    replacing: /name="_replacing" value="(\d+)"/.exec(html)?.[1] ?? '',
  };
}

async function publish(): Promise<void> {
  const response = await postForm(app, admin, '/staff/publish', {});
  expect(response.status).toBe(303);
}

function upload(
  session: Session,
  path: string,
  fields: Record<string, string>,
  file: File,
): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', session.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('document', file);
  return app(
    new Request(`${ORIGIN}${path}`, {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: session.cookie },
      body: form,
    }),
  );
}

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

beforeAll(async () => {
  w = await seedStaffWorld('rec');
  app = staffAppWith({ deployHookFetch: runningDeployHook });
  editor = await signIn(app, w.staff.editor);
  admin = await signIn(app, w.staff.admin);
  await db()
    .prepare('INSERT INTO station_deputies (station_id, deputy_id) VALUES (?1, ?2)')
    .bind(w.stations.a, w.deputy)
    .run();
});

describe('liaison stations in the console', () => {
  it('edits address, hours, phone and coordinates as a draft that a publish applies', async () => {
    const path = `/staff/records/station/${w.stations.a}`;
    const { base } = await formState(editor, path);
    const saved = await postForm(app, editor, path, {
      _base: base,
      name: `${w.p}甲联络站`,
      kind: 'station',
      area_id: `${w.p}-city`,
      address: '新华路 88 号',
      opening_hours: '每周三 9:00–11:30',
      phone: '0571-8765 4321',
      latitude: '30.274085',
      longitude: '120.155070',
      is_active: '1',
      reason: '联络站搬迁',
    });
    expect(saved.status).toBe(303);
    const live = () =>
      db().prepare('SELECT address, latitude FROM stations WHERE id = ?1').bind(w.stations.a).first();
    expect(await live()).toEqual({ address: '测试路 1 号', latitude: null });
    expect((await auditEntries('station', w.stations.a)).map((a) => a.action)).toEqual(['change.draft']);
    const page = await (await get(app, editor, path)).text();
    expect(page).toContain('等待发布');
    await publish();
    expect(await live()).toEqual({ address: '新华路 88 号', latitude: 30.274085 });
    const log = await db()
      .prepare("SELECT COUNT(*) AS n FROM change_log WHERE entity_type = 'station' AND entity_id = ?1")
      .bind(w.stations.a)
      .first<{ n: number }>();
    expect(log?.n).toBe(5);
  });

  it('shows field errors next to the fields and keeps what was typed (no JavaScript needed)', async () => {
    const path = `/staff/records/station/${w.stations.b}`;
    const { base } = await formState(editor, path);
    const response = await postForm(app, editor, path, {
      _base: base,
      name: `${w.p}乙联络站`,
      kind: 'station',
      area_id: `${w.p}-city`,
      address: '',
      opening_hours: '全天',
      phone: 'call me',
      latitude: '91',
      longitude: '',
      is_active: '1',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toMatch(/id="f-address-error"[^>]*>.*请填写地址。/s);
    expect(html).toContain('联系电话只能包含数字');
    expect(html).toContain('纬度须在 -90 到 90 之间。');
    expect(html).toContain('value="全天"');
    expect(
      await db()
        .prepare('SELECT COUNT(*) AS n FROM official_changes WHERE entity_id = ?1')
        .bind(w.stations.b)
        .first(),
    ).toEqual({ n: 0 });
  });

  // Official records are published as typed: a right-to-left override, a NUL or a name of only
  // zero-width characters would go to the public pages unseen by the person who confirms it.
  it.each([
    ['a right-to-left override in the name', { name: '\u202E乙联络站' }, '名称含有不允许的控制字符'],
    ['a NUL in the opening hours', { opening_hours: '周一\u0000' }, '开放时间含有不允许的控制字符'],
    ['a name of zero-width characters only', { name: '\u200B\u200D' }, '名称只有空白或不可见字符'],
    ['a bidi control in the reason', { reason: '更正\u2066' }, '修改原因含有不允许的控制字符'],
  ])('refuses %s with a field message, and drafts nothing', async (_case, bad, message) => {
    const path = `/staff/records/station/${w.stations.b}`;
    const { base } = await formState(editor, path);
    const response = await postForm(app, editor, path, {
      _base: base,
      name: `${w.p}乙联络站`,
      kind: 'station',
      area_id: `${w.p}-city`,
      address: '新华路 1 号',
      opening_hours: '全天',
      phone: '',
      latitude: '',
      longitude: '',
      is_active: '1',
      ...bad,
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toContain(message);
    expect(
      await db()
        .prepare('SELECT COUNT(*) AS n FROM official_changes WHERE entity_id = ?1')
        .bind(w.stations.b)
        .first(),
    ).toEqual({ n: 0 });
  });

  it('refuses the second of two people saving the same record', async () => {
    const path = `/staff/records/station/${w.stations.b}`;
    const first = await formState(editor, path);
    const second = await formState(admin, path);
    const fields = {
      name: `${w.p}乙联络站`,
      kind: 'station',
      area_id: `${w.p}-city`,
      address: '测试路 2 号',
      is_active: '1',
    };
    expect(
      (await postForm(app, editor, path, { ...fields, _base: first.base, opening_hours: '周一' })).status,
    ).toBe(303);
    const late = await postForm(app, admin, path, { ...fields, _base: second.base, opening_hours: '周五' });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain(STALE_MESSAGE);
    const open = await db()
      .prepare("SELECT after_json FROM official_changes WHERE entity_id = ?1 AND state = 'drafted'")
      .bind(w.stations.b)
      .first<{ after_json: string }>();
    expect(JSON.parse(open?.after_json ?? '{}')).toEqual({ opening_hours: '周一' });
  });
});

describe('reception days', () => {
  let dayId = '';
  it('adds a reception day, then cancels it with a reason; the feed sequence moves on', async () => {
    const created = await postForm(app, editor, '/staff/records/reception_day', {
      station_id: w.stations.a,
      starts_at: '2031-04-09T09:00',
      ends_at: '2031-04-09T11:30',
      topic: '加装电梯',
      deputy_ids: w.deputy,
      status: 'scheduled',
    });
    expect(created.status).toBe(303);
    dayId = /reception_day\/(\d+)/.exec(created.headers.get('Location') ?? '')?.[1] ?? '';
    // Before the publish the new day's page shows its draft, and saving again replaces the draft.
    const pending = await formState(editor, `/staff/records/reception_day/${dayId}`);
    expect(pending.html).toContain('待发布');
    expect(pending.html).toContain(`name="_id" value="${dayId}"`);
    const resaved = await postForm(app, editor, '/staff/records/reception_day', {
      _id: dayId,
      _replacing: pending.replacing,
      station_id: w.stations.a,
      starts_at: '2031-04-09T09:00',
      ends_at: '2031-04-09T11:30',
      topic: '加装电梯和停车',
      deputy_ids: w.deputy,
      status: 'scheduled',
    });
    expect(resaved.headers.get('Location')).toContain(`/reception_day/${dayId}?`);
    await publish();
    expect(
      await db().prepare('SELECT topic FROM reception_days WHERE id = ?1').bind(Number(dayId)).first(),
    ).toEqual({ topic: '加装电梯和停车' });
    const path = `/staff/records/reception_day/${dayId}`;
    const { base } = await formState(editor, path);
    const noReason = await postForm(app, editor, `${path}/cancel`, { _base: base, cancel_reason: '' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('请填写取消原因。');
    const moved = await postForm(app, editor, path, {
      _base: base,
      station_id: w.stations.a,
      starts_at: '2031-04-16T09:00',
      ends_at: '2031-04-16T11:30',
      topic: '加装电梯和停车',
      deputy_ids: w.deputy,
      status: 'scheduled',
    });
    expect(moved.status).toBe(400);
    expect(await moved.text()).toContain('修改开始时间、结束时间时请说明原因。');
    const cancelled = await postForm(app, editor, `${path}/cancel`, {
      _base: base,
      cancel_reason: '代表参加全市会议',
    });
    expect(cancelled.status).toBe(303);
    await publish();
    const day = await db()
      .prepare('SELECT status, status_note, row_version FROM reception_days WHERE id = ?1')
      .bind(Number(dayId))
      .first();
    expect(day).toEqual({ status: 'cancelled', status_note: '代表参加全市会议', row_version: 2 });
    const log = await db()
      .prepare(
        "SELECT field, new_value, note FROM change_log WHERE entity_type = 'reception_day' AND entity_id = ?1 AND field = 'status' ORDER BY id DESC LIMIT 1",
      )
      .bind(dayId)
      .first();
    expect(log).toEqual({ field: 'status', new_value: 'cancelled', note: '代表参加全市会议' });
  });
});

describe('a deputy’s status and contact details', () => {
  it('marks a deputy as resigned with date and reason, confirmed by a second person', async () => {
    const path = `/staff/records/deputy/${w.deputy}`;
    const { base } = await formState(editor, path);
    const fields = {
      _base: base,
      unit_position: '',
      office_phone: '',
      office_email: 'office@example.cn',
      status: 'resigned',
      status_since: '2031-05-01',
    };
    const missing = await postForm(app, editor, path, fields);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('修改代表状态时请说明原因。');
    const saved = await postForm(app, editor, path, {
      ...fields,
      reason: '因工作调动辞去代表职务',
      reference: '常委会公告第 12 号',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toContain('notice=change_needs_confirmation');
    const change = await db()
      .prepare(
        "SELECT id FROM official_changes WHERE entity_type = 'deputy' AND entity_id = ?1 AND state = 'drafted'",
      )
      .bind(w.deputy)
      .first<{ id: number }>();
    expect((await postForm(app, editor, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(
      403,
    );
    expect((await postForm(app, admin, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(303);
    // The publish page says what will change in words, not in the database's codes.
    const waiting = await (await get(app, admin, '/staff/publish')).text();
    expect(waiting).toMatch(/代表状态：\s*<del>在任<\/del>\s*→\s*<ins>已辞职<\/ins>/);
    expect(waiting).not.toContain('<ins>resigned</ins>');
    await publish();
    expect(
      await db()
        .prepare('SELECT status, status_since, office_email FROM deputies WHERE id = ?1')
        .bind(w.deputy)
        .first(),
    ).toEqual({ status: 'resigned', status_since: '2031-05-01', office_email: 'office@example.cn' });
    expect(
      await db()
        .prepare('SELECT status, effective_on, reason FROM deputy_status_events WHERE deputy_id = ?1')
        .bind(w.deputy)
        .first(),
    ).toEqual({ status: 'resigned', effective_on: '2031-05-01', reason: '因工作调动辞去代表职务' });
    const roles = await db()
      .prepare(
        "SELECT role FROM change_log WHERE entity_type = 'deputy' AND entity_id = ?1 AND field = 'status' ORDER BY id DESC LIMIT 1",
      )
      .bind(w.deputy)
      .all();
    expect(roles.results).toEqual([{ role: 'admin' }]);
  });
});

describe('duty reports and their originals', () => {
  const id = 'rec-report-2030';
  it('creates a report, refuses a wrong, corrupt or fake upload before storing, and serves the published original', async () => {
    const created = await postForm(app, editor, '/staff/records/duty_report', {
      _id: id,
      deputy_id: w.deputy,
      year: '2030',
      form: 'written',
      reported_on: '2030-12-01',
      audience: '原选举单位',
      law_observance: '遵守宪法和法律。',
      session_work: '出席会议。',
      between_sessions_work: '视察调研。',
      public_contact: '进站接待。',
      other_matters: '',
      evaluation_satisfied: '30',
      evaluation_basically_satisfied: '3',
      evaluation_dissatisfied: '0',
    });
    expect(created.status).toBe(303);
    const change = await db()
      .prepare("SELECT id FROM official_changes WHERE entity_type = 'duty_report' AND entity_id = ?1")
      .bind(id)
      .first<{ id: number }>();
    await postForm(app, admin, `/staff/publish/changes/${change?.id}/confirm`, {});
    await publish();

    const path = `/staff/records/duty_report/${id}`;
    const { base } = await formState(editor, path);
    const listed = async () => (await env.FILES.list({ prefix: `reports/${id}/` })).objects.length;
    const wrongType = await upload(
      editor,
      `${path}/document`,
      { _base: base },
      new File(['hello'], 'report.txt'),
    );
    expect(wrongType.status).toBe(400);
    expect(await wrongType.text()).toContain('只能上传 PDF 或 Word');
    const fake = await upload(
      editor,
      `${path}/document`,
      { _base: base },
      new File(['<html>not a pdf</html>'], '报告.pdf'),
    );
    expect(await fake.text()).toContain('文件内容不是 PDF');
    const cut = await upload(
      editor,
      `${path}/document`,
      { _base: base },
      new File([PDF.slice(0, 20)], '报告.pdf'),
    );
    expect(await cut.text()).toContain('PDF 文件不完整或已损坏');
    const fakeDocx = await upload(
      editor,
      `${path}/document`,
      { _base: base },
      new File(['PK\u0003\u0004garbage'], '报告.docx'),
    );
    expect(await fakeDocx.text()).toContain('Word 文件不完整或已损坏');
    expect(await listed()).toBe(0);

    const ok = await upload(
      editor,
      `${path}/document`,
      { _base: base },
      new File([PDF], '2030年履职报告.pdf'),
    );
    expect(ok.status).toBe(303);
    expect(await listed()).toBe(1);
    // Not public before the publish.
    expect((await worker(new Request(`${ORIGIN}/files/reports/${id}`))).status).toBe(404);
    await publish();
    const served = await worker(new Request(`${ORIGIN}/files/reports/${id}`));
    expect(served.status).toBe(200);
    expect(served.headers.get('Content-Type')).toBe('application/pdf');
    expect(served.headers.get('Content-Disposition')).toContain(encodeURIComponent('2030年履职报告.pdf'));
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PDF);
  });
});

describe('areas, terms, sessions, handling units and notices', () => {
  it('creates each through its form and refuses invalid input with field messages', async () => {
    const area = await postForm(app, editor, '/staff/records/area', {
      _id: 'rec-east',
      name: '东区',
      kind: 'district',
      parent_id: `${w.p}-city`,
      sort_order: '1',
    });
    expect(area.status).toBe(303);
    const cityWithParent = await postForm(app, editor, '/staff/records/area', {
      _id: 'rec-west',
      name: '西区',
      kind: 'city',
      parent_id: `${w.p}-city`,
      sort_order: '1',
    });
    expect(cityWithParent.status).toBe(400);
    expect(await cityWithParent.text()).toContain('市级区域没有上级区域。');

    const term = await postForm(app, editor, '/staff/records/term', {
      _id: 'rec-term-17',
      congress_id: `${w.p}-cg`,
      number: '17',
      starts_on: '2032-01-01',
      ends_on: '2031-01-01',
      is_current: '0',
    });
    expect(term.status).toBe(400);
    expect(await term.text()).toContain('结束日期须晚于开始日期。');

    const session = await postForm(app, editor, `/staff/records/session/${w.session}`, {
      _base: '1',
      term_id: w.term,
      number: '1',
      opens_on: '2024-01-09',
      closes_on: '2024-01-14',
    });
    expect(session.status).toBe(303);

    const unit = await postForm(app, editor, '/staff/records/handling_unit', {
      _id: 'rec-unit-2',
      name: '',
      kind: 'nope',
    });
    expect(unit.status).toBe(400);
    const unitHtml = await unit.text();
    expect(unitHtml).toContain('请填写名称。');
    expect(unitHtml).toContain('请选择类型。');

    const eu = await postForm(app, editor, '/staff/records/electoral_unit', {
      _id: 'rec-eu-2',
      term_id: w.term,
      kind: 'constituency',
      name: '第二选区',
      seats: '0',
    });
    expect(eu.status).toBe(400);
    expect(await eu.text()).toContain('名额须为正整数。');

    const notice = await postForm(app, editor, '/staff/records/notice', {
      _id: 'rec-notice',
      title: '五月接待日安排',
      body: '各联络站五月接待日照常进行。',
      published_on: '2031-05-01',
      is_visible: '1',
    });
    expect(notice.status).toBe(303);
    await publish();
    expect(await db().prepare("SELECT name FROM areas WHERE id = 'rec-east'").first()).toEqual({
      name: '东区',
    });
    expect(await db().prepare('SELECT opens_on FROM sessions WHERE id = ?1').bind(w.session).first()).toEqual(
      { opens_on: '2024-01-09' },
    );
    expect(await db().prepare("SELECT title FROM notices WHERE id = 'rec-notice'").first()).toEqual({
      title: '五月接待日安排',
    });
    expect((await auditEntries('notice', 'rec-notice')).map((a) => a.action)).toEqual([
      'change.draft',
      'change.publish',
    ]);
  });

  it('is not for handlers', async () => {
    const handler = await signIn(app, w.staff.handler);
    expect((await get(app, handler, '/staff/records/station')).status).toBe(403);
  });
});
