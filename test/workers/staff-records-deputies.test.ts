import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import type { MiddlewareHandler } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { expertiseLabels } from '#domain/deputies.ts';
import { createApp } from '../../functions/app.ts';
import { STALE_MESSAGE } from '../../functions/changes/actions.ts';
import type { AppEnv } from '../../functions/lib/app-env.ts';
import { edgeCache } from '../../functions/lib/edge-cache.ts';
import { escapeXml } from '../../functions/lib/xml.ts';
import { PUBLISH_VERSION_TTL_MS, readPublishVersion } from '../../functions/publishing/version.ts';
import { loadDeputyProfile } from '../../site/lib/live/people.ts';
import {
  auditEntries,
  countRows,
  type Fetch,
  get,
  openChangeOf,
  ORIGIN,
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
 * The whole deputy record in the console (functions/changes/rules.ts `deputy`): a deputy elected
 * in a by-election is created, a name, term or electoral unit changes only with a second person,
 * a publish writes the live row, the public change log and the audit log, and the public profile
 * shows it right after.
 */

let w: StaffWorld;
let app: Fetch;
let editor: Session;
let admin: Session;
const db = () => env.DB;

const formState = (session: Session, path: string) => recordFormState(app, session, path);
const publish = (by: Session = admin) => publishAs(app, by);
const count = countRows;
const openChange = (id: string) => openChangeOf('deputy', id);

/**
 * The public profile as the Worker serves it: the edge cache in front, then a page drawn from
 * loadDeputyProfile, the very loader of site/pages/deputies/[id].astro (Astro itself runs only in
 * a build, which the site tests check).
 */
const profilePage: MiddlewareHandler<AppEnv> = async (c, next) => {
  const match = /^\/deputies\/([a-z0-9-]+)\/$/.exec(c.req.path);
  if (!match?.[1]) return next();
  const profile = await loadDeputyProfile(c.env.DB, match[1]);
  if (!profile) return next();
  const d = profile.deputy;
  return c.html(
    [
      `<h1>${escapeXml(d.name)}</h1>`,
      `<p class="term">第${d.termNumber}届 ${escapeXml(d.electoralUnit.name)}</p>`,
      `<p class="position">${escapeXml(d.unitPosition)}</p>`,
      `<p class="expertise">${d.expertise.map((e) => expertiseLabels[e]).join('、')}</p>`,
      `<p class="status">${d.status} ${d.statusSince}</p>`,
    ].join('\n'),
  );
};
const portal = createApp([edgeCache, profilePage]);

async function profile(id: string): Promise<{ status: number; html: string; cache: string | null }> {
  const ctx = createExecutionContext();
  const response = await portal.request(`${ORIGIN}/deputies/${id}/`, {}, env, ctx);
  await waitOnExecutionContext(ctx);
  return {
    status: response.status,
    html: await response.text(),
    cache: response.headers.get('X-Edge-Cache'),
  };
}

/** Lets the isolate re-read the publish version (at most PUBLISH_VERSION_TTL_MS old). */
const versionTtl = () => new Promise((resolve) => setTimeout(resolve, PUBLISH_VERSION_TTL_MS + 100));

/** A console form post with repeated keys (a multi-select sends one value per choice). */
function postPairs(session: Session, path: string, pairs: [string, string][]): Promise<Response> {
  const body = new URLSearchParams(pairs);
  body.set('_csrf', session.csrf);
  return app(
    new Request(`${ORIGIN}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: ORIGIN,
        Cookie: session.cookie,
      },
      body,
    }),
  );
}

/** What a deputy's form sends: every field of the profile. */
const deputyFields = (over: Record<string, string> = {}): Record<string, string> => ({
  name: '林晓岚',
  gender: 'female',
  ethnicity: '汉族',
  birth_year: '1979',
  political_affiliation: '中共党员',
  term_id: w.term,
  electoral_unit_id: w.electoralUnit,
  unit_position: '市第一人民医院主任医师',
  sector: 'professional',
  holds_official_post: '0',
  is_reelected: '0',
  office_phone: '',
  office_email: '',
  status: 'serving',
  status_since: '2024-06-18',
  ...over,
});

/** The second term and its electoral unit, to move a deputy to (and to mismatch). */
const other = { term: '', unit: '' };

beforeAll(async () => {
  w = await seedStaffWorld('rdep');
  app = staffAppWith({ deployHookFetch: runningDeployHook });
  editor = await signIn(app, w.staff.editor);
  admin = await signIn(app, w.staff.admin);
  other.term = `${w.p}-term17`;
  other.unit = `${w.p}-eu17`;
  await db().batch([
    db()
      .prepare(
        `INSERT INTO terms (id, congress_id, number, starts_on, ends_on, is_current) VALUES (?1, ?2, 17, '2028-01-01', '2032-12-31', 0)`,
      )
      .bind(other.term, `${w.p}-cg`),
    db()
      .prepare(`INSERT INTO electoral_units (id, term_id, kind, name) VALUES (?1, ?2, 'electoral_unit', ?3)`)
      .bind(other.unit, other.term, `${w.p}第十七届选举单位`),
  ]);
});

describe('a deputy elected in a by-election', () => {
  it('is created as a draft, confirmed by a second person, and published to the profile', async () => {
    const id = `${w.p}-bu-lin`;
    expect((await profile(id)).status).toBe(404);
    const pairs: [string, string][] = [
      ['_id', id],
      ...Object.entries(deputyFields()),
      ['expertise', 'health'],
      ['expertise', 'education'],
      ['reason', '第十六届人民代表大会补选'],
      ['reference', '补选结果公告第 3 号'],
    ];
    const saved = await postPairs(editor, '/staff/records/deputy', pairs);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toBe(
      `/staff/records/deputy/${id}?notice=change_needs_confirmation`,
    );
    expect(await count('SELECT COUNT(*) AS n FROM deputies WHERE id = ?1', id)).toBe(0);
    const change = await openChange(id);
    expect(change).toMatchObject({ needs_confirmation: 1, state: 'drafted' });

    // The draft's page shows it again with the expertise in words.
    const draftPage = await (await get(app, editor, `/staff/records/deputy/${id}`)).text();
    expect(draftPage).toContain('新增代表信息（待发布）');
    expect(draftPage).toMatch(/<option value="health" selected[^>]*>医疗卫生<\/option>/);

    // The one who drafted it cannot confirm it; a publish meanwhile leaves it alone.
    const self = await postForm(app, editor, `/staff/publish/changes/${change?.id}/confirm`, {});
    expect(self.status).toBe(403);
    expect(await self.text()).toContain('不能确认自己起草的修改');
    await publish(editor);
    expect(await count('SELECT COUNT(*) AS n FROM deputies WHERE id = ?1', id)).toBe(0);

    expect((await postForm(app, admin, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(303);
    const version = await readPublishVersion(db());
    await publish(editor);
    expect(await readPublishVersion(db())).toBe(version + 1);

    expect(
      await db()
        .prepare(
          `SELECT name, gender, birth_year, term_id, electoral_unit_id, sector, status, status_since, row_version
           FROM deputies WHERE id = ?1`,
        )
        .bind(id)
        .first(),
    ).toEqual({
      name: '林晓岚',
      gender: 'female',
      birth_year: 1979,
      term_id: w.term,
      electoral_unit_id: w.electoralUnit,
      sector: 'professional',
      status: 'serving',
      status_since: '2024-06-18',
      row_version: 1,
    });
    const { results: expertise } = await db()
      .prepare('SELECT field FROM deputy_expertise WHERE deputy_id = ?1 ORDER BY field')
      .bind(id)
      .all();
    expect(expertise).toEqual([{ field: 'education' }, { field: 'health' }]);
    // Serving from the by-election's date, in the dated status history.
    expect(
      await db()
        .prepare('SELECT status, effective_on, reason FROM deputy_status_events WHERE deputy_id = ?1')
        .bind(id)
        .all()
        .then((r) => r.results),
    ).toEqual([{ status: 'serving', effective_on: '2024-06-18', reason: '第十六届人民代表大会补选' }]);

    // The public trace: one row per field, with the publish and the confirming role.
    const { results: log } = await db()
      .prepare(
        `SELECT field, old_value, new_value, role, publish_id IS NOT NULL AS has_publish
         FROM change_log WHERE entity_type = 'deputy' AND entity_id = ?1 ORDER BY id`,
      )
      .bind(id)
      .all<{
        field: string;
        old_value: string | null;
        new_value: string | null;
        role: string;
        has_publish: number;
      }>();
    expect(log.find((r) => r.field === 'name')).toEqual({
      field: 'name',
      old_value: null,
      new_value: '林晓岚',
      role: 'admin',
      has_publish: 1,
    });
    expect(log.find((r) => r.field === 'expertise')?.new_value).toBe('education、health');
    expect(log.every((r) => r.has_publish === 1 && r.role === 'admin')).toBe(true);
    expect((await auditEntries('deputy', id)).map((a) => [a.action, a.actor])).toEqual([
      ['change.draft', w.staff.editor],
      ['change.confirm', w.staff.admin],
      ['change.publish', w.staff.editor],
    ]);

    // The public profile, right after the publish (a new version, so a new cache key).
    await versionTtl();
    const page = await profile(id);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>林晓岚</h1>');
    expect(page.html).toContain(`<p class="term">第16届 ${w.p}选举单位</p>`);
    expect(page.html).toContain('<p class="expertise">教育、医疗卫生</p>');
    expect(page.html).toContain('<p class="status">serving 2024-06-18</p>');
  });

  it('refuses an id already taken, or too short for a deputy, and writes nothing', async () => {
    const before = await count("SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'deputy'");
    for (const [id, message] of [
      [w.deputy, '这个编号已被使用。'],
      ['ab', '代表编号至少 3 个字符。'],
    ] as const) {
      const response = await postForm(app, editor, '/staff/records/deputy', { _id: id, ...deputyFields() });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(await response.text()).toMatch(
        new RegExp(`id="f-_id-error"[^>]*>\\s*<span[^>]*>错误：</span>\\s*${message}`),
      );
    }
    expect(await count("SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'deputy'")).toBe(
      before,
    );
  });
});

describe('who a deputy is: name, term and electoral unit need a second person', () => {
  it('publishes a new unit and position without a second person, a new name only once confirmed', async () => {
    const path = `/staff/records/deputy/${w.deputy}`;
    const seeded = deputyFields({
      name: '韩清远',
      gender: 'male',
      birth_year: '',
      political_affiliation: '',
      unit_position: '',
      sector: '',
      status_since: '2022-01-01',
    });
    // The profile before, served from the edge cache on the second visit.
    expect((await profile(w.deputy)).html).toContain('<h1>韩清远</h1>');
    expect((await profile(w.deputy)).cache).toBe('hit');

    // Position and expertise: a draft a publish applies with no second person.
    let state = await formState(editor, path);
    const position = await postPairs(editor, path, [
      ['_base', state.base],
      ...Object.entries({ ...seeded, unit_position: '东湖街道社区卫生服务中心主任' }),
      ['expertise', 'health'],
    ]);
    expect(position.status).toBe(303);
    expect(position.headers.get('Location')).toContain('notice=change_drafted');
    await publish();
    await versionTtl();
    const afterPosition = await profile(w.deputy);
    expect(afterPosition.cache).toBe('miss');
    expect(afterPosition.html).toContain('<p class="position">东湖街道社区卫生服务中心主任</p>');
    expect(afterPosition.html).toContain('<p class="expertise">医疗卫生</p>');

    // A corrected name, and a move to the next term's electoral unit: a reason, then a second person.
    state = await formState(editor, path);
    const renamed = { ...seeded, unit_position: '东湖街道社区卫生服务中心主任', name: '韩清源' };
    const noReason = await postPairs(editor, path, [
      ['_base', state.base],
      ...Object.entries(renamed),
      ['expertise', 'health'],
    ]);
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('修改姓名时请说明原因。');
    const saved = await postPairs(editor, path, [
      ['_base', state.base],
      ...Object.entries(renamed),
      ['expertise', 'health'],
      ['reason', '姓名录入有误，按选举结果报告更正'],
    ]);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toContain('notice=change_needs_confirmation');
    const change = await openChange(w.deputy);
    expect(change).toMatchObject({ needs_confirmation: 1, state: 'drafted' });
    await publish();
    expect(
      await count("SELECT COUNT(*) AS n FROM deputies WHERE id = ?1 AND name = '韩清远'", w.deputy),
    ).toBe(1);
    expect((await postForm(app, admin, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(303);
    await publish();
    expect(
      await count("SELECT COUNT(*) AS n FROM deputies WHERE id = ?1 AND name = '韩清源'", w.deputy),
    ).toBe(1);
    const nameLog = await db()
      .prepare(
        `SELECT old_value, new_value, note, role FROM change_log
         WHERE entity_type = 'deputy' AND entity_id = ?1 AND field = 'name'`,
      )
      .bind(w.deputy)
      .all();
    expect(nameLog.results).toEqual([
      { old_value: '韩清远', new_value: '韩清源', note: '姓名录入有误，按选举结果报告更正', role: 'admin' },
    ]);
    await versionTtl();
    expect((await profile(w.deputy)).html).toContain('<h1>韩清源</h1>');

    // The term and electoral unit together: confirmed by a second person too.
    state = await formState(editor, path);
    const moved = await postPairs(editor, path, [
      ['_base', state.base],
      ...Object.entries({ ...renamed, name: '韩清源', term_id: other.term, electoral_unit_id: other.unit }),
      ['expertise', 'health'],
      ['reason', '第十七届当选'],
    ]);
    expect(moved.status).toBe(303);
    expect(moved.headers.get('Location')).toContain('notice=change_needs_confirmation');
    const withdrawn = await openChange(w.deputy);
    expect(
      (
        await postForm(app, editor, `/staff/records/deputy/${w.deputy}/withdraw`, {
          change: String(withdrawn?.id),
        })
      ).status,
    ).toBe(303);
  });

  it('refuses a save made from a version that has since moved on, and writes nothing', async () => {
    const path = `/staff/records/deputy/${w.deputy}`;
    const { base } = await formState(editor, path);
    // Meanwhile a roster import rewrites the record (row_version moves on by trigger).
    await db().prepare("UPDATE deputies SET ethnicity = '回族' WHERE id = ?1").bind(w.deputy).run();
    const changes = await count("SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'deputy'");
    const audits = (await auditEntries('deputy', w.deputy)).length;
    const response = await postForm(app, editor, path, {
      _base: base,
      ...deputyFields({ name: '韩清源', gender: 'male', ethnicity: '汉族', unit_position: '主任' }),
      reason: '更正',
    });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain(STALE_MESSAGE);
    expect(await count("SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'deputy'")).toBe(
      changes,
    );
    expect((await auditEntries('deputy', w.deputy)).length).toBe(audits);
    expect(
      await count("SELECT COUNT(*) AS n FROM deputies WHERE id = ?1 AND ethnicity = '回族'", w.deputy),
    ).toBe(1);
  });
});

describe('bad input: a zh-CN message at the field, 4xx, nothing written', () => {
  it.each([
    {
      what: 'an electoral unit that does not exist',
      over: () => ({ electoral_unit_id: `${w.p}-nowhere` }),
      field: 'electoral_unit_id',
      message: '所选的选举单位/选区不存在。',
    },
    {
      what: 'an electoral unit of another term',
      over: () => ({ electoral_unit_id: other.unit }),
      field: 'electoral_unit_id',
      message: '所选的选举单位/选区不属于所选届次。',
    },
    {
      what: 'a term that does not exist',
      over: () => ({ term_id: `${w.p}-term99` }),
      field: 'term_id',
      message: '所选的届次不存在。',
    },
    {
      what: 'a date that is not a date',
      over: () => ({ status_since: '2024-02-30' }),
      field: 'status_since',
      message: '请填写有效的状态生效日期（年-月-日）。',
    },
    {
      what: 'an over-long name',
      over: () => ({ name: '林'.repeat(41) }),
      field: 'name',
      message: '姓名不能超过 40 个字。',
    },
    {
      what: 'a birth year out of range',
      over: () => ({ birth_year: '1890' }),
      field: 'birth_year',
      message: '出生年份不能小于 1920。',
    },
    {
      what: 'an unknown sector',
      over: () => ({ sector: 'clergy' }),
      field: 'sector',
      message: '请选择有效的界别。',
    },
    {
      what: 'an unknown field of expertise',
      over: () => ({ expertise: 'astrology' }),
      field: 'expertise',
      message: '请选择有效的专业领域。',
    },
  ])('refuses $what', async ({ over, field, message }) => {
    const changes = await count("SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'deputy'");
    const deputies = await count('SELECT COUNT(*) AS n FROM deputies');
    const response = await postForm(app, editor, '/staff/records/deputy', {
      _id: `${w.p}-bad`,
      ...deputyFields(over()),
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toMatch(new RegExp(`id="f-${field}-error"[^>]*>\\s*<span[^>]*>错误：</span>\\s*${message}`));
    expect(await count("SELECT COUNT(*) AS n FROM official_changes WHERE entity_type = 'deputy'")).toBe(
      changes,
    );
    expect(await count('SELECT COUNT(*) AS n FROM deputies')).toBe(deputies);
  });
});
