/**
 * axe-core on every page type of the site, in normal and in elder-friendly mode, on the forms in
 * their error state and on the staff console: no serious or critical WCAG 2.0/2.1/2.2 A or AA
 * violation. Plus the keyboard basics axe cannot see: the skip link and a visible focus.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupByPageType, pageTypes } from '../../bench/page-types.ts';
import { builtFile, builtPages } from '../../bench/site-files.ts';
import {
  launchBrowser,
  noChromium,
  portal,
  screenshots,
  seriousViolations,
  tabIn,
  url,
  VIEWPORTS,
  visitor,
} from './browser.ts';
import { BROWSER_DIST } from './paths.ts';

/**
 * The largest prerendered page of each type: the most tables, lists and links to get wrong. Types
 * the Worker renders on request have no file: their first page in the sitemap stands for them.
 */
function representatives(): [string, string][] {
  if (noChromium) return [];
  const client = join(BROWSER_DIST, 'client');
  const { groups } = groupByPageType(builtPages(client));
  const sitemap = readFileSync(join(client, 'sitemap.xml'), 'utf8');
  const listed = [...sitemap.matchAll(/<loc>[^<]*?\/\/[^/]+(\/[^<]*)<\/loc>/g)].map((m) => m[1] ?? '');
  const onDemand = groupByPageType([...listed, '/search/']).groups;
  return pageTypes.map((type) => {
    const paths = groups.get(type.name) ?? [];
    const largest = paths.reduce(
      (best, path) => {
        const size = statSync(builtFile(client, path)).size;
        return size > best.size ? { path, size } : best;
      },
      { path: '', size: -1 },
    );
    return [type.name, largest.path || (onDemand.get(type.name)?.[0] ?? '')];
  });
}
const PAGES = representatives();

let browser: Browser;
let plain: BrowserContext;
let elder: BrowserContext;
beforeAll(async () => {
  if (noChromium) return;
  browser = await launchBrowser();
  plain = await browser.newContext({ ...visitor(), viewport: VIEWPORTS.desktop, locale: 'zh-CN' });
  elder = await browser.newContext({ ...visitor(), viewport: VIEWPORTS.phone, locale: 'zh-CN' });
  // The reader's own switch: a link that sets the cookie and comes back.
  const page = await tabIn(elder);
  await page.goto(url('/prefs/elder/'));
  await page.locator('main a.elder-off').click();
  await page.waitForURL(url('/'));
});
// Mirrors beforeAll: without Chromium no browser was opened.
afterAll(async () => {
  if (!noChromium) await browser.close();
});

/** Elements that stick out past the right edge of the window (outside scrollable table boxes). */
function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('.table-wrap, .skip-link, .hp')) continue;
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 0.5) {
        out.push(`${el.tagName.toLowerCase()}.${el.className} ${el.textContent.trim().slice(0, 40)}`);
      }
    }
    return out.slice(0, 5);
  });
}

async function check(context: BrowserContext, path: string, prepare?: (page: Page) => Promise<void>) {
  const page = await tabIn(context);
  const response = await page.goto(url(path));
  expect(response?.status(), path).toBeLessThan(path === '/404.html' ? 500 : 400);
  if (prepare) await prepare(page);
  return { page, violations: await seriousViolations(page) };
}

describe.skipIf(noChromium)('every page type', () => {
  it('has a page of each type to check', () => {
    expect(PAGES.filter(([, path]) => path === '')).toEqual([]);
  });

  it.each(PAGES)('%s (%s)', async (_type, path) => {
    const { page, violations } = await check(plain, path);
    expect(violations).toEqual([]);
    // Reflow (WCAG 1.4.10): at 320 CSS pixels nothing but a wide table's own box scrolls sideways.
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await overflowingElements(page), `${path} at 320 px`).toEqual([]);
  });

  it('an unknown address answers with the 404 page', async () => {
    const page = await tabIn(plain);
    const response = await page.goto(url('/deputies/no-such-deputy/'));
    expect(response?.status()).toBe(404);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe.skipIf(noChromium)('elder-friendly mode', () => {
  it('is on: larger text from the Worker’s stylesheet, the switch offers to turn it off', async () => {
    const page = await tabIn(elder);
    await page.goto(url('/'));
    const rootSize = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    // 1.3× the normal 17 px at least (the 适老化 guidance; phone.test.ts measures the rest).
    expect(rootSize).toBe('22.4px');
    expect(await page.locator('header a.elder-on').isVisible()).toBe(true);
    expect(await page.locator('header a.elder-off').isVisible()).toBe(false);
    await page.goto(url('/opinions/new/'));
    await screenshots(page, 'elder-opinion-form');
  });

  it.each(PAGES)('%s (%s)', async (_type, path) => {
    const { page, violations } = await check(elder, path);
    expect(violations).toEqual([]);
    expect(await overflowingElements(page), `${path} at 390 px`).toEqual([]);
  });
});

describe.skipIf(noChromium)('pages in the states people meet them in', () => {
  it('the opinion form showing its errors', async () => {
    const { violations } = await check(plain, '/opinions/new/', async (p) => {
      await p.click('form[data-opinion-form] button[type=submit]');
      await p.locator('[data-errors]:not([hidden])').waitFor();
    });
    expect(violations).toEqual([]);
  });

  it('the status form showing an unknown code', async () => {
    const { violations } = await check(plain, '/opinions/status/', async (p) => {
      await p.fill('#trackingCode', '0000-0000-0000-0000-0');
      await p.click('form[data-lookup-form] button[type=submit]');
      await p.locator('[data-errors]:not([hidden])').waitFor();
    });
    expect(violations).toEqual([]);
  });

  it('the status of an answered opinion, with its feedback form', async () => {
    const { violations } = await check(plain, '/opinions/status/', async (p) => {
      await p.fill('#trackingCode', portal.trackingCodes[0] ?? '');
      await p.click('form[data-lookup-form] button[type=submit]');
      await p.locator('[data-result] input[name=resolved]').first().waitFor();
    });
    expect(violations).toEqual([]);
  });

  it('search with results', async () => {
    const { violations } = await check(plain, '/search/?q=代表', async (p) => {
      await p.locator('#search-results li').first().waitFor();
    });
    expect(violations).toEqual([]);
  });
});

describe.skipIf(noChromium)('keyboard', () => {
  it('reaches the skip link first, shows where the focus is, and skips to the content', async () => {
    const page = await tabIn(plain);
    await page.goto(url('/deputies/'));
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return {
        text: el.textContent.trim(),
        outline: style.outlineStyle,
        left: el.getBoundingClientRect().left,
      };
    });
    expect(focused.text).toBe('跳到正文');
    expect(focused.outline).not.toBe('none');
    expect(focused.left).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#main$/);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
  });
});

describe.skipIf(noChromium)('the staff console', () => {
  let staff: BrowserContext;
  beforeAll(async () => {
    staff = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  });
  afterAll(() => staff.close());

  it('sign-in page', async () => {
    const { page, violations } = await check(staff, '/staff/sign-in');
    expect(violations).toEqual([]);
    const admin = page.locator('select[name=staffId] option', { hasText: '管理员' }).first();
    await page.selectOption('select[name=staffId]', (await admin.getAttribute('value')) ?? '');
    await page.click('form[action="/staff/sign-in"] button[type=submit]');
    await page.waitForURL(/\/staff\?notice=signed_in/);
  });

  it.each([
    '/staff',
    '/staff/opinions',
    '/staff/rounds',
    '/staff/imports',
    '/staff/publish',
    '/staff/audit',
    '/staff/accounts',
    '/staff/records',
    '/staff/records/suggestion',
    // The open round's page: its settings, phase, candidate and count forms and the drafts waiting.
    `/staff/rounds/${String(portal.roundYear)}`,
  ])('%s', async (path) => {
    const { page, violations } = await check(staff, path);
    expect(page.url()).toContain(path);
    expect(violations).toEqual([]);
  });

  it('a suggestion’s edit form, with its replies and commitments', async () => {
    const { violations } = await check(staff, '/staff/records/suggestion', async (p) => {
      await p.locator('table a[href^="/staff/records/suggestion/"]').first().click();
      await p.waitForURL(/\/staff\/records\/suggestion\/[a-z0-9-]+$/);
    });
    expect(violations).toEqual([]);
  });

  it('a deputy group, with its members and their roles', async () => {
    const { violations } = await check(staff, '/staff/records/deputy_group', async (p) => {
      await p.locator('table a[href^="/staff/records/deputy_group/"]').first().click();
      await p.waitForURL(/\/staff\/records\/deputy_group\/[a-z0-9-]+$/);
    });
    expect(violations).toEqual([]);
  });

  it('a change waiting for a second person, on a phone: a card with its state and buttons, no sideways scroll', async () => {
    const page = await tabIn(staff);
    await page.goto(url('/staff/records/deputy'));
    await page.locator('table a[href^="/staff/records/deputy/"]').first().click();
    await page.waitForURL(/\/staff\/records\/deputy\/[a-z0-9-]+$/);
    const record = page.url();
    // A corrected name: a draft that waits for someone other than its drafter.
    await page.fill('#f-name', `${await page.inputValue('#f-name')}（更正）`);
    await page.fill('#f-reason', '姓名录入有误');
    await page.fill('#f-reference', '选举结果报告');
    await Promise.all([
      page.waitForURL(/notice=change_needs_confirmation/),
      page.locator('form:has(#f-name) button[type=submit]').first().click(),
    ]);
    try {
      await page.setViewportSize(VIEWPORTS.phone);
      await page.goto(url('/staff/publish'));
      const card = page.locator('tr', { hasText: '（更正）' });
      expect(await card.getByText('待确认', { exact: true }).isVisible()).toBe(true);
      const withdraw = card.getByRole('button', { name: '撤回' });
      const box = await withdraw.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        VIEWPORTS.phone.width,
      );
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      // The draft is withdrawn: the other journeys on this portal see the record as it was.
      await page.goto(record);
      await page.getByRole('button', { name: '撤回这项修改' }).click();
    }
  });

  it('an opinion', async () => {
    const { violations } = await check(staff, '/staff/opinions', async (p) => {
      await p.locator('table a[href^="/staff/opinions/"]').first().click();
      await p.waitForURL(/\/staff\/opinions\/\d+$/);
    });
    expect(violations).toEqual([]);
  });
});
