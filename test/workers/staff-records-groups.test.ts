import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { STALE_MESSAGE } from '../../functions/changes/actions.ts';
import { loadGroupPage, loadStationPage } from '../../site/lib/live/places.ts';
import {
  auditEntries,
  countRows,
  type Fetch,
  get,
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
 * Deputy groups (代表小组) with their members, and a liaison station's deputies, in the console
 * (functions/changes/rules.ts `deputy_group`, `station`): list fields of deputy ids, checked
 * against the deputies, published with the public change log; station staff keep only their
 * reception days.
 */

let w: StaffWorld;
let app: Fetch;
let editor: Session;
let admin: Session;
let stationStaff: Session;
const db = () => env.DB;

const formState = (session: Session, path: string) => recordFormState(app, session, path);
const publish = (by: Session = admin) => publishAs(app, by);
const count = countRows;

const ids = { dep2: '', dep3: '', group: '' };

async function saveEdit(session: Session, type: string, id: string, fields: Record<string, string>) {
  const path = `/staff/records/${type}/${id}`;
  const { base, replacing } = await formState(session, path);
  return postForm(app, session, path, {
    _base: base,
    ...(replacing ? { _replacing: replacing } : {}),
    ...fields,
  });
}

const members = (group: string) =>
  db()
    .prepare('SELECT deputy_id, role FROM deputy_group_members WHERE group_id = ?1 ORDER BY deputy_id')
    .bind(group)
    .all()
    .then((r) => r.results);

const groupFields = (over: Record<string, string> = {}): Record<string, string> => ({
  name: `${w.p}东湖街道代表小组`,
  kind: 'group',
  congress_id: `${w.p}-cg`,
  area_id: `${w.p}-city`,
  description: '东湖街道的市人大代表，每季度开展一次小组活动。',
  members: '',
  ...over,
});

beforeAll(async () => {
  w = await seedStaffWorld('rgrp');
  app = staffAppWith({ deployHookFetch: runningDeployHook });
  editor = await signIn(app, w.staff.editor);
  admin = await signIn(app, w.staff.admin);
  stationStaff = await signIn(app, w.staff.stationA);
  ids.dep2 = `${w.p}-dep2`;
  ids.dep3 = `${w.p}-dep3`;
  ids.group = `${w.p}-grp`;
  const deputy = db().prepare(
    `INSERT INTO deputies (id, name, gender, ethnicity, term_id, electoral_unit_id, status, status_since)
     VALUES (?1, ?2, 'female', '汉族', ?3, ?4, 'serving', '2022-01-01')`,
  );
  await db().batch([
    deputy.bind(ids.dep2, '吴佳音', w.term, w.electoralUnit),
    deputy.bind(ids.dep3, '郑文博', w.term, w.electoralUnit),
    db()
      .prepare(
        `INSERT INTO deputy_groups (id, name, kind, congress_id, area_id, description) VALUES (?1, ?2, 'group', ?3, ?4, '')`,
      )
      .bind(ids.group, `${w.p}城南代表小组`, `${w.p}-cg`, `${w.p}-city`),
    db()
      .prepare(`INSERT INTO deputy_group_members (group_id, deputy_id, role) VALUES (?1, ?2, 'leader')`)
      .bind(ids.group, w.deputy),
  ]);
});

describe('deputy groups and their members', () => {
  it('creates a group with members named by id, published with its change log and public page', async () => {
    const id = `${w.p}-donghu`;
    const saved = await postForm(app, editor, '/staff/records/deputy_group', {
      _id: id,
      ...groupFields({ members: `${ids.dep2}\n${ids.dep3}` }),
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toBe(`/staff/records/deputy_group/${id}?notice=change_drafted`);
    expect(await loadGroupPage(db(), id)).toBeNull();
    await publish();
    expect(await members(id)).toEqual([
      { deputy_id: ids.dep2, role: 'member' },
      { deputy_id: ids.dep3, role: 'member' },
    ]);
    const page = await loadGroupPage(db(), id);
    expect(page?.group.name).toBe(`${w.p}东湖街道代表小组`);
    expect(page?.members.map((m) => m.name)).toEqual(['吴佳音', '郑文博']);
    expect(
      await db()
        .prepare(
          `SELECT new_value, publish_id IS NOT NULL AS has_publish FROM change_log
           WHERE entity_type = 'deputy_group' AND entity_id = ?1 AND field = 'members'`,
        )
        .bind(id)
        .first(),
    ).toEqual({ new_value: `${ids.dep2}、${ids.dep3}`, has_publish: 1 });
    expect((await auditEntries('deputy_group', id)).map((a) => a.action)).toEqual([
      'change.draft',
      'change.publish',
    ]);
    // The edit page shows the members one id per line.
    const form = await (await get(app, editor, `/staff/records/deputy_group/${id}`)).text();
    expect(form).toContain(`${ids.dep2}\n${ids.dep3}</textarea>`);
  });

  it('adds and removes members while the ones who stay keep their role', async () => {
    const saved = await saveEdit(editor, 'deputy_group', ids.group, {
      ...groupFields({ name: `${w.p}城南代表小组`, description: '', members: `${w.deputy}, ${ids.dep3}` }),
    });
    expect(saved.status).toBe(303);
    await publish();
    expect(await members(ids.group)).toEqual([
      { deputy_id: w.deputy, role: 'leader' },
      { deputy_id: ids.dep3, role: 'member' },
    ]);
    const later = await saveEdit(editor, 'deputy_group', ids.group, {
      ...groupFields({ name: `${w.p}城南代表小组`, description: '', members: w.deputy }),
    });
    expect(later.status).toBe(303);
    await publish();
    expect(await members(ids.group)).toEqual([{ deputy_id: w.deputy, role: 'leader' }]);
  });

  it('refuses a save made from a version that has since moved on, and writes nothing', async () => {
    const path = `/staff/records/deputy_group/${ids.group}`;
    const { base } = await formState(editor, path);
    await db().prepare("UPDATE deputy_groups SET description = '导入' WHERE id = ?1").bind(ids.group).run();
    const changes = await count(
      "SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'deputy_group'",
    );
    const response = await postForm(app, editor, path, {
      _base: base,
      ...groupFields({ name: `${w.p}城南代表小组`, members: `${w.deputy} ${ids.dep2}` }),
    });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain(STALE_MESSAGE);
    expect(await count("SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'deputy_group'")).toBe(
      changes,
    );
    expect(await members(ids.group)).toEqual([{ deputy_id: w.deputy, role: 'leader' }]);
  });

  it.each([
    {
      what: 'a member who is not a deputy',
      over: () => ({ members: `${ids.dep2} ${w.p}-ghost` }),
      field: 'members',
      message: (): string => `组员中有不存在的编号：${w.p}-ghost。`,
    },
    {
      what: 'a malformed member id',
      over: () => ({ members: 'Not An Id!' }),
      field: 'members',
      message: (): string => '组员中有无效的编号。',
    },
    {
      what: 'a plain group without its congress',
      over: () => ({ congress_id: '' }),
      field: 'congress_id',
      message: (): string => '代表小组须选择所属人民代表大会。',
    },
    {
      what: 'the name of another group',
      over: () => ({ name: `${w.p}城南代表小组` }),
      field: 'name',
      message: (): string => '已有同名的代表小组。',
    },
    {
      what: 'an over-long name',
      over: () => ({ name: '组'.repeat(81) }),
      field: 'name',
      message: (): string => '名称不能超过 80 个字。',
    },
  ])('refuses $what at the field, with nothing written', async ({ over, field, message }) => {
    const changes = await count(
      "SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'deputy_group'",
    );
    const response = await postForm(app, editor, '/staff/records/deputy_group', {
      _id: `${w.p}-bad`,
      ...groupFields(over()),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(
      new RegExp(`id="f-${field}-error"[^>]*>\\s*<span[^>]*>错误：</span>\\s*${message()}`),
    );
    expect(await count("SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'deputy_group'")).toBe(
      changes,
    );
  });
});

describe('a station’s deputies', () => {
  const stationFields = () => ({
    name: `${w.p}甲联络站`,
    kind: 'station',
    area_id: `${w.p}-city`,
    address: '测试路 1 号',
    opening_hours: '',
    phone: '',
    latitude: '',
    longitude: '',
    is_active: '1',
  });

  it('lists the deputies who receive at a station, checked against the deputies, on its public page', async () => {
    const bad = await saveEdit(editor, 'station', w.stations.a, {
      ...stationFields(),
      deputy_ids: `${w.deputy} ${w.p}-ghost`,
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(`进站代表中有不存在的编号：${w.p}-ghost。`);
    expect(
      await count('SELECT COUNT(*) AS n FROM station_deputies WHERE station_id = ?1', w.stations.a),
    ).toBe(0);

    const saved = await saveEdit(editor, 'station', w.stations.a, {
      ...stationFields(),
      deputy_ids: `${w.deputy}\n${ids.dep2}`,
    });
    expect(saved.status).toBe(303);
    await publish();
    const page = await loadStationPage(db(), w.stations.a);
    expect(page?.deputies.map((d) => d.id).sort()).toEqual([w.deputy, ids.dep2].sort());
    expect(
      await db()
        .prepare(
          `SELECT new_value FROM change_log WHERE entity_type = 'station' AND entity_id = ?1 AND field = 'deputy_ids'`,
        )
        .bind(w.stations.a)
        .first(),
    ).toEqual({ new_value: [w.deputy, ids.dep2].sort().join('、') });
    // A reception day of the station now offers those deputies.
    const day = await (
      await get(app, editor, `/staff/records/reception_day/new?station_id=${w.stations.a}`)
    ).text();
    expect(day).toContain(`value="${ids.dep2}"`);
  });

  it('leaves station staff their reception days only', async () => {
    expect((await get(app, stationStaff, `/staff/records/station/${w.stations.a}`)).status).toBe(403);
    const { base } = await formState(editor, `/staff/records/station/${w.stations.a}`);
    const refused = await postForm(app, stationStaff, `/staff/records/station/${w.stations.a}`, {
      _base: base,
      ...stationFields(),
      deputy_ids: w.deputy,
    });
    expect(refused.status).toBe(403);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'station' AND entity_id = ?1 AND state = 'drafted'",
        w.stations.a,
      ),
    ).toBe(0);
  });
});

describe('a member’s role (组长, 副组长, 联络员, 组员)', () => {
  const roles = () => `${w.p}-roles`;
  const race = () => `${w.p}-race`;
  const memberPath = (group: string, deputy: string) => `/staff/records/group_member/${group}.${deputy}`;
  const saveRole = (session: Session, group: string, deputy: string, role: string) =>
    saveEdit(session, 'group_member', `${group}.${deputy}`, { role });
  const roleOf = async (group: string, deputy: string) =>
    (await loadGroupPage(db(), group))?.group.members.find((m) => m.deputyId === deputy)?.role;

  beforeAll(async () => {
    const group = db().prepare(
      `INSERT INTO deputy_groups (id, name, kind, congress_id, area_id, description) VALUES (?1, ?2, 'group', ?3, ?4, '')`,
    );
    const member = db().prepare(`INSERT INTO deputy_group_members (group_id, deputy_id) VALUES (?1, ?2)`);
    await db().batch([
      group.bind(roles(), `${w.p}城北代表小组`, `${w.p}-cg`, `${w.p}-city`),
      group.bind(race(), `${w.p}城西代表小组`, `${w.p}-cg`, `${w.p}-city`),
      member.bind(roles(), ids.dep2),
      member.bind(roles(), ids.dep3),
      member.bind(race(), ids.dep2),
      member.bind(race(), ids.dep3),
    ]);
  });

  it('changes a role from the group’s page, public only after the publish', async () => {
    const page = await (await get(app, editor, `/staff/records/deputy_group/${roles()}`)).text();
    expect(page).toContain(`href="${memberPath(roles(), ids.dep2)}"`);
    const saved = await saveRole(editor, roles(), ids.dep2, 'leader');
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toBe(`${memberPath(roles(), ids.dep2)}?notice=change_drafted`);
    expect(await roleOf(roles(), ids.dep2)).toBe('member');
    await publish();
    expect(await roleOf(roles(), ids.dep2)).toBe('leader');
    // The console's list of roles finds a deputy's memberships by the deputy's id.
    const listed = await get(app, editor, `/staff/records/group_member?q=${ids.dep2}`);
    expect(listed.status).toBe(200);
    expect(await listed.text()).toContain(`href="${memberPath(roles(), ids.dep2)}"`);
    // The public group page lists the leader first.
    expect((await loadGroupPage(db(), roles()))?.members.map((m) => m.id)).toEqual([ids.dep2, ids.dep3]);
    expect(
      await db()
        .prepare(
          `SELECT old_value, new_value, role, publish_id IS NOT NULL AS has_publish FROM change_log
           WHERE entity_type = 'group_member' AND entity_id = ?1`,
        )
        .bind(`${roles()}.${ids.dep2}`)
        .all()
        .then((r) => r.results),
    ).toEqual([{ old_value: 'member', new_value: 'leader', role: 'editor', has_publish: 1 }]);
  });

  it.each([
    {
      what: 'a second leader of a group',
      deputy: () => ids.dep3,
      fields: () => ({ role: 'leader' }),
      field: 'role',
      message:
        '这个代表小组已有组长。请先为原组长起草改任其他职务（或移出本组）的修改，再任命新的组长；两项修改可在同一次发布中生效。',
    },
    {
      what: 'a role not in the list',
      deputy: () => ids.dep3,
      fields: () => ({ role: 'chairman' }),
      field: 'role',
      message: '请选择职务。',
    },
    {
      what: 'moving the membership to another group',
      deputy: () => ids.dep3,
      fields: () => ({ role: 'liaison', group_id: race() }),
      field: 'group_id',
      message: '代表小组在新增时确定，不能修改。',
    },
  ])(
    'refuses $what with a zh-CN field message and the form again',
    async ({ deputy, fields, field, message }) => {
      const changes = await count(
        "SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'group_member'",
      );
      const response = await saveEdit(editor, 'group_member', `${roles()}.${deputy()}`, fields());
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain('class="error-summary"');
      expect(html).toContain(`<a href="#f-${field}">`);
      // The message stands by the field (a role), or in the summary (a fixed field, shown as text).
      if (field === 'role') {
        expect(html).toMatch(
          new RegExp(`id="f-${field}-error"[^>]*>\\s*<span[^>]*>错误：</span>\\s*${message}`),
        );
      } else expect(html).toContain(message);
      // The form again: the typed role kept, the membership shown as it is.
      // (A role not in the list cannot be selected again: the select offers the four roles.)
      if (fields().role !== 'chairman') {
        expect(html).toContain(`<option value="${fields().role}" selected="">`);
      }
      expect(html).toContain(`<input type="hidden" name="group_id" value="${roles()}"/>`);
      expect(
        await count("SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'group_member'"),
      ).toBe(changes);
      expect(await members(roles())).toEqual([
        { deputy_id: ids.dep2, role: 'leader' },
        { deputy_id: ids.dep3, role: 'member' },
      ]);
    },
  );

  it('holds the second of two racing leader drafts at the publish with its reason; the rest is published', async () => {
    // Both drafted while the group had no leader: each passes its own check.
    expect((await saveRole(editor, race(), ids.dep2, 'leader')).status).toBe(303);
    expect((await saveRole(admin, race(), ids.dep3, 'leader')).status).toBe(303);
    // Another change of the same publish.
    expect((await saveRole(editor, roles(), ids.dep3, 'liaison')).status).toBe(303);
    const response = await postForm(app, admin, '/staff/publish', {});
    expect(response.status).toBe(303);
    // The notice says a change was left out, and where to read why.
    expect(response.headers.get('Location')).toBe('/staff/publish?notice=published_changes_held');
    expect(await members(race())).toEqual([
      { deputy_id: ids.dep2, role: 'leader' },
      { deputy_id: ids.dep3, role: 'member' },
    ]);
    expect(await roleOf(roles(), ids.dep3)).toBe('liaison');
    const held = await db()
      .prepare(
        `SELECT state, held_reason FROM official_changes WHERE entity_type = 'group_member' AND entity_id = ?1
         AND state IN ('drafted', 'confirmed')`,
      )
      .bind(`${race()}.${ids.dep3}`)
      .first();
    expect(held).toEqual({
      state: 'drafted',
      held_reason:
        '发布时未生效：这个代表小组已有组长。请先为原组长起草改任其他职务（或移出本组）的修改，再任命新的组长；两项修改可在同一次发布中生效。',
    });
    // The publish page shows the reason beside the change left waiting.
    expect(await (await get(app, admin, '/staff/publish')).text()).toContain(
      '发布时未生效：这个代表小组已有组长。',
    );
    // 郑文博 stays a member until the office drafts 吴佳音's demotion: the draft of a second leader
    // is still refused while the leader keeps the role.
    expect((await saveRole(editor, race(), ids.dep3, 'leader')).status).toBe(400);
  });
});

describe('a role change and the group’s list in one publish', () => {
  it('holds the role of a member the same publish removes, and publishes the list', async () => {
    const group = `${w.p}-roles`;
    // The list drops 郑文博 first; then his role is changed.
    const list = await saveEdit(editor, 'deputy_group', group, {
      ...groupFields({ name: `${w.p}城北代表小组`, description: '', members: ids.dep2 }),
    });
    expect(list.status).toBe(303);
    expect(
      (await saveEdit(editor, 'group_member', `${group}.${ids.dep3}`, { role: 'vice_leader' })).status,
    ).toBe(303);
    expect((await postForm(app, admin, '/staff/publish', {})).status).toBe(303);
    expect(await members(group)).toEqual([{ deputy_id: ids.dep2, role: 'leader' }]);
    expect(
      await db()
        .prepare(
          `SELECT held_reason FROM official_changes WHERE entity_type = 'group_member' AND entity_id = ?1
           AND state IN ('drafted', 'confirmed')`,
        )
        .bind(`${group}.${ids.dep3}`)
        .first(),
    ).toEqual({ held_reason: '发布时未生效：本次发布同时把这条代表小组成员职务从名单中移除。' });
  });
});

describe('swapping a group’s leader in one publish', () => {
  const group = (n: number) => `${w.p}-swap${String(n)}`;
  const key = (g: string, deputy: string) => `${g}.${deputy}`;
  const saveRole = (session: Session, g: string, deputy: string, role: string) =>
    saveEdit(session, 'group_member', key(g, deputy), { role });
  const openChange = (g: string, deputy: string) =>
    db()
      .prepare(
        `SELECT id, state, held_reason FROM official_changes WHERE entity_type = 'group_member' AND entity_id = ?1
         AND state IN ('drafted', 'confirmed')`,
      )
      .bind(key(g, deputy))
      .first<{ id: number; state: string; held_reason: string | null }>();
  const leaders = (g: string) =>
    count("SELECT COUNT(*) AS n FROM deputy_group_members WHERE group_id = ?1 AND role = 'leader'", g);
  const HAND_OVER =
    '原组长改任其他职务（或移出本组）的修改没有在本次发布中生效（尚待确认、已过期或被暂缓），新组长的任命先不生效，待原组长的修改发布时再一并发布。';

  beforeAll(async () => {
    const insertGroup = db().prepare(
      `INSERT INTO deputy_groups (id, name, kind, congress_id, area_id, description) VALUES (?1, ?2, 'group', ?3, ?4, '')`,
    );
    const member = db().prepare(
      'INSERT INTO deputy_group_members (group_id, deputy_id, role) VALUES (?1, ?2, ?3)',
    );
    await db().batch(
      [1, 2, 3, 4, 5].flatMap((n) => [
        insertGroup.bind(group(n), `${w.p}换届小组${String(n)}`, `${w.p}-cg`, `${w.p}-city`),
        member.bind(group(n), ids.dep2, 'leader'),
        member.bind(group(n), ids.dep3, 'member'),
      ]),
    );
  });

  it('publishes the old leader’s demotion and the new leader together, with both change-log rows', async () => {
    const g = group(1);
    // The form's hint says how a swap is done now.
    const form = await (await get(app, editor, `/staff/records/group_member/${key(g, ids.dep3)}`)).text();
    expect(form).toContain('两项修改在同一次发布中生效，发布时先执行原组长的修改。');
    expect(form).not.toContain('并发布，再任命');
    // The new leader first, while the old one keeps the role: refused at the field.
    expect((await saveRole(editor, g, ids.dep3, 'leader')).status).toBe(400);
    expect((await saveRole(editor, g, ids.dep2, 'vice_leader')).status).toBe(303);
    expect((await saveRole(admin, g, ids.dep3, 'leader')).status).toBe(303);
    // The old leader's draft saved again after the new leader's (a later change number): the
    // publish still applies the demotion first.
    expect((await saveRole(admin, g, ids.dep2, 'member')).status).toBe(303);
    // Nothing public before the publish.
    expect(await members(g)).toEqual([
      { deputy_id: ids.dep2, role: 'leader' },
      { deputy_id: ids.dep3, role: 'member' },
    ]);
    await publish();
    expect(await members(g)).toEqual([
      { deputy_id: ids.dep2, role: 'member' },
      { deputy_id: ids.dep3, role: 'leader' },
    ]);
    expect((await loadGroupPage(db(), g))?.members.map((m) => m.id)).toEqual([ids.dep3, ids.dep2]);
    const logged = await db()
      .prepare(
        `SELECT entity_id, old_value, new_value, publish_id FROM change_log
         WHERE entity_type = 'group_member' AND entity_id IN (?1, ?2) ORDER BY id`,
      )
      .bind(key(g, ids.dep2), key(g, ids.dep3))
      .all<{ entity_id: string; old_value: string; new_value: string; publish_id: number | null }>()
      .then((r) => r.results);
    // In the order of the batch: the demotion first.
    expect(logged.map(({ entity_id, old_value, new_value }) => [entity_id, old_value, new_value])).toEqual([
      [key(g, ids.dep2), 'leader', 'member'],
      [key(g, ids.dep3), 'member', 'leader'],
    ]);
    // One publish: both rows name the same one.
    expect(logged[0]?.publish_id).not.toBeNull();
    expect(logged[1]?.publish_id).toBe(logged[0]?.publish_id);
    for (const deputy of [ids.dep2, ids.dep3]) {
      expect((await auditEntries('group_member', key(g, deputy))).map((a) => a.action)).toEqual(
        deputy === ids.dep2
          ? ['change.draft', 'change.replace', 'change.draft', 'change.publish']
          : ['change.draft', 'change.publish'],
      );
      expect(await openChange(g, deputy)).toBeNull();
    }
  });

  it('holds the new leader when the old leader’s demotion is not in the publish, with the reason', async () => {
    const g = group(2);
    expect((await saveRole(editor, g, ids.dep2, 'member')).status).toBe(303);
    expect((await saveRole(editor, g, ids.dep3, 'leader')).status).toBe(303);
    // The old leader's membership moves on (an import, another console): the demotion is stale and
    // this publish leaves it open.
    await db()
      .prepare('UPDATE deputy_group_members SET role = role WHERE group_id = ?1 AND deputy_id = ?2')
      .bind(g, ids.dep2)
      .run();
    const response = await postForm(app, admin, '/staff/publish', {});
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toMatch(/notice=published_(changes|some)_held$/);
    expect(await members(g)).toEqual([
      { deputy_id: ids.dep2, role: 'leader' },
      { deputy_id: ids.dep3, role: 'member' },
    ]);
    expect(await openChange(g, ids.dep3)).toMatchObject({
      state: 'drafted',
      held_reason: `发布时未生效：${HAND_OVER}`,
    });
    expect(await openChange(g, ids.dep2)).toMatchObject({ state: 'drafted', held_reason: null });
    expect(await (await get(app, admin, '/staff/publish')).text()).toContain(`发布时未生效：${HAND_OVER}`);
    expect(await leaders(g)).toBe(1);
  });

  it('holds the new leader once the demotion is withdrawn; taking the old leader out of the group publishes it', async () => {
    const g = group(3);
    expect((await saveRole(editor, g, ids.dep2, 'liaison')).status).toBe(303);
    expect((await saveRole(editor, g, ids.dep3, 'leader')).status).toBe(303);
    const demotion = await openChange(g, ids.dep2);
    // A role needs no second person, so there is no confirmation to refuse: the publish holds it.
    const withdrawn = await postForm(
      app,
      admin,
      `/staff/publish/changes/${String(demotion?.id)}/withdraw`,
      {},
    );
    expect(withdrawn.status).toBe(303);
    await publish();
    expect(await members(g)).toEqual([
      { deputy_id: ids.dep2, role: 'leader' },
      { deputy_id: ids.dep3, role: 'member' },
    ]);
    expect(await openChange(g, ids.dep3)).toMatchObject({
      held_reason:
        '发布时未生效：这个代表小组已有组长。请先为原组长起草改任其他职务（或移出本组）的修改，再任命新的组长；两项修改可在同一次发布中生效。',
    });
    // The office takes the old leader out of the group instead: the list change goes first, and the
    // new leader held by the last publish is published with it.
    const list = await saveEdit(editor, 'deputy_group', g, {
      ...groupFields({ name: `${w.p}换届小组3`, description: '', members: ids.dep3 }),
    });
    expect(list.status).toBe(303);
    await publish();
    expect(await members(g)).toEqual([{ deputy_id: ids.dep3, role: 'leader' }]);
    expect(await openChange(g, ids.dep3)).toBeNull();
  });

  it('keeps the old leader when the new leader’s change cannot be published, so the group is not left without one', async () => {
    const g = group(5);
    expect((await saveRole(editor, g, ids.dep2, 'member')).status).toBe(303);
    expect((await saveRole(editor, g, ids.dep3, 'leader')).status).toBe(303);
    // The new leader's membership moves on under the draft: that change is stale.
    await db()
      .prepare('UPDATE deputy_group_members SET role = role WHERE group_id = ?1 AND deputy_id = ?2')
      .bind(g, ids.dep3)
      .run();
    await publish();
    expect(await members(g)).toEqual([
      { deputy_id: ids.dep2, role: 'leader' },
      { deputy_id: ids.dep3, role: 'member' },
    ]);
    expect(await openChange(g, ids.dep2)).toMatchObject({
      state: 'drafted',
      held_reason:
        '发布时未生效：新组长的任命没有在本次发布中生效（见那项修改的原因），原组长的这项修改一并暂缓，以免小组没有组长；处理好新组长的修改后再发布，或撤回新组长的修改后单独发布这一项。',
    });
    // The new leader's change is shown as stale on the publish page, to be withdrawn.
    const promotion = await openChange(g, ids.dep3);
    expect(promotion).toMatchObject({ state: 'drafted', held_reason: null });
    const page = await (await get(app, admin, '/staff/publish')).text();
    expect(page).toContain('已过期：起草后记录已被他人修改');
    // Withdrawn, the old leader's demotion alone is what the office asks for: it is published.
    expect(
      (await postForm(app, admin, `/staff/publish/changes/${String(promotion?.id)}/withdraw`, {})).status,
    ).toBe(303);
    await publish();
    expect(await members(g)).toEqual([
      { deputy_id: ids.dep2, role: 'member' },
      { deputy_id: ids.dep3, role: 'member' },
    ]);
    expect(await openChange(g, ids.dep2)).toBeNull();
  });

  it('applies each change once when two publishes race, and the group always has one leader', async () => {
    const g = group(4);
    expect((await saveRole(editor, g, ids.dep2, 'member')).status).toBe(303);
    expect((await saveRole(editor, g, ids.dep3, 'leader')).status).toBe(303);
    const [first, second] = await Promise.all([
      postForm(app, admin, '/staff/publish', {}),
      postForm(app, editor, '/staff/publish', {}),
    ]);
    // Each publish either goes through or is refused as a whole (409, nothing written).
    for (const response of [first, second]) expect([303, 409]).toContain(response.status);
    expect([first.status, second.status]).toContain(303);
    expect(await members(g)).toEqual([
      { deputy_id: ids.dep2, role: 'member' },
      { deputy_id: ids.dep3, role: 'leader' },
    ]);
    for (const deputy of [ids.dep2, ids.dep3]) {
      expect(
        await count(
          "SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'group_member' AND entity_id = ?1 AND state = 'published'",
          key(g, deputy),
        ),
      ).toBe(1);
      expect(
        await count(
          "SELECT COUNT(*) AS n FROM change_log WHERE entity_type = 'group_member' AND entity_id = ?1",
          key(g, deputy),
        ),
      ).toBe(1);
      expect(
        (await auditEntries('group_member', key(g, deputy))).filter((a) => a.action === 'change.publish'),
      ).toHaveLength(1);
    }
    expect(await leaders(g)).toBe(1);
  });
});
