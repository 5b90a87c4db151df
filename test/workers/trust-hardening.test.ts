import { env, exports } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { app } from '../../functions/app.ts';
import wranglerToml from '../../wrangler.toml?raw';
import { hashCode, normalizeCode } from '../../functions/lib/codes.ts';
import { expandIpv6 } from '../../functions/lib/submission.ts';
import {
  LEAK,
  ORIGIN,
  postForm,
  postJson,
  seedAddressees,
  type ErrorEnvelope,
  RATE_TEST_TIMEOUT_MS,
  freshRateWindow,
} from './participation-fixtures.ts';

/**
 * The holes a hostile tester found (issue 12 §6), each reproduced against the real Worker and D1.
 * The spreadsheet import's share of the text rule is in staff-imports.test.ts.
 */

type Ids = Awaited<ReturnType<typeof seedAddressees>>;
let ids: Ids;

beforeAll(async () => {
  ids = await seedAddressees('hard');
});

function opinion(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    target: { type: 'deputy', id: ids.servingDeputy },
    category: ids.category,
    title: '人行道地砖松动',
    content: '解放路人行道多处地砖松动，下雨后踩上去溅水，老人容易摔倒。',
    name: null,
    contact: null,
    consent: true,
    ...overrides,
  };
}

async function opinionRow(trackingCode: string) {
  const hash = await hashCode(normalizeCode(trackingCode) ?? '');
  return env.DB.prepare(`SELECT id, status FROM opinions WHERE tracking_hash = ?1`)
    .bind(hash)
    .first<{ id: number; status: string }>();
}

describe('one text rule: no control characters, no bidi controls, no invisible-only values', () => {
  const invisible: Array<[string, string]> = [
    ['zero-width spaces', '\u200b\u200b\u200b'],
    ['a Hangul filler', '\u3164\u3164'],
    ['a zero-width joiner and a word joiner', '\u200d\u2060\u200d'],
    ['the braille blank', '\u2800\u2800\u2800'],
    ['combining marks with no base', '\u0301\u0301'],
  ];
  it.each(invisible)('refuses a title made only of %s with 400', async (_label, title) => {
    const response = await postJson('/api/opinions', opinion({ title }));
    expect(response.status).toBe(400);
    const error = (await response.json<ErrorEnvelope>()).error;
    expect(error.fields?.['title']).toMatch(/不可见|请填写/);
  });

  it('refuses a NUL at the start of a text and a right-to-left mark', async () => {
    for (const title of ['\u0000路灯坏了', '路灯\u200f坏了']) {
      const response = await postJson('/api/opinions', opinion({ title }));
      expect(response.status).toBe(400);
      expect((await response.json<ErrorEnvelope>()).error.fields?.['title']).toMatch(/控制/);
    }
  });

  it('still takes a title with an emoji sequence joined by zero-width joiners', async () => {
    const response = await postJson(
      '/api/opinions',
      opinion({ title: '家庭👨‍👩‍👧出行不便', target: { type: 'topic' } }),
    );
    expect(response.status).toBe(201);
  });

  it('answers /prefs/elder?back=/%00/x with a zh-CN 400, never 503', async () => {
    const response = await exports.default.fetch(`${ORIGIN}/prefs/elder?on=1&back=/%00/x`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('Location')).toBeNull();
    expect((await response.json<ErrorEnvelope>()).error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('percent-encodes a Chinese path in Location and refuses other sites and bidi controls in back', async () => {
    const chinese = await exports.default.fetch(
      `${ORIGIN}/prefs/elder?on=0&back=${encodeURIComponent('/代表/林晓雯/')}`,
      { redirect: 'manual' },
    );
    expect(chinese.status).toBe(303);
    expect(chinese.headers.get('Location')).toBe(
      `/${encodeURIComponent('代表')}/${encodeURIComponent('林晓雯')}/`,
    );
    for (const back of ['//evil.example/', '/\\evil.example/', 'https://evil.example/', '/\u202e/x']) {
      const response = await exports.default.fetch(
        `${ORIGIN}/prefs/elder?on=1&back=${encodeURIComponent(back)}`,
        { redirect: 'manual' },
      );
      expect(response.status, back).toBe(400);
      expect(response.headers.get('Location')).toBeNull();
    }
  });

  it('answers a bad on= with a 400 page, not a 5xx', async () => {
    const response = await exports.default.fetch(`${ORIGIN}/prefs/elder?on=%00`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toMatch(LEAK);
  });
});

describe('the same burst and duplicate holds for every addressee, decided in the write', () => {
  const text = {
    title: '夜间施工噪音扰民',
    content: '滨江新城工地每晚十一点后仍在打桩，附近居民无法休息，请依法查处。',
  };

  it.each([
    ['a deputy', () => ({ type: 'deputy', id: ids.servingDeputy }), 'dup1'],
    ['a station', () => ({ type: 'station', id: ids.activeStation }), 'dup2'],
    ['the topic queue', () => ({ type: 'topic' }), 'dup3'],
  ] as const)('holds an identical second opinion to %s', async (_label, target, suffix) => {
    const body = opinion({ target: target(), ...text, title: `${text.title}${suffix}` });
    const first = await (await postJson('/api/opinions', body)).json<{ trackingCode: string }>();
    const second = await postJson('/api/opinions', body);
    expect(second.status).toBe(201);
    const again = await second.json<{ trackingCode: string; status: string }>();
    // The sender is not told: the answer is the same.
    expect(again.status).toBe('received');
    expect((await opinionRow(first.trackingCode))?.status).toBe('received');
    expect((await opinionRow(again.trackingCode))?.status).toBe('held');
  });

  it('holds all but one of ten identical topic opinions sent at once', async () => {
    const own = await seedAddressees('par');
    const body = opinion({
      target: { type: 'topic' },
      category: own.category,
      title: '同时提交的相同意见',
      content: '这是一段同时从十个浏览器提交的完全相同的意见内容，用来检验并发下的重复规则。',
    });
    const answers = await Promise.all(Array.from({ length: 10 }, () => postJson('/api/opinions', body)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(201));
    const statuses = await env.DB.prepare(
      `SELECT status, COUNT(*) AS n FROM opinions WHERE category_id = ?1 GROUP BY status ORDER BY status`,
    )
      .bind(own.category)
      .all<{ status: string; n: number }>();
    expect(statuses.results).toEqual([
      { status: 'held', n: 9 },
      { status: 'received', n: 1 },
    ]);
    const heldEvents = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM opinion_events e JOIN opinions o ON o.id = e.opinion_id
       WHERE o.category_id = ?1 AND e.kind = 'held' AND e.is_public = 0`,
    )
      .bind(own.category)
      .first<{ n: number }>();
    expect(heldEvents?.n).toBe(9);
  });

  it('holds a parallel burst of different topic opinions past the limit', async () => {
    const own = await seedAddressees('pbu');
    const topics = [
      '垃圾清运',
      '路面坑洼',
      '公厕缺纸',
      '路灯不亮',
      '井盖缺失',
      '违章停车',
      '广告噪音',
      '绿地被占',
      '积水严重',
      '树枝断落',
      '占道经营',
      '楼道堆物',
    ];
    const answers = await Promise.all(
      topics.map((topic, i) =>
        postJson(
          '/api/opinions',
          opinion({
            target: { type: 'topic' },
            category: own.category,
            title: `${topic}问题`,
            content: `${topic}：${'情况说明'.repeat(i + 1)}，希望有关部门尽快处理。编号${i}`,
          }),
        ),
      ),
    );
    expect(answers.every((r) => r.status === 201)).toBe(true);
    const counts = await env.DB.prepare(
      `SELECT SUM(status = 'received') AS received, SUM(status = 'held') AS held FROM opinions WHERE category_id = ?1`,
    )
      .bind(own.category)
      .first<{ received: number; held: number }>();
    expect(counts).toEqual({ received: 8, held: topics.length - 8 });
  });
});

describe('IPv6 clients are grouped by /64 after expanding the address', () => {
  it('expands every spelling of one address to the same eight groups', () => {
    const full = ['2001', '0db8', '0000', '0000', '0000', '0000', '0000', '0001'];
    for (const spelling of [
      '2001:db8::1',
      '2001:DB8:0:0:0:0:0:1',
      '2001:0db8:0000::0001',
      '2001:db8:0::0:1',
    ]) {
      expect(expandIpv6(spelling)).toEqual(full);
    }
    expect(expandIpv6('::ffff:192.0.2.1')).toEqual([
      '0000',
      '0000',
      '0000',
      '0000',
      '0000',
      'ffff',
      'c000',
      '0201',
    ]);
    for (const bad of ['2001:db8::1::2', '2001:db8:1', 'g::1', '1:2:3:4:5:6:7:8:9', '::ffff:300.0.0.1']) {
      expect(expandIpv6(bad)).toBeNull();
    }
  });

  it(
    'puts compressed spellings of one /64 into one rate-limit bucket',
    async () => {
      await freshRateWindow();
      const spellings = [
        '2001:db8:aa:1::1',
        '2001:0db8:00aa:0001::2',
        '2001:DB8:AA:1:0:0:0:3',
        '2001:db8:aa:1:ffff::4',
        '2001:db8:00aa:1::5',
        '2001:db8:aa:0001:1:2:3:4',
        '2001:db8:aa:1::7',
      ];
      const statuses: number[] = [];
      for (const [i, ip] of spellings.entries()) {
        const response = await postJson(
          '/api/opinions',
          opinion({
            target: { type: 'topic' },
            title: `IPv6 限流 ${i}`,
            content: `第 ${i} 条内容，各不相同 ${i * 7919}`,
          }),
          { 'CF-Connecting-IP': ip },
        );
        statuses.push(response.status);
      }
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    },
    RATE_TEST_TIMEOUT_MS,
  );
});

describe("no-JavaScript forms on the Worker's own pages", () => {
  it('serves the status page (with the "was it resolved?" form) so that its post carries an Origin', async () => {
    const sent = await (
      await postJson(
        '/api/opinions',
        opinion({
          target: { type: 'topic' },
          title: '无脚本评价',
          content: '无脚本路径下评价答复的测试意见内容。',
        }),
      )
    ).json<{ trackingCode: string }>();
    const hash = await hashCode(normalizeCode(sent.trackingCode) ?? '');
    await env.DB.prepare(
      `UPDATE opinions SET public_reply = '已安排维修。', public_reply_at = '2026-03-01T00:00:00Z' WHERE tracking_hash = ?1`,
    )
      .bind(hash)
      .run();
    const page = await postForm('/api/opinions/status', [['trackingCode', sent.trackingCode]]);
    expect(page.status).toBe(200);
    // Not no-referrer: under it a browser posts the feedback form with `Origin: null`.
    expect(page.headers.get('Referrer-Policy')).toBe('same-origin');
    expect(await page.text()).toContain('action="/api/opinions/feedback"');
    // What a browser sends if a page of ours still had no-referrer: accepted as same-origin.
    const feedback = await postForm(
      '/api/opinions/feedback',
      [
        ['trackingCode', sent.trackingCode],
        ['resolved', 'yes'],
      ],
      { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' },
    );
    expect(feedback.status).toBe(200);
    expect(feedback.headers.get('Content-Type')).toMatch(/^text\/html/);
  });

  it('still refuses Origin: null from another site, and keeps no-referrer on JSON answers', async () => {
    const response = await postForm('/api/opinions/status', [['trackingCode', 'x']], {
      Origin: 'null',
      'Sec-Fetch-Site': 'cross-site',
    });
    expect(response.status).toBe(403);
    const json = await postJson('/api/opinions/status', { trackingCode: 'x' });
    expect(json.headers.get('Referrer-Policy')).toBe('no-referrer');
  });
});

describe('Turnstile fails closed in production', () => {
  const production = {
    ...env,
    ENVIRONMENT: 'production',
    TURNSTILE_SECRET: undefined,
    TURNSTILE_SITE_KEY: undefined,
  };
  const send = (init: RequestInit) =>
    app.request(`${ORIGIN}/api/opinions`, { method: 'POST', ...init }, production, createExecutionContext());

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('refuses a submission with a clear 503 and logs why, storing nothing', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await send({
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '192.0.2.50' },
      body: JSON.stringify(opinion({ title: '生产环境缺少密钥' })),
    });
    expect(response.status).toBe(503);
    const error = (await response.json<ErrorEnvelope>()).error;
    expect(error.code).toBe('turnstile_not_configured');
    expect(error.message).toMatch(/人机验证尚未配置/);
    expect(log.mock.calls.flat().join(' ')).toMatch(/TURNSTILE_SECRET is not set in production/);
    const stored = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM opinions WHERE title = '生产环境缺少密钥'`,
    ).first<{
      n: number;
    }>();
    expect(stored?.n).toBe(0);
  });

  it('answers the no-JavaScript form with a zh-CN page, not JSON', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await send({
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: ORIGIN,
        'CF-Connecting-IP': '192.0.2.51',
      },
      body: new URLSearchParams({
        'target.type': 'topic',
        title: '生产环境表单',
        content: '生产环境缺少人机验证密钥时的表单提交。',
        consent: 'on',
      }).toString(),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('人机验证尚未配置');
  });

  it('is marked as production in wrangler.toml by ENVIRONMENT = "production"', () => {
    const section = wranglerToml.split('[env.production.vars]')[1]?.split(/\n\[/)[0] ?? '';
    expect(section).toMatch(/^ENVIRONMENT = "production"$/m);
    expect(wranglerToml.split('[env.production')[0]).not.toMatch(/^ENVIRONMENT\s*=/m);
  });
});

/** The opinion form page as the site builds it (site/pages/opinions/_OpinionForm.astro), in short. */
const FORM_PAGE = `<!doctype html><html lang="zh-CN"><head><title>给代表提意见</title></head><body>
<form method="post" action="/api/opinions" class="pform" data-opinion-form>
<input type="hidden" name="_page" value="/opinions/new/deputy/x/">
<input type="hidden" name="target.type" value="topic">
<div class="perrors" data-errors role="alert" tabindex="-1" hidden></div>
<select id="category" name="category"><option value="">不确定</option><option value="CAT">城市建设</option></select>
<span class="perr" data-error-for="category" hidden></span>
<input id="title" name="title" required><span class="perr" id="title-error" data-error-for="title" hidden></span>
<textarea id="content" name="content"></textarea><span class="perr" data-error-for="content" hidden></span>
<input id="name" name="name"><input id="contact" name="contact">
<input name="homepage">
<input type="checkbox" id="allowPublication" name="allowPublication" value="on">
<input type="checkbox" id="consent" name="consent" value="on" required><span class="perr" data-error-for="consent" hidden></span>
<button type="submit">提交意见</button></form>
<form method="post" action="/api/ballots/verify"><div data-errors hidden></div><input name="receipt"></form>
</body></html>`;

describe('a no-JavaScript error shows the form again, with a summary and the fields kept', () => {
  const served: string[] = [];
  const assets = {
    fetch: (request: Request) => {
      served.push(new URL(request.url).pathname);
      return Promise.resolve(
        new Response(FORM_PAGE.replace('CAT', ids.category), {
          headers: { 'Content-Type': 'text/html; charset=utf-8', ETag: '"x"' },
        }),
      );
    },
  };
  const post = (fields: Array<[string, string]>, headers: Record<string, string> = {}) =>
    app.request(
      `${ORIGIN}/api/opinions`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: ORIGIN,
          'CF-Connecting-IP': '192.0.2.77',
          ...headers,
        },
        body: new URLSearchParams(fields).toString(),
      },
      { ...env, ASSETS: assets },
      createExecutionContext(),
    );

  it('re-shows the form page the post came from', async () => {
    const response = await post([
      ['_page', '/opinions/new/deputy/x/'],
      ['target.type', 'topic'],
      ['category', ids.category],
      ['title', 'x'],
      ['content', '内容保留：<b>不是标签</b>'],
      ['name', '王女士'],
      ['contact', '138 0013 8000'],
      ['allowPublication', 'on'],
      ['homepage', ''],
    ]);
    expect(response.status).toBe(400);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(served.at(-1)).toBe('/opinions/new/deputy/x/');
    const page = await response.text();
    expect(page).toContain('<title>错误：给代表提意见</title>');
    // The summary at the top links to each field.
    expect(page).toMatch(/<div class="perrors" data-errors role="alert" tabindex="-1"><h2>提交的内容有误/);
    expect(page).toContain('<a href="#title">标题：');
    expect(page).toContain('<a href="#consent">个人信息处理说明：');
    // The message next to the field, and the field marked.
    expect(page).toMatch(/<input id="title" name="title" required aria-invalid="true" value="x">/);
    expect(page).toMatch(/data-error-for="title">标题至少需要/);
    // Everything typed is kept (escaped), the choices too; the honeypot is not echoed.
    expect(page).toContain('内容保留：&lt;b&gt;不是标签&lt;/b&gt;</textarea>');
    expect(page).toContain('value="王女士"');
    expect(page).toContain('value="138 0013 8000"');
    expect(page).toMatch(new RegExp(`<option value="${ids.category}" selected(="")?>`));
    expect(page).toMatch(/name="allowPublication" value="on" checked/);
    expect(page).not.toMatch(/name="consent" value="on" required checked/);
    // The other form on the page is left alone.
    expect(page).toContain('<form method="post" action="/api/ballots/verify"><div data-errors hidden></div>');
    expect(page).not.toMatch(/"error"\s*:/);
  });

  it('uses the Referer when the form has no _page, and never a "use the Back button" page otherwise', async () => {
    const byReferer = await post([['title', '']], { Referer: `${ORIGIN}/opinions/status/` });
    expect(byReferer.status).toBe(400);
    expect(served.at(-1)).toBe('/opinions/status/');
    const nowhere = await post([['title', '']], { Referer: 'https://elsewhere.example/opinions/new/' });
    expect(nowhere.status).toBe(400);
    const page = await nowhere.text();
    expect(page).toContain('提交的内容有误');
    expect(page).not.toContain('返回”按钮');
    expect(page).toContain('href="/opinions/new/"');
  });

  it('re-shows the status page for a failed "was it resolved?" post, keeping the choice and comment', async () => {
    const sent = await (
      await postJson(
        '/api/opinions',
        opinion({
          target: { type: 'topic' },
          title: '评价出错',
          content: '评价表单出错时应保留填写内容的测试。',
        }),
      )
    ).json<{ trackingCode: string }>();
    const hash = await hashCode(normalizeCode(sent.trackingCode) ?? '');
    await env.DB.prepare(`UPDATE opinions SET public_reply = '已处理。' WHERE tracking_hash = ?1`)
      .bind(hash)
      .run();
    const response = await postForm('/api/opinions/feedback', [
      ['trackingCode', sent.trackingCode],
      ['resolved', 'partly'],
      ['comment', '还有\u0007问题'],
    ]);
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('<h1>错误：意见办理情况</h1>');
    expect(page).toMatch(/href="#comment"\s*>补充说明：/);
    // hono/jsx writes a boolean attribute as `required=""`.
    expect(page).toMatch(/value="partly"\s+required(="")?\s+checked/);
    expect(page).toContain('还有\u0007问题</textarea>');
    const stored = await env.DB.prepare(`SELECT feedback_resolved FROM opinions WHERE tracking_hash = ?1`)
      .bind(hash)
      .first<{ feedback_resolved: string | null }>();
    expect(stored?.feedback_resolved).toBeNull();
  });
});
