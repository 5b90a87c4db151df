/**
 * Site search in Chromium against the running portal, with JavaScript switched off as well as on:
 * a reader who knows a name or a title finds the record by typing it, narrows the results by
 * type with a link, and pages through them. Names are read from the Worker's own search JSON
 * (kind filter), so the test follows the demo data.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResults } from '../../functions/search/schema.ts';
import { launchBrowser, noChromium, url, watchForProblems } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  if (!noChromium) browser = await launchBrowser();
});
// Mirrors beforeAll: without Chromium no browser was opened.
afterAll(async () => {
  if (!noChromium) await browser.close();
});

/** The first record of a kind that a broad query finds, e.g. a deputy and their name. */
async function firstRecord(kind: string, query: string): Promise<{ path: string; title: string }> {
  const response = await fetch(url(`/api/search?${new URLSearchParams({ q: query, kind }).toString()}`));
  const hit = ((await response.json()) as SearchResults).hits[0];
  if (!hit) throw new Error(`no ${kind} found by ${query}`);
  return { path: hit.url, title: hit.title };
}

async function search(page: Page, query: string): Promise<string> {
  await page.fill('#q', query);
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('q') === query),
    page.click('#search-form button[type=submit]'),
  ]);
  return (await page.locator('#search-status').textContent()) ?? '';
}

const shownLinks = (page: Page): Promise<string[]> =>
  page
    .locator('#search-results li > a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));

describe.skipIf(noChromium)('a reader searching the site', () => {
  it.each([
    ['a deputy by name', 'deputy', '代表', '代表'],
    ['a contact station by name', 'station', '联络站', '联络站'],
    ['a suggestion by its title', 'suggestion', '建议', '议案建议'],
    ['a news item by its title', 'news', '代表', '新闻公告'],
    ['a handling unit by name', 'unit', '局', '承办单位'],
  ])('finds %s, without JavaScript', async (_what, kind, broad, label) => {
    const record = await firstRecord(kind, broad);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    await page.goto(url('/search/'));
    expect(await search(page, record.title)).toMatch(/找到 \d+ 个结果/);
    expect((await shownLinks(page)).slice(0, 3)).toContain(record.path);
    // Each result says what kind of record it is.
    const result = page.locator('#search-results li', { has: page.locator(`a[href="${record.path}"]`) });
    expect(await result.locator('.badge').first().textContent()).toBe(label);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows 20 results a page, narrows by type with a link, and pages on', async () => {
    const page = await browser.newPage();
    const problems = watchForProblems(page);
    await page.goto(url('/search/'));
    const status = await search(page, '代表');
    const total = Number(/找到 (\d+) 个结果/.exec(status)?.[1]);
    expect(total).toBeGreaterThan(20);
    expect(await shownLinks(page)).toHaveLength(20);

    await page
      .getByRole('link', { name: /^下一页|^2$/ })
      .first()
      .click();
    await page.waitForURL((u) => u.searchParams.get('page') === '2');
    expect((await shownLinks(page)).length).toBeGreaterThan(0);

    await page
      .getByRole('navigation', { name: '按类型筛选' })
      .getByRole('link', { name: /^联络站/ })
      .click();
    await page.waitForURL((u) => u.searchParams.get('kind') === 'station');
    const links = await shownLinks(page);
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect(href).toMatch(/^\/stations\/[a-z0-9-]+\/$/);
    expect(problems).toEqual([]);
    await page.close();
  });
});
