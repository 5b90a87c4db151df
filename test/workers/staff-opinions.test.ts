import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../functions/lib/errors.ts';
import { runGuardedBatch } from '../../functions/staff/audit/queries.ts';
import { opinionChangeAudit, triageUpdate } from '../../functions/staff/opinions/queries.ts';
import { staffEvent } from '../../functions/opinions/timeline.ts';
import {
  auditEntries,
  get,
  ORIGIN,
  postForm,
  postJson,
  seedOpinion,
  seedStaffWorld,
  type Session,
  signIn,
  type StaffWorld,
  worker,
} from './staff-fixtures.ts';

let w: StaffWorld;
let handler: Session;
let admin: Session;

beforeAll(async () => {
  w = await seedStaffWorld('ops');
  handler = await signIn(worker, w.staff.handler);
  admin = await signIn(worker, w.staff.admin);
});

interface CitizenView {
  status: string;
  timeline: Array<{ kind: string; text: string }>;
  reply: { text: string } | null;
}

/** What the citizen sees with the tracking code (the public status API, another team's code). */
async function citizenView(trackingCode: string): Promise<CitizenView> {
  const response = await worker(
    new Request(`${ORIGIN}/api/opinions/status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
      body: JSON.stringify({ trackingCode }),
    }),
  );
  expect(response.status).toBe(200);
  return response.json<CitizenView>();
}

async function opinionRow(id: number) {
  return env.DB.prepare(
    'SELECT status, category_id, layer, forwarded_unit_id, due_on, public_reply, reply_is_public FROM opinions WHERE id = ?1',
  )
    .bind(id)
    .first<{
      status: string;
      category_id: string | null;
      layer: string | null;
      forwarded_unit_id: string | null;
      due_on: string | null;
      public_reply: string | null;
      reply_is_public: number;
    }>();
}

describe('answering an opinion', () => {
  it('triage, forward, draft and publish: the citizen sees the reply with the tracking code', async () => {
    const { id, trackingCode } = await seedOpinion(w, { to: 'topic' });

    expect(
      (
        await postForm(worker, handler, `/staff/opinions/${id}/triage`, {
          categoryId: w.categories.a,
          layer: 'city',
          dueOn: '2030-01-31',
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await postForm(worker, handler, `/staff/opinions/${id}/forward`, {
          targetKind: 'unit',
          targetId: w.unit,
          note: '请住建局核实',
        })
      ).status,
    ).toBe(303);
    expect(
      (await postForm(worker, handler, `/staff/opinions/${id}/notes`, { note: '已电话联系承办单位' })).status,
    ).toBe(303);
    expect(
      (await postForm(worker, handler, `/staff/opinions/${id}/reply-draft`, { body: '初稿' })).status,
    ).toBe(303);
    expect(
      (
        await postForm(worker, handler, `/staff/opinions/${id}/reply-draft`, {
          body: '您好：信号灯已于本周检修完毕，感谢您的反映。',
        })
      ).status,
    ).toBe(303);

    // Saved drafts are not visible to the citizen.
    const before = await citizenView(trackingCode);
    expect(before.reply).toBeNull();
    expect(before.status).toBe('forwarded');

    const published = await postForm(worker, handler, `/staff/opinions/${id}/reply`, { revision: '2' });
    expect(published.status).toBe(303);
    expect(published.headers.get('Location')).toBe(`/staff/opinions/${id}?notice=reply_published`);

    const after = await citizenView(trackingCode);
    expect(after.status).toBe('replied');
    expect(after.reply?.text).toBe('您好：信号灯已于本周检修完毕，感谢您的反映。');
    expect(after.timeline.map((e) => e.kind)).toEqual(['received', 'triaged', 'forwarded', 'replied']);
    const timelineText = JSON.stringify(after.timeline);
    expect(timelineText).not.toContain('请住建局核实');
    expect(timelineText).not.toContain('已电话联系承办单位');
    expect(timelineText).not.toContain('初稿');

    const row = await opinionRow(id);
    expect(row).toMatchObject({
      status: 'replied',
      category_id: w.categories.a,
      forwarded_unit_id: w.unit,
      due_on: '2030-01-31',
      reply_is_public: 0,
    });
    expect(
      await env.DB.prepare('SELECT 1 FROM opinion_reply_drafts WHERE opinion_id = ?1').bind(id).first(),
    ).toBeNull();

    // Every step is in the audit log: who, what, before and after.
    const audit = await auditEntries('opinion', String(id));
    expect(audit.map((a) => a.action)).toEqual([
      'opinion.triage',
      'opinion.forward',
      'opinion.note',
      'opinion.reply_draft',
      'opinion.reply_draft',
      'opinion.reply',
    ]);
    expect(audit.every((a) => a.actor === w.staff.handler)).toBe(true);
    const triage = audit[0];
    expect(JSON.parse(triage?.before_json ?? '{}')).toMatchObject({ status: 'received', category_id: null });
    expect(JSON.parse(triage?.after_json ?? '{}')).toMatchObject({
      status: 'triaged',
      category_id: w.categories.a,
      layer: 'city',
    });
    const reply = audit[5];
    expect(JSON.parse(reply?.before_json ?? '{}')).toMatchObject({ status: 'forwarded', public_reply: null });
    expect(JSON.parse(reply?.after_json ?? '{}')).toMatchObject({
      status: 'replied',
      public_reply: '您好：信号灯已于本周检修完毕，感谢您的反映。',
    });
  });

  it('publishes only the revision the staff member saw (a newer draft wins a race) and writes nothing on conflict', async () => {
    const { id } = await seedOpinion(w, { to: 'topic' });
    await postForm(worker, handler, `/staff/opinions/${id}/reply-draft`, { body: '第一版' });
    await postForm(worker, admin, `/staff/opinions/${id}/reply-draft`, { body: '第二版（他人修改）' });
    const auditBefore = (await auditEntries('opinion', String(id))).length;
    const stale = await postForm(worker, handler, `/staff/opinions/${id}/reply`, { revision: '1' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('请刷新页面后重试');
    expect((await opinionRow(id))?.public_reply).toBeNull();
    expect((await auditEntries('opinion', String(id))).length).toBe(auditBefore);
  });

  it("shows a reply on the public site only with the sender's consent", async () => {
    const withConsent = await seedOpinion(w, { to: 'topic', allowPublication: true });
    await postJson(worker, handler, `/api/staff/opinions/${withConsent.id}/reply-draft`, {
      body: '可以公开的答复',
    });
    const ok = await postJson(worker, handler, `/api/staff/opinions/${withConsent.id}/reply`, {
      revision: 1,
      showPublicly: true,
    });
    expect(ok.status).toBe(200);
    expect((await opinionRow(withConsent.id))?.reply_is_public).toBe(1);

    const noConsent = await seedOpinion(w, { to: 'topic', allowPublication: false });
    await postJson(worker, handler, `/api/staff/opinions/${noConsent.id}/reply-draft`, {
      body: '不能公开的答复',
    });
    const refused = await postJson(worker, handler, `/api/staff/opinions/${noConsent.id}/reply`, {
      revision: 1,
      showPublicly: true,
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'no_consent' } });
    expect(await opinionRow(noConsent.id)).toMatchObject({
      status: 'received',
      public_reply: null,
      reply_is_public: 0,
    });

    // The database refuses it too, whatever the code does.
    await expect(
      env.DB.prepare("UPDATE opinions SET public_reply = 'x', reply_is_public = 1 WHERE id = ?1")
        .bind(noConsent.id)
        .run(),
    ).rejects.toThrow(/CHECK/);
  });

  it('closes and rejects with a reason the citizen reads', async () => {
    const toClose = await seedOpinion(w, { to: 'topic', status: 'triaged' });
    expect(
      (await postForm(worker, handler, `/staff/opinions/${toClose.id}/close`, { reason: '' })).status,
    ).toBe(400);
    expect(
      (
        await postForm(worker, handler, `/staff/opinions/${toClose.id}/close`, {
          reason: '已现场核实并处理完毕。',
        })
      ).status,
    ).toBe(303);
    const closed = await citizenView(toClose.trackingCode);
    expect(closed.status).toBe('closed');
    expect(closed.timeline.at(-1)?.text).toContain('已现场核实并处理完毕。');

    const toReject = await seedOpinion(w, { to: 'topic' });
    expect(
      (
        await postForm(worker, handler, `/staff/opinions/${toReject.id}/reject`, {
          reason: '不属于人大代表工作职责范围，建议向法院提出。',
        })
      ).status,
    ).toBe(303);
    const rejected = await citizenView(toReject.trackingCode);
    expect(rejected.status).toBe('rejected');
    expect(rejected.timeline.at(-1)?.text).toContain('不属于人大代表工作职责范围');
    // A rejected opinion cannot be closed or answered any more.
    expect(
      (await postForm(worker, handler, `/staff/opinions/${toReject.id}/close`, { reason: '再办结' })).status,
    ).toBe(409);
  });

  it('releases a held submission from the review queue into the inbox', async () => {
    const held = await seedOpinion(w, { to: 'topic', status: 'held', title: 'ops-held 审核中的意见' });
    const queue = await (await get(worker, handler, '/staff/opinions?status=held')).text();
    expect(queue).toContain('ops-held');
    expect((await postForm(worker, handler, `/staff/opinions/${held.id}/release`, {})).status).toBe(303);
    expect((await opinionRow(held.id))?.status).toBe('received');
    expect((await auditEntries('opinion', String(held.id))).map((a) => a.action)).toEqual([
      'opinion.release',
    ]);
    // Review for abuse is internal (issue 12): the sender's timeline shows neither hold nor release.
    const kinds = (await citizenView(held.trackingCode)).timeline.map((e) => e.kind);
    expect(kinds).not.toContain('released');
    expect(kinds).not.toContain('held');
  });

  it('marks overdue opinions and filters on them', async () => {
    const late = await seedOpinion(w, {
      to: 'topic',
      status: 'triaged',
      dueOn: '2020-01-01',
      title: 'ops-late 超期未办',
    });
    await seedOpinion(w, {
      to: 'topic',
      status: 'replied',
      dueOn: '2020-01-01',
      title: 'ops-done 已答复不算超期',
    });
    await seedOpinion(w, { to: 'topic', status: 'triaged', dueOn: '2099-01-01', title: 'ops-future 未到期' });
    const page = await (await get(worker, handler, '/staff/opinions?status=all&overdue=1')).text();
    expect(page).toContain('ops-late');
    expect(page).not.toContain('ops-done');
    expect(page).not.toContain('ops-future');
    const detail = await (await get(worker, handler, `/staff/opinions/${late.id}`)).text();
    expect(detail).toContain('已超期');
    const api = await (
      await get(worker, handler, '/api/staff/opinions?status=all&overdue=1')
    ).json<{ rows: Array<{ id: number; overdue: boolean }> }>();
    expect(api.rows.find((r) => r.id === late.id)?.overdue).toBe(true);
  });

  it('answers bad input with a zh-CN error page, never a 500', async () => {
    const { id } = await seedOpinion(w, { to: 'topic' });
    const bad = await postForm(worker, handler, `/staff/opinions/${id}/triage`, {
      categoryId: 'NOT VALID',
      layer: 'moon',
    });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('提交的内容有误');
    expect(text).toContain(`/staff/opinions/${id}`);
    const unknownCategory = await postForm(worker, handler, `/staff/opinions/${id}/triage`, {
      categoryId: 'no_such_category',
      layer: 'city',
    });
    expect(unknownCategory.status).toBe(400);
    expect((await get(worker, handler, '/staff/opinions/999999999')).status).toBe(404);
    expect((await get(worker, handler, '/staff/opinions/abc')).status).toBe(400);
  });
});

describe('contact details', () => {
  it('are masked by default; revealing them is logged without the details', async () => {
    const { id } = await seedOpinion(w, {
      to: 'topic',
      contact: { name: '李四海', contact: '13912345678', kind: 'phone' },
    });
    const page = await (await get(worker, handler, `/staff/opinions/${id}`)).text();
    expect(page).toContain('139****5678');
    expect(page).toContain('李**');
    expect(page).not.toContain('13912345678');
    expect(page).not.toContain('李四海');
    const api = await (await get(worker, handler, `/api/staff/opinions/${id}`)).text();
    expect(api).not.toContain('13912345678');

    const revealed = await postForm(worker, handler, `/staff/opinions/${id}/contact`, {});
    expect(revealed.status).toBe(200);
    expect(revealed.headers.get('Cache-Control')).toBe('no-store');
    const revealedText = await revealed.text();
    expect(revealedText).toContain('13912345678');
    expect(revealedText).toContain('李四海');

    const audit = await auditEntries('opinion', String(id));
    expect(audit).toEqual([
      { actor: w.staff.handler, action: 'opinion.contact_reveal', before_json: null, after_json: null },
    ]);
    const leaked = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM audit_log WHERE before_json LIKE '%13912345678%' OR after_json LIKE '%13912345678%' OR after_json LIKE '%李四海%'",
    ).first<{ n: number }>();
    expect(leaked?.n).toBe(0);
  });

  it('masks e-mail addresses too', async () => {
    const { id } = await seedOpinion(w, {
      to: 'topic',
      contact: { name: '赵', contact: 'zhao.min@example.cn', kind: 'email' },
    });
    const page = await (await get(worker, handler, `/staff/opinions/${id}`)).text();
    expect(page).toContain('z***@example.cn');
    expect(page).not.toContain('zhao.min@example.cn');
  });
});

describe('stored XSS', () => {
  const payloads = {
    title: '<script>alert("title")</script>路灯',
    content:
      '路灯坏了<img src=x onerror=alert(1)><a href="javascript:alert(2)">点我</a></textarea><script>alert(3)</script>',
    name: '<svg onload=alert(4)>',
    note: '"><script>alert(5)</script>',
    reply: '</textarea><script>alert(6)</script>',
  };

  it('stays inert on every console page that shows it', async () => {
    const { id } = await seedOpinion(w, {
      to: 'topic',
      title: payloads.title,
      content: payloads.content,
      contact: { name: payloads.name, contact: '13800001111', kind: 'phone' },
    });
    await postForm(worker, handler, `/staff/opinions/${id}/notes`, { note: payloads.note });
    await postForm(worker, handler, `/staff/opinions/${id}/reply-draft`, { body: payloads.reply });

    const pages = [
      await get(worker, handler, '/staff/opinions?status=all'),
      await get(worker, handler, `/staff/opinions/${id}`),
      await postForm(worker, handler, `/staff/opinions/${id}/contact`, {}),
      await get(worker, admin, `/staff/audit?entityType=opinion&entityId=${id}`),
    ];
    for (const response of pages) {
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
      const html = await response.text();
      // No markup from the payloads survives: no script element at all, no injected attributes.
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/<svg/i);
      expect(html).not.toMatch(/<a href="javascript:/i);
      expect(html).not.toMatch(/<\/textarea><script/i);
    }
    const detail = await (await get(worker, handler, `/staff/opinions/${id}`)).text();
    expect(detail).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;路灯');
    expect(detail).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // The draft sits inside a textarea, escaped, so it cannot close it.
    expect(detail).toContain('&lt;/textarea&gt;&lt;script&gt;alert(6)&lt;/script&gt;</textarea>');
  });

  it('stays data in the JSON API (served as JSON, never as HTML)', async () => {
    const { id } = await seedOpinion(w, { to: 'topic', title: payloads.title });
    const response = await get(worker, handler, `/api/staff/opinions/${id}`);
    expect(response.headers.get('Content-Type')).toMatch(/application\/json/);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect((await response.json<{ opinion: { title: string } }>()).opinion.title).toBe(payloads.title);
  });
});

describe('guarded writes', () => {
  it('roll back the whole batch when the record changed since it was read', async () => {
    const { id } = await seedOpinion(w, { to: 'topic' });
    const db = env.DB;
    const write = db
      .prepare("UPDATE opinions SET status = 'triaged' WHERE id = ?1 AND status = 'forwarded'")
      .bind(id);
    const event = db
      .prepare("INSERT INTO opinion_events (opinion_id, kind, public_text) VALUES (?1, 'triaged', 'x')")
      .bind(id);
    const audit = opinionChangeAudit(db, w.staff.handler, 'opinion.triage', { id, snapshot: '{}' });
    const error = await runGuardedBatch(db, [write, audit, event]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    const events = await db
      .prepare('SELECT COUNT(*) AS n FROM opinion_events WHERE opinion_id = ?1')
      .bind(id)
      .first<{ n: number }>();
    expect(events?.n).toBe(1);
    expect(await auditEntries('opinion', String(id))).toEqual([]);
  });

  it('write a console step only while the opinion still has the snapshot the staff member saw', async () => {
    const { id } = await seedOpinion(w, { to: 'topic' });
    const db = env.DB;
    const stale = { id, snapshot: '{"status":"received","seen":"before someone else changed it"}' };
    const batch = [
      triageUpdate(db, stale, { categoryId: w.categories.a, layer: 'city', dueOn: null }),
      opinionChangeAudit(db, w.staff.handler, 'opinion.triage', stale),
      staffEvent(db, id, w.staff.handler, {
        kind: 'triaged',
        isPublic: true,
        publicText: 'x',
        staffNote: '',
      }),
    ];
    const error = await runGuardedBatch(db, batch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect((await opinionRow(id))?.category_id).toBeNull();
    const events = await db
      .prepare('SELECT COUNT(*) AS n FROM opinion_events WHERE opinion_id = ?1')
      .bind(id)
      .first<{ n: number }>();
    expect(events?.n).toBe(1);
    expect(await auditEntries('opinion', String(id))).toEqual([]);
  });
});
