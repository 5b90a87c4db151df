import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  confirmChange,
  draftChange,
  STALE_MESSAGE,
  withdrawChange,
} from '../../functions/changes/actions.ts';
import { findChange, findOpenChange } from '../../functions/changes/queries.ts';
import { ApiError } from '../../functions/lib/errors.ts';
import type { StaffUser } from '../../functions/staff/auth/schema.ts';
import {
  auditEntries,
  type Fetch,
  get,
  postForm,
  runningDeployHook,
  seedStaffWorld,
  signIn,
  staffAppWith,
  type StaffWorld,
} from './staff-fixtures.ts';

let w: StaffWorld;
const db = () => env.DB;

function staffUser(w: StaffWorld, who: 'admin' | 'editor' | 'handler'): StaffUser {
  return {
    id: w.staff[who],
    email: `${who}@example.cn`,
    displayName: who,
    role: who,
    stationId: null,
    stationName: null,
  };
}

async function station(id: string) {
  return db()
    .prepare(
      'SELECT address, opening_hours, phone, latitude, longitude, row_version FROM stations WHERE id = ?1',
    )
    .bind(id)
    .first<{
      address: string;
      opening_hours: string;
      phone: string | null;
      latitude: number | null;
      longitude: number | null;
      row_version: number;
    }>();
}

async function refused(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** A build hook that accepts every rebuild (the HTTP boundary of the local build server). */

beforeAll(async () => {
  w = await seedStaffWorld('chg');
});

describe('official-change lifecycle', () => {
  it('drafts a station edit without touching the live table, and publishes it with change log and audit', async () => {
    const editor = staffUser(w, 'editor');
    const live = await station(w.stations.a);
    expect(live?.row_version).toBe(1);
    const draft = await draftChange(db(), editor, {
      entityType: 'station',
      entityId: w.stations.a,
      action: 'update',
      values: { address: '测试路 100 号', opening_hours: '周一至周五 9:00-17:00', phone: '0571-8888 1234' },
      baseVersion: 1,
      replacing: null,
      reason: '联络站搬迁',
      reference: '',
    });
    expect(draft.needsConfirmation).toBe(false);
    expect(draft.changed.sort()).toEqual(['address', 'opening_hours', 'phone']);
    // Nothing public yet: the live table is the published state.
    expect(await station(w.stations.a)).toEqual(live);
    const change = await findChange(db(), draft.changeId);
    expect(change?.state).toBe('drafted');
    expect(change?.before).toEqual({ address: '测试路 1 号', opening_hours: '', phone: null });
    expect((await auditEntries('station', w.stations.a)).map((a) => a.action)).toEqual(['change.draft']);

    const app: Fetch = staffAppWith({ deployHookFetch: runningDeployHook });
    const session = await signIn(app, w.staff.editor);
    const page = await (await get(app, session, '/staff/publish')).text();
    expect(page).toContain('待发布的记录修改');
    expect(page).toContain('测试路 100 号');
    const response = await postForm(app, session, '/staff/publish', { summary: '联络站地址更新' });
    expect(response.status).toBe(303);

    const after = await station(w.stations.a);
    expect(after).toMatchObject({ address: '测试路 100 号', phone: '0571-8888 1234', row_version: 2 });
    const published = await findChange(db(), draft.changeId);
    expect(published?.state).toBe('published');
    expect(published?.publishedIn).not.toBeNull();
    const { results: log } = await db()
      .prepare(
        `SELECT field, old_value, new_value, note, role, publish_id, change_id FROM change_log
         WHERE entity_type = 'station' AND entity_id = ?1 ORDER BY field`,
      )
      .bind(w.stations.a)
      .all();
    expect(log).toEqual([
      {
        field: 'address',
        old_value: '测试路 1 号',
        new_value: '测试路 100 号',
        note: '联络站搬迁',
        role: 'editor',
        publish_id: published?.publishedIn,
        change_id: draft.changeId,
      },
      expect.objectContaining({ field: 'opening_hours', old_value: '', new_value: '周一至周五 9:00-17:00' }),
      expect.objectContaining({ field: 'phone', old_value: null, new_value: '0571-8888 1234' }),
    ]);
    const actions = (await auditEntries('station', w.stations.a)).map((a) => a.action);
    expect(actions).toEqual(['change.draft', 'change.publish']);
  });

  it('refuses a second save on a stale version, and a draft over someone else’s open change', async () => {
    const editor = staffUser(w, 'editor');
    const admin = staffUser(w, 'admin');
    const base = (await station(w.stations.b))?.row_version ?? 0;
    const first = await draftChange(db(), editor, {
      entityType: 'station',
      entityId: w.stations.b,
      action: 'update',
      values: { opening_hours: '每周三上午' },
      baseVersion: base,
      replacing: null,
      reason: '',
      reference: '',
    });
    // The admin loaded the same form before the editor saved: same version, no open change seen.
    const conflict = await refused(
      draftChange(db(), admin, {
        entityType: 'station',
        entityId: w.stations.b,
        action: 'update',
        values: { opening_hours: '每周五下午' },
        baseVersion: base,
        replacing: null,
        reason: '',
        reference: '',
      }),
    );
    expect(conflict.status).toBe(409);
    expect(conflict.message).toBe(STALE_MESSAGE);
    // Having seen the editor's draft, the admin may replace it.
    const replaced = await draftChange(db(), admin, {
      entityType: 'station',
      entityId: w.stations.b,
      action: 'update',
      values: { opening_hours: '每周五下午' },
      baseVersion: base,
      replacing: first.changeId,
      reason: '',
      reference: '',
    });
    expect((await findChange(db(), first.changeId))?.state).toBe('withdrawn');
    expect((await findOpenChange(db(), 'station', w.stations.b))?.id).toBe(replaced.changeId);
    await withdrawChange(db(), admin, replaced.changeId);

    // Another write (an import) moves the record on: a form loaded before it is stale.
    await db().prepare("UPDATE stations SET address = '导入的新地址' WHERE id = ?1").bind(w.stations.b).run();
    expect((await station(w.stations.b))?.row_version).toBe(base + 1);
    const staleSave = await refused(
      draftChange(db(), editor, {
        entityType: 'station',
        entityId: w.stations.b,
        action: 'update',
        values: { opening_hours: '每周一' },
        baseVersion: base,
        replacing: null,
        reason: '',
        reference: '',
      }),
    );
    expect(staleSave.message).toBe(STALE_MESSAGE);
  });

  it('needs a second person to confirm official figures; the drafter cannot', async () => {
    const editor = staffUser(w, 'editor');
    const admin = staffUser(w, 'admin');
    const draft = await draftChange(db(), editor, {
      entityType: 'duty_report',
      entityId: `${w.p}-rep-2024`,
      action: 'create',
      values: {
        deputy_id: w.deputy,
        year: '2024',
        form: 'meeting',
        reported_on: '2024-11-20',
        audience: '原选区选民',
        law_observance: '严格遵守宪法和法律。',
        session_work: '出席全部会议，提出建议 3 件。',
        between_sessions_work: '参加视察 4 次。',
        public_contact: '进站接待 6 次。',
        other_matters: '',
        evaluation_satisfied: '41',
        evaluation_basically_satisfied: '6',
        evaluation_dissatisfied: '1',
      },
      baseVersion: null,
      replacing: null,
      reason: '',
      reference: '测评表 2024-07',
    });
    expect(draft.needsConfirmation).toBe(true);
    const self = await refused(confirmChange(db(), editor, draft.changeId));
    expect(self.status).toBe(403);
    expect(self.message).toContain('不能确认自己起草的修改');
    // The database refuses it too, whatever the code path.
    await expect(
      db()
        .prepare(
          "UPDATE official_changes SET state = 'confirmed', confirmed_by = drafted_by, confirmed_at = 'x' WHERE id = ?1",
        )
        .bind(draft.changeId)
        .run(),
    ).rejects.toThrow(/CHECK constraint failed/);

    // An unconfirmed figure is not published.
    const app: Fetch = staffAppWith({ deployHookFetch: runningDeployHook });
    const session = await signIn(app, w.staff.admin);
    expect((await postForm(app, session, '/staff/publish', {})).status).toBe(303);
    expect((await findChange(db(), draft.changeId))?.state).toBe('drafted');
    const none = await db()
      .prepare('SELECT id FROM duty_reports WHERE id = ?1')
      .bind(`${w.p}-rep-2024`)
      .first();
    expect(none).toBeNull();

    // Confirmed through the console by the admin, then published.
    const confirmed = await postForm(app, session, `/staff/publish/changes/${draft.changeId}/confirm`, {});
    expect(confirmed.status).toBe(303);
    expect((await findChange(db(), draft.changeId))?.confirmedBy).toBe(admin.id);
    expect((await postForm(app, session, '/staff/publish', {})).status).toBe(303);
    const report = await db()
      .prepare('SELECT evaluation_satisfied, row_version FROM duty_reports WHERE id = ?1')
      .bind(`${w.p}-rep-2024`)
      .first<{ evaluation_satisfied: number; row_version: number }>();
    expect(report).toEqual({ evaluation_satisfied: 41, row_version: 1 });
    const roles = await db()
      .prepare("SELECT DISTINCT role FROM change_log WHERE entity_type = 'duty_report' AND entity_id = ?1")
      .bind(`${w.p}-rep-2024`)
      .all<{ role: string }>();
    expect(roles.results).toEqual([{ role: 'admin' }]);
  });

  it('validates the whole record with zh-CN field messages and writes nothing on bad input', async () => {
    const editor = staffUser(w, 'editor');
    const base = (await station(w.stations.a))?.row_version ?? 0;
    const error = await refused(
      draftChange(db(), editor, {
        entityType: 'station',
        entityId: w.stations.a,
        action: 'update',
        values: { latitude: '30.2', longitude: '', address: '' },
        baseVersion: base,
        replacing: null,
        reason: '',
        reference: '',
      }),
    );
    expect(error.status).toBe(400);
    expect(error.fields).toMatchObject({
      address: '请填写地址。',
      longitude: '经度和纬度要么都填，要么都不填。',
    });
    expect(await findOpenChange(db(), 'station', w.stations.a)).toBeNull();

    const noChange = await refused(
      draftChange(db(), editor, {
        entityType: 'station',
        entityId: w.stations.a,
        action: 'update',
        values: {},
        baseVersion: base,
        replacing: null,
        reason: '',
        reference: '',
      }),
    );
    expect(noChange.code).toBe('no_change');

    const handler = staffUser(w, 'handler');
    const forbidden = await refused(
      draftChange(db(), handler, {
        entityType: 'station',
        entityId: w.stations.a,
        action: 'update',
        values: { address: '某路' },
        baseVersion: base,
        replacing: null,
        reason: '',
        reference: '',
      }),
    );
    expect(forbidden.status).toBe(403);
  });

  it('gives a new reception day the next free id and publishes its deputies', async () => {
    const editor = staffUser(w, 'editor');
    const draft = await draftChange(db(), editor, {
      entityType: 'reception_day',
      entityId: null,
      action: 'create',
      values: {
        station_id: w.stations.a,
        starts_at: '2030-03-08T09:00',
        ends_at: '2030-03-08T11:30',
        topic: '老旧小区改造',
        status: 'scheduled',
        deputy_ids: [w.deputy],
      },
      baseVersion: null,
      replacing: null,
      reason: '',
      reference: '',
    });
    expect(Number(draft.entityId)).toBeGreaterThan(0);
    const app: Fetch = staffAppWith({ deployHookFetch: runningDeployHook });
    const session = await signIn(app, w.staff.editor);
    expect((await postForm(app, session, '/staff/publish', {})).status).toBe(303);
    const day = await db()
      .prepare(
        `SELECT r.starts_at, r.topic, (SELECT group_concat(deputy_id) FROM reception_day_deputies WHERE reception_day_id = r.id) AS deputies
         FROM reception_days r WHERE r.id = ?1`,
      )
      .bind(Number(draft.entityId))
      .first();
    expect(day).toEqual({
      starts_at: '2030-03-08T09:00:00+08:00',
      topic: '老旧小区改造',
      deputies: w.deputy,
    });
  });
});

describe('replacing a draft', () => {
  it('keeps the draft’s other edits when a later save sends only some fields', async () => {
    const editor = staffUser(w, 'editor');
    const rule = 'station';
    const base = (await station(w.stations.a))?.row_version ?? 0;
    const first = await draftChange(db(), editor, {
      entityType: rule,
      entityId: w.stations.a,
      action: 'update',
      values: { opening_hours: '每周一上午' },
      baseVersion: base,
      replacing: null,
      reason: '',
      reference: '',
    });
    const second = await draftChange(db(), editor, {
      entityType: rule,
      entityId: w.stations.a,
      action: 'update',
      values: { phone: '0571-1111 2222' },
      baseVersion: base,
      replacing: first.changeId,
      reason: '',
      reference: '',
    });
    expect((await findChange(db(), second.changeId))?.after).toEqual({
      opening_hours: '每周一上午',
      phone: '0571-1111 2222',
    });
    await withdrawChange(db(), editor, second.changeId);
  });

  it('refuses to replace, by its number, an open change of another record (nothing is withdrawn)', async () => {
    const editor = staffUser(w, 'editor');
    const other = await draftChange(db(), editor, {
      entityType: 'station',
      entityId: w.stations.b,
      action: 'update',
      values: { opening_hours: '每周三下午' },
      baseVersion: (await station(w.stations.b))?.row_version ?? 0,
      replacing: null,
      reason: '',
      reference: '',
    });
    const error = await refused(
      draftChange(db(), editor, {
        entityType: 'station',
        entityId: w.stations.a,
        action: 'update',
        values: { phone: '0571-3333 4444' },
        baseVersion: (await station(w.stations.a))?.row_version ?? 0,
        replacing: other.changeId,
        reason: '',
        reference: '',
      }),
    );
    expect(error.status).toBe(409);
    expect((await findChange(db(), other.changeId))?.state).toBe('drafted');
    expect(await findOpenChange(db(), 'station', w.stations.a)).toBeNull();
    await withdrawChange(db(), editor, other.changeId);
  });
});
