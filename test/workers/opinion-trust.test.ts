import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  get,
  ORIGIN,
  postForm,
  seedOpinion,
  seedStaffWorld,
  type Session,
  signIn,
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
    const listed = (await env.DB.prepare(PUBLISHED_REPLIES_QUERY).all<Record<string, unknown>>()).results;
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
