import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeXlsx } from '../../functions/lib/xlsx.ts';
import {
  get,
  postFile,
  postForm,
  postJson,
  seedOpinion,
  seedStaffWorld,
  type Session,
  signIn,
  type StaffWorld,
  worker,
} from './staff-fixtures.ts';

/**
 * Every role against every kind of record, checked on the server: the role's capability (403) and,
 * for station staff, the record itself (404: another station's opinions do not exist for them).
 */

type Role = 'admin' | 'editor' | 'handler' | 'station';
const roles: Role[] = ['admin', 'editor', 'handler', 'station'];

let w: StaffWorld;
const sessions = {} as Record<Role, Session>;

beforeAll(async () => {
  w = await seedStaffWorld('acl');
  sessions.admin = await signIn(worker, w.staff.admin);
  sessions.editor = await signIn(worker, w.staff.editor);
  sessions.handler = await signIn(worker, w.staff.handler);
  sessions.station = await signIn(worker, w.staff.stationA);
  await env.DB.prepare(
    `INSERT INTO project_rounds (year, title, mode, max_choices) VALUES (2040, '访问测试轮次', 'code', 3)`,
  ).run();
});

type Target = 'stationA' | 'stationB' | 'deputy' | 'topic' | 'heldA';

async function opinionFor(target: Target): Promise<number> {
  const to =
    target === 'stationA' || target === 'heldA'
      ? { station: w.stations.a }
      : target === 'stationB'
        ? { station: w.stations.b }
        : target === 'deputy'
          ? { deputy: w.deputy }
          : ('topic' as const);
  return (await seedOpinion(w, { to, status: target === 'heldA' ? 'held' : 'received' })).id;
}

interface Case {
  what: string;
  run: (session: Session) => Promise<Response>;
  expect: Record<Role, number>;
}

const opinionRead =
  (target: Target, api = false): Case['run'] =>
  async (session) =>
    get(worker, session, `${api ? '/api' : ''}/staff/opinions/${await opinionFor(target)}`);

const cases: Case[] = [
  {
    what: 'read an opinion to their station',
    run: opinionRead('stationA'),
    expect: { admin: 200, editor: 403, handler: 200, station: 200 },
  },
  {
    what: 'read an opinion to another station',
    run: opinionRead('stationB'),
    expect: { admin: 200, editor: 403, handler: 200, station: 404 },
  },
  {
    what: 'read an opinion to a deputy',
    run: opinionRead('deputy'),
    expect: { admin: 200, editor: 403, handler: 200, station: 404 },
  },
  {
    what: 'read an opinion on a topic',
    run: opinionRead('topic'),
    expect: { admin: 200, editor: 403, handler: 200, station: 404 },
  },
  {
    what: 'read a held opinion (review queue)',
    run: opinionRead('heldA'),
    expect: { admin: 200, editor: 403, handler: 200, station: 404 },
  },
  {
    what: "read another station's opinion through the API",
    run: opinionRead('stationB', true),
    expect: { admin: 200, editor: 403, handler: 200, station: 404 },
  },
  {
    what: 'triage an opinion to their station',
    run: async (s) =>
      postForm(worker, s, `/staff/opinions/${await opinionFor('stationA')}/triage`, {
        categoryId: w.categories.a,
        layer: 'station',
      }),
    expect: { admin: 303, editor: 403, handler: 303, station: 303 },
  },
  {
    what: 'triage an opinion to another station',
    run: async (s) =>
      postForm(worker, s, `/staff/opinions/${await opinionFor('stationB')}/triage`, {
        categoryId: w.categories.a,
        layer: 'station',
      }),
    expect: { admin: 303, editor: 403, handler: 303, station: 404 },
  },
  {
    what: "reply to another station's opinion through the API",
    run: async (s) =>
      postJson(worker, s, `/api/staff/opinions/${await opinionFor('stationB')}/reply-draft`, {
        body: '答复',
      }),
    expect: { admin: 200, editor: 403, handler: 200, station: 404 },
  },
  {
    what: 'release a held opinion',
    run: async (s) => postForm(worker, s, `/staff/opinions/${await opinionFor('heldA')}/release`, {}),
    // Station staff lack the review capability altogether.
    expect: { admin: 303, editor: 403, handler: 303, station: 403 },
  },
  {
    what: "reveal the contact of their station's opinion",
    run: async (s) => postForm(worker, s, `/staff/opinions/${await opinionFor('stationA')}/contact`, {}),
    expect: { admin: 200, editor: 403, handler: 200, station: 200 },
  },
  {
    what: "reveal the contact of another station's opinion",
    run: async (s) => postForm(worker, s, `/staff/opinions/${await opinionFor('stationB')}/contact`, {}),
    expect: { admin: 200, editor: 403, handler: 200, station: 404 },
  },
  {
    what: 'open the inbox',
    run: (s) => get(worker, s, '/staff/opinions'),
    expect: { admin: 200, editor: 403, handler: 200, station: 200 },
  },
  {
    what: 'open the review queue',
    run: (s) => get(worker, s, '/staff/opinions?status=held'),
    expect: { admin: 200, editor: 403, handler: 200, station: 200 },
  },
  {
    what: 'list voting rounds',
    run: (s) => get(worker, s, '/staff/rounds'),
    expect: { admin: 200, editor: 200, handler: 403, station: 403 },
  },
  {
    what: 'edit a voting round',
    run: (s) =>
      postJson(worker, s, '/api/staff/rounds', {
        year: 2040,
        title: '访问测试轮次',
        mode: 'code',
        maxChoices: 3,
        countsPublic: true,
      }),
    expect: { admin: 200, editor: 200, handler: 403, station: 403 },
  },
  {
    what: 'generate voting codes',
    run: (s) => postForm(worker, s, '/staff/rounds/2040/codes', { count: '2' }),
    expect: { admin: 200, editor: 200, handler: 403, station: 403 },
  },
  {
    what: 'open imports',
    run: (s) => get(worker, s, '/staff/imports'),
    expect: { admin: 200, editor: 200, handler: 403, station: 403 },
  },
  {
    what: 'dry-run an import',
    run: (s) =>
      postFile(worker, s, '/staff/imports/activities', {
        name: 'a.xlsx',
        bytes: writeXlsx('S', [['代表编号', '活动日期', '活动类型', '天数', '活动名称']]),
      }),
    expect: { admin: 200, editor: 200, handler: 403, station: 403 },
  },
  {
    what: 'export the roster',
    run: (s) => get(worker, s, '/staff/imports/roster/export?format=csv'),
    expect: { admin: 200, editor: 200, handler: 403, station: 403 },
  },
  {
    what: 'open publish',
    run: (s) => get(worker, s, '/staff/publish'),
    expect: { admin: 200, editor: 200, handler: 403, station: 403 },
  },
  {
    what: 'read the audit log',
    run: (s) => get(worker, s, '/staff/audit'),
    expect: { admin: 200, editor: 403, handler: 403, station: 403 },
  },
];

const table = cases.flatMap((c) => roles.map((role) => [c.what, role, c.expect[role], c.run] as const));

describe('role × record access', () => {
  it.each(table)('%s as %s → %i', async (_what, role, status, run) => {
    const response = await run(sessions[role]);
    expect(response.status).toBe(status);
  });
});

describe('what station staff see', () => {
  it("lists only their own station's opinions, never held ones", async () => {
    const mine = await seedOpinion(w, { to: { station: w.stations.a }, title: 'acl-mine 本站意见' });
    const theirs = await seedOpinion(w, { to: { station: w.stations.b }, title: 'acl-theirs 他站意见' });
    const held = await seedOpinion(w, {
      to: { station: w.stations.a },
      status: 'held',
      title: 'acl-held 待审核',
    });
    const list = await get(worker, sessions.station, '/api/staff/opinions?status=all');
    const body = await list.json<{ rows: Array<{ id: number }> }>();
    const ids = body.rows.map((r) => r.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect(ids).not.toContain(held.id);
    const page = await (await get(worker, sessions.station, '/staff/opinions?status=all')).text();
    expect(page).toContain('acl-mine');
    expect(page).not.toContain('acl-theirs');
    expect(page).not.toContain('acl-held');
  });

  it('loses access to an opinion once it is forwarded away from their station', async () => {
    const { id } = await seedOpinion(w, { to: { station: w.stations.a } });
    const forwarded = await postForm(worker, sessions.station, `/staff/opinions/${id}/forward`, {
      targetKind: 'deputy',
      targetId: w.deputy,
    });
    expect(forwarded.status).toBe(303);
    expect((await get(worker, sessions.station, `/staff/opinions/${id}`)).status).toBe(404);
  });

  it('does not show navigation for what the role cannot do', async () => {
    const page = await (await get(worker, sessions.station, '/staff')).text();
    expect(page).toContain('/staff/opinions');
    expect(page).not.toContain('href="/staff/rounds"');
    expect(page).not.toContain('href="/staff/audit"');
    const editorPage = await (await get(worker, sessions.editor, '/staff')).text();
    expect(editorPage).not.toContain('href="/staff/opinions"');
    expect(editorPage).toContain('href="/staff/imports"');
  });
});
