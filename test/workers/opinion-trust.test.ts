import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  get,
  ORIGIN,
  postForm,
  postJson,
  seedOpinion,
  seedStaffWorld,
  type Session,
  signIn,
  staffAppWith,
  type StaffWorld,
  worker,
} from './staff-fixtures.ts';

/**
 * What citizens' opinions gain in issue 12: "未解决" reopens the case (§5), replies published only
 * with consent (§4), and replies reviewed before the sender sees them (§2).
 */

let w: StaffWorld;
let handler: Session;

beforeAll(async () => {
  w = await seedStaffWorld('otr');
  handler = await signIn(worker, w.staff.handler);
});

async function citizen(path: string, body: Record<string, unknown>) {
  return worker(
    new Request(`${ORIGIN}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ORIGIN, 'CF-Connecting-IP': '192.0.2.140' },
      body: JSON.stringify(body),
    }),
  );
}

async function replyTo(id: number, text: string): Promise<void> {
  expect((await postForm(worker, handler, `/staff/opinions/${id}/reply-draft`, { body: text })).status).toBe(
    303,
  );
  const { revision } = (await env.DB.prepare(
    'SELECT revision FROM opinion_reply_drafts WHERE opinion_id = ?1',
  )
    .bind(id)
    .first<{ revision: number }>()) ?? { revision: 0 };
  expect(
    (await postForm(worker, handler, `/staff/opinions/${id}/reply`, { revision: String(revision) })).status,
  ).toBe(303);
}

describe('"was it resolved?" → 未解决 reopens the case', () => {
  it('puts it back in handling, in the inbox and in the figures; a new reply can be rated again', async () => {
    const sent = await seedOpinion(w, {
      to: { deputy: w.deputy },
      status: 'triaged',
      title: 'otr 未解决的问题',
    });
    await replyTo(sent.id, '已经联系施工单位处理。');
    const answer = await citizen('/api/opinions/feedback', {
      trackingCode: sent.trackingCode,
      resolved: 'no',
    });
    expect(answer.status).toBe(200);
    const view = await answer.json<{
      status: string;
      timeline: Array<{ kind: string; text: string }>;
      canGiveFeedback: boolean;
    }>();
    // The sender sees it is being handled again.
    expect(view.status).toBe('triaged');
    expect(view.timeline.at(-1)?.text).toContain('重新打开');
    expect(view.canGiveFeedback).toBe(false);
    const row = await env.DB.prepare('SELECT status, reopen_count, reopened_at FROM opinions WHERE id = ?1')
      .bind(sent.id)
      .first<{ status: string; reopen_count: number; reopened_at: string | null }>();
    expect(row).toMatchObject({ status: 'triaged', reopen_count: 1 });
    expect(row?.reopened_at).not.toBeNull();
    // The staff inbox lists it as open again, marked reopened.
    const inbox = await (await get(worker, handler, '/staff/opinions?status=open')).text();
    expect(inbox).toMatch(/otr 未解决的问题[\s\S]*?已重新打开/);
    // The deputy's responsiveness figures (the site's query) count it as reopened, not answered.
    const { DEPUTY_RESPONSIVENESS_QUERY } = await import('../../site/loaders/people-queries.ts');
    const figures = (
      await env.DB.prepare(DEPUTY_RESPONSIVENESS_QUERY).all<{
        deputy_id: string;
        reopened_count: number;
        reopened_open_count: number;
      }>()
    ).results.find((r) => r.deputy_id === w.deputy);
    expect(figures).toMatchObject({ reopened_count: 1, reopened_open_count: 1 });
    // Answered again: the sender may rate again; 未解决 again reopens again.
    await replyTo(sent.id, '施工单位已完成整改，请再看一下。');
    const again = await citizen('/api/opinions/feedback', {
      trackingCode: sent.trackingCode,
      resolved: 'no',
    });
    expect(again.status).toBe(200);
    const twice = await env.DB.prepare('SELECT status, reopen_count FROM opinions WHERE id = ?1')
      .bind(sent.id)
      .first<{ status: string; reopen_count: number }>();
    expect(twice).toEqual({ status: 'triaged', reopen_count: 2 });
  });

  it('leaves a case answered 已解决 or 部分解决 as it is', async () => {
    for (const resolved of ['yes', 'partly']) {
      const sent = await seedOpinion(w, { to: 'topic', status: 'triaged', title: `otr ${resolved}` });
      await replyTo(sent.id, '已处理。');
      expect(
        (await citizen('/api/opinions/feedback', { trackingCode: sent.trackingCode, resolved })).status,
      ).toBe(200);
      const row = await env.DB.prepare('SELECT status, reopen_count FROM opinions WHERE id = ?1')
        .bind(sent.id)
        .first<{ status: string; reopen_count: number }>();
      expect(row).toEqual({ status: 'replied', reopen_count: 0 });
    }
  });
});

describe('public replies only with consent', () => {
  it('records the consent the form asks for (and its absence)', async () => {
    const send = (allowPublication: boolean | undefined, title: string) =>
      citizen('/api/opinions', {
        target: { type: 'topic' },
        title,
        content: '是否同意公开由来信人自己决定，这里检验两种情况。',
        consent: true,
        ...(allowPublication === undefined ? {} : { allowPublication }),
      });
    for (const [allow, title, stored] of [
      [true, 'otr 同意公开', 1],
      [false, 'otr 不同意公开', 0],
      [undefined, 'otr 未回答公开', 0],
    ] as const) {
      expect((await send(allow, title)).status).toBe(201);
      const row = await env.DB.prepare('SELECT allow_publication FROM opinions WHERE title = ?1')
        .bind(title)
        .first<{ allow_publication: number }>();
      expect(row?.allow_publication, title).toBe(stored);
    }
  });

  it('lets staff publish a reply on the site only where the sender agreed; the database refuses it otherwise', async () => {
    const agreed = await seedOpinion(w, {
      to: { station: w.stations.a },
      status: 'triaged',
      title: 'otr 公开答复',
      allowPublication: true,
    });
    const private_ = await seedOpinion(w, {
      to: { station: w.stations.a },
      status: 'triaged',
      title: 'otr 不公开答复',
    });
    for (const [opinion, expected] of [
      [agreed, 303],
      [private_, 400],
    ] as const) {
      await postForm(worker, handler, `/staff/opinions/${opinion.id}/reply-draft`, {
        body: '已处理，谢谢。',
      });
      const response = await postForm(worker, handler, `/staff/opinions/${opinion.id}/reply`, {
        revision: '1',
        showPublicly: 'on',
      });
      expect(response.status, opinion.trackingCode).toBe(expected);
    }
    // Straight to the database, past the console: refused by the CHECK of migration 0008.
    await expect(
      env.DB.prepare(`UPDATE opinions SET public_reply = 'x', reply_is_public = 1 WHERE id = ?1`)
        .bind(private_.id)
        .run(),
    ).rejects.toThrow(/CHECK constraint failed/);
    // What the site lists (its loader's query): the consented one only, with no sender column.
    const { PUBLISHED_REPLIES_QUERY } = await import('../../site/loaders/participation-queries.ts');
    const listed = (await env.DB.prepare(PUBLISHED_REPLIES_QUERY).all()).results;
    const titles = listed.map((r) => r['title']);
    expect(titles).toContain('otr 公开答复');
    expect(titles).not.toContain('otr 不公开答复');
    const row = listed.find((r) => r['title'] === 'otr 公开答复');
    expect(
      Object.keys(row ?? {}).some(
        (k) => /name$|contact/.test(k) && k !== 'target_name' && k !== 'category_name',
      ),
    ).toBe(false);
    expect(row).toMatchObject({ station_id: w.stations.a, public_reply: '已处理，谢谢。' });
  });
});

describe('replies reviewed before the citizen sees them (REPLY_REVIEW = "required")', () => {
  const reviewing = staffAppWith({}, { REPLY_REVIEW: 'required' });

  it('holds a handler reply until another reviewer approves it; the console shows what waits for whom', async () => {
    const admin = await signIn(reviewing, w.staff.admin);
    const own = await signIn(reviewing, w.staff.handler);
    const sent = await seedOpinion(w, {
      to: 'topic',
      status: 'triaged',
      title: 'otr 待审核答复',
      allowPublication: true,
    });
    expect(
      (await postForm(reviewing, own, `/staff/opinions/${sent.id}/reply-draft`, { body: '拟答复：已安排。' }))
        .status,
    ).toBe(303);
    const submitted = await postForm(reviewing, own, `/staff/opinions/${sent.id}/reply`, {
      revision: '1',
      showPublicly: '1',
    });
    expect(submitted.headers.get('Location')).toBe(`/staff/opinions/${sent.id}?notice=reply_submitted`);
    // The citizen sees no reply yet.
    const before = await (
      await citizen('/api/opinions/status', { trackingCode: sent.trackingCode })
    ).json<{ reply: unknown }>();
    expect(before.reply).toBeNull();
    // The queue: waiting for the admin, and for the handler "waiting for others".
    const adminQueue = await (await get(reviewing, admin, '/staff/opinions/replies-waiting')).text();
    expect(adminQueue).toMatch(/等待您审核（\d+）[\s\S]*otr 待审核答复[\s\S]*您提交、等待他人审核（0）/);
    const ownQueue = await (await get(reviewing, own, '/staff/opinions/replies-waiting')).text();
    expect(ownQueue).toMatch(/等待您审核（0）[\s\S]*您提交、等待他人审核（1）[\s\S]*otr 待审核答复/);
    // Whoever submitted cannot approve.
    const self = await postForm(reviewing, own, `/staff/opinions/${sent.id}/reply/approve`, {
      revision: '1',
    });
    expect(self.status).toBe(403);
    expect(await self.text()).toContain('不能审核自己提交的答复');
    // Another reviewer approves: published, shown on the site as the submitter chose.
    expect(
      (await postForm(reviewing, admin, `/staff/opinions/${sent.id}/reply/approve`, { revision: '1' }))
        .status,
    ).toBe(303);
    const after = await (
      await citizen('/api/opinions/status', { trackingCode: sent.trackingCode })
    ).json<{
      reply: { text: string } | null;
    }>();
    expect(after.reply?.text).toBe('拟答复：已安排。');
    const row = await env.DB.prepare('SELECT reply_is_public FROM opinions WHERE id = ?1')
      .bind(sent.id)
      .first<{ reply_is_public: number }>();
    expect(row?.reply_is_public).toBe(1);
    const actions = (
      await env.DB.prepare(
        `SELECT action, actor FROM audit_log WHERE entity_type = 'opinion' AND entity_id = ?1 ORDER BY id`,
      )
        .bind(String(sent.id))
        .all<{ action: string; actor: string }>()
    ).results;
    expect(actions.map((a) => `${a.action}:${a.actor}`)).toEqual([
      `opinion.reply_draft:${w.staff.handler}`,
      `opinion.reply_submit:${w.staff.handler}`,
      `opinion.reply:${w.staff.admin}`,
    ]);
  });

  it('takes a submission back when the text changes, and lets a reviewer return it', async () => {
    const admin = await signIn(reviewing, w.staff.admin);
    const station = await signIn(reviewing, w.staff.stationA);
    const sent = await seedOpinion(w, {
      to: { station: w.stations.a },
      status: 'triaged',
      title: 'otr 退回答复',
    });
    await postForm(reviewing, station, `/staff/opinions/${sent.id}/reply-draft`, { body: '第一稿' });
    await postForm(reviewing, station, `/staff/opinions/${sent.id}/reply`, { revision: '1' });
    // Station staff have no review role: they cannot approve anyone's reply.
    expect(
      (await postForm(reviewing, station, `/staff/opinions/${sent.id}/reply/approve`, { revision: '1' }))
        .status,
    ).toBe(403);
    // Editing after submitting withdraws the submission (the reviewer approves exactly what is sent).
    await postForm(reviewing, station, `/staff/opinions/${sent.id}/reply-draft`, { body: '第二稿' });
    expect(
      (await postForm(reviewing, admin, `/staff/opinions/${sent.id}/reply/approve`, { revision: '2' }))
        .status,
    ).toBe(409);
    await postForm(reviewing, station, `/staff/opinions/${sent.id}/reply`, { revision: '2' });
    expect(
      (
        await postForm(reviewing, admin, `/staff/opinions/${sent.id}/reply/return`, {
          reason: '请写明完成时间。',
        })
      ).status,
    ).toBe(303);
    const draft = await env.DB.prepare('SELECT submitted_by FROM opinion_reply_drafts WHERE opinion_id = ?1')
      .bind(sent.id)
      .first<{ submitted_by: string | null }>();
    expect(draft?.submitted_by).toBeNull();
    expect(
      (await postForm(reviewing, admin, `/staff/opinions/${sent.id}/reply/approve`, { revision: '2' }))
        .status,
    ).toBe(409);
    const status = await env.DB.prepare('SELECT public_reply FROM opinions WHERE id = ?1')
      .bind(sent.id)
      .first<{ public_reply: string | null }>();
    expect(status?.public_reply).toBeNull();
  });

  it('holds the staff API to the same rule: its reply call submits for review', async () => {
    const own = await signIn(reviewing, w.staff.handler);
    const sent = await seedOpinion(w, { to: 'topic', status: 'triaged', title: 'otr API 答复' });
    await postForm(reviewing, own, `/staff/opinions/${sent.id}/reply-draft`, { body: '接口答复' });
    const response = await postJson(reviewing, own, `/api/staff/opinions/${sent.id}/reply`, { revision: 1 });
    expect(response.status).toBe(200);
    const row = await env.DB.prepare('SELECT public_reply FROM opinions WHERE id = ?1')
      .bind(sent.id)
      .first<{ public_reply: string | null }>();
    expect(row?.public_reply).toBeNull();
    const self = await postJson(reviewing, own, `/api/staff/opinions/${sent.id}/reply/approve`, {
      revision: 1,
    });
    expect(self.status).toBe(403);
  });

  it('is on in the production configuration', async () => {
    const toml = (await import('../../wrangler.toml?raw')).default;
    const production = toml.split('[env.production.vars]')[1]?.split(/\n\[/)[0] ?? '';
    expect(production).toMatch(/^REPLY_REVIEW = "required"$/m);
  });
});
