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
