/**
 * Site search in Chromium against the running portal: a reader who knows a name or a title finds
 * the record by typing it, results come 10 at a time, and a query fetches only what it shows.
 * The names searched for are read from the built pages, so the test follows the demo data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, noChromium, url, watchForProblems } from './browser.ts';
import { BROWSER_DIST } from './paths.ts';

let browser: Browser;
beforeAll(async () => {
  if (!noChromium) browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** The first built record page of a kind (its search label) and its heading, e.g. a deputy's name. */
function firstRecord(kind: string): { path: string; heading: string } {
  for (const file of readdirSync(BROWSER_DIST, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!file.endsWith('index.html')) continue;
    const html = readFileSync(join(BROWSER_DIST, file), 'utf8');
    if (!html.includes(`data-pagefind-meta="kind:${kind}"`)) continue;
    const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/
      .exec(html)?.[1]
      ?.replace(/<[^>]+>/g, '')
      .trim();
    if (heading) return { path: `/${file.replace(/index\.html$/, '')}`, heading };
  }
  throw new Error(`no built record page of kind ${kind}`);
}

async function search(page: Page, query: string): Promise<string> {
  await page.fill('#q', query);
  await page.click('#search-form button[type=submit]');
  await page.waitForFunction(
    (q) =>
      new URLSearchParams(location.search).get('q') === q &&
      /找到|没有找到|不可用/.test(document.getElementById('search-status')?.textContent ?? ''),
    query,
  );
  return (await page.locator('#search-status').textContent()) ?? '';
}

const shownLinks = (page: Page): Promise<string[]> =>
  page
    .locator('#search-results li > a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));

describe.skipIf(noChromium)('a reader searching the site', () => {
  it.each([
    ['a deputy by name', '代表'],
    ['a contact station by name', '联络站'],
    ['a suggestion by its title', '建议'],
    ['a news item by its title', '新闻'],
    ['a handling unit by name', '承办单位'],
  ])('finds %s', async (_what, kind) => {
    const record = firstRecord(kind);
    const page = await browser.newPage();
    const problems = watchForProblems(page);
    await page.goto(url('/search/'));
    expect(await search(page, record.heading)).toMatch(/找到 \d+ 个结果/);
    expect((await shownLinks(page)).slice(0, 3)).toContain(record.path);
    // Each result says what kind of record it is.
    const result = page.locator('#search-results li', { has: page.locator(`a[href="${record.path}"]`) });
    await expect.poll(() => result.locator('.badge').textContent()).toBe(kind);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows 10 results, the next 10 on request, and fetches only the excerpts it shows', async () => {
    const page = await browser.newPage();
    const problems = watchForProblems(page);
    const fragments: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/pagefind/fragment/')) fragments.push(request.url());
    });
    await page.goto(url('/search/'));
    const status = await search(page, '代表');
    const total = Number(/找到 (\d+) 个结果/.exec(status)?.[1]);
    expect(total).toBeGreaterThan(20);
    expect(status).toContain('显示前 10 个');
    expect(await shownLinks(page)).toHaveLength(10);
    expect(fragments).toHaveLength(10);

    const more = page.getByRole('button', { name: '显示更多结果' });
    await more.click();
    await expect.poll(() => shownLinks(page)).toHaveLength(20);
    expect(fragments).toHaveLength(20);
    expect(await page.locator('#search-status').textContent()).toContain('显示前 20 个');
    // The keyboard focus moves to the first of the newly shown results.
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('href'));
    expect(focused).toBe((await shownLinks(page))[10]);

    // A new query starts again from its own first 10; pages that are only lists are not results.
    fragments.length = 0;
    await search(page, '联络站');
    const links = await shownLinks(page);
    expect(links.length).toBeGreaterThan(0);
    expect(links.length).toBeLessThanOrEqual(10);
    // Excerpts already fetched for the first query come from the page's cache, not the network.
    expect(fragments.length).toBeLessThanOrEqual(links.length);
    for (const href of links) expect(href).not.toMatch(/^\/(stations|deputies|suggestions)\/$/);
    expect(problems).toEqual([]);
    await page.close();
  });
});
