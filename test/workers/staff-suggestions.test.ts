import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import type { MiddlewareHandler } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { meteredDatabase } from '../../bench/d1-meter.ts';
import { resultClassLabels } from '#domain/suggestions.ts';
import { createApp } from '../../functions/app.ts';
import { STALE_MESSAGE } from '../../functions/changes/actions.ts';
import type { AppEnv } from '../../functions/lib/app-env.ts';
import { edgeCache } from '../../functions/lib/edge-cache.ts';
import { escapeXml } from '../../functions/lib/xml.ts';
import { PUBLISH_VERSION_TTL_MS, readPublishVersion } from '../../functions/publishing/version.ts';
import { ChangeLogEntry } from '#domain/change-log.ts';
import { loadSuggestionPage } from '../../site/lib/live/records.ts';
import { CHANGE_LOG_QUERY, changeLogRecord } from '../../site/loaders/records-queries.ts';
import { changeFieldLabel, changeValueLabel } from '../../site/lib/records/changes.ts';
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
 * The office keeps deputies' suggestions, their handling replies and the commitment ledger in the
 * console (functions/changes/rules.ts): drafts, a second person for result classes and kept
 * promises, publish with the public change log, and the public suggestion page after the publish.
 */

let w: StaffWorld;
let app: Fetch;
let editor: Session;
let admin: Session;
const db = () => env.DB;

const formState = (session: Session, path: string) => recordFormState(app, session, path);
const publish = (by: Session = admin) => publishAs(app, by);
const count = countRows;
const openChange = openChangeOf;

const ids = {
  s1: '',
  s2: '',
  s3: '',
  c1: '',
  reply1: '',
  reply2: '',
  reply3: '',
};

/**
 * The public suggestion page as the Worker serves it: the edge cache in front, then a page drawn
 * from loadSuggestionPage, the very loader of site/pages/suggestions/[id].astro (Astro itself runs
 * only in a build, which the site tests check).
 */
const suggestionPage: MiddlewareHandler<AppEnv> = async (c, next) => {
  const match = /^\/suggestions\/([a-z0-9-]+)\/$/.exec(c.req.path);
  if (!match?.[1]) return next();
  const page = await loadSuggestionPage(c.env.DB, match[1]);
  if (!page) return next();
  const { item, history } = page;
  const lines = [
    `<h1>${escapeXml(item.title)}</h1>`,
    `<p class="class">${item.resultClass ? resultClassLabels[item.resultClass] : '未分类'}</p>`,
    ...item.replies.map(
      (r) => `<p class="reply">${r.round}：${r.resultClass ?? '—'} ${escapeXml(r.body)}</p>`,
    ),
    ...history.map(
      (h) =>
        `<li>${changeFieldLabel(h)}：${changeValueLabel(h, h.oldValue)} → ${changeValueLabel(h, h.newValue)}</li>`,
    ),
  ];
  return c.html(lines.join('\n'));
};
const portal = createApp([edgeCache, suggestionPage]);

async function publicPage(
  id: string,
): Promise<{ html: string; cache: string | null; version: string | null }> {
  const ctx = createExecutionContext();
  const response = await portal.request(`${ORIGIN}/suggestions/${id}/`, {}, env, ctx);
  await waitOnExecutionContext(ctx);
  expect(response.status).toBe(200);
  return {
    html: await response.text(),
    cache: response.headers.get('X-Edge-Cache'),
    version: response.headers.get('X-Publish-Version'),
  };
}

/** The hidden version and replaced-draft fields of an edit page, as a browser sends them back. */
/** Saves an edit form as a person would: the page's hidden fields, then the given values. */
async function saveEdit(
  session: Session,
  type: string,
  id: string,
  fields: Record<string, string>,
): Promise<Response> {
  const path = `/staff/records/${type}/${id}`;
  const { base, replacing } = await formState(session, path);
  return postForm(app, session, path, {
    _base: base,
    ...(replacing ? { _replacing: replacing } : {}),
    ...fields,
  });
}

const replyFields = (over: Record<string, string> = {}) => ({
  replied_on: '2024-03-20',
  result_class: 'B',
  body: '已将该路段电梯加装列入 2024 年旧改计划，分两批实施。',
  ...over,
});

beforeAll(async () => {
  w = await seedStaffWorld('sug');
  app = staffAppWith({ deployHookFetch: runningDeployHook });
  editor = await signIn(app, w.staff.editor);
  admin = await signIn(app, w.staff.admin);
  ids.s1 = `${w.p}-s1`;
  ids.s2 = `${w.p}-s2`;
  ids.s3 = `${w.p}-s3`;
  ids.c1 = `${w.p}-c1`;
  const suggestion = db().prepare(
    `INSERT INTO suggestions (id, session_id, kind, number, title, body, category, lead_deputy_id, filed_on, status, result_class)
     VALUES (?1, ?2, 'suggestion', ?3, ?4, '老旧小区居民上下楼困难，建议加快加装电梯。', 'urban_construction', ?5, '2024-01-12', 'replied', 'B')`,
  );
  const assignment = db().prepare(
    `INSERT INTO suggestion_assignments (suggestion_id, handling_unit_id, role, assigned_on, due_on)
     VALUES (?1, ?2, 'lead', '2024-01-20', '2024-04-20')`,
  );
  const reply = db().prepare(
    `INSERT INTO suggestion_replies (suggestion_id, handling_unit_id, round, replied_on, result_class, body)
     VALUES (?1, ?2, 1, '2024-03-20', 'B', ?3) RETURNING id`,
  );
  const results = await db().batch<{ id: number }>([
    suggestion.bind(ids.s1, w.session, 1, '关于老旧小区加装电梯的建议', w.deputy),
    suggestion.bind(ids.s2, w.session, 2, '关于增设公交线路的建议', w.deputy),
    suggestion.bind(ids.s3, w.session, 3, '关于改造农贸市场的建议', w.deputy),
    assignment.bind(ids.s1, w.unit),
    assignment.bind(ids.s2, w.unit),
    assignment.bind(ids.s3, w.unit),
    reply.bind(ids.s1, w.unit, '已将该路段电梯加装列入 2024 年旧改计划，分两批实施。'),
    reply.bind(ids.s2, w.unit, '将结合线网优化研究增设线路。'),
    reply.bind(ids.s3, w.unit, '市场改造已列入计划。'),
    db()
      .prepare(
        `INSERT INTO commitments (id, suggestion_id, handling_unit_id, description, due_on)
         VALUES (?1, ?2, ?3, '年底前完成首批 12 部电梯加装', '2024-12-31')`,
      )
      .bind(ids.c1, ids.s1, w.unit),
  ]);
  const replyId = (i: number) => String(results[i]?.results[0]?.id);
  ids.reply1 = replyId(6);
  ids.reply2 = replyId(7);
  ids.reply3 = replyId(8);
});

describe('a reply’s result class: drafted, confirmed by a second person, published', () => {
  it('reaches the public page and the change log only after another person confirms it', async () => {
    // The public page before: class B, served from the edge cache on the second visit.
    const before = await publicPage(ids.s1);
    expect(before.html).toContain(resultClassLabels.B);
    expect((await publicPage(ids.s1)).cache).toBe('hit');
    const versionBefore = await readPublishVersion(db());

    // The editor drafts the correction: nothing public changes, a second person is needed.
    const saved = await saveEdit(editor, 'suggestion_reply', ids.reply1, {
      ...replyFields({ result_class: 'A' }),
      reason: '承办单位复核：首批电梯已开工',
      reference: '住建函〔2024〕31 号',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toBe(
      `/staff/records/suggestion_reply/${ids.reply1}?notice=change_needs_confirmation`,
    );
    const change = await openChange('suggestion_reply', ids.reply1);
    expect(change).toMatchObject({ needs_confirmation: 1, state: 'drafted' });
    const liveClass = () =>
      db()
        .prepare(
          `SELECT r.result_class AS reply, s.result_class AS suggestion FROM suggestion_replies r
           JOIN suggestions s ON s.id = r.suggestion_id WHERE r.id = ?1`,
        )
        .bind(Number(ids.reply1))
        .first();
    expect(await liveClass()).toEqual({ reply: 'B', suggestion: 'B' });

    // The publish page names the field and both classes in words.
    const pending = await (await get(app, admin, '/staff/publish')).text();
    expect(pending).toContain('办理答复');
    expect(pending).toMatch(
      new RegExp(`办理结果：\\s*<del>${resultClassLabels.B}</del>\\s*→\\s*<ins>${resultClassLabels.A}</ins>`),
    );

    // The same person cannot confirm it, and a publish leaves the unconfirmed class alone.
    const self = await postForm(app, editor, `/staff/publish/changes/${change?.id}/confirm`, {});
    expect(self.status).toBe(403);
    expect(await self.text()).toContain('不能确认自己起草的修改');
    await publish(editor);
    expect(await liveClass()).toEqual({ reply: 'B', suggestion: 'B' });
    expect((await openChange('suggestion_reply', ids.reply1))?.state).toBe('drafted');

    // A second person confirms; the next publish applies it.
    expect((await postForm(app, admin, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(303);
    await publish(editor);
    expect(await liveClass()).toEqual({ reply: 'A', suggestion: 'A' });
    expect(await openChange('suggestion_reply', ids.reply1)).toBeNull();

    // The public trace: the suggestion's latest class following the reply (by trigger, as the live
    // write lands), then the reply's own row with the publish, the confirming role and the reason.
    const { results: log } = await db()
      .prepare(
        `SELECT entity_type, field, old_value, new_value, note, role, change_id IS NOT NULL AS has_change,
           publish_id IS NOT NULL AS has_publish
         FROM change_log WHERE (entity_type = 'suggestion_reply' AND entity_id = ?1)
           OR (entity_type = 'suggestion' AND entity_id = ?2) ORDER BY id`,
      )
      .bind(ids.reply1, ids.s1)
      .all();
    expect(log).toEqual([
      {
        entity_type: 'suggestion',
        field: 'result_class',
        old_value: 'B',
        new_value: 'A',
        note: '',
        role: null,
        has_change: 0,
        has_publish: 0,
      },
      {
        entity_type: 'suggestion_reply',
        field: 'result_class',
        old_value: 'B',
        new_value: 'A',
        note: '承办单位复核：首批电梯已开工',
        role: 'admin',
        has_change: 1,
        has_publish: 1,
      },
    ]);
    expect((await auditEntries('suggestion_reply', ids.reply1)).map((a) => [a.action, a.actor])).toEqual([
      ['change.draft', w.staff.editor],
      ['change.confirm', w.staff.admin],
      ['change.publish', w.staff.editor],
    ]);

    // The page: a publish moves the cache key on, so the next visit (once the isolate re-reads
    // the version, at most PUBLISH_VERSION_TTL_MS later) renders the new class from D1.
    expect(await readPublishVersion(db())).toBe(versionBefore + 2);
    await new Promise((resolve) => setTimeout(resolve, PUBLISH_VERSION_TTL_MS + 100));
    const after = await publicPage(ids.s1);
    expect(after.cache).toBe('miss');
    expect(after.version).toBe(String(versionBefore + 2));
    expect(after.html).toContain(`<p class="class">${resultClassLabels.A}</p>`);
    expect(after.html).toContain('<p class="reply">1：A ');
    // Its history names the field and the values in words.
    expect(after.html).toContain(`<li>办理结果：${resultClassLabels.B} → ${resultClassLabels.A}</li>`);
  });

  it('refuses a save made from a version that has since moved on, and writes nothing', async () => {
    const path = `/staff/records/suggestion_reply/${ids.reply2}`;
    const { base } = await formState(editor, path);
    // Meanwhile a ledger import rewrites the reply.
    await db()
      .prepare("UPDATE suggestion_replies SET body = '将结合 2025 年线网优化增设线路。' WHERE id = ?1")
      .bind(Number(ids.reply2))
      .run();
    const drafts = await count('SELECT COUNT(*) AS n FROM official_changes');
    const response = await postForm(app, editor, path, {
      _base: base,
      ...replyFields({ result_class: 'A', body: '旧的答复内容' }),
      reason: '更正',
    });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain(STALE_MESSAGE);
    // The form shows the record as it now is.
    expect(html).toContain('将结合 2025 年线网优化增设线路。');
    expect(await count('SELECT COUNT(*) AS n FROM official_changes')).toBe(drafts);
  });

  it('publishes a reply’s class and its suggestion’s title together in one publish', async () => {
    // The class moves the suggestion's derived column; the title draft made from the same version
    // must still apply (0021: derived columns do not move the suggestion's row_version).
    expect(
      (
        await saveEdit(editor, 'suggestion_reply', ids.reply3, {
          ...replyFields({ result_class: 'C', body: '市场改造已列入计划。' }),
          reason: '资金未落实，改为 C 类并说明原因',
          reference: '市场监管函 2024-7',
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await saveEdit(editor, 'suggestion', ids.s3, {
          title: '关于改造城东农贸市场的建议',
          body: '老旧小区居民上下楼困难，建议加快加装电梯。',
          category: 'urban_construction',
          status: 'replied',
          key_supervision_leader: '',
        })
      ).status,
    ).toBe(303);
    const reply = await openChange('suggestion_reply', ids.reply3);
    expect((await postForm(app, admin, `/staff/publish/changes/${reply?.id}/confirm`, {})).status).toBe(303);
    await publish();
    expect(
      await db().prepare('SELECT title, result_class FROM suggestions WHERE id = ?1').bind(ids.s3).first(),
    ).toEqual({ title: '关于改造城东农贸市场的建议', result_class: 'C' });
    expect(await openChange('suggestion', ids.s3)).toBeNull();
    expect(await openChange('suggestion_reply', ids.reply3)).toBeNull();
  });
});

describe('suggestion text and the commitment ledger', () => {
  it('publishes a text correction without a second person, and asks a reason for a status change', async () => {
    const noReason = await saveEdit(editor, 'suggestion', ids.s2, {
      title: '关于增设城北公交线路的建议',
      body: '城北新区公交线路少，建议增设。',
      category: 'transport',
      status: 'closed',
      key_supervision_leader: '副市长 李明',
    });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('修改办理状态时请说明原因。');

    const saved = await saveEdit(editor, 'suggestion', ids.s2, {
      title: '关于增设城北公交线路的建议',
      body: '城北新区公交线路少，建议增设。',
      category: 'transport',
      status: 'closed',
      key_supervision_leader: '副市长 李明',
      reason: '代表对答复满意，办结',
    });
    expect(saved.headers.get('Location')).toBe(`/staff/records/suggestion/${ids.s2}?notice=change_drafted`);
    expect((await openChange('suggestion', ids.s2))?.needs_confirmation).toBe(0);
    await publish(editor);
    const page = await loadSuggestionPage(db(), ids.s2);
    expect(page?.item).toMatchObject({
      title: '关于增设城北公交线路的建议',
      category: 'transport',
      status: 'closed',
      keySupervisionLeader: '副市长 李明',
    });
    // The change log shows the status in words, as the public page and /changes/ print it.
    const status = page?.history.find((h) => h.field === 'status');
    expect(status && [changeFieldLabel(status), changeValueLabel(status, status.newValue)]).toEqual([
      '办理状态',
      '已办结',
    ]);
    const category = page?.history.find((h) => h.field === 'category');
    expect(category && changeValueLabel(category, category.newValue)).toBe('交通出行');
  });

  it('keeps a commitment only with a date and evidence, confirmed by a second person', async () => {
    const kept = {
      description: '年底前完成首批 12 部电梯加装',
      due_on: '2024-12-31',
      status: 'kept',
      kept_on: '2024-11-28',
      evidence: '12 部电梯已通过特种设备验收，见验收报告。',
      reason: '承诺已兑现',
    };
    expect((await saveEdit(editor, 'commitment', ids.c1, kept)).status).toBe(303);
    const change = await openChange('commitment', ids.c1);
    expect(change?.needs_confirmation).toBe(1);
    expect((await postForm(app, editor, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(
      403,
    );
    expect((await postForm(app, admin, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(303);
    await publish(editor);
    expect(
      await db()
        .prepare('SELECT status, kept_on, evidence FROM commitments WHERE id = ?1')
        .bind(ids.c1)
        .first(),
    ).toEqual({ status: 'kept', kept_on: '2024-11-28', evidence: kept.evidence });
    const page = await loadSuggestionPage(db(), ids.s1);
    const status = page?.history.find((h) => h.entityType === 'commitment' && h.field === 'status');
    expect(status && [changeFieldLabel(status), changeValueLabel(status, status.newValue)]).toEqual([
      '承诺状态',
      '已兑现',
    ]);
    expect(status?.role).toBe('admin');
  });

  it('leads from a suggestion to its replies and commitments, and back', async () => {
    const page = await (await get(app, editor, `/staff/records/suggestion/${ids.s1}`)).text();
    expect(page).toContain(`href="/staff/records/suggestion_reply/${ids.reply1}"`);
    expect(page).toContain(`href="/staff/records/commitment/${ids.c1}"`);
    expect(page).toContain(`href="/staff/records/commitment/new?suggestion_id=${ids.s1}"`);
    const reply = await (await get(app, editor, `/staff/records/suggestion_reply/${ids.reply1}`)).text();
    expect(reply).toContain(`<a href="/staff/records/suggestion/${ids.s1}">关于老旧小区加装电梯的建议</a>`);
  });

  it('adds a commitment to a suggestion named by its id', async () => {
    const form = await (
      await get(app, editor, `/staff/records/commitment/new?suggestion_id=${ids.s2}`)
    ).text();
    // The suggestion is typed (here filled in from its page), not picked from a list of every
    // suggestion in the city.
    expect(form).toMatch(new RegExp(`<input[^>]*name="suggestion_id"[^>]*value="${ids.s2}"`));
    const created = await postForm(app, editor, '/staff/records/commitment', {
      _id: `${w.p}-c2`,
      suggestion_id: ids.s2,
      handling_unit_id: w.unit,
      description: '2025 年一季度开通城北 2 条公交线路',
      due_on: '2025-03-31',
      status: 'open',
      kept_on: '',
      evidence: '',
    });
    expect(created.status).toBe(303);
    // A new ledger entry sets a status, an official figure: a second person confirms it too.
    const change = await openChange('commitment', `${w.p}-c2`);
    expect(change?.needs_confirmation).toBe(1);
    expect((await postForm(app, admin, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(303);
    await publish(editor);
    expect(
      await db()
        .prepare('SELECT suggestion_id, status FROM commitments WHERE id = ?1')
        .bind(`${w.p}-c2`)
        .first(),
    ).toEqual({ suggestion_id: ids.s2, status: 'open' });
  });
});

describe('bad input: a zh-CN message at the field, 400, nothing written', () => {
  const long = '长'.repeat(201);
  const commitmentBase = {
    description: '2025 年一季度开通城北 2 条公交线路',
    due_on: '2025-03-31',
    status: 'open',
    kept_on: '',
    evidence: '',
  };
  it.each([
    {
      what: 'an unknown result class',
      type: 'suggestion_reply',
      id: () => ids.reply2,
      fields: () => replyFields({ result_class: 'D', reason: '更正' }),
      field: 'result_class',
      message: '请选择有效的办理结果。',
    },
    {
      what: 'a reply without a date',
      type: 'suggestion_reply',
      id: () => ids.reply2,
      fields: () => replyFields({ replied_on: '三月二十日', result_class: 'A', reason: '更正' }),
      field: 'replied_on',
      message: '请填写有效的答复日期（年-月-日）。',
    },
    {
      what: 'an over-long title',
      type: 'suggestion',
      id: () => ids.s2,
      fields: () => ({
        title: long,
        body: '城北新区公交线路少，建议增设。',
        category: 'transport',
        status: 'closed',
        key_supervision_leader: '',
      }),
      field: 'title',
      message: '标题不能超过 200 个字。',
    },
    {
      what: 'an unknown category',
      type: 'suggestion',
      id: () => ids.s2,
      fields: () => ({
        title: '关于增设城北公交线路的建议',
        body: '城北新区公交线路少，建议增设。',
        category: 'space',
        status: 'closed',
      }),
      field: 'category',
      message: '请选择领域。',
    },
    {
      what: 'a kept commitment without a date',
      type: 'commitment',
      id: () => `${w.p}-c2`,
      fields: () => ({ ...commitmentBase, status: 'kept', evidence: '已开通', reason: '兑现' }),
      field: 'kept_on',
      message: '承诺已兑现时请填写兑现日期。',
    },
    {
      what: 'a dropped commitment without its reason',
      type: 'commitment',
      id: () => `${w.p}-c2`,
      fields: () => ({ ...commitmentBase, status: 'dropped', reason: '不再兑现' }),
      field: 'evidence',
      message: '承诺未兑现时请在兑现依据中说明原因。',
    },
    {
      what: 'a date on a commitment still open',
      type: 'commitment',
      id: () => `${w.p}-c2`,
      fields: () => ({ ...commitmentBase, kept_on: '2025-01-05' }),
      field: 'kept_on',
      message: '只有已兑现的承诺才填写兑现日期。',
    },
    {
      what: 'over-long evidence',
      type: 'commitment',
      id: () => `${w.p}-c2`,
      fields: () => ({ ...commitmentBase, status: 'dropped', evidence: '因'.repeat(1001), reason: '说明' }),
      field: 'evidence',
      message: '兑现依据不能超过 1000 个字。',
    },
  ])('refuses $what', async ({ type, id, fields, field, message }) => {
    const changes = await count('SELECT COUNT(*) AS n FROM official_changes');
    const response = await saveEdit(editor, type, id(), fields());
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toMatch(new RegExp(`id="f-${field}-error"[^>]*>\\s*<span[^>]*>错误：</span>\\s*${message}`));
    expect(await count('SELECT COUNT(*) AS n FROM official_changes')).toBe(changes);
  });

  it('refuses a commitment for a suggestion that does not exist', async () => {
    const changes = await count('SELECT COUNT(*) AS n FROM official_changes');
    const response = await postForm(app, editor, '/staff/records/commitment', {
      _id: `${w.p}-c9`,
      suggestion_id: `${w.p}-nope`,
      handling_unit_id: w.unit,
      ...commitmentBase,
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(
      /id="f-suggestion_id-error"[^>]*>\s*<span[^>]*>错误：<\/span>\s*所选的议案建议编号不存在。/,
    );
    expect(await count('SELECT COUNT(*) AS n FROM official_changes')).toBe(changes);
  });
});

describe('a deputy’s satisfaction rating: recorded from the suggestion’s page, confirmed, published', () => {
  const s4 = () => `${w.p}-s4`;
  const ratingId = () => `${s4()}-r1`;
  const ratingFields = (over: Record<string, string> = {}) => ({
    suggestion_id: s4(),
    round: '1',
    rated_on: '2024-04-10',
    satisfaction: 'dissatisfied',
    reason: '代表书面测评：电梯加装进度慢',
    reference: '测评表 2024-017',
    ...over,
  });
  const live = () =>
    db()
      .prepare(
        `SELECT s.status, s.satisfaction, (SELECT json_group_array(json_array(t.round, t.satisfaction))
           FROM suggestion_ratings t WHERE t.suggestion_id = s.id) AS ratings FROM suggestions s WHERE s.id = ?1`,
      )
      .bind(s4())
      .first();

  beforeAll(async () => {
    await db().batch([
      db()
        .prepare(
          `INSERT INTO suggestions (id, session_id, kind, number, title, body, category, lead_deputy_id, filed_on, status, result_class)
           VALUES (?1, ?2, 'suggestion', 4, '关于老旧小区增设充电桩的建议', '小区缺少充电桩。', 'urban_construction', ?3, '2024-01-12', 'replied', 'B')`,
        )
        .bind(s4(), w.session, w.deputy),
      db()
        .prepare(
          `INSERT INTO suggestion_assignments (suggestion_id, handling_unit_id, role, assigned_on, due_on)
           VALUES (?1, ?2, 'lead', '2024-01-20', '2024-04-20')`,
        )
        .bind(s4(), w.unit),
      db()
        .prepare(
          `INSERT INTO suggestion_replies (suggestion_id, handling_unit_id, round, replied_on, result_class, body)
           VALUES (?1, ?2, 1, '2024-03-25', 'B', '已列入年度计划，分批建设。')`,
        )
        .bind(s4(), w.unit),
    ]);
  });

  it('waits for a second person and the publish, then shows publicly and sends the case back', async () => {
    // The suggestion's page offers each answered round's rating.
    const page = await (await get(app, editor, `/staff/records/suggestion/${s4()}`)).text();
    const newPath = `/staff/records/suggestion_rating/new?suggestion_id=${s4()}&amp;round=1`;
    expect(page).toContain(`href="${newPath}"`);
    const form = await (await get(app, editor, newPath.replace('&amp;', '&'))).text();
    expect(form).toMatch(new RegExp(`<input[^>]*name="suggestion_id"[^>]*value="${s4()}"`));
    expect(form).toMatch(/<input[^>]*name="round"[^>]*value="1"/);

    const saved = await postForm(app, editor, '/staff/records/suggestion_rating', ratingFields());
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toBe(
      `/staff/records/suggestion_rating/${ratingId()}?notice=change_needs_confirmation`,
    );
    const change = await openChange('suggestion_rating', ratingId());
    expect(change).toMatchObject({ needs_confirmation: 1, state: 'drafted' });
    // The draft has its own page, and the suggestion's page leads to it.
    expect((await get(app, editor, `/staff/records/suggestion_rating/${ratingId()}`)).status).toBe(200);
    expect(await (await get(app, editor, `/staff/records/suggestion/${s4()}`)).text()).toContain(
      '查看待发布的测评',
    );

    // Not its drafter: 403. A publish before the confirmation leaves everything public as it was.
    const self = await postForm(app, editor, `/staff/publish/changes/${change?.id}/confirm`, {});
    expect(self.status).toBe(403);
    expect(await self.text()).toContain('不能确认自己起草的修改');
    await publish(editor);
    expect(await live()).toEqual({ status: 'replied', satisfaction: null, ratings: '[]' });
    const before = await loadSuggestionPage(db(), s4());
    expect(before?.item.ratings).toEqual([]);
    expect(before?.history.some((h) => h.entityType === 'suggestion_rating')).toBe(false);

    expect((await postForm(app, admin, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(303);
    await publish(editor);
    // 不满意 with no later reply: the case is handled again (status follows by trigger, 0029).
    expect(await live()).toEqual({
      status: 'rehandling',
      satisfaction: 'dissatisfied',
      ratings: '[[1,"dissatisfied"]]',
    });
    // The console's list of ratings finds it by its suggestion.
    const listed = await get(app, editor, `/staff/records/suggestion_rating?q=${s4()}`);
    expect(listed.status).toBe(200);
    expect(await listed.text()).toContain(`href="/staff/records/suggestion_rating/${ratingId()}"`);
    const after = await loadSuggestionPage(db(), s4());
    expect(after?.item).toMatchObject({ status: 'rehandling', satisfaction: 'dissatisfied' });
    expect(after?.item.ratings).toEqual([{ round: 1, ratedOn: '2024-04-10', satisfaction: 'dissatisfied' }]);
    const rated = after?.history.find(
      (h) => h.entityType === 'suggestion_rating' && h.field === 'satisfaction',
    );
    expect(rated && [changeFieldLabel(rated), changeValueLabel(rated, rated.newValue), rated.role]).toEqual([
      '代表满意度',
      '不满意',
      'admin',
    ]);
    const status = after?.history.find((h) => h.entityType === 'suggestion' && h.field === 'status');
    expect(status && changeValueLabel(status, status.newValue)).toBe('不满意，重新办理中');

    // /changes/ reads the whole log through the same row schema (a row it cannot parse fails the build).
    const { results } = await db().prepare(CHANGE_LOG_QUERY).all<Parameters<typeof changeLogRecord>[0]>();
    const entries = results.map((r) => ChangeLogEntry.parse(changeLogRecord(r)));
    const own = entries.filter((e) => e.entityId === ratingId());
    expect(own.map((e) => [e.field, e.newValue, e.note, e.role])).toEqual(
      expect.arrayContaining([
        ['satisfaction', 'dissatisfied', '代表书面测评：电梯加装进度慢', 'admin'],
        ['round', '1', '代表书面测评：电梯加装进度慢', 'admin'],
      ]),
    );
  });

  it('corrects a rating and a suggestion’s title in one publish; the case is answered again', async () => {
    const path = `/staff/records/suggestion_rating/${ratingId()}`;
    const { base } = await formState(editor, path);
    const corrected = await postForm(app, editor, path, {
      _base: base,
      ...ratingFields({
        satisfaction: 'basically_satisfied',
        reason: '代表更正测评',
        reference: '测评表 2024-017-2',
      }),
    });
    expect(corrected.status).toBe(303);
    // Drafted after the rating: the publish applies the rating last, so the title (drafted from the
    // version before the status moves) still applies.
    expect(
      (
        await saveEdit(editor, 'suggestion', s4(), {
          title: '关于老旧小区增设电动车充电桩的建议',
          body: '小区缺少充电桩。',
          category: 'urban_construction',
          status: 'rehandling',
          key_supervision_leader: '',
        })
      ).status,
    ).toBe(303);
    const change = await openChange('suggestion_rating', ratingId());
    expect((await postForm(app, admin, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(303);
    await publish();
    expect(await live()).toEqual({
      status: 'replied',
      satisfaction: 'basically_satisfied',
      ratings: '[[1,"basically_satisfied"]]',
    });
    expect(await db().prepare('SELECT title FROM suggestions WHERE id = ?1').bind(s4()).first()).toEqual({
      title: '关于老旧小区增设电动车充电桩的建议',
    });
    expect(await openChange('suggestion', s4())).toBeNull();
  });

  it.each([
    {
      what: 'a rating not in the list',
      fields: () => ratingFields({ satisfaction: 'very_happy', round: '2' }),
      field: 'satisfaction',
      message: '请选择代表满意度。',
    },
    {
      what: 'a round that does not exist',
      fields: () => ratingFields({ round: '12' }),
      field: 'round',
      message: '办理轮次不能大于 9。',
    },
    {
      what: 'a round without a reply',
      fields: () => ratingFields({ round: '2' }),
      field: 'round',
      message: '这件议案建议的这一轮还没有答复，不能测评；请核对办理轮次。',
    },
    {
      what: 'a second rating of a rated round',
      fields: () => ratingFields(),
      field: 'round',
      message: '这一轮答复已有满意度测评，请打开原测评更正。',
    },
    {
      what: 'a correction without its reference',
      edit: true,
      fields: () => ratingFields({ satisfaction: 'satisfied', reference: '' }),
      field: 'reference',
      message: '请填写依据，例如计票单编号。',
    },
    {
      what: 'a suggestion that does not exist',
      fields: () => ratingFields({ suggestion_id: `${w.p}-nope` }),
      field: 'suggestion_id',
      message: '所选的议案建议编号不存在。',
    },
  ])('refuses $what with the form again, its summary and the typed values', async (c) => {
    const { fields, field, message } = c;
    const changes = await count('SELECT COUNT(*) AS n FROM official_changes');
    const path = `/staff/records/suggestion_rating${'edit' in c ? `/${ratingId()}` : ''}`;
    const base = 'edit' in c ? (await formState(editor, path)).base : '';
    const response = await postForm(app, editor, path, { ...fields(), ...(base ? { _base: base } : {}) });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toContain(`href="#f-${field}"`);
    expect(html).toMatch(new RegExp(`id="f-${field}-error"[^>]*>\\s*<span[^>]*>错误：</span>\\s*${message}`));
    // The typed values are kept.
    expect(html).toMatch(/<input[^>]*name="rated_on"[^>]*value="2024-04-10"/);
    expect(html).toContain('代表书面测评：电梯加装进度慢');
    expect(await count('SELECT COUNT(*) AS n FROM official_changes')).toBe(changes);
  });

  it('rates a round only once its lead unit (主办单位) replied: a co-handler’s reply alone opens no rating', async () => {
    const s7 = `${w.p}-s7`;
    const co = `${w.p}-unit7`;
    await db().batch([
      db()
        .prepare(`INSERT INTO handling_units (id, name, kind) VALUES (?1, ?2, 'government_department')`)
        .bind(co, `${w.p}市城市管理局`),
      db()
        .prepare(
          `INSERT INTO suggestions (id, session_id, kind, number, title, body, category, lead_deputy_id, filed_on, status)
           VALUES (?1, ?2, 'suggestion', 7, '关于规范共享单车停放的建议', '单车乱停。', 'transport', ?3, '2024-01-12', 'assigned')`,
        )
        .bind(s7, w.session, w.deputy),
      db()
        .prepare(
          `INSERT INTO suggestion_assignments (suggestion_id, handling_unit_id, role, assigned_on, due_on)
           VALUES (?1, ?2, 'lead', '2024-01-20', '2024-04-20'), (?1, ?3, 'co', '2024-01-20', '2024-04-20')`,
        )
        .bind(s7, w.unit, co),
      // Only the co-handling unit has answered round 1 so far.
      db()
        .prepare(
          `INSERT INTO suggestion_replies (suggestion_id, handling_unit_id, round, replied_on, result_class, body)
           VALUES (?1, ?2, 1, '2024-03-20', NULL, '配合划定停放区。')`,
        )
        .bind(s7, co),
    ]);
    // The suggestion's page offers no rating of that round yet.
    const page = await (await get(app, editor, `/staff/records/suggestion/${s7}`)).text();
    expect(page).toContain('等待主办单位答复后测评');
    expect(page).not.toContain(`suggestion_rating/new?suggestion_id=${s7}`);
    const changes = await count('SELECT COUNT(*) AS n FROM official_changes');
    const fields = ratingFields({ suggestion_id: s7, satisfaction: 'satisfied' });
    const refused = await postForm(app, editor, '/staff/records/suggestion_rating', fields);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(
      /id="f-round-error"[^>]*>\s*<span[^>]*>错误：<\/span>\s*这一轮还没有主办单位的答复，不能测评/,
    );
    expect(await count('SELECT COUNT(*) AS n FROM official_changes')).toBe(changes);

    // Once the lead unit replies, the same rating is drafted.
    await db()
      .prepare(
        `INSERT INTO suggestion_replies (suggestion_id, handling_unit_id, round, replied_on, result_class, body)
         VALUES (?1, ?2, 1, '2024-03-28', 'A', '已划定停放区并加强巡查。')`,
      )
      .bind(s7, w.unit)
      .run();
    expect(
      (await get(app, editor, `/staff/records/suggestion/${s7}`).then((r) => r.text())).includes(
        `suggestion_rating/new?suggestion_id=${s7}&amp;round=1`,
      ),
    ).toBe(true);
    const saved = await postForm(app, editor, '/staff/records/suggestion_rating', fields);
    expect(saved.status).toBe(303);
    expect(await openChange('suggestion_rating', `${s7}-r1`)).toMatchObject({ state: 'drafted' });
  });
});

describe('a new handling round (重新办理) opened from the suggestion’s page', () => {
  const s5 = () => `${w.p}-s5`;
  const coUnit = () => `${w.p}-unit2`;
  const roundFields = (over: Record<string, string> = {}) => ({
    suggestion_id: s5(),
    handling_unit_id: w.unit,
    round: '2',
    replied_on: '2024-06-15',
    result_class: 'A',
    body: '经重新办理，已在小区内建成 20 个充电车位。',
    ...over,
  });
  const replies = () =>
    db()
      .prepare(
        `SELECT s.status, s.result_class, (SELECT json_group_array(json_array(r.round, r.result_class))
           FROM suggestion_replies r WHERE r.suggestion_id = s.id AND r.handling_unit_id = ?2) AS replies
         FROM suggestions s WHERE s.id = ?1`,
      )
      .bind(s5(), w.unit)
      .first();

  beforeAll(async () => {
    // Answered in round 1, rated 不满意: the case waits for re-handling (as an import leaves it).
    await db().batch([
      db()
        .prepare(`INSERT INTO handling_units (id, name, kind) VALUES (?1, ?2, 'government_department')`)
        .bind(coUnit(), `${w.p}市交通运输局`),
      db()
        .prepare(
          `INSERT INTO suggestions (id, session_id, kind, number, title, body, category, lead_deputy_id, filed_on, status, result_class, satisfaction)
           VALUES (?1, ?2, 'suggestion', 5, '关于增设公共充电站的建议', '充电站少。', 'transport', ?3, '2024-01-12', 'rehandling', 'C', 'dissatisfied')`,
        )
        .bind(s5(), w.session, w.deputy),
      db()
        .prepare(
          `INSERT INTO suggestion_assignments (suggestion_id, handling_unit_id, role, assigned_on, due_on)
           VALUES (?1, ?2, 'lead', '2024-01-20', '2024-04-20'), (?1, ?3, 'co', '2024-01-20', '2024-04-20')`,
        )
        .bind(s5(), w.unit, coUnit()),
      db()
        .prepare(
          `INSERT INTO suggestion_replies (suggestion_id, handling_unit_id, round, replied_on, result_class, body)
           VALUES (?1, ?2, 1, '2024-03-25', 'C', '用地紧张，暂不具备条件。')`,
        )
        .bind(s5(), w.unit),
      db()
        .prepare(
          `INSERT INTO suggestion_ratings (suggestion_id, round, rated_on, satisfaction) VALUES (?1, 1, '2024-04-05', 'dissatisfied')`,
        )
        .bind(s5()),
    ]);
  });

  it('refuses to close a case sent back before its next answer', async () => {
    const changes = await count('SELECT COUNT(*) AS n FROM official_changes');
    const response = await saveEdit(editor, 'suggestion', s5(), {
      title: '关于增设公共充电站的建议',
      body: '充电站少。',
      category: 'transport',
      status: 'closed',
      key_supervision_leader: '',
      reason: '已当面沟通',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<a href="#f-status">');
    expect(html).toMatch(
      /id="f-status-error"[^>]*>\s*<span[^>]*>错误：<\/span>\s*代表对最后一轮答复的测评为“不满意”，须重新办理/,
    );
    expect(html).toContain('已当面沟通');
    expect(await count('SELECT COUNT(*) AS n FROM official_changes')).toBe(changes);
  });

  it('drafts the next round’s reply, confirmed by a second person, and ends the re-handling when published', async () => {
    const newPath = `/staff/records/suggestion_reply/new?suggestion_id=${s5()}&amp;handling_unit_id=${w.unit}&amp;round=2`;
    expect(await (await get(app, editor, `/staff/records/suggestion/${s5()}`)).text()).toContain(
      `href="${newPath}"`,
    );
    // A case the deputy did not send back offers no new round.
    expect(await (await get(app, editor, `/staff/records/suggestion/${ids.s2}`)).text()).not.toContain(
      '重新办理）',
    );
    const form = await (await get(app, editor, newPath.replaceAll('&amp;', '&'))).text();
    expect(form).toMatch(/<input[^>]*name="round"[^>]*value="2"/);

    const saved = await postForm(app, editor, '/staff/records/suggestion_reply', roundFields());
    expect(saved.status).toBe(303);
    const location = saved.headers.get('Location') ?? '';
    const replyId = /\/suggestion_reply\/(\d+)\?notice=change_needs_confirmation$/.exec(location)?.[1] ?? '';
    expect(replyId).not.toBe('');
    const change = await openChange('suggestion_reply', replyId);
    expect(change).toMatchObject({ needs_confirmation: 1, state: 'drafted' });
    expect((await get(app, editor, `/staff/records/suggestion_reply/${replyId}`)).status).toBe(200);

    expect((await postForm(app, editor, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(
      403,
    );
    await publish(editor);
    expect(await replies()).toEqual({ status: 'rehandling', result_class: 'C', replies: '[[1,"C"]]' });
    expect((await loadSuggestionPage(db(), s5()))?.item.replies).toHaveLength(1);

    expect((await postForm(app, admin, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(303);
    await publish(editor);
    expect(await replies()).toEqual({ status: 'replied', result_class: 'A', replies: '[[1,"C"],[2,"A"]]' });
    const page = await loadSuggestionPage(db(), s5());
    expect(page?.item).toMatchObject({ status: 'replied', resultClass: 'A' });
    expect(page?.item.replies.map((r) => [r.round, r.resultClass])).toEqual([
      [1, 'C'],
      [2, 'A'],
    ]);
    const logged = page?.history.filter((h) => h.entityType === 'suggestion_reply' && h.entityId === replyId);
    expect(logged?.map((h) => [h.field, h.newValue, h.role])).toEqual(
      expect.arrayContaining([
        ['round', '2', 'admin'],
        ['result_class', 'A', 'admin'],
      ]),
    );
    // The next round can now be rated (the suggestion's page offers it).
    expect(await (await get(app, editor, `/staff/records/suggestion/${s5()}`)).text()).toContain(
      `suggestion_rating/new?suggestion_id=${s5()}&amp;round=2`,
    );
  });

  it('holds a new round at the publish when its 不满意 rating was corrected meanwhile', async () => {
    // Round 2 rated 不满意 (as an import records it): round 3 may be opened.
    await db()
      .prepare(
        `INSERT INTO suggestion_ratings (suggestion_id, round, rated_on, satisfaction) VALUES (?1, 2, '2024-07-01', 'dissatisfied')`,
      )
      .bind(s5())
      .run();
    const saved = await postForm(
      app,
      editor,
      '/staff/records/suggestion_reply',
      roundFields({ round: '3', replied_on: '2024-08-01' }),
    );
    expect(saved.status).toBe(303);
    const replyId = /\/suggestion_reply\/(\d+)\?/.exec(saved.headers.get('Location') ?? '')?.[1] ?? '';
    const change = await openChange('suggestion_reply', replyId);
    expect((await postForm(app, admin, `/staff/publish/changes/${change?.id}/confirm`, {})).status).toBe(303);
    // Meanwhile the rating is corrected to 基本满意: the case no longer goes back.
    await db()
      .prepare(
        "UPDATE suggestion_ratings SET satisfaction = 'basically_satisfied' WHERE suggestion_id = ?1 AND round = 2",
      )
      .bind(s5())
      .run();
    await publish(editor);
    expect(await count('SELECT COUNT(*) AS n FROM suggestion_replies WHERE suggestion_id = ?1', s5())).toBe(
      2,
    );
    expect(
      await db()
        .prepare('SELECT state, held_reason FROM official_changes WHERE id = ?1')
        .bind(change?.id ?? 0)
        .first(),
    ).toEqual({
      state: 'confirmed',
      held_reason: '发布时未生效：只有代表对上一轮答复的测评为“不满意”（已发布）时，才能开启这一轮办理。',
    });
    // Withdrawn, so the bad-input cases below start from the published state.
    expect((await postForm(app, admin, `/staff/publish/changes/${change?.id}/withdraw`, {})).status).toBe(
      303,
    );
  });

  it.each([
    {
      what: 'a round after one not rated 不满意',
      fields: () => roundFields({ round: '3' }),
      field: 'round',
      message: '只有代表对上一轮答复的测评为“不满意”（已发布）时，才能开启这一轮办理。',
    },
    {
      what: 'a round that already has its reply',
      fields: () => roundFields(),
      field: 'round',
      message: '这一轮已有答复，请打开原答复修改。',
    },
    {
      what: 'a unit that is not the lead unit',
      fields: () => roundFields({ handling_unit_id: coUnit(), round: '3' }),
      field: 'handling_unit_id',
      message: '重新办理由这件议案建议的主办单位答复；所选单位不是它的主办单位。',
    },
    {
      what: 'an unknown result class',
      fields: () => roundFields({ result_class: 'E', round: '3' }),
      field: 'result_class',
      message: '请选择有效的办理结果。',
    },
  ])('refuses $what with the form again and the typed values', async ({ fields, field, message }) => {
    const changes = await count('SELECT COUNT(*) AS n FROM official_changes');
    const response = await postForm(app, editor, '/staff/records/suggestion_reply', fields());
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(`href="#f-${field}"`);
    expect(html).toMatch(new RegExp(`id="f-${field}-error"[^>]*>\\s*<span[^>]*>错误：</span>\\s*${message}`));
    expect(html).toContain('经重新办理，已在小区内建成 20 个充电车位。');
    expect(await count('SELECT COUNT(*) AS n FROM official_changes')).toBe(changes);
  });
});

describe('the console lists at city scale', () => {
  it('pages and searches 25,000 suggestions, and never offers them in a select', async () => {
    // A city at scale 10: 25,000 suggestions of one session.
    await db()
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000)
         INSERT INTO suggestions (id, session_id, kind, number, title, body, category, lead_deputy_id, filed_on)
         SELECT ?1 || printf('%05d', i), ?2, 'motion', i, '城市建议第 ' || i || ' 号', '内容', 'other', ?3, '2024-01-12'
         FROM n`,
      )
      .bind(`${w.p}-bulk-`, w.session, w.deputy)
      .run();
    expect(await count('SELECT COUNT(*) AS n FROM suggestions')).toBeGreaterThanOrEqual(25_000);

    const rows = (html: string) =>
      [...html.matchAll(/href="\/staff\/records\/suggestion\/([a-z0-9-]+)"/g)].map((m) => m[1]);
    const first = await get(app, editor, '/staff/records/suggestion');
    expect(first.status).toBe(200);
    const firstHtml = await first.text();
    expect(rows(firstHtml)).toHaveLength(50);
    expect(firstHtml).toContain('page=2');
    const later = await (await get(app, editor, '/staff/records/suggestion?page=400')).text();
    expect(rows(later)).toHaveLength(50);
    expect(rows(later)[0]).not.toBe(rows(firstHtml)[0]);

    // D1 rows read for a whole list page (session, role, page): the list walks the primary key,
    // so a page reads its own rows, not the city's.
    const meter = meteredDatabase(db());
    const metered = staffAppWith({ deployHookFetch: runningDeployHook }, { DB: meter.db });
    expect((await get(metered, editor, '/staff/records/suggestion')).status).toBe(200);
    expect(meter.usage.rowsRead).toBeLessThan(1_000);
    meter.reset();
    // A search looks at each title once (about 25,000 rows at this scale), never more.
    await get(metered, editor, `/staff/records/suggestion?q=${encodeURIComponent('第 24999 号')}`);
    expect(meter.usage.rowsRead).toBeLessThan(26_000);

    const found = await (
      await get(app, editor, `/staff/records/suggestion?q=${encodeURIComponent('第 24999 号')}`)
    ).text();
    expect(rows(found)).toEqual([`${w.p}-bulk-24999`]);

    // The edit page of one of them, and the form that names a suggestion, stay small.
    expect((await get(app, editor, `/staff/records/suggestion/${w.p}-bulk-12345`)).status).toBe(200);
    const form = await (await get(app, editor, '/staff/records/commitment/new')).text();
    expect([...form.matchAll(/<option/g)].length).toBeLessThan(100);
  });
});
