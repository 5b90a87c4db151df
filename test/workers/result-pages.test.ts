import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../functions/app.ts';
import { hashCode, normalizeCode } from '../../functions/lib/codes.ts';
import { SITE_CSP } from '../../functions/lib/security-headers.ts';
import {
  at,
  newClientIp,
  ORIGIN,
  postForm,
  postJson,
  seedAddressees,
  seedRound,
  seedVotingCodes,
} from './participation-fixtures.ts';

/**
 * A citizen's text comes back escaped wherever a no-JavaScript page shows it again: the status
 * page (title, comment, the timeline), the status page re-shown with a failed "was it resolved?"
 * post, the opinion form re-shown after a failed post, and the ballot's confirmation step.
 */

/** Markup, an attribute breakout and both quotes: each must arrive as text. */
const HOSTILE = `"><script>alert('x')</script> 引号"测试"`;
const ESCAPED = '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; 引号&quot;测试&quot;';

type Ids = Awaited<ReturnType<typeof seedAddressees>>;
let ids: Ids;

beforeAll(async () => {
  ids = await seedAddressees('rp');
});

/** The page without its one style element, the only place raw text may stand. */
function withoutStyle(page: string): string {
  return page.replace(/<style nonce="[^"]+">[\s\S]*?<\/style>/, '');
}

async function sendOpinion(title: string): Promise<string> {
  const response = await postJson('/api/opinions', {
    target: { type: 'topic' },
    category: ids.category,
    title,
    content: `${title}的内容也带标记：${HOSTILE}`,
    consent: true,
  });
  expect(response.status).toBe(201);
  return (await response.json<{ trackingCode: string }>()).trackingCode;
}

async function markReplied(trackingCode: string): Promise<void> {
  const hash = await hashCode(normalizeCode(trackingCode) ?? '');
  await env.DB.prepare(
    `UPDATE opinions SET status = 'replied', public_reply = '已处理。', public_reply_at = '2026-03-05T02:00:00Z' WHERE tracking_hash = ?1`,
  )
    .bind(hash)
    .run();
}

describe('the status page', () => {
  it('shows the title and the feedback comment escaped, with no script on the page', async () => {
    const trackingCode = await sendOpinion(`标题${HOSTILE}`);
    await markReplied(trackingCode);
    const feedback = await postJson('/api/opinions/feedback', {
      trackingCode,
      resolved: 'partly',
      comment: `评价${HOSTILE}`,
    });
    expect(feedback.status).toBe(200);
    const response = await postForm('/api/opinions/status', [['trackingCode', trackingCode]]);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(`<dd>标题${ESCAPED}</dd>`);
    expect(page).toContain(`部分解决：评价${ESCAPED}`);
    expect(page).not.toMatch(/<script/i);
    expect(withoutStyle(page)).not.toContain(`'`);
  });

  it('re-shows a failed "was it resolved?" post with the typed comment escaped inside its text area', async () => {
    const trackingCode = await sendOpinion('评价表单转义');
    await markReplied(trackingCode);
    const response = await postForm('/api/opinions/feedback', [
      ['trackingCode', trackingCode],
      // No choice: the form comes back with the comment kept.
      ['comment', `</textarea>${HOSTILE}`],
    ]);
    expect(response.status).toBe(400);
    const page = await response.text();
    // The summary links to the radio group, which is marked.
    expect(page).toMatch(
      /<div class="notice" role="alert" tabindex="-1"><h2>[^<]+<\/h2><ul><li><a href="#resolved-yes">问题是否解决：/,
    );
    expect(page).toContain('<fieldset id="resolved-yes" aria-invalid="true">');
    expect(page).toContain(`>\n&lt;/textarea&gt;${ESCAPED}</textarea>`);
    expect(page.match(/<\/textarea>/g)).toHaveLength(1);
    expect(page).not.toMatch(/<script/i);
  });
});

/** The general opinion form, in short, as the site builds it (site/pages/opinions/_OpinionForm.astro). */
const FORM_PAGE = `<!doctype html><html lang="zh-CN"><head><title>提意见</title></head><body>
<form method="post" action="/api/opinions" class="pform" data-opinion-form>
<input type="hidden" name="_page" value="/opinions/new/">
<input type="hidden" name="target.type" value="topic">
<div class="perrors" data-errors role="alert" tabindex="-1" hidden></div>
<input id="title" name="title" required><span class="perr" data-error-for="title" hidden></span>
<textarea id="content" name="content"></textarea><span class="perr" data-error-for="content" hidden></span>
<input id="name" name="name">
<input type="checkbox" id="consent" name="consent" value="on" required><span class="perr" data-error-for="consent" hidden></span>
<button type="submit">提交意见</button></form></body></html>`;

describe('the opinion form re-shown after a failed post', () => {
  it('keeps the typed title, text and name escaped', async () => {
    const assets = {
      fetch: () =>
        Promise.resolve(new Response(FORM_PAGE, { headers: { 'Content-Type': 'text/html; charset=utf-8' } })),
    };
    const response = await app.request(
      `${ORIGIN}/api/opinions`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: ORIGIN,
          'CF-Connecting-IP': newClientIp(),
        },
        body: new URLSearchParams([
          ['_page', '/opinions/new/'],
          ['target.type', 'topic'],
          ['title', `标题${HOSTILE}`],
          ['content', `</textarea>${HOSTILE}`],
          ['name', HOSTILE.slice(0, 30)],
          ['homepage', ''],
          // No consent: the form comes back.
        ]).toString(),
      },
      { ...env, ASSETS: assets },
      createExecutionContext(),
    );
    expect(response.status).toBe(400);
    // The form page's own policy (inline styles allowed), not the error page's it replaces.
    expect(response.headers.get('Content-Security-Policy')).toBe(SITE_CSP);
    const page = await response.text();
    expect(page).toContain('<a href="#consent">');
    // The rewriter escapes what each place needs: `"` and `&` in a quoted attribute (markup there
    // is inert text), `<`, `>` and `&` in the text area.
    expect(page).toContain(`value="标题&quot;><script>alert('x')</script> 引号&quot;测试&quot;"`);
    expect(page).toContain(`<textarea id="content" name="content">&lt;/textarea&gt;"&gt;&lt;script&gt;`);
    expect(page.match(/<\/textarea>/g)).toHaveLength(1);
    // Without the attribute values nothing of the typed text is left as markup.
    expect(page.replace(/="[^"]*"/g, '=""')).not.toMatch(/<script/i);
  });
});

describe('the ballot confirmation step', () => {
  it('carries what was posted back in hidden fields, escaped', async () => {
    const { year, candidates } = await seedRound({ year: 2071 });
    const code = at(await seedVotingCodes(year, 1), 0);
    const response = await postForm(`/api/rounds/${year}/ballots`, [
      ['choices', at(candidates, 0)],
      ['votingCode', code],
      ['cf-turnstile-response', HOSTILE],
      ['homepage', ''],
    ]);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(`name="cf-turnstile-response" value="${ESCAPED}"`);
    expect(page).not.toMatch(/<script/i);
  });
});

/**
 * Plain form posts (no JavaScript) made idempotent by the key the Worker puts in each form page it
 * serves (lib/form-pages.ts FORM_KEY_FIELD): a double click on 提交 or a refresh of the receipt
 * page posts the same form again and gets the first receipt.
 */
describe('the form page key of a plain post', () => {
  const KEY = /name="_idempotency" value="([0-9a-f]{32})"/g;
  const keysOf = (page: string): string[] => [...page.matchAll(KEY)].map((m) => m[1] ?? '');

  /** ASSETS that answer every path with `html`, as the built site answers a form page. */
  const assetsWith = (html: string) => ({
    fetch: (request: Request) =>
      Promise.resolve(
        // As the assets answer a browser holding the built page: 304 to its validator.
        new Response(request.headers.get('If-None-Match') === '"built"' ? null : html, {
          status: request.headers.get('If-None-Match') === '"built"' ? 304 : 200,
          headers: { 'Content-Type': 'text/html; charset=utf-8', ETag: '"built"', 'Cache-Control': 'public' },
        }),
      ),
  });

  /** The vote page in short: the vote form and the receipt check (which stores nothing). */
  const VOTE_PAGE = `<!doctype html><html lang="zh-CN"><head><title>投票</title></head><body>
<form method="post" action="/api/rounds/2072/ballots" class="pform" data-vote-form>
<input type="hidden" name="_page" value="/vote/2072/"><button type="submit">投票</button></form>
<form method="post" action="/api/ballots/verify" class="pform" data-verify-form>
<input name="receipt"><button type="submit">核对</button></form></body></html>`;

  function request(path: string, html: string, init?: RequestInit): Promise<Response> {
    return Promise.resolve(
      app.request(`${ORIGIN}${path}`, init, { ...env, ASSETS: assetsWith(html) }, createExecutionContext()),
    );
  }

  function formPost(fields: Array<[string, string]>): RequestInit {
    return {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: ORIGIN,
        'CF-Connecting-IP': newClientIp(),
      },
      body: new URLSearchParams(fields).toString(),
    };
  }

  const opinionFields = (key: string, title: string, content: string): Array<[string, string]> => [
    ['_idempotency', key],
    ['_page', '/opinions/new/'],
    ['target.type', 'topic'],
    ['title', title],
    ['content', content],
    ['consent', 'on'],
    ['homepage', ''],
  ];

  const trackingCodeOf = (page: string): string =>
    (/class="code">([\s\S]*?)<\/p>/.exec(page)?.[1] ?? '').replace(/<[^>]+>|\s/g, '');

  async function rowsTitled(title: string): Promise<number> {
    const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM opinions WHERE title = ?1`)
      .bind(title)
      .first<{ n: number }>();
    return row?.n ?? 0;
  }

  it('is a new random key in each submitting form at each request, never kept by a cache', async () => {
    const first = await request('/opinions/new/', FORM_PAGE);
    // A browser holding a copy from before keys asks with its validator: it gets the page whole.
    const second = await request('/opinions/new/', FORM_PAGE, { headers: { 'If-None-Match': '"built"' } });
    expect(second.status).toBe(200);
    expect(first.status).toBe(200);
    expect(first.headers.get('Cache-Control')).toBe('no-store');
    expect(first.headers.get('ETag')).toBeNull();
    expect(first.headers.get('Content-Security-Policy')).toBe(SITE_CSP);
    const [a, b] = [await first.text(), await second.text()];
    expect(keysOf(a)).toHaveLength(1);
    expect(keysOf(b)).toHaveLength(1);
    expect(keysOf(a)[0]).not.toBe(keysOf(b)[0]);
    // Inside the opinion form; the page gains no script.
    expect(a).toMatch(/action="\/api\/opinions"[^>]*><input type="hidden" name="_idempotency"/);
    expect(a).not.toMatch(/<script/i);
    // The vote page: the vote form has one, the receipt check (stores nothing) none.
    const vote = await (await request('/vote/2072/', VOTE_PAGE)).text();
    expect(keysOf(vote)).toHaveLength(1);
    expect(vote).toMatch(/ballots"[^>]*><input type="hidden" name="_idempotency"/);
    expect(vote).not.toMatch(/verify"[^>]*><input type="hidden" name="_idempotency"/);
  });

  it('answers the same form posted twice with the first receipt, storing one opinion', async () => {
    const key = keysOf(await (await request('/opinions/new/', FORM_PAGE)).text())[0] ?? '';
    const fields = opinionFields(key, '表单双击只存一份', '同一个表单页面连点两次提交，只应保存一份意见。');
    const first = await postForm('/api/opinions', fields);
    const second = await postForm('/api/opinions', fields);
    expect([first.status, second.status]).toEqual([201, 201]);
    const code = trackingCodeOf(await first.text());
    expect(code).toMatch(/^[0-9A-Z-]{10,}$/);
    expect(trackingCodeOf(await second.text())).toBe(code);
    expect(await rowsTitled('表单双击只存一份')).toBe(1);
  });

  it('stores one opinion for two identical posts at once', async () => {
    const fields = opinionFields(
      'a'.repeat(16) + '0123456789abcdef',
      '表单并发只存一份',
      '两个相同的表单提交同时到达，只应保存一份。',
    );
    const answers = await Promise.all([postForm('/api/opinions', fields), postForm('/api/opinions', fields)]);
    expect(answers.map((r) => r.status)).toEqual([201, 201]);
    const [a, b] = await Promise.all(answers.map(async (r) => trackingCodeOf(await r.text())));
    expect(a).toBe(b);
    expect(await rowsTitled('表单并发只存一份')).toBe(1);
  });

  it('refuses the same key with another text as a page, and a second deliberate click sends it', async () => {
    const key = crypto
      .getRandomValues(new Uint8Array(16))
      .reduce((s, b) => s + b.toString(16).padStart(2, '0'), '');
    const first = await postForm(
      '/api/opinions',
      opinionFields(key, '先提交的意见', '第一次提交的内容，已经保存。'),
    );
    expect(first.status).toBe(201);
    // Back to the form, the text changed, posted again with the page's key.
    const changed = opinionFields(key, '改过的意见', '返回表单改了内容以后再次提交。');
    const refused = await request('/api/opinions', FORM_PAGE, formPost(changed));
    expect(refused.status).toBe(409);
    expect(refused.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(refused.headers.get('Content-Security-Policy')).toBe(SITE_CSP);
    const page = await refused.text();
    expect(page).toContain('这个表单已经提交过一次');
    expect(page).toContain('value="改过的意见"');
    expect(await rowsTitled('改过的意见')).toBe(0);
    // The form comes back with a new key: posting it now is a submission of its own.
    const [fresh] = keysOf(page);
    expect(fresh).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh).not.toBe(key);
    const again = await postForm(
      '/api/opinions',
      opinionFields(fresh ?? '', '改过的意见', '返回表单改了内容以后再次提交。'),
    );
    expect(again.status).toBe(201);
    expect(await rowsTitled('改过的意见')).toBe(1);
    expect(await rowsTitled('先提交的意见')).toBe(1);
  });

  it('keeps the key on a form re-shown after an error, so the corrected post is still one', async () => {
    const key = 'b'.repeat(32);
    const missingConsent = opinionFields(key, '先漏了同意', '第一次没有勾选同意，表单带着错误回来。').filter(
      ([name]) => name !== 'consent',
    );
    const refused = await request('/api/opinions', FORM_PAGE, formPost(missingConsent));
    expect(refused.status).toBe(400);
    expect(keysOf(await refused.text())).toEqual([key]);
    const fields = opinionFields(key, '先漏了同意', '第一次没有勾选同意，表单带着错误回来。');
    const first = await postForm('/api/opinions', fields);
    const second = await postForm('/api/opinions', fields);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(trackingCodeOf(await second.text())).toBe(trackingCodeOf(await first.text()));
    expect(await rowsTitled('先漏了同意')).toBe(1);
  });

  it('still takes a form without a key (a page from before keys), as before: each post is stored', async () => {
    const fields = opinionFields(
      '',
      '旧页面没有密钥',
      '缓存里的旧表单页面没有隐藏字段，照样可以提交。',
    ).filter(([name]) => name !== '_idempotency');
    const first = await postForm('/api/opinions', fields);
    const second = await postForm('/api/opinions', fields);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(trackingCodeOf(await second.text())).not.toBe(trackingCodeOf(await first.text()));
    expect(await rowsTitled('旧页面没有密钥')).toBe(2);
  });

  it('lets an Idempotency-Key header win over the form field', async () => {
    const header = crypto.randomUUID();
    const title = '请求头优先于表单字段';
    const first = await postForm(
      '/api/opinions',
      opinionFields('c'.repeat(32), title, '两次提交的表单字段不同，请求头相同。'),
      {
        'Idempotency-Key': header,
      },
    );
    const second = await postForm(
      '/api/opinions',
      opinionFields('d'.repeat(32), title, '两次提交的表单字段不同，请求头相同。'),
      {
        'Idempotency-Key': header,
      },
    );
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(trackingCodeOf(await second.text())).toBe(trackingCodeOf(await first.text()));
    expect(await rowsTitled(title)).toBe(1);
  });
});
