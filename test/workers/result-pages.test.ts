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
