import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { STALE_CONFIRM_MESSAGE } from '../../functions/changes/actions.ts';
import {
  auditEntries,
  type Fetch,
  get,
  openChangeOf,
  postForm,
  postJson,
  recordFormState,
  seedStaffWorld,
  signIn,
  staffAppWith,
  type StaffWorld,
  worker,
} from './staff-fixtures.ts';

let w: StaffWorld;
const db = () => env.DB;
const SECRET = 'publish-test-secret-0123456789';

interface HookCall {
  url: string;
  method: string;
  secret: string | null;
  body: string;
}

/** A stand-in for the build-hook server at the HTTP boundary: records calls, reports builds. */
function hookServer(options: { fail?: boolean } = {}) {
  const calls: HookCall[] = [];
  const finished: Array<{ version: string; state: 'succeeded' | 'failed'; finishedAt: string }> = [];
  const fetcher = (input: string, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    const call = {
      url: input,
      method: init?.method ?? 'GET',
      secret: headers.get('X-Build-Hook-Secret'),
      // The hook posts JSON text; anything else is recorded as no body (and fails the body checks).
      body: typeof init?.body === 'string' ? init.body : '',
    };
    calls.push(call);
    if (options.fail) return Promise.resolve(new Response('busy', { status: 500 }));
    if (call.method === 'POST') return Promise.resolve(Response.json({ state: 'running' }, { status: 202 }));
    return Promise.resolve(
      Response.json({
        state: 'idle',
        version: null,
        startedAt: null,
        finishedAt: null,
        queued: false,
        recent: finished,
      }),
    );
  };
  return { calls, finished, fetcher };
}

beforeAll(async () => {
  w = await seedStaffWorld('pub');
});

describe('publishing', () => {
  it('lists what changed since the last publish, triggers the rebuild and records it', async () => {
    const hook = hookServer();
    const app: Fetch = staffAppWith({ deployHookFetch: hook.fetcher }, { DEPLOY_HOOK_SECRET: SECRET });
    const editor = await signIn(app, w.staff.editor);

    // An official record changes (public change log) and a staff action is audited.
    await db()
      .prepare("UPDATE deputies SET unit_position = '星澜市第一中学校长' WHERE id = ?1")
      .bind(w.deputy)
      .run();
    // A new round is drafted (audited as a draft); it waits on the page for a second person.
    expect(
      (
        await postJson(app, editor, '/api/staff/rounds', {
          year: 2042,
          title: '发布测试轮次',
          mode: 'open',
          maxChoices: 2,
          countsPublic: true,
        })
      ).status,
    ).toBe(202);

    const page = await (await get(app, editor, '/staff/publish')).text();
    expect(page).toContain('星澜市第一中学校长');
    expect(page).toContain('发布测试轮次');
    expect(page).toContain('起草记录修改');
    expect(page).not.toContain('本地开发登录');

    const published = await postForm(app, editor, '/staff/publish', { summary: '更新代表职务' });
    expect(published.status).toBe(303);
    expect(published.headers.get('Location')).toBe('/staff/publish?notice=published');

    const post = hook.calls.find((c) => c.method === 'POST');
    expect(post?.url).toBe(env.DEPLOY_HOOK_URL);
    expect(post?.secret).toBe(SECRET);
    const version = (JSON.parse(post?.body ?? '{}') as { version: string }).version;
    expect(version).toMatch(/^\d{8}-\d{6}-[0-9a-f]{4}$/);
    const row = await db()
      .prepare('SELECT requested_by, status, summary FROM publishes WHERE version = ?1')
      .bind(version)
      .first();
    expect(row).toEqual({ requested_by: w.staff.editor, status: 'requested', summary: '更新代表职务' });
    expect((await auditEntries('publish', version)).map((a) => a.action)).toEqual(['publish.request']);

    // The build hook reports the build; the next view settles the publish.
    hook.finished.push({ version, state: 'succeeded', finishedAt: '2042-01-01T00:00:00Z' });
    const after = await get(app, editor, '/api/staff/publish');
    const body = await after.json<{
      pending: { changeCount: number; auditCount: number };
      publishes: Array<{ version: string; status: string }>;
    }>();
    expect(body.publishes[0]).toMatchObject({ version, status: 'built' });
    expect((await auditEntries('publish', version)).map((a) => a.action)).toEqual([
      'publish.request',
      'publish.status',
    ]);
    // Everything up to the publish is now published, also what its own batch wrote: the publish
    // marks the last row it covered (migration 0033) instead of comparing times to the second.
    expect(body.pending).toMatchObject({ changeCount: 0, auditCount: 0 });
  });

  it('lists nothing again right after a publish, even what shares its second', async () => {
    const app: Fetch = staffAppWith(
      { deployHookFetch: hookServer().fetcher },
      { DEPLOY_HOOK_SECRET: SECRET },
    );
    const editor = await signIn(app, w.staff.editor);
    const admin = await signIn(app, w.staff.admin);
    // A corrected name: a change for a second person, confirmed and published at once, so the
    // confirmation's audit entry and the rows the publish's batch writes share its second.
    const path = `/staff/records/deputy/${w.deputy}`;
    const { base } = await recordFormState(app, editor, path);
    const drafted = await postForm(app, editor, path, { _base: base, name: '林晓岑', reason: '更正姓名' });
    expect(drafted.status).toBe(303);
    const open = await openChangeOf('deputy', w.deputy);
    expect(
      (await postForm(app, admin, `/staff/publish/changes/${String(open?.id)}/confirm`, {})).status,
    ).toBe(303);
    expect((await postForm(app, admin, '/staff/publish', {})).status).toBe(303);
    const body = await (
      await get(app, admin, '/api/staff/publish')
    ).json<{
      pending: { changeCount: number; auditCount: number };
    }>();
    expect(body.pending).toMatchObject({ changeCount: 0, auditCount: 0 });
    const page = await (await get(app, admin, '/staff/publish')).text();
    expect(page).toContain('没有待发布的变更');
  });

  it('records a failed publish when the hook refuses, and the page says its records are out and what to do', async () => {
    const hook = hookServer({ fail: true });
    const app = staffAppWith({ deployHookFetch: hook.fetcher });
    const admin = await signIn(app, w.staff.admin);
    // The form comes back to the publish page (the publish went through), not to an error page.
    const response = await postForm(app, admin, '/staff/publish', {});
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/staff/publish?notice=published_rebuild_failed');
    const last = await db()
      .prepare('SELECT status FROM publishes ORDER BY id DESC LIMIT 1')
      .first<{ status: string }>();
    expect(last?.status).toBe('failed');
    const page = await (await get(app, admin, '/staff/publish?notice=published_rebuild_failed')).text();
    expect(page).toContain('记录修改已经生效');
    expect(page).toContain('网站重建没有完成');
    expect(page).toContain('记录已发布，重建失败');
    // The API caller still hears it loudly.
    const api = await postJson(app, admin, '/api/staff/publish', { summary: '' });
    expect(api.status).toBe(502);
    expect((await api.json<{ error: { message: string } }>()).error.message).toContain('没能触发网站重建');
  });

  it('refuses a hook URL that is neither https nor local, and a missing one', async () => {
    const hook = hookServer();
    for (const url of ['http://builds.example.cn/rebuild', undefined]) {
      const app = staffAppWith({ deployHookFetch: hook.fetcher }, { DEPLOY_HOOK_URL: url as never });
      const admin = await signIn(app, w.staff.admin);
      const response = await postJson(app, admin, '/api/staff/publish', { summary: '' });
      expect(response.status).toBe(502);
    }
    expect(hook.calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('uses the real network path: with no build hook listening the publish is marked failed, with the reason', async () => {
    const editor = await signIn(worker, w.staff.editor);
    const response = await postForm(worker, editor, '/staff/publish', {});
    expect(response.status).toBe(303);
    const page = await (await get(worker, editor, response.headers.get('Location') ?? '')).text();
    expect(page).toContain('无法连接网站重建服务');
  });

  it('is for admins and editors only', async () => {
    const handler = await signIn(worker, w.staff.handler);
    expect((await postForm(worker, handler, '/staff/publish', {})).status).toBe(403);
  });
});

describe('a change whose record moved on since its draft', () => {
  it('shows it as stale on the publish page, counted apart, with withdraw and no confirm; confirming stays 409', async () => {
    const app: Fetch = staffAppWith(
      { deployHookFetch: hookServer().fetcher },
      { DEPLOY_HOOK_SECRET: SECRET },
    );
    const editor = await signIn(app, w.staff.editor);
    const admin = await signIn(app, w.staff.admin);
    const path = `/staff/records/deputy/${w.deputy}`;
    const { base } = await recordFormState(app, editor, path);
    const before = await db()
      .prepare('SELECT name FROM deputies WHERE id = ?1')
      .bind(w.deputy)
      .first<{ name: string }>();
    // A name is confirmed by a second person.
    const drafted = await postForm(app, editor, path, { _base: base, name: '林晓岚', reason: '更正姓名' });
    expect(drafted.status).toBe(303);
    const change = await openChangeOf('deputy', w.deputy);
    expect(change).toMatchObject({ state: 'drafted', needs_confirmation: 1 });
    const id = String(change?.id);
    const confirmForm = `action="/staff/publish/changes/${id}/confirm"`;
    const withdrawForm = `action="/staff/publish/changes/${id}/withdraw"`;

    // Before the record moves on, the change waits for its second person like any other.
    const fresh = await (await get(app, admin, '/staff/publish')).text();
    expect(fresh).toContain(confirmForm);
    expect(fresh).not.toContain('已过期');

    // The record moves on under the draft (an import, a direct write).
    await db().prepare("UPDATE deputies SET name = '林晓兰' WHERE id = ?1").bind(w.deputy).run();
    const html = await (await get(app, admin, '/staff/publish')).text();
    expect(html).toContain('已过期：起草后记录已被他人修改');
    // What moved: the drafted field, as the draft found it and as it is now.
    expect(html).toContain(`姓名：起草时为 ${String(before?.name)}，现为 林晓兰`);
    expect(html).toContain('这项修改不能再确认，发布时也不会生效：请撤回后按记录现状重新起草。');
    expect(html).not.toContain(confirmForm);
    expect(html).toContain(withdrawForm);
    // The page's count of open changes sets it apart.
    expect(html).toMatch(/已过期 1 项（起草后记录已被他人修改，须撤回后重新起草）/);
    // The staff API says the same.
    const api = await (
      await get(app, admin, '/api/staff/publish')
    ).json<{
      stale: { changeId: number; kind: string; fields: { field: string; drafted: string; now: string }[] }[];
    }>();
    expect(api.stale).toContainEqual({
      changeId: Number(id),
      kind: 'moved',
      fields: [{ field: 'name', drafted: String(before?.name), now: '林晓兰' }],
    });

    // A confirmation sent anyway (a page open from before) is still refused, and changes nothing.
    const confirmed = await postForm(app, admin, `/staff/publish/changes/${id}/confirm`, {});
    expect(confirmed.status).toBe(409);
    expect(await confirmed.text()).toContain(STALE_CONFIRM_MESSAGE);
    expect(await openChangeOf('deputy', w.deputy)).toMatchObject({ state: 'drafted' });

    // Withdrawn from the page, it is gone from the list.
    expect((await postForm(app, admin, `/staff/publish/changes/${id}/withdraw`, {})).status).toBe(303);
    expect(await openChangeOf('deputy', w.deputy)).toBeNull();
    expect(await (await get(app, admin, '/staff/publish')).text()).not.toContain('已过期');
  });
});

/** The table row (a card on a phone) of one open change, found by its withdraw form. */
function changeRow(html: string, changeId: string): string {
  const row = html
    .split('<tr>')
    .find((piece) => piece.includes(`action="/staff/publish/changes/${changeId}/withdraw"`));
  expect(row, `the row of change ${changeId}`).toBeDefined();
  return (row ?? '').split('</tr>')[0] ?? '';
}

describe('the open changes on a phone', () => {
  it('keep each change’s state and buttons in its own row, which the stylesheet turns into a card at narrow widths', async () => {
    const app: Fetch = staffAppWith(
      { deployHookFetch: hookServer().fetcher },
      { DEPLOY_HOOK_SECRET: SECRET },
    );
    const editor = await signIn(app, w.staff.editor);
    const admin = await signIn(app, w.staff.admin);
    const path = `/staff/records/deputy/${w.deputy}`;
    const { base } = await recordFormState(app, editor, path);
    expect(
      (await postForm(app, editor, path, { _base: base, name: '林卡片', reason: '更正姓名' })).status,
    ).toBe(303);
    const id = String((await openChangeOf('deputy', w.deputy))?.id);

    // The second person's row: the record, what changes, who drafted it, its state in words and
    // both forms with their token, each cell named for the card layout.
    const html = await (await get(app, admin, '/staff/publish')).text();
    expect(html).toContain('<table class="change-table">');
    const row = changeRow(html, id);
    expect(row).toContain(`<td data-label="记录">代表信息 ${w.deputy}</td>`);
    expect(row).toMatch(
      /<td data-label="修改内容"><ul class="changes"><li>姓名：<del>[^<]+<\/del> → <ins>林卡片<\/ins>/,
    );
    expect(row).toMatch(/<td data-label="起草">[^<]+<br\/?>\d{4}/);
    expect(row).toContain('<td data-label="状态" class="change-state"><strong class="state">待确认</strong>');
    expect(row).toMatch(
      new RegExp(
        `<td data-label="操作" class="change-actions"><form method="post" action="/staff/publish/changes/${id}/confirm"><input type="hidden" name="_csrf" value="[^"]+"/?><button type="submit">核对无误，确认</button></form><form method="post" action="/staff/publish/changes/${id}/withdraw">`,
      ),
    );
    // The drafter sees the same state, and only the withdraw button.
    const own = changeRow(await (await get(app, editor, '/staff/publish')).text(), id);
    expect(own).toContain('<strong class="state">待确认</strong>');
    expect(own).not.toContain('/confirm"');

    // At phone widths the rows become blocks under their column names, the head kept for screen readers.
    const css = await (await get(app, admin, '/staff/assets/console.css')).text();
    const narrow = css.slice(css.indexOf('@media (max-width: 40rem)'));
    expect(narrow).toContain(
      'table.change-table, .change-table tbody, .change-table tr, .change-table td { display: block;',
    );
    expect(narrow).toContain('.change-table td::before { content: attr(data-label) "："');
    expect(narrow).toContain('.change-table thead { position: absolute;');

    // Stale, its row says so in words and keeps only the withdraw button.
    await db().prepare("UPDATE deputies SET name = '林卡卡' WHERE id = ?1").bind(w.deputy).run();
    const stale = changeRow(await (await get(app, admin, '/staff/publish')).text(), id);
    expect(stale).toContain('<strong class="state">已过期</strong>');
    expect(stale).toContain('已过期：起草后记录已被他人修改');
    expect(stale).not.toContain('/confirm"');
    expect((await postForm(app, admin, `/staff/publish/changes/${id}/withdraw`, {})).status).toBe(303);
  });
});

describe('a record’s own page, when its waiting change went stale', () => {
  it('says what moved, offers withdraw and a fresh draft, and never a confirm button', async () => {
    const app: Fetch = staffAppWith(
      { deployHookFetch: hookServer().fetcher },
      { DEPLOY_HOOK_SECRET: SECRET },
    );
    const editor = await signIn(app, w.staff.editor);
    const admin = await signIn(app, w.staff.admin);
    const path = `/staff/records/deputy/${w.deputy}`;
    const { base } = await recordFormState(app, editor, path);
    const before = await db()
      .prepare('SELECT name FROM deputies WHERE id = ?1')
      .bind(w.deputy)
      .first<{ name: string }>();
    expect(
      (await postForm(app, editor, path, { _base: base, name: '林页面', reason: '更正姓名' })).status,
    ).toBe(303);
    const id = String((await openChangeOf('deputy', w.deputy))?.id);
    const withdrawForm = `action="/staff/records/deputy/${w.deputy}/withdraw"`;

    // Fresh, the page shows the waiting draft without a stale mark.
    const fresh = await (await get(app, admin, path)).text();
    expect(fresh).toContain('再次保存会替换这项修改');
    expect(fresh).not.toContain('已过期');

    await db().prepare("UPDATE deputies SET name = '林现名' WHERE id = ?1").bind(w.deputy).run();
    for (const session of [editor, admin]) {
      const html = await (await get(app, session, path)).text();
      expect(html).toContain('已过期：起草后记录已被他人修改');
      // The note leads with the stale mark, before what the change drafted.
      expect(html.indexOf('已过期：起草后记录已被他人修改')).toBeLessThan(html.indexOf('这条记录有一项'));
      expect(html).toContain(`姓名：起草时为 ${String(before?.name)}，现为 林现名`);
      expect(html).toContain('这项修改不能再确认，发布时也不会生效：请撤回后按记录现状重新起草。');
      expect(html).toContain('请对照记录现状核对后再次保存，即按记录现状重新起草并替换这项修改');
      expect(html).toContain(withdrawForm);
      expect(html).toContain(`<input type="hidden" name="change" value="${id}"`);
      // The record's history marks it the same way, and nothing on the page confirms it.
      expect(html).toContain(
        '<td data-label="状态" class="change-state"><strong class="state">已过期</strong>',
      );
      expect(html).not.toContain('/confirm"');
      expect(html).not.toContain('核对无误，确认');
    }

    // Saved again from the page (the record's current version), it is a fresh draft, no longer stale.
    const again = await recordFormState(app, editor, path);
    expect(again.replacing).toBe(id);
    expect(
      (
        await postForm(app, editor, path, {
          _base: again.base,
          _replacing: again.replacing,
          name: '林页面',
          reason: '更正姓名',
        })
      ).status,
    ).toBe(303);
    const redrafted = await openChangeOf('deputy', w.deputy);
    expect(redrafted?.id).not.toBe(Number(id));
    const after = await (await get(app, admin, path)).text();
    expect(after).not.toContain('已过期');
    expect(after).toContain(`<input type="hidden" name="change" value="${String(redrafted?.id)}"`);

    // Withdrawn from the record's page, nothing is left open.
    expect((await postForm(app, editor, `${path}/withdraw`, { change: String(redrafted?.id) })).status).toBe(
      303,
    );
    expect(await openChangeOf('deputy', w.deputy)).toBeNull();
  });
});
