/**
 * What people come to the portal for, done in Chromium against the running portal (wrangler dev
 * serving the built site and the Worker on a local D1 with the demo city). Each journey clicks
 * through the pages as a person would, checks what they would see, and keeps screenshots.
 * Run by in-turn.test.ts, one after the other with the journeys that move the same counts.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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
  watchForProblems,
} from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  if (!noChromium) browser = await shareBrowser();
});
// Mirrors beforeAll: without Chromium no browser was shared.
afterAll(async () => {
  if (!noChromium) await releaseSharedBrowser();
});

/** A fresh reader: own cookies, desktop-sized window, JavaScript on unless said otherwise. */
async function reader(options: { javaScriptEnabled?: boolean } = {}): Promise<{
  context: BrowserContext;
  page: Page;
  problems: string[];
}> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    acceptDownloads: true,
    ...visitor(),
    ...options,
  });
  const page = await context.newPage();
  return { context, page, problems: watchForProblems(page) };
}

/** Clicks a link and waits until the page it names has loaded. */
async function follow(page: Page, link: Locator): Promise<void> {
  const href = await link.getAttribute('href');
  if (!href) throw new Error('the link has no href');
  await Promise.all([page.waitForURL(new URL(href, page.url()).href), link.click()]);
}

const number = (text: string | null): number => Number((text ?? '').replace(/[^\d]/g, ''));

async function liveCount(year: number, candidate: string): Promise<number> {
  const round = (await (await fetch(url(`/api/rounds/${year}`))).json()) as {
    candidates: { id: string; count: number }[];
  };
  const found = round.candidates.find((c) => c.id === candidate);
  if (!found) throw new Error(`candidate ${candidate} not in round ${year}`);
  return found.count;
}

/** The citizen's opinion form: fills it in and returns the tracking code shown once. */
async function writeOpinion(page: Page, title: string, content: string): Promise<string> {
  await page.fill('#title', title);
  await page.fill('#content', content);
  await page.fill('#name', '林女士');
  await page.fill('#contact', '13800001234');
  await page.check('input[name=consent]');
  await page.click('form[data-opinion-form] button[type=submit]');
  const code = page.locator('[data-result] .pcode');
  await code.waitFor();
  const trackingCode = (await code.textContent())?.trim() ?? '';
  expect(trackingCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}-[0-9A-Z]$/);
  return trackingCode;
}

async function lookUp(page: Page, trackingCode: string): Promise<void> {
  await page.goto(url('/opinions/status/'));
  // People type codes as they come: lower case, spaces instead of dashes.
  await page.fill('#trackingCode', trackingCode.toLowerCase().replaceAll('-', ' '));
  await page.click('form[data-lookup-form] button[type=submit]');
  await page.locator('[data-result] h2').waitFor();
}

describe.skipIf(noChromium)('a citizen', () => {
  it('finds the deputies of their community, reads a profile, writes to a deputy and follows it up', async () => {
    const { context, page, problems } = await reader();
    await page.goto(url('/'));
    await screenshots(page, 'home');

    // District, then street or town, then community: each step is a list of links.
    await follow(page, page.locator('section[aria-labelledby=find] a').first());
    for (let step = 0; step < 4 && (await page.locator('#next').count()) > 0; step++) {
      await follow(page, page.locator('#next + ul a').first());
    }
    expect(await page.locator('#next').count()).toBe(0);
    const community = (await page.locator('h1').textContent()) ?? '';
    expect(community).toMatch(/(社区|村)的人大代表$/);
    await expect.poll(() => page.locator('#deputies').textContent()).toContain('代表本地的各级人大代表');
    await screenshots(page, 'area');

    // Most local first: the first deputy listed was elected right here.
    const deputyLink = page.locator('section[aria-labelledby^=lv-] a[href^="/deputies/"]').first();
    const deputyName = ((await deputyLink.textContent()) ?? '').trim();
    await follow(page, deputyLink);
    expect(await page.locator('h1').textContent()).toBe(deputyName);
    expect(await page.locator('main').textContent()).toContain('履职档案');
    expect(await page.locator('.cite').textContent()).toMatch(/SHA-256:[0-9a-f]{12}/);
    await screenshots(page, 'profile');

    await follow(page, page.locator('a[href^="/opinions/new/deputy/"]'));
    expect(await page.locator('h1').textContent()).toBe(`给${deputyName}代表写信`);
    // Mistakes are explained next to the fields, and nothing is stored.
    await page.fill('#title', '灯');
    await page.click('form[data-opinion-form] button[type=submit]');
    await expect.poll(() => page.locator('#title-error').textContent()).toContain('至少');
    expect(await page.locator('#consent-error').isVisible()).toBe(true);
    expect(await page.locator('#title').getAttribute('aria-invalid')).toBe('true');
    await screenshots(page, 'opinion-form-errors');

    const title = `${community.slice(0, 8)}：小区路灯不亮`;
    const trackingCode = await writeOpinion(
      page,
      title,
      '小区东门到菜市场一段路灯坏了一个多月，晚上老人出门不安全。',
    );
    expect(await page.locator('[data-result]').textContent()).toContain('只显示这一次');
    await screenshots(page, 'opinion-received');

    await follow(page, page.locator('[data-result] a[href="/opinions/status/"]'));
    await lookUp(page, trackingCode);
    const status = (await page.locator('[data-result]').textContent()) ?? '';
    expect(status).toContain(title);
    expect(status).toContain('已收到，等待处理');
    expect(status).toContain(deputyName);
    // What was typed as contact is never shown back.
    expect(status).not.toContain('13800001234');
    await screenshots(page, 'opinion-status');

    // The browser reports the refused first attempt (400) in its console; nothing else went wrong.
    expect(problems).toEqual([expect.stringMatching(/status of 400 .*\/api\/opinions\)$/)]);
    await context.close();
  });
});

describe.skipIf(noChromium)('a voter', () => {
  it('votes with a demo code, gets a receipt, sees the count move, and cannot use the code again', async () => {
    const { context, page, problems } = await reader();
    const year = portal.roundYear;
    const code = portal.votingCodes[0] ?? '';
    await page.goto(url('/'));
    await follow(page, page.locator(`main a[href="/vote/${year}/"]`).first());
    await expect.poll(() => page.locator('[data-live-status]').textContent()).toContain('实时');

    const first = (await page.locator('input[name=choices]').nth(0).getAttribute('value')) ?? '';
    const second = (await page.locator('input[name=choices]').nth(1).getAttribute('value')) ?? '';
    const before = await liveCount(year, first);
    expect(number(await page.locator(`[data-live-count="${first}"]`).textContent())).toBe(before);

    await page.check(`input[name=choices][value="${first}"]`);
    await page.check(`input[name=choices][value="${second}"]`);
    // As printed on the slip, but typed in lower case and without dashes.
    await page.fill('#votingCode', code.toLowerCase().replaceAll('-', ''));
    await page.click('form[data-vote-form] button[type=submit]');
    // The confirmation step lists the chosen projects before the ballot is cast.
    const review = page.locator('form[data-vote-form] [data-review]');
    await review.waitFor();
    expect(await review.locator('li').count()).toBe(2);
    await review.getByRole('button', { name: '确认投票' }).click();
    const receiptBox = page.locator('[data-result] .pcode');
    await receiptBox.waitFor();
    const receipt = (await receiptBox.textContent())?.trim() ?? '';
    expect(receipt).toMatch(/^[0-9A-Z]{4}-/);
    await expect
      .poll(async () => number(await page.locator(`[data-live-count="${first}"]`).textContent()))
      .toBe(before + 1);
    expect(await liveCount(year, first)).toBe(before + 1);
    await screenshots(page, 'vote-receipt');

    // The receipt proves the ballot was counted, without showing the choices.
    await page.fill('#receipt', receipt);
    await page.click('form[data-verify-form] button[type=submit]');
    await expect.poll(() => page.locator('[data-verify-result]').textContent()).toContain('已计入');

    // The same code again: refused, and the count stays.
    await page.goto(url(`/vote/${year}/`));
    await page.check(`input[name=choices][value="${second}"]`);
    await page.fill('#votingCode', code);
    await page.click('form[data-vote-form] button[type=submit]');
    await page
      .locator('form[data-vote-form] [data-review]')
      .getByRole('button', { name: '确认投票' })
      .click();
    await expect
      .poll(() => page.locator('form[data-vote-form] [data-errors]').textContent())
      .toContain('已经投过票');
    expect(await page.locator('form[data-vote-form] [data-errors]').isVisible()).toBe(true);
    await screenshots(page, 'vote-refused');
    expect(await liveCount(year, second)).toBeGreaterThan(0);
    expect(await liveCount(year, first)).toBe(before + 1);
    expect(problems).toEqual([expect.stringMatching(/status of 409 .*\/ballots\)$/)]);
    await context.close();

    // Without JavaScript the plain form is refused the same way, on a page of its own.
    const plain = await reader({ javaScriptEnabled: false });
    await plain.page.goto(url(`/vote/${year}/`));
    await plain.page.check(`input[name=choices][value="${first}"]`);
    await plain.page.fill('#votingCode', code);
    await Promise.all([
      plain.page.waitForURL(url(`/api/rounds/${year}/ballots`)),
      plain.page.click('form[data-vote-form] button[type=submit]'),
    ]);
    // The confirmation page, then the vote page again with the error and the choice kept.
    await Promise.all([
      plain.page.waitForLoadState('load'),
      plain.page.getByRole('button', { name: '确认投票' }).click(),
    ]);
    expect(await plain.page.locator('main').textContent()).toContain('已经投过票');
    expect(await liveCount(year, first)).toBe(before + 1);
    await plain.context.close();
  });
});

describe.skipIf(noChromium)('a journalist', () => {
  it('downloads a CSV, opens a feed and copies a citation', async () => {
    const { context, page, problems } = await reader();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portal.baseUrl });
    await page.goto(url('/'));
    await follow(page, page.locator('footer a[href="/data/"]'));
    await screenshots(page, 'data');

    // Motions and suggestions come one file per session (each stays far below the 25 MiB asset
    // limit at city scale): the list leads to the files, and one session's CSV downloads.
    const listed = page.locator('nav[aria-labelledby=toc-h] li', { hasText: '议案' }).first();
    await listed.locator('a[href="#suggestions-files"]').click();
    const files = page.locator('details#suggestions-files');
    if ((await files.getAttribute('open')) === null) await files.locator('summary').click();
    const part = files.locator('li').first();
    const rows = number(/（([\d,]+) 行）/.exec((await part.textContent()) ?? '')?.[1] ?? '');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      part.locator('a[href$=".csv"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    // UTF-8 with a BOM, so spreadsheet programs read the Chinese correctly.
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/[\u4e00-\u9fff]/);
    expect(rows).toBeGreaterThan(0);
    expect(lines.length - 1).toBeGreaterThanOrEqual(rows);

    // A feed: the profile announces it in its head and links it in the text.
    await page.goto(url('/deputies/status/serving/'));
    const profiles = await page
      .locator('main a[href^="/deputies/"]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    const profile = profiles.find((href) => /^\/deputies\/[a-z]+\d+\/$/.test(href)) ?? '';
    await follow(page, page.locator(`main a[href="${profile}"]`).first());
    const announced = await page
      .locator('link[rel=alternate][type="application/atom+xml"]')
      .getAttribute('href');
    const feedLink = page.locator('main a[href$="feed.xml"]');
    expect(await feedLink.getAttribute('href')).toBe(announced);
    const feed = await navigationAnswer(page, () => feedLink.click());
    // site/public/_headers gives feeds their own media type (by extension they would be plain XML).
    expect(feed.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
    const atom = await feed.text();
    expect(atom).toMatch(/^<\?xml[^>]*\?>\s*<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
    expect(atom).toMatch(/<entry>[\s\S]*<title[^>]*>[^<]*[\u4e00-\u9fff]/);
    await page.goBack();

    // A citation: select the paragraph as a reader would, copy it, and paste it elsewhere.
    const title = ((await page.locator('h1').textContent()) ?? '').trim();
    await page.locator('.cite p').click({ clickCount: 3 });
    await page.keyboard.press('Control+C');
    const copied = (await page.evaluate(() => navigator.clipboard.readText())).trim();
    expect(copied).toContain(title);
    expect(copied).toMatch(
      /［EB\/OL］．数据截至\d{4}年\d{1,2}月\d{1,2}日．https?:\/\/[^．]+\/deputies\/[^/]+\/．/,
    );
    expect(copied).toMatch(/内容校验码 SHA-256:[0-9a-f]{12}$/);
    await screenshots(page, 'citation');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe.skipIf(noChromium)('a staff member', () => {
  it('signs in, replies to an opinion, and the citizen reads the reply and gives feedback', async () => {
    const citizen = await reader();
    await citizen.page.goto(url('/stations/'));
    await follow(citizen.page, citizen.page.locator('main a[href^="/stations/"][href$="/"]').first());
    await follow(citizen.page, citizen.page.locator('main a[href^="/opinions/new/station/"]').first());
    const title = '公园健身器材损坏';
    const trackingCode = await writeOpinion(
      citizen.page,
      title,
      '滨河公园北侧的健身器材螺丝松动，有安全隐患，希望尽快维修。',
    );

    const staff = await reader();
    // Not signed in: the console says so (401) and, locally, links the development sign-in
    // (production signs in through Cloudflare Access instead).
    const refused = await staff.page.goto(url('/staff'));
    expect(refused?.status()).toBe(401);
    await follow(staff.page, staff.page.locator('main a[href="/staff/sign-in"]'));
    const handler = staff.page.locator('select[name=staffId] option', { hasText: '意见办理' }).first();
    await staff.page.selectOption('select[name=staffId]', (await handler.getAttribute('value')) ?? '');
    await staff.page.click('form[action="/staff/sign-in"] button[type=submit]');
    await staff.page.waitForURL(/\/staff\?notice=signed_in/);
    await screenshots(staff.page, 'staff-home');

    await follow(staff.page, staff.page.locator('a[href="/staff/opinions"]').first());
    await follow(staff.page, staff.page.locator('table a', { hasText: title }).first());
    expect(await staff.page.locator('h1').textContent()).toBe(title);
    // The contact is masked until someone asks to see it (and that is audited).
    expect(await staff.page.locator('main').textContent()).not.toContain('13800001234');
    const reply = '您好，已通知公园管理处，器材已于本周更换并加固。感谢您的反映。';
    await staff.page.fill('textarea[name=body]', reply);
    await staff.page.click('form[action$="/reply-draft"] button[type=submit]');
    await staff.page.waitForURL(/notice=draft_saved/);
    await staff.page.click('form[action$="/reply"] button[type=submit]');
    await staff.page.waitForURL(/notice=reply_published/);
    expect(await staff.page.locator('main').textContent()).toContain(reply);
    await screenshots(staff.page, 'staff-opinion');

    await lookUp(citizen.page, trackingCode);
    const result = citizen.page.locator('[data-result]');
    expect(await result.textContent()).toContain(reply);
    expect(await result.textContent()).toContain('已答复');
    await citizen.page.check('[data-result] input[name=resolved][value=yes]');
    await citizen.page.fill('#fb-comment', '已经修好了，谢谢！');
    await citizen.page.click('[data-result] form button[type=submit]');
    await expect.poll(() => result.textContent()).toContain('您的评价已记录，谢谢！');
    expect(await result.textContent()).toContain('已解决：已经修好了，谢谢！');
    await screenshots(citizen.page, 'opinion-feedback');

    await staff.page.reload();
    const seen = (await staff.page.locator('main').textContent()) ?? '';
    expect(seen).toContain('问题是否解决：已解决');
    expect(seen).toContain('已经修好了，谢谢！');
    expect(citizen.problems).toEqual([]);
    expect(staff.problems).toEqual([expect.stringMatching(/status of 401 .*\/staff\)$/)]);
    await citizen.context.close();
    await staff.context.close();
  });
});
