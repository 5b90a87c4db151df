import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { StaffAddArgs, staffAddSql } from '../../scripts/lib/staff-add-sql.ts';
import {
  auditEntries,
  get,
  postForm,
  seedStaffWorld,
  signIn,
  type StaffWorld,
  worker,
} from './staff-fixtures.ts';

let w: StaffWorld;
const db = () => env.DB;

async function account(email: string) {
  return db()
    .prepare('SELECT id, display_name, role, station_id, is_active FROM staff_users WHERE email = ?1')
    .bind(email)
    .first<{
      id: string;
      display_name: string;
      role: string;
      station_id: string | null;
      is_active: number;
    }>();
}

beforeAll(async () => {
  w = await seedStaffWorld('acct');
});

describe('npm run staff:add', () => {
  it('creates the first admin with SQL that keeps quotes as data, and re-running updates the same account', async () => {
    const args = StaffAddArgs.parse({
      email: 'First.Admin@Example.cn',
      name: "O'Neil'); DROP TABLE staff_users;--",
      role: 'admin',
    });
    const sql = staffAddSql(args, new Uint8Array([1, 2, 3]));
    await db().exec(sql.replaceAll('\n', ' '));
    const created = await account('first.admin@example.cn');
    expect(created).toMatchObject({
      id: 'first-admin-010203',
      display_name: "O'Neil'); DROP TABLE staff_users;--",
      role: 'admin',
      is_active: 1,
    });
    expect((await auditEntries('staff_user', 'first-admin-010203')).map((a) => a.action)).toEqual([
      'staff.add',
    ]);

    const again = staffAddSql(
      StaffAddArgs.parse({ email: 'first.admin@example.cn', name: '第一位管理员', role: 'admin' }),
      new Uint8Array([9, 9, 9]),
    );
    await db().exec(again.replaceAll('\n', ' '));
    expect(await account('first.admin@example.cn')).toMatchObject({
      id: 'first-admin-010203',
      display_name: '第一位管理员',
    });
    // The new admin can sign in.
    const session = await signIn(worker, 'first-admin-010203');
    expect((await get(worker, session, '/staff/accounts')).status).toBe(200);
  });

  it('refuses bad arguments before touching the database', () => {
    expect(StaffAddArgs.safeParse({ email: 'nobody', name: 'x', role: 'admin' }).success).toBe(false);
    expect(StaffAddArgs.safeParse({ email: 'a@b.cn', name: 'x', role: 'root' }).success).toBe(false);
    expect(StaffAddArgs.safeParse({ email: 'a@b.cn', name: 'x', role: 'station_staff' }).success).toBe(false);
    expect(
      StaffAddArgs.safeParse({ email: 'a@b.cn', name: 'x', role: 'station_staff', station: "a'b" }).success,
    ).toBe(false);
  });
});

describe('staff accounts in the console', () => {
  it('is for admins only', async () => {
    const editor = await signIn(worker, w.staff.editor);
    expect((await get(worker, editor, '/staff/accounts')).status).toBe(403);
    expect(
      (
        await postForm(worker, editor, '/staff/accounts', {
          email: 'x@y.cn',
          displayName: 'x',
          role: 'admin',
        })
      ).status,
    ).toBe(403);
  });

  it('adds station staff, re-showing the form with field errors and kept values when something is missing', async () => {
    const admin = await signIn(worker, w.staff.admin);
    const bad = await postForm(worker, admin, '/staff/accounts', {
      email: 'zhan.yuan@example.cn',
      displayName: '站员新',
      role: 'station_staff',
      stationId: '',
    });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain('class="error-summary"');
    expect(page).toContain('href="#f-stationId"');
    expect(page).toContain('联络站工作人员须选择所属联络站。');
    expect(page).toContain('value="zhan.yuan@example.cn"');
    expect(await account('zhan.yuan@example.cn')).toBeNull();

    const ok = await postForm(worker, admin, '/staff/accounts', {
      email: 'Zhan.Yuan@example.cn',
      displayName: '站员新',
      role: 'station_staff',
      stationId: w.stations.b,
    });
    expect(ok.status).toBe(303);
    const created = await account('zhan.yuan@example.cn');
    expect(created).toMatchObject({ role: 'station_staff', station_id: w.stations.b, is_active: 1 });
    const audit = await auditEntries('staff_user', created?.id ?? '');
    expect(audit).toEqual([expect.objectContaining({ actor: w.staff.admin, action: 'staff.add' })]);

    const duplicate = await postForm(worker, admin, '/staff/accounts', {
      email: 'zhan.yuan@example.cn',
      displayName: '另一人',
      role: 'handler',
    });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.text()).toContain('这个电子邮箱已有账号。');
  });

  it('changes role and station scope, audited with before and after', async () => {
    const admin = await signIn(worker, w.staff.admin);
    const response = await postForm(worker, admin, `/staff/accounts/${w.staff.handler}`, {
      displayName: '办理员丙',
      role: 'station_staff',
      stationId: w.stations.a,
    });
    expect(response.status).toBe(303);
    expect(await account(w.emails.handler)).toMatchObject({
      role: 'station_staff',
      station_id: w.stations.a,
    });
    const [entry] = (await auditEntries('staff_user', w.staff.handler)).filter(
      (a) => a.action === 'staff.update',
    );
    expect(JSON.parse(entry?.before_json ?? '{}')).toMatchObject({ role: 'handler', stationId: null });
    expect(JSON.parse(entry?.after_json ?? '{}')).toMatchObject({
      role: 'station_staff',
      stationId: w.stations.a,
    });
  });

  it('ends a disabled account’s sessions at once, and re-enables it', async () => {
    const admin = await signIn(worker, w.staff.admin);
    const member = await signIn(worker, w.staff.stationB);
    expect((await get(worker, member, '/staff')).status).toBe(200);
    expect((await postForm(worker, admin, `/staff/accounts/${w.staff.stationB}/disable`, {})).status).toBe(
      303,
    );
    expect((await get(worker, member, '/staff')).status).toBe(401);
    const sessions = await db()
      .prepare('SELECT COUNT(*) AS n FROM staff_sessions WHERE staff_id = ?1')
      .bind(w.staff.stationB)
      .first<{ n: number }>();
    expect(sessions?.n).toBe(0);
    expect((await postForm(worker, admin, `/staff/accounts/${w.staff.stationB}/enable`, {})).status).toBe(
      303,
    );
    const actions = (await auditEntries('staff_user', w.staff.stationB)).map((a) => a.action);
    expect(actions).toContain('staff.disable');
    expect(actions).toContain('staff.enable');
  });

  it('never leaves the office without an active admin', async () => {
    // Only one admin besides the one staff:add made: disable that one first.
    await db().prepare("UPDATE staff_users SET is_active = 0 WHERE id = 'first-admin-010203'").run();
    const admin = await signIn(worker, w.staff.admin);
    const demote = await postForm(worker, admin, `/staff/accounts/${w.staff.admin}`, {
      displayName: '管理员甲',
      role: 'editor',
    });
    expect(demote.status).toBe(409);
    expect(await demote.text()).toContain('不能停用或降级最后一位在用的管理员');
    expect(await account(w.emails.admin)).toMatchObject({ role: 'admin', is_active: 1 });
    await expect(
      db().prepare('UPDATE staff_users SET is_active = 0 WHERE id = ?1').bind(w.staff.admin).run(),
    ).rejects.toThrow(/last_active_admin/);
    const self = await postForm(worker, admin, `/staff/accounts/${w.staff.admin}/disable`, {});
    expect(self.status).toBe(409);
  });
});
