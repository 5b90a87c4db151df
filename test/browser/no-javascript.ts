/**
 * Every public form without JavaScript (issue 12): each is submitted once with an error — the same
 * form comes back with an error summary and what was typed kept (GOV.UK pattern) — and once
 * successfully, in Chromium with JavaScript off, against the running portal.
 * Run by in-turn.test.ts, one after the other with the journeys that move the same counts.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  navigationAnswer,
  noChromium,
  portal,
  releaseSharedBrowser,
  screenshots,
  shareBrowser,
  url,
  visitor,
} from './browser.ts';
import { queryD1 } from './d1.ts';
import { BROWSER_D1_PERSIST } from './paths.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  if (noChromium) return;
  browser = await shareBrowser();
  context = await browser.newContext({
    ...visitor(),
    javaScriptEnabled: false,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
  });
  page = await context.newPage();
});
// Mirrors beforeAll: without Chromium no browser was shared.
afterAll(async () => {
  if (noChromium) return;
  await context.close();
  await releaseSharedBrowser();
});

/** Submits the form holding `button` and waits for the answer page. */
async function submit(button: string): Promise<number> {
  const response = await navigationAnswer(page, () => page.click(button));
  return response.status();
}

/** The re-shown form: error summary at the top, no raw JSON, no "use the Back button". */
async function expectReshown(form: string, summaryText: string): Promise<void> {
  expect(await page.title()).toMatch(/^错误：/);
  const summary = page.locator(`${form} [data-errors]`);
  expect(await summary.isVisible()).toBe(true);
  expect(await summary.textContent()).toContain(summaryText);
  const body = (await page.locator('body').textContent()) ?? '';
  expect(body).not.toMatch(/"error"\s*:|cross_origin|返回”按钮/);
}

describe.skipIf(noChromium)('public forms without JavaScript', () => {
  it('the opinion form: an error keeps what was typed; then it is sent', async () => {
    await page.goto(url('/opinions/new/'));
    await page.fill('#title', '灯');
    await page.fill('#content', '无脚本时填写的内容应当在出错后保留下来。');
    await page.fill('#name', '陈先生');
    await page.check('#allowPublication');
    await page.check('#consent');
    expect(await submit('form[data-opinion-form] button[type=submit]')).toBe(400);
    await expectReshown('form[data-opinion-form]', '标题');
    expect(await page.locator('#title').getAttribute('aria-invalid')).toBe('true');
    expect(await page.inputValue('#content')).toBe('无脚本时填写的内容应当在出错后保留下来。');
    expect(await page.inputValue('#name')).toBe('陈先生');
    expect(await page.isChecked('#allowPublication')).toBe(true);
    await screenshots(page, 'nojs-opinion-error');
    // The summary links to the field.
    expect(await page.locator('[data-errors] a[href="#title"]').count()).toBe(1);
    await page.fill('#title', '路灯不亮（无脚本提交）');
    if (!(await page.isChecked('#consent'))) await page.check('#consent');
    expect(await submit('form[data-opinion-form] button[type=submit]')).toBe(201);
    const code = ((await page.locator('.code').first().textContent()) ?? '').trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-/);
    // Refreshing the receipt posts the form again: the page's own key makes it the same
    // submission, so the same tracking code comes back and one opinion is stored.
    const again = await page.reload();
    expect(again?.request().method()).toBe('POST');
    expect(((await page.locator('.code').first().textContent()) ?? '').trim()).toBe(code);
    expect(
      queryD1<{ n: number }>(
        BROWSER_D1_PERSIST,
        'SELECT COUNT(*) AS n FROM opinions WHERE title = ?1',
        '路灯不亮（无脚本提交）',
      ),
    ).toEqual([{ n: 1 }]);
  });

  it('the tracking-code lookup and "was it resolved?": errors re-show the form; then both work', async () => {
    await page.goto(url('/opinions/status/'));
    await page.fill('#trackingCode', '0000-0000-0000-0000-1');
    expect(await submit('form[data-lookup-form] button[type=submit]')).toBe(400);
    await expectReshown('form[data-lookup-form]', '查询码');
    expect(await page.inputValue('#trackingCode')).toBe('0000-0000-0000-0000-1');
    // A demo opinion with a reply and no rating yet.
    const code = portal.trackingCodes.at(-1) ?? '';
    await page.fill('#trackingCode', code);
    expect(await submit('form[data-lookup-form] button[type=submit]')).toBe(200);
    expect(await page.locator('form[action="/api/opinions/feedback"]').count()).toBe(1);
    // "Was it resolved?" with a control character in the comment: the status page again, kept.
    await page.check('input[name=resolved][value=partly]');
    await page.fill('#comment', '还有\u0007一处没修好');
    expect(await submit('form[action="/api/opinions/feedback"] button[type=submit]')).toBe(400);
    expect(await page.locator('main').textContent()).toContain('补充说明');
    expect(await page.isChecked('input[name=resolved][value=partly]')).toBe(true);
    await page.fill('#comment', '还有一处没修好');
    expect(await submit('form[action="/api/opinions/feedback"] button[type=submit]')).toBe(200);
    expect(await page.locator('main').textContent()).toContain('您的评价已记录');
  });

  it('the ballot: an error keeps the choices; then the confirmation step and the receipt', async () => {
    const year = portal.roundYear;
    await page.goto(url(`/vote/${year}/`));
    const first = (await page.locator('input[name=choices]').nth(0).getAttribute('value')) ?? '';
    const second = (await page.locator('input[name=choices]').nth(1).getAttribute('value')) ?? '';
    await page.check(`input[name=choices][value="${first}"]`);
    await page.check(`input[name=choices][value="${second}"]`);
    await page.fill('#votingCode', 'ABCD-EFGH-JKMN-PQRS-0');
    expect(await submit('form[data-vote-form] button[type=submit]')).toBe(400);
    await expectReshown('form[data-vote-form]', '投票码');
    expect(await page.isChecked(`input[name=choices][value="${first}"]`)).toBe(true);
    expect(await page.isChecked(`input[name=choices][value="${second}"]`)).toBe(true);
    await page.fill('#votingCode', portal.votingCodes.at(-1) ?? '');
    expect(await submit('form[data-vote-form] button[type=submit]')).toBe(200);
    // The confirmation step lists both projects; nothing is cast yet.
    expect(await page.locator('main ol li').count()).toBe(2);
    await screenshots(page, 'nojs-vote-confirm');
    expect(await submit('button[value=cast]')).toBe(201);
    const receipt = ((await page.locator('.code').textContent()) ?? '').trim();
    expect(receipt).toMatch(/^[0-9A-Z]{4}-/);

    // The receipt check: a mistyped receipt re-shows the form; the real one says where and when.
    await page.goto(url(`/vote/${year}/`));
    await page.fill('#receipt', '0000-0000-0000-0000-1');
    expect(await submit('form[data-verify-form] button[type=submit]')).toBe(400);
    await expectReshown('form[data-verify-form]', '回执码');
    await page.fill('#receipt', receipt);
    expect(await submit('form[data-verify-form] button[type=submit]')).toBe(200);
    expect(await page.locator('main').textContent()).toMatch(/已计入“[^”]+”（\d{4}\s*年度投票），计入时间/);
  });
});
