import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../functions/lib/csv.ts';
import { rosterColumns } from '../../functions/staff/imports/schema.ts';
import { loadDeputyChanges } from '../../site/lib/live/changes.ts';
import {
  countRows,
  type Fetch,
  get,
  ORIGIN,
  postForm,
  postJson,
  recordFormState,
  runningDeployHook,
  seedStaffWorld,
  type Session,
  signIn,
  staffAppWith,
  type StaffWorld,
} from './staff-fixtures.ts';

/**
 * A hostile sweep of the four-eyes rule and the official-change lifecycle (functions/changes,
 * functions/staff/publish, functions/staff/records, functions/staff/imports), as an office insider
 * or a careless user would try it: every case is a real request through the staff apps against the
 * real local D1, and a refused one must answer a 4xx with a zh-CN message, change nothing in the
 * live tables and write no public change-log row.
 */

let w: StaffWorld;
let app: Fetch;
let editor: Session;
let admin: Session;
/** A second office member who may confirm (for two confirmations racing). */
let admin2: Session;
let handler: Session;
let stationA: Session;
const db = () => env.DB;

/** A deputy of this file's own, so every case starts from a record no other case touched. */
let seq = 0;
async function newDeputy(name = '韩清远'): Promise<string> {
  seq += 1;
  const id = `${w.p}-d${String(seq)}`;
  await db()
    .prepare(
      `INSERT INTO deputies (id, name, gender, ethnicity, term_id, electoral_unit_id, status, status_since)
       VALUES (?1, ?2, 'male', '汉族', ?3, ?4, 'serving', '2022-01-01')`,
    )
    .bind(id, name, w.term, w.electoralUnit)
    .run();
  return id;
}

const deputyPath = (id: string) => `/staff/records/deputy/${id}`;

/** Drafts a new name (an official fact: a second person confirms it) as the record's form does. */
async function draftName(session: Session, id: string, name: string, extra: Record<string, string> = {}) {
  const state = await recordFormState(app, session, deputyPath(id));
  return postForm(app, session, deputyPath(id), {
    _base: state.base,
    _replacing: state.replacing,
    name,
    reason: '依法更正姓名',
    ...extra,
  });
}

interface ChangeRow {
  id: number;
  state: string;
  confirmed_by: string | null;
  after_json: string | null;
}

async function changesOf(type: string, id: string): Promise<ChangeRow[]> {
  const { results } = await db()
    .prepare(
      'SELECT id, state, confirmed_by, after_json FROM official_changes WHERE entity_type = ?1 AND entity_id = ?2 ORDER BY id',
    )
    .bind(type, id)
    .all<ChangeRow>();
  return results;
}

async function openChange(type: string, id: string): Promise<ChangeRow> {
  const open = (await changesOf(type, id)).filter((c) => c.state === 'drafted' || c.state === 'confirmed');
  expect(open).toHaveLength(1);
  return open[0] as ChangeRow;
}

/** A drafted name change waiting for its second person. */
async function draftedChange(id: string, name: string, by: Session = editor): Promise<ChangeRow> {
  const response = await draftName(by, id, name);
  expect(response.status, await response.clone().text()).toBe(303);
  expect(response.headers.get('Location')).toContain('notice=change_needs_confirmation');
  return openChange('deputy', id);
}

/** Everything a refused request must leave as it was, for one deputy. */
async function trace(id: string) {
  return {
    live: await db()
      .prepare('SELECT name, status, unit_position, row_version FROM deputies WHERE id = ?1')
      .bind(id)
      .first(),
    changes: await changesOf('deputy', id),
    log: await countRows(
      `SELECT COUNT(*) AS n FROM change_log WHERE entity_type = 'deputy' AND entity_id = ?1`,
      id,
    ),
    audit: await countRows(
      `SELECT COUNT(*) AS n FROM audit_log WHERE entity_type = 'deputy' AND entity_id = ?1`,
      id,
    ),
  };
}

/** A 4xx (the one expected), a zh-CN message, never a 5xx. */
async function expectRefusal(response: Response, status: number, message: RegExp): Promise<void> {
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBe(status);
  expect(text).toMatch(message);
  expect(text).toMatch(/[\u4e00-\u9fff]/);
}

const publishForm = (session: Session, fields: Record<string, string> = {}) =>
  postForm(app, session, '/staff/publish', fields);
const confirmForm = (session: Session, change: number, fields: Record<string, string> = {}) =>
  postForm(app, session, `/staff/publish/changes/${String(change)}/confirm`, fields);
const confirmApi = (session: Session, change: number, body: unknown = {}) =>
  postJson(app, session, `/api/staff/publish/changes/${String(change)}/confirm`, body);

async function liveName(id: string): Promise<string | undefined> {
  return (await db().prepare('SELECT name FROM deputies WHERE id = ?1').bind(id).first<{ name: string }>())
    ?.name;
}

beforeAll(async () => {
  w = await seedStaffWorld('h4e');
  await db()
    .prepare(
      `INSERT INTO staff_users (id, email, display_name, role, station_id, is_active) VALUES (?1, ?2, '管理员庚', 'admin', NULL, 1)`,
    )
    .bind(`${w.p}-admin2`, `${w.p}.admin2@example.cn`)
    .run();
  app = staffAppWith({ deployHookFetch: runningDeployHook });
  editor = await signIn(app, w.staff.editor);
  admin = await signIn(app, w.staff.admin);
  admin2 = await signIn(app, `${w.p}-admin2`);
  handler = await signIn(app, w.staff.handler);
  stationA = await signIn(app, w.staff.stationA);
});

describe('nobody confirms their own draft, whatever the post claims', () => {
  const SAME = /不能确认自己起草的修改/;
  const attempts: Array<[string, (change: number) => Promise<Response>]> = [
    ['the console form', (change) => confirmForm(editor, change)],
    ['the API', (change) => confirmApi(editor, change)],
    [
      'a form forging the actor, the confirmer and the role',
      (change) =>
        confirmForm(editor, change, {
          staffId: w.staff.admin,
          actor: w.staff.admin,
          confirmed_by: w.staff.admin,
          drafted_by: w.staff.admin,
          role: 'admin',
        }),
    ],
    [
      'JSON forging the staff member',
      (change) =>
        confirmApi(editor, change, {
          staff: { id: w.staff.admin, role: 'admin' },
          confirmedBy: w.staff.admin,
        }),
    ],
    [
      'a query string naming another person',
      (change) =>
        postForm(
          app,
          editor,
          `/staff/publish/changes/${String(change)}/confirm?staffId=${w.staff.admin}&as=admin`,
          {},
        ),
    ],
    [
      'headers claiming another identity',
      (change) =>
        postForm(
          app,
          editor,
          `/staff/publish/changes/${String(change)}/confirm`,
          {},
          { headers: { 'Cf-Access-Authenticated-User-Email': w.emails.admin, 'X-Staff-Id': w.staff.admin } },
        ),
    ],
  ];

  it.each(attempts)('refuses %s with 403 and leaves the draft unconfirmed', async (_label, attempt) => {
    const id = await newDeputy();
    const change = await draftedChange(id, '韩清源');
    const before = await trace(id);
    await expectRefusal(await attempt(change.id), 403, SAME);
    expect(await trace(id)).toEqual(before);
    // A publish now leaves the live record alone and writes no change-log row.
    expect((await publishForm(admin)).status).toBe(303);
    expect(await liveName(id)).toBe('韩清远');
    expect((await trace(id)).log).toBe(0);
  });

  it('refuses a second confirmation from an old confirm form (409), before and after the publish', async () => {
    const id = await newDeputy();
    const change = await draftedChange(id, '韩清源');
    expect((await confirmForm(admin, change.id)).status).toBe(303);
    const confirmed = await trace(id);
    await expectRefusal(await confirmForm(admin, change.id), 409, /已确认、已发布或已撤回/);
    await expectRefusal(await confirmForm(admin2, change.id), 409, /已确认、已发布或已撤回/);
    expect(await trace(id)).toEqual(confirmed);
    expect((await publishForm(admin)).status).toBe(303);
    const published = await trace(id);
    await expectRefusal(await confirmApi(admin2, change.id), 409, /已确认、已发布或已撤回/);
    expect(await trace(id)).toEqual(published);
  });
});

describe('the drafter of a value never confirms it, even when someone else saved the draft last', () => {
  it('refuses the first drafter the confirmation of a draft another person re-saved around their value', async () => {
    const id = await newDeputy();
    const first = await draftedChange(id, '韩清源');
    // The admin opens the record (the form shows the waiting name) and only adds a position.
    const state = await recordFormState(app, admin, deputyPath(id));
    const resaved = await postForm(app, admin, deputyPath(id), {
      _base: state.base,
      _replacing: state.replacing,
      name: '韩清源',
      unit_position: '市第一中学校长',
      reason: '补充职务',
    });
    expect(resaved.status).toBe(303);
    const second = await openChange('deputy', id);
    expect(second.id).not.toBe(first.id);
    const before = await trace(id);
    // The editor typed the name: confirming the admin's draft would pass it with one pair of eyes.
    // The publish page offers them no confirm button for it; a forged post is refused.
    const page = await (await get(app, editor, '/staff/publish')).text();
    expect(page).not.toContain(`/staff/publish/changes/${String(second.id)}/confirm`);
    expect(await (await get(app, admin2, '/staff/publish')).text()).toContain(
      `/staff/publish/changes/${String(second.id)}/confirm`,
    );
    await expectRefusal(await confirmForm(editor, second.id), 403, /起草过这项修改/);
    await expectRefusal(await confirmApi(editor, second.id), 403, /起草过这项修改/);
    expect(await trace(id)).toEqual(before);
    expect((await publishForm(admin)).status).toBe(303);
    expect(await liveName(id)).toBe('韩清远');
    // A third person confirms it.
    expect((await confirmForm(admin2, second.id)).status).toBe(303);
    expect((await publishForm(admin)).status).toBe(303);
    expect(await liveName(id)).toBe('韩清源');
  });

  it('the database refuses it too: a confirmation by an earlier drafter of the chain fails its CHECK', async () => {
    const id = await newDeputy();
    await draftedChange(id, '韩清源');
    const state = await recordFormState(app, admin, deputyPath(id));
    expect(
      (
        await postForm(app, admin, deputyPath(id), {
          _base: state.base,
          _replacing: state.replacing,
          name: '韩清源',
          unit_position: '市第一中学校长',
          reason: '补充职务',
        })
      ).status,
    ).toBe(303);
    const second = await openChange('deputy', id);
    await expect(
      db()
        .prepare(
          `UPDATE official_changes SET state = 'confirmed', confirmed_by = ?2, confirmed_at = '2030-01-01T00:00:00Z' WHERE id = ?1`,
        )
        .bind(second.id, w.staff.editor)
        .run(),
    ).rejects.toThrow(/official_change_confirmer_drafted/);
  });
});

describe('forged change ids in hidden fields', () => {
  it('a draft that names another record’s change as the one it replaces is refused and withdraws nothing', async () => {
    const mine = await newDeputy();
    const theirs = await newDeputy();
    const other = await draftedChange(theirs, '林晓岚', admin);
    expect((await confirmForm(editor, other.id)).status).toBe(303);
    const before = await trace(theirs);
    const state = await recordFormState(app, editor, deputyPath(mine));
    const response = await postForm(app, editor, deputyPath(mine), {
      _base: state.base,
      _replacing: String(other.id),
      name: '韩清源',
      reason: '更正',
    });
    await expectRefusal(response, 409, /已被他人修改/);
    expect(await trace(theirs)).toEqual(before);
    expect(await changesOf('deputy', mine)).toEqual([]);
  });

  it('a record page’s withdraw form carrying another change id withdraws nothing', async () => {
    const mine = await newDeputy();
    const theirs = await newDeputy();
    await draftedChange(mine, '韩清源');
    const other = await draftedChange(theirs, '林晓岚');
    const before = [await trace(mine), await trace(theirs)];
    const response = await postForm(app, editor, `${deputyPath(mine)}/withdraw`, {
      change: String(other.id),
    });
    await expectRefusal(response, 409, /已发布或已撤回/);
    expect([await trace(mine), await trace(theirs)]).toEqual(before);
  });

  it('lifecycle fields forged into a valid edit form are ignored: the draft still waits for a second person', async () => {
    const id = await newDeputy();
    const response = await draftName(editor, id, '韩清源', {
      needs_confirmation: '0',
      needsConfirmation: 'false',
      state: 'confirmed',
      confirmed_by: w.staff.admin,
      drafted_by: w.staff.admin,
      earlier_drafters: '[]',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toContain('notice=change_needs_confirmation');
    const change = await db()
      .prepare(
        `SELECT state, needs_confirmation, drafted_by, confirmed_by FROM official_changes
         WHERE entity_type = 'deputy' AND entity_id = ?1`,
      )
      .bind(id)
      .first();
    expect(change).toEqual({
      state: 'drafted',
      needs_confirmation: 1,
      drafted_by: w.staff.editor,
      confirmed_by: null,
    });
    expect((await publishForm(editor)).status).toBe(303);
    expect(await liveName(id)).toBe('韩清远');
  });

  it('a forged base version or state in the edit form drafts nothing and touches no live row', async () => {
    const id = await newDeputy();
    const before = await trace(id);
    const response = await postForm(app, editor, deputyPath(id), {
      _base: '99',
      name: '韩清源',
      reason: '更正',
      state: 'published',
      needs_confirmation: '0',
      row_version: '99',
    });
    await expectRefusal(response, 409, /已被他人修改/);
    expect(await trace(id)).toEqual(before);
  });
});

describe('between the confirmation and the publish', () => {
  it('an edit after the confirmation voids it: the publish applies nothing until someone confirms the new value', async () => {
    const id = await newDeputy();
    const first = await draftedChange(id, '韩清源');
    expect((await confirmForm(admin, first.id)).status).toBe(303);
    // The drafter changes the confirmed draft (the form carries the change it replaces).
    const edited = await draftName(editor, id, '韩青原');
    expect(edited.status).toBe(303);
    expect(edited.headers.get('Location')).toContain('notice=change_needs_confirmation');
    const [old, now] = await changesOf('deputy', id);
    expect(old).toMatchObject({ id: first.id, state: 'withdrawn' });
    expect(now).toMatchObject({ state: 'drafted', confirmed_by: null });
    // The old confirm form, posted again, does not confirm the new value.
    await expectRefusal(await confirmForm(admin, first.id), 409, /已确认、已发布或已撤回/);
    expect((await publishForm(admin)).status).toBe(303);
    expect(await liveName(id)).toBe('韩清远');
    expect((await trace(id)).log).toBe(0);
    // Once a second person confirms the new value, that value (and only it) is published.
    expect((await confirmForm(admin, now?.id ?? 0)).status).toBe(303);
    expect((await publishForm(admin)).status).toBe(303);
    expect(await liveName(id)).toBe('韩青原');
    const { results } = await db()
      .prepare(
        `SELECT field, new_value, change_id FROM change_log WHERE entity_type = 'deputy' AND entity_id = ?1`,
      )
      .bind(id)
      .all();
    expect(results).toEqual([{ field: 'name', new_value: '韩青原', change_id: now?.id }]);
  });

  it('an edit without the replaced change’s number is refused while a confirmed change is open', async () => {
    const id = await newDeputy();
    const change = await draftedChange(id, '韩清源');
    expect((await confirmForm(admin, change.id)).status).toBe(303);
    const before = await trace(id);
    const state = await recordFormState(app, editor, deputyPath(id));
    const response = await postForm(app, editor, deputyPath(id), {
      _base: state.base,
      name: '韩青原',
      reason: '更正',
    });
    await expectRefusal(response, 409, /已被他人修改/);
    expect(await trace(id)).toEqual(before);
  });

  it('a change withdrawn after its confirmation is not published', async () => {
    const id = await newDeputy();
    const change = await draftedChange(id, '韩清源');
    expect((await confirmForm(admin, change.id)).status).toBe(303);
    expect(
      (await postForm(app, editor, `/staff/publish/changes/${String(change.id)}/withdraw`, {})).status,
    ).toBe(303);
    expect((await publishForm(admin)).status).toBe(303);
    expect(await liveName(id)).toBe('韩清远');
    expect((await trace(id)).log).toBe(0);
    await expectRefusal(await confirmForm(admin2, change.id), 409, /已确认、已发布或已撤回/);
  });

  it('two confirmations racing: one goes through, the other is refused with 409', async () => {
    const id = await newDeputy();
    const change = await draftedChange(id, '韩清源');
    const answers = await Promise.all([confirmForm(admin, change.id), confirmForm(admin2, change.id)]);
    expect(answers.map((r) => r.status).sort()).toEqual([303, 409]);
    const refused = answers.find((r) => r.status === 409);
    expect(await refused?.text()).toMatch(/已确认、已发布或已撤回/);
    expect(
      await countRows(
        `SELECT COUNT(*) AS n FROM audit_log WHERE entity_type = 'deputy' AND entity_id = ?1 AND action = 'change.confirm'`,
        id,
      ),
    ).toBe(1);
    expect((await openChange('deputy', id)).state).toBe('confirmed');
  });

  it('a publish racing an edit of the confirmed change publishes the confirmed value or nothing, never the edit', async () => {
    const id = await newDeputy();
    const change = await draftedChange(id, '韩清源');
    expect((await confirmForm(admin, change.id)).status).toBe(303);
    const state = await recordFormState(app, editor, deputyPath(id));
    const [published, edited] = await Promise.all([
      publishForm(admin),
      postForm(app, editor, deputyPath(id), {
        _base: state.base,
        _replacing: state.replacing,
        name: '韩青原',
        reason: '更正',
      }),
    ]);
    expect([303, 409]).toContain(published.status);
    expect([303, 409]).toContain(edited.status);
    const name = await liveName(id);
    expect(['韩清远', '韩清源']).toContain(name);
    const { results: log } = await db()
      .prepare(`SELECT new_value FROM change_log WHERE entity_type = 'deputy' AND entity_id = ?1`)
      .bind(id)
      .all<{ new_value: string }>();
    if (name === '韩清源') {
      expect(log).toEqual([{ new_value: '韩清源' }]);
      expect((await changesOf('deputy', id)).find((c) => c.id === change.id)?.state).toBe('published');
    } else {
      expect(log).toEqual([]);
    }
    // Whatever the order, an edit that went through waits for its own second person.
    const open = (await changesOf('deputy', id)).filter(
      (c) => c.state === 'drafted' || c.state === 'confirmed',
    );
    for (const c of open) expect(c).toMatchObject({ state: 'drafted', confirmed_by: null });
  });

  it('two publishes racing apply a confirmed change once, with one change-log row', async () => {
    const id = await newDeputy();
    const change = await draftedChange(id, '韩清源');
    expect((await confirmForm(admin, change.id)).status).toBe(303);
    const answers = await Promise.all([publishForm(admin), publishForm(editor)]);
    for (const r of answers) expect([303, 409]).toContain(r.status);
    expect(await liveName(id)).toBe('韩清源');
    expect((await trace(id)).log).toBe(1);
    // A replayed publish form applies nothing again.
    expect((await publishForm(admin)).status).toBe(303);
    expect((await trace(id)).log).toBe(1);
    expect(
      await countRows(
        `SELECT COUNT(*) AS n FROM audit_log WHERE entity_type = 'deputy' AND entity_id = ?1 AND action = 'change.publish'`,
        id,
      ),
    ).toBe(1);
  });

  it('a confirmation racing an edit of the draft never confirms the edited value', async () => {
    const id = await newDeputy();
    const change = await draftedChange(id, '韩清源');
    const state = await recordFormState(app, editor, deputyPath(id));
    const [confirmed, edited] = await Promise.all([
      confirmForm(admin, change.id),
      postForm(app, editor, deputyPath(id), {
        _base: state.base,
        _replacing: state.replacing,
        name: '韩青原',
        reason: '更正',
      }),
    ]);
    expect([303, 409]).toContain(confirmed.status);
    expect(edited.status).toBe(303);
    // The edit always went through (it replaces a drafted or a confirmed change): it waits unconfirmed.
    const open = await openChange('deputy', id);
    expect(open).toMatchObject({ state: 'drafted', confirmed_by: null });
    expect(JSON.parse(open.after_json ?? '{}')).toMatchObject({ name: '韩青原' });
    expect((await publishForm(admin)).status).toBe(303);
    expect(await liveName(id)).toBe('韩清远');
    expect((await trace(id)).log).toBe(0);
  });

  it('two people drafting the same record at once: one draft, the other refused (409)', async () => {
    const id = await newDeputy();
    const [a, b] = await Promise.all([
      recordFormState(app, editor, deputyPath(id)),
      recordFormState(app, admin, deputyPath(id)),
    ]);
    const answers = await Promise.all([
      postForm(app, editor, deputyPath(id), { _base: a.base, name: '韩清源', reason: '更正' }),
      postForm(app, admin, deputyPath(id), { _base: b.base, name: '林晓岚', reason: '更正' }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([303, 409]);
    expect(await answers.find((r) => r.status === 409)?.text()).toMatch(/已被他人修改/);
    expect((await changesOf('deputy', id)).filter((c) => c.state === 'drafted')).toHaveLength(1);
  });

  it('a GET of a confirm or publish address changes nothing', async () => {
    const id = await newDeputy();
    const change = await draftedChange(id, '韩清源');
    const before = await trace(id);
    for (const path of [
      `/staff/publish/changes/${String(change.id)}/confirm`,
      '/staff/publish/changes/1/withdraw',
    ]) {
      const response = await get(app, admin, path);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    expect(await trace(id)).toEqual(before);
  });

  it('a change held at the publish cannot be confirmed (409) and stays open with its reason', async () => {
    const group = `${w.p}-held`;
    const [one, two] = [await newDeputy(), await newDeputy()];
    await db().batch([
      db()
        .prepare(`INSERT INTO deputy_groups (id, name, kind, congress_id) VALUES (?1, ?2, 'group', ?3)`)
        .bind(group, `${w.p}暂缓小组`, `${w.p}-cg`),
      db()
        .prepare(
          `INSERT INTO deputy_group_members (group_id, deputy_id, role) VALUES (?1, ?2, 'member'), (?1, ?3, 'member')`,
        )
        .bind(group, one, two),
    ]);
    // Two leaders drafted side by side: the publish applies the first and holds the second.
    for (const member of [one, two]) {
      const path = `/staff/records/group_member/${group}.${member}`;
      const state = await recordFormState(app, editor, path);
      expect((await postForm(app, editor, path, { _base: state.base, role: 'leader' })).status).toBe(303);
    }
    expect((await publishForm(admin)).status).toBe(303);
    const held = await db()
      .prepare(
        `SELECT id, state, held_reason FROM official_changes WHERE entity_type = 'group_member' AND entity_id = ?1`,
      )
      .bind(`${group}.${two}`)
      .first<{ id: number; state: string; held_reason: string | null }>();
    expect(held?.held_reason).toMatch(/发布时未生效：这个代表小组已有组长/);
    const log = await countRows(
      `SELECT COUNT(*) AS n FROM change_log WHERE entity_type = 'group_member' AND entity_id = ?1`,
      `${group}.${two}`,
    );
    expect(log).toBe(0);
    await expectRefusal(await confirmForm(admin2, held?.id ?? 0), 409, /已确认、已发布或已撤回/);
    expect(
      await db()
        .prepare('SELECT state, held_reason FROM official_changes WHERE id = ?1')
        .bind(held?.id ?? 0)
        .first(),
    ).toEqual({ state: held?.state, held_reason: held?.held_reason });
    expect(
      await db()
        .prepare('SELECT deputy_id, role FROM deputy_group_members WHERE group_id = ?1 ORDER BY deputy_id')
        .bind(group)
        .all()
        .then((r) => r.results),
    ).toEqual([
      { deputy_id: one, role: 'leader' },
      { deputy_id: two, role: 'member' },
    ]);
  });

  it('a change whose record moved on since the draft cannot be confirmed (409, zh-CN)', async () => {
    const id = await newDeputy();
    const change = await draftedChange(id, '韩清源');
    // Another write (an import's, say) moves the record on: the trigger bumps its row_version.
    await db().prepare(`UPDATE deputies SET unit_position = '新职务' WHERE id = ?1`).bind(id).run();
    const before = await trace(id);
    await expectRefusal(await confirmForm(admin, change.id), 409, /记录已被他人修改，不能再确认/);
    await expectRefusal(await confirmApi(admin, change.id), 409, /记录已被他人修改，不能再确认/);
    expect(await trace(id)).toEqual(before);
  });
});

describe('publishing what nobody confirmed', () => {
  const forged: Array<[string, (change: number, other: number) => Promise<Response>]> = [
    [
      'a publish form naming the change',
      (change) => publishForm(admin, { change: String(change), confirmed: '1' }),
    ],
    [
      'a publish form selecting ids (this one and one of another record)',
      (change, other) =>
        app(
          new Request(`${ORIGIN}/staff/publish`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/x-www-form-urlencoded',
              Origin: ORIGIN,
              Cookie: admin.cookie,
            },
            body: new URLSearchParams([
              ['_csrf', admin.csrf],
              ['ids', String(change)],
              ['ids', String(other)],
              ['force', '1'],
            ]),
          }),
        ),
    ],
    [
      'an API publish naming the change',
      (change) => postJson(app, admin, '/api/staff/publish', { summary: '', changes: [change], force: true }),
    ],
  ];

  it.each(forged)('%s leaves an unconfirmed official change unpublished', async (_label, attempt) => {
    const id = await newDeputy();
    const change = await draftedChange(id, '韩清源');
    const other = await newDeputy();
    const otherChange = await draftedChange(other, '林晓岚');
    const response = await attempt(change.id, otherChange.id);
    expect(response.status).toBeLessThan(500);
    expect(await liveName(id)).toBe('韩清远');
    expect(await liveName(other)).toBe('韩清远');
    expect((await trace(id)).log).toBe(0);
    expect((await openChange('deputy', id)).state).toBe('drafted');
  });
});

describe('roles without the right', () => {
  let change = 0;
  let deputy = '';
  let dayA = 0;
  let dayB = 0;
  let draftB = '';
  beforeAll(async () => {
    deputy = await newDeputy();
    change = (await draftedChange(deputy, '韩清源')).id;
    const day = (station: string) =>
      db()
        .prepare(
          `INSERT INTO reception_days (station_id, starts_at, ends_at, topic) VALUES (?1, '2030-03-01T09:00:00+08:00', '2030-03-01T11:30:00+08:00', '物业管理') RETURNING id`,
        )
        .bind(station)
        .first<{ id: number }>()
        .then((r) => r?.id ?? 0);
    dayA = await day(w.stations.a);
    dayB = await day(w.stations.b);
    // Station B's staff member drafts a new day: another station's draft.
    const stationB = await signIn(app, w.staff.stationB);
    const created = await postForm(app, stationB, '/staff/records/reception_day', {
      station_id: w.stations.b,
      starts_at: '2030-04-01T09:00',
      ends_at: '2030-04-01T11:00',
      topic: '老旧小区改造',
      status: 'scheduled',
    });
    expect(created.status, await created.clone().text()).toBe(303);
    draftB = /reception_day\/(\d+)/.exec(created.headers.get('Location') ?? '')?.[1] ?? '';
    expect(draftB).not.toBe('');
  });

  const cases: Array<[string, () => Session, () => Promise<Response>]> = [
    ['a station member confirms an office change', () => stationA, () => confirmForm(stationA, change)],
    ['a station member confirms through the API', () => stationA, () => confirmApi(stationA, change)],
    ['a handler confirms an office change', () => handler, () => confirmForm(handler, change)],
    ['a station member publishes', () => stationA, () => publishForm(stationA)],
    [
      'a handler publishes through the API',
      () => handler,
      () => postJson(app, handler, '/api/staff/publish', {}),
    ],
    [
      'a station member withdraws an office change',
      () => stationA,
      () => postForm(app, stationA, `/staff/publish/changes/${String(change)}/withdraw`, {}),
    ],
    [
      'a station member withdraws it from the record page',
      () => stationA,
      () => postForm(app, stationA, `${deputyPath(deputy)}/withdraw`, { change: String(change) }),
    ],
    ['a station member drafts a deputy change', () => stationA, () => draftName(stationA, deputy, '林晓岚')],
    ['a station member opens a deputy', () => stationA, () => get(app, stationA, deputyPath(deputy))],
    ['a station member opens the publish page', () => stationA, () => get(app, stationA, '/staff/publish')],
    [
      'a station member confirms an import',
      () => stationA,
      () => postForm(app, stationA, '/staff/imports/pending/imp-0123456789abcdef/confirm', {}),
    ],
  ];

  it.each(cases)('%s: 403 in zh-CN, nothing changed', async (_label, _who, attempt) => {
    const before = await trace(deputy);
    await expectRefusal(await attempt(), 403, /您的角色|您只能维护/);
    expect(await trace(deputy)).toEqual(before);
  });

  it('a station member cannot cancel another station’s day (403) and nothing is drafted', async () => {
    const before = await changesOf('reception_day', String(dayB));
    await expectRefusal(
      await postForm(app, stationA, `/staff/records/reception_day/${String(dayB)}/cancel`, {
        _base: '1',
        cancel_reason: '代表参加全市会议',
      }),
      403,
      /您只能维护/,
    );
    expect(await changesOf('reception_day', String(dayB))).toEqual(before);
  });

  it('a station member cannot read another station’s published day or waiting draft', async () => {
    await expectRefusal(
      await get(app, stationA, `/staff/records/reception_day/${String(dayB)}`),
      403,
      /您只能维护/,
    );
    await expectRefusal(
      await get(app, stationA, `/staff/records/reception_day/${draftB}`),
      403,
      /您只能维护/,
    );
    const list = await (await get(app, stationA, '/staff/records/reception_day')).text();
    expect(list).not.toContain('老旧小区改造');
    expect((await get(app, stationA, `/staff/records/reception_day/${String(dayA)}`)).status).toBe(200);
  });
});

describe('official figures never bypass the drafts', () => {
  it('the record form only drafts: the live row is untouched until a confirmed publish', async () => {
    const id = await newDeputy();
    await draftedChange(id, '韩清源');
    expect(await liveName(id)).toBe('韩清远');
    expect((await trace(id)).log).toBe(0);
  });

  it('a create naming an existing deputy’s id is refused (409) and overwrites nothing', async () => {
    const id = await newDeputy();
    const before = await trace(id);
    const response = await postForm(app, editor, '/staff/records/deputy', {
      _id: id,
      name: '林晓岚',
      gender: 'female',
      ethnicity: '汉族',
      term_id: w.term,
      electoral_unit_id: w.electoralUnit,
      status: 'serving',
      status_since: '2024-06-18',
      reason: '补选',
    });
    await expectRefusal(response, 409, /编号已被使用/);
    expect(await trace(id)).toEqual(before);
  });

  describe('a roster import that changes a deputy’s status', () => {
    const header = Object.values(rosterColumns).map((c) => c.header);
    const line = (id: string, status: string) => [
      id,
      '韩清远',
      '男',
      '汉族',
      '',
      '',
      w.term,
      w.electoralUnit,
      '',
      '',
      '否',
      '否',
      '',
      '',
      status,
      '2022-01-01',
    ];
    async function dryRun(session: Session, csv: string): Promise<{ importId: string; sha256: string }> {
      const form = new FormData();
      form.set('mode', 'merge');
      form.set('file', new File([new TextEncoder().encode(csv)], 'roster.csv'));
      const response = await app(
        new Request(`${ORIGIN}/api/staff/imports/roster/dry-run`, {
          method: 'POST',
          headers: { Origin: ORIGIN, Cookie: session.cookie, 'X-CSRF-Token': session.csrf },
          body: form,
        }),
      );
      const body = await response.json<{
        importId: string | null;
        report: { errors: unknown[]; sha256: string };
      }>();
      expect(response.status, JSON.stringify(body.report.errors)).toBe(200);
      return { importId: body.importId ?? '', sha256: body.report.sha256 };
    }
    /** An import's public change-log rows and audit entries (both keyed by the file's SHA-256). */
    const importTrace = async (sha256: string) => ({
      log: await db()
        .prepare(`SELECT field, role FROM change_log WHERE entity_type = 'import' AND entity_id = ?1`)
        .bind(sha256)
        .all()
        .then((r) => r.results),
      audit: await db()
        .prepare(
          `SELECT actor, action FROM audit_log WHERE entity_type = 'import' AND entity_id = ?1 ORDER BY id`,
        )
        .bind(sha256)
        .all()
        .then((r) => r.results),
    });

    it('waits for a second person; the submitter can neither confirm it nor get it published alone', async () => {
      const id = await newDeputy();
      const { importId, sha256 } = await dryRun(editor, toCsv([header, line(id, '已辞职')]));
      // Someone else cannot submit the file the editor checked (a forged hidden import id).
      await expectRefusal(
        await postJson(app, admin, '/api/staff/imports/roster/commit', { importId }),
        404,
        /找不到这次检查过的文件/,
      );
      expect((await postJson(app, editor, '/api/staff/imports/roster/commit', { importId })).status).toBe(
        202,
      );
      const before = await trace(id);
      await expectRefusal(
        await postForm(app, editor, `/staff/imports/pending/${importId}/confirm`, {}),
        403,
        /不能确认自己提交的导入/,
      );
      await expectRefusal(
        await postJson(app, editor, `/api/staff/imports/pending/${importId}/confirm`, {
          staffId: w.staff.admin,
        }),
        403,
        /不能确认自己提交的导入/,
      );
      expect((await publishForm(editor)).status).toBe(303);
      expect(await trace(id)).toEqual(before);
      // Refused confirmations and the publish without one leave no public row and no audit of theirs.
      expect(await importTrace(sha256)).toEqual({
        log: [],
        audit: [{ actor: w.staff.editor, action: 'import.submit' }],
      });
      // Confirmed by a second person, the publish applies it with its public and audit rows.
      expect((await postJson(app, admin, `/api/staff/imports/pending/${importId}/confirm`, {})).status).toBe(
        200,
      );
      await expectRefusal(
        await postJson(app, admin2, `/api/staff/imports/pending/${importId}/confirm`, {}),
        409,
        /已确认、已发布或已撤回/,
      );
      expect((await publishForm(editor)).status).toBe(303);
      expect(
        await db().prepare('SELECT status FROM deputies WHERE id = ?1').bind(id).first<{ status: string }>(),
      ).toEqual({ status: 'resigned' });
      expect(
        await countRows(
          `SELECT COUNT(*) AS n FROM change_log WHERE entity_type = 'deputy' AND entity_id = ?1 AND field = 'status'`,
          id,
        ),
      ).toBe(1);
      // The import's own public row names the confirming role; the audit has every step.
      expect(await importTrace(sha256)).toEqual({
        log: [{ field: 'roster', role: 'admin' }],
        audit: [
          { actor: w.staff.editor, action: 'import.submit' },
          { actor: w.staff.admin, action: 'import.confirm' },
          { actor: w.staff.editor, action: 'import.roster' },
        ],
      });
      // Replaying the confirmation or the commit after the publish changes nothing.
      await expectRefusal(
        await postJson(app, admin2, `/api/staff/imports/pending/${importId}/confirm`, {}),
        404,
        /没有找到这次导入/,
      );
      await expectRefusal(
        await postJson(app, editor, '/api/staff/imports/roster/commit', { importId }),
        404,
        /找不到这次检查过的文件/,
      );
    });
  });
});

describe('every published change leaves a public change-log row and an audit row', () => {
  it('names the confirming role, never a staff member’s id or e-mail', async () => {
    const id = await newDeputy();
    const change = await draftedChange(id, '韩清源');
    expect((await confirmForm(admin, change.id)).status).toBe(303);
    expect((await publishForm(editor)).status).toBe(303);
    const { results: log } = await db()
      .prepare(
        `SELECT field, old_value, new_value, role, change_id, publish_id IS NOT NULL AS published
         FROM change_log WHERE entity_type = 'deputy' AND entity_id = ?1`,
      )
      .bind(id)
      .all();
    expect(log).toEqual([
      {
        field: 'name',
        old_value: '韩清远',
        new_value: '韩清源',
        role: 'admin',
        change_id: change.id,
        published: 1,
      },
    ]);
    const { results: audit } = await db()
      .prepare(
        `SELECT actor, action FROM audit_log WHERE entity_type = 'deputy' AND entity_id = ?1 ORDER BY id`,
      )
      .bind(id)
      .all();
    expect(audit).toEqual([
      { actor: w.staff.editor, action: 'change.draft' },
      { actor: w.staff.admin, action: 'change.confirm' },
      { actor: w.staff.editor, action: 'change.publish' },
    ]);
    // The public log (/changes/deputy/<id>/ reads it) shows the change and nobody's identity.
    const publicLog = await loadDeputyChanges(db(), id);
    expect(publicLog?.entries.map((e) => [e.field, e.newValue])).toEqual([['name', '韩清源']]);
    const text = JSON.stringify(publicLog?.entries);
    for (const secret of [w.staff.admin, w.staff.editor, w.emails.admin, '@example.cn']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('CSRF: a state-changing console post needs the session’s token and our origin', () => {
  let otherSession: Session;
  beforeAll(async () => {
    otherSession = await signIn(app, `${w.p}-admin2`);
  });
  const variants: Array<[string, { csrf?: string | null; origin?: string | null }, () => string | null]> = [
    ['no token', { csrf: null }, () => null],
    ['a made-up token', { csrf: 'x'.repeat(43) }, () => null],
    ['another session’s token', {}, () => otherSession.csrf],
    ['another site’s Origin', { origin: 'https://evil.example' }, () => null],
  ];
  const posts: Array<[string, (change: number, id: string) => [string, Record<string, string>]]> = [
    ['confirm', (change) => [`/staff/publish/changes/${String(change)}/confirm`, {}]],
    ['withdraw', (change) => [`/staff/publish/changes/${String(change)}/withdraw`, {}]],
    ['publish', () => ['/staff/publish', {}]],
    ['record edit', (_c, id) => [deputyPath(id), { _base: '1', name: '林晓岚', reason: '更正' }]],
    ['record-page withdraw', (change, id) => [`${deputyPath(id)}/withdraw`, { change: String(change) }]],
    ['import confirm', () => ['/staff/imports/pending/imp-0123456789abcdef/confirm', {}]],
    ['import commit', () => ['/staff/imports/roster/commit', { importId: 'imp-0123456789abcdef' }]],
  ];
  const table = posts.flatMap(([post, build]) =>
    variants.map(([variant, options, token]) => [`${post} with ${variant}`, build, options, token] as const),
  );

  it.each(table)('refuses %s (403, zh-CN, nothing changed)', async (_label, build, options, token) => {
    const id = await newDeputy();
    const change = await draftedChange(id, '韩清源');
    const before = await trace(id);
    const [path, fields] = build(change.id, id);
    const forged = token();
    const response = await postForm(
      app,
      admin,
      path,
      fields,
      forged ? { ...options, csrf: forged } : options,
    );
    await expectRefusal(response, 403, /页面已过期或请求来源无法确认|拒绝了来自其他网站的请求/);
    expect(await trace(id)).toEqual(before);
  });

  it('refuses an API confirm without the X-CSRF-Token header', async () => {
    const id = await newDeputy();
    const change = await draftedChange(id, '韩清源');
    const before = await trace(id);
    const response = await app(
      new Request(`${ORIGIN}/api/staff/publish/changes/${String(change.id)}/confirm`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN, Cookie: admin.cookie },
        body: '{}',
      }),
    );
    await expectRefusal(response, 403, /页面已过期或请求来源无法确认/);
    expect(await trace(id)).toEqual(before);
  });
});

describe('a record whose key is longer than a change can name (80 characters)', () => {
  it('a group member with a long generated key: the page opens, a save says why in zh-CN (400), nothing drafted', async () => {
    const group = `${w.p}-g-${'a'.repeat(74)}`;
    const deputy = await newDeputy();
    const key = `${group}.${deputy}`;
    expect(key.length).toBeGreaterThan(80);
    await db().batch([
      db()
        .prepare(`INSERT INTO deputy_groups (id, name, kind, congress_id) VALUES (?1, ?2, 'group', ?3)`)
        .bind(group, `${w.p}长编号小组`, `${w.p}-cg`),
      db()
        .prepare(`INSERT INTO deputy_group_members (group_id, deputy_id, role) VALUES (?1, ?2, 'member')`)
        .bind(group, deputy),
    ]);
    const path = `/staff/records/group_member/${key}`;
    const page = await get(app, editor, path);
    expect(page.status).toBe(200);
    const state = await recordFormState(app, editor, path);
    const changes = await countRows('SELECT COUNT(*) AS n FROM official_changes');
    const response = await postForm(app, editor, path, { _base: state.base, role: 'liaison' });
    await expectRefusal(response, 400, /编号超过 80 个字符/);
    expect(await countRows('SELECT COUNT(*) AS n FROM official_changes')).toBe(changes);
    expect(
      await db()
        .prepare('SELECT role FROM deputy_group_members WHERE group_id = ?1 AND deputy_id = ?2')
        .bind(group, deputy)
        .first(),
    ).toEqual({ role: 'member' });
  });

  it('a rating of a suggestion with a long id: a field message at the suggestion (400), nothing drafted', async () => {
    const suggestion = `${w.p}-s-${'b'.repeat(72)}`;
    expect(suggestion.length).toBeLessThanOrEqual(80);
    await db().batch([
      db()
        .prepare(
          `INSERT INTO suggestions (id, session_id, kind, number, title, body, category, lead_deputy_id, filed_on, status)
           VALUES (?1, ?2, 'suggestion', 901, '关于长编号的建议', '内容。', 'transport', ?3, '2024-01-12', 'replied')`,
        )
        .bind(suggestion, w.session, w.deputy),
      db()
        .prepare(
          `INSERT INTO suggestion_assignments (suggestion_id, handling_unit_id, role, assigned_on, due_on)
           VALUES (?1, ?2, 'lead', '2024-01-20', '2024-04-20')`,
        )
        .bind(suggestion, w.unit),
      db()
        .prepare(
          `INSERT INTO suggestion_replies (suggestion_id, handling_unit_id, round, replied_on, result_class, body)
           VALUES (?1, ?2, 1, '2024-03-25', 'A', '已办理。')`,
        )
        .bind(suggestion, w.unit),
    ]);
    const changes = await countRows('SELECT COUNT(*) AS n FROM official_changes');
    const response = await postForm(app, editor, '/staff/records/suggestion_rating', {
      suggestion_id: suggestion,
      round: '1',
      rated_on: '2024-04-10',
      satisfaction: 'satisfied',
      reason: '代表书面测评',
      reference: '测评表 2024-901',
    });
    const html = await response.clone().text();
    await expectRefusal(response, 400, /编号超过 80 个字符/);
    expect(html).toMatch(
      /id="f-suggestion_id-error"[^>]*>\s*<span[^>]*>错误：<\/span>\s*[^<]*编号超过 80 个字符/,
    );
    expect(await countRows('SELECT COUNT(*) AS n FROM official_changes')).toBe(changes);
  });
});

describe('a round’s official numbers go through the drafts too', () => {
  it('a count typed in the rounds console waits for a second person; then the publish logs it', async () => {
    const year = 2087;
    const candidate = `${w.p}-p2087`;
    await db().batch([
      db()
        .prepare(
          `INSERT INTO project_rounds (year, title, mode, max_choices, counts_public, description) VALUES (?1, '2087 年民生实事项目', 'code', 3, 1, '')`,
        )
        .bind(year),
      db()
        .prepare(
          `INSERT INTO project_candidates (id, round_year, title, description, sort_order) VALUES (?1, ?2, '社区食堂', '建设社区食堂。', 1)`,
        )
        .bind(candidate, year),
    ]);
    const counts = () =>
      db()
        .prepare('SELECT channel, count FROM vote_counts WHERE candidate_id = ?1 ORDER BY channel')
        .bind(candidate)
        .all()
        .then((r) => r.results);
    const logged = () =>
      db()
        .prepare(
          `SELECT field, new_value, role FROM change_log WHERE entity_type = 'candidate_tally' AND entity_id = ?1 ORDER BY field`,
        )
        .bind(candidate)
        .all()
        .then((r) => r.results);
    const before = await counts();
    const drafted = await postForm(app, editor, `/staff/rounds/${String(year)}/counts`, {
      candidateId: candidate,
      station: '120',
      paper: '35',
      reason: '录入联络站计票',
      reference: '计票单 JP-2087-001',
      // Forged: the form has no such fields, and they change nothing.
      confirmed: '1',
      needs_confirmation: '0',
    });
    expect(drafted.status).toBe(303);
    expect(await counts()).toEqual(before);
    const change = await openChange('candidate_tally', candidate);
    expect(change.state).toBe('drafted');
    await expectRefusal(await confirmForm(editor, change.id), 403, /不能确认自己起草的修改/);
    expect((await publishForm(editor)).status).toBe(303);
    expect(await counts()).toEqual(before);
    expect(await logged()).toEqual([]);
    expect((await confirmForm(admin, change.id)).status).toBe(303);
    expect((await publishForm(editor)).status).toBe(303);
    expect(await counts()).toEqual(
      expect.arrayContaining([
        { channel: 'paper', count: 35 },
        { channel: 'station', count: 120 },
      ]),
    );
    expect(await logged()).toEqual([
      { field: 'paper_count', new_value: '35', role: 'admin' },
      { field: 'station_count', new_value: '120', role: 'admin' },
    ]);
  });
});
