/**
 * A citizen on a 390×844 phone: the three main actions (and the open vote) on the first screen of
 * every page type, and the elder-friendly mode measured as the 适老化 guidance asks: body text at
 * least 1.3× the normal size, a header within a quarter of the first screen, tap targets of at
 * least 48 px and body text at AAA contrast (7:1).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupByPageType, pageTypes } from '../../bench/page-types.ts';
import { builtPages } from '../../bench/site-files.ts';
import { launchBrowser, noChromium, portal, screenshots, tabIn, url, visitor } from './browser.ts';
import { BROWSER_DIST } from './paths.ts';

const PHONE = { width: 390, height: 844 };

/**
 * The first page of each type (the first screen is the same layout on every page of a type):
 * prerendered pages from the build, pages the Worker renders from the sitemap.
 */
function onePerType(): [string, string][] {
  if (noChromium) return [];
  const client = join(BROWSER_DIST, 'client');
  const { groups } = groupByPageType(builtPages(client));
  const sitemap = readFileSync(join(client, 'sitemap.xml'), 'utf8');
  const listed = [...sitemap.matchAll(/<loc>[^<]*?\/\/[^/]+(\/[^<]*)<\/loc>/g)].map((m) => m[1] ?? '');
  const onDemand = groupByPageType([...listed, '/search/']).groups;
  return pageTypes.flatMap((type) => {
    const first = [...(groups.get(type.name) ?? [])].sort()[0] ?? onDemand.get(type.name)?.[0];
    return first === undefined || type.name === '404' ? [] : [[type.name, first] as [string, string]];
  });
}
const PAGES = onePerType();

let browser: Browser;
let plain: BrowserContext;
let elder: BrowserContext;
let voteOpen = false;
beforeAll(async () => {
  if (noChromium) return;
  browser = await launchBrowser();
  plain = await browser.newContext({ ...visitor(), viewport: PHONE, locale: 'zh-CN' });
  elder = await browser.newContext({ ...visitor(), viewport: PHONE, locale: 'zh-CN' });
  const page = await tabIn(elder);
  await page.goto(url('/prefs/elder?on=1&back=/'));
  // Whether public voting is open now, from the API (the database's window, not the build's).
  const round = (await (await fetch(url(`/api/rounds/${portal.roundYear}`))).json()) as { phase: string };
  voteOpen = round.phase === 'public_voting';
});
// Mirrors beforeAll: without Chromium no browser was opened.
afterAll(async () => {
  if (!noChromium) await browser.close();
});

/** The bottom edge of the first visible link with exactly this text, or null. */
function linkBottom(page: Page, text: string): Promise<number | null> {
  return page.evaluate((label) => {
    for (const a of document.querySelectorAll('a')) {
      const box = a.getBoundingClientRect();
      if (a.textContent.trim() === label && box.height > 0) return box.bottom;
    }
    return null;
  }, text);
}

async function firstScreen(page: Page) {
  const vote = page.locator('.vote-banner a');
  return {
    write: await linkBottom(page, '写信给代表'),
    status: await linkBottom(page, '查询办理进度'),
    vote:
      (await vote.count()) > 0
        ? ((await vote.boundingBox())?.y ?? 0) + ((await vote.boundingBox())?.height ?? 0)
        : null,
  };
}

describe.skipIf(noChromium)('the first screen at 390×844', () => {
  it('finds a page of every type', () => {
    expect(PAGES.length).toBeGreaterThan(25);
  });

  it.each(PAGES)('%s (%s): 写信给代表, 查询办理进度 and the open vote', async (_type, path) => {
    for (const context of [plain, elder]) {
      const page = await tabIn(context);
      await page.goto(url(path));
      const seen = await firstScreen(page);
      expect(seen.write, path).not.toBeNull();
      expect(seen.write ?? Infinity).toBeLessThanOrEqual(PHONE.height);
      expect(seen.status ?? Infinity).toBeLessThanOrEqual(PHONE.height);
      if (voteOpen) {
        expect(seen.vote, `${path}: vote banner`).not.toBeNull();
        expect(seen.vote ?? Infinity).toBeLessThanOrEqual(PHONE.height);
        expect(await page.locator('.vote-banner a').getAttribute('href')).toBe(`/vote/${portal.roundYear}/`);
      } else {
        expect(seen.vote, `${path}: no vote is open`).toBeNull();
      }
    }
  });

  it('the actions lead where they say', async () => {
    const page = await tabIn(plain);
    await page.goto(url('/deputies/'));
    await page.getByRole('link', { name: '写信给代表', exact: true }).click();
    await page.waitForURL(url('/opinions/new/'));
    await page.getByRole('link', { name: '查询办理进度', exact: true }).first().click();
    await page.waitForURL(url('/opinions/status/'));
    expect(await page.locator('#trackingCode').isVisible()).toBe(true);
  });
});

/** What the guidance measures, read from the rendered page. */
interface ElderMeasures {
  bodyFontPx: number;
  headerPx: number;
  smallTargets: string[];
  lowContrast: string[];
}

function measure(page: Page): Promise<ElderMeasures> {
  return page.evaluate(() => {
    const parse = (c: string): [number, number, number, number] => {
      const m = c.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [m[0] ?? 0, m[1] ?? 0, m[2] ?? 0, m[3] ?? 1];
    };
    const lum = ([r, g, b]: [number, number, number, number]): number => {
      const ch = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
    };
    const background = (el: Element): [number, number, number, number] => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0.99) return bg;
      }
      return [255, 255, 255, 1];
    };
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const label = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.className ? `.${el.className}` : ''} “${el.textContent.trim().slice(0, 20)}”`;

    // Body text: the paragraphs of the page's own content.
    const paragraph = [...document.querySelectorAll('main p')].find(
      (p) => visible(p) && !p.closest('.muted, .phint, .cite, .notice') && p.textContent.trim().length > 8,
    );
    const bodyFontPx = paragraph ? parseFloat(getComputedStyle(paragraph).fontSize) : 0;
    const headerPx = document.querySelector('.site-header')?.getBoundingClientRect().height ?? Infinity;

    // Tap targets: controls and stand-alone links (links inside running text are exempt, as in
    // WCAG 2.5.8); a checkbox's target is its label.
    const targets = document.querySelectorAll(
      'header a, .vote-banner a, .crumbs a, footer a, main button, main input:not([type=hidden],[type=checkbox],[type=radio]), main select, main textarea, main summary, main .button, main a.title, main label.pcheck',
    );
    const smallTargets: string[] = [];
    for (const el of targets) {
      // The honeypot field is off-screen for people (only robots fill it in).
      if (!visible(el) || el.closest('.hp')) continue;
      const box = el.getBoundingClientRect();
      if (box.height < 47.5 || box.width < 47.5) {
        smallTargets.push(`${label(el)} ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }

    // AAA contrast of the text the page is about (7:1 for text under 24 px).
    const lowContrast: string[] = [];
    const texts = document.querySelectorAll(
      'main p, main li, main dd, main dt, main td, main th, main label, main a, main h1, main h2, main h3, main span, main b, main legend',
    );
    for (const el of texts) {
      if (!visible(el) || el.closest('.skip-link')) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && (n.textContent ?? '').trim() !== '');
      if (!own) continue;
      const style = getComputedStyle(el);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const needed = size >= 24 || (bold && size >= 18.66) ? 4.5 : 7;
      const fg = lum(parse(style.color));
      const bg = lum(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < needed) lowContrast.push(`${label(el)} ${ratio.toFixed(2)}:1`);
    }
    return {
      bodyFontPx,
      headerPx,
      smallTargets: smallTargets.slice(0, 10),
      lowContrast: lowContrast.slice(0, 10),
    };
  });
}

describe.skipIf(noChromium)('elder-friendly mode, measured (适老化)', () => {
  const pages = (): [string, string][] => [
    ['home', '/'],
    ['a profile', PAGES.find(([type]) => type === 'profile')?.[1] ?? ''],
    ['the opinion form', '/opinions/new/'],
    ['the vote', `/vote/${portal.roundYear}/`],
  ];

  it.each(noChromium ? [] : pages())('%s (%s)', async (name, path) => {
    expect(path).not.toBe('');
    const normal = await tabIn(plain);
    await normal.goto(url(path));
    const before = await measure(normal);

    const page = await tabIn(elder);
    await page.goto(url(path));
    expect(await page.locator('header a.elder-on').isVisible()).toBe(true);
    const after = await measure(page);
    expect(before.bodyFontPx).toBeGreaterThan(0);
    expect(after.bodyFontPx / before.bodyFontPx, `${path}: body text`).toBeGreaterThanOrEqual(1.3);
    expect(after.headerPx, `${path}: header height`).toBeLessThanOrEqual(PHONE.height / 4);
    expect(after.smallTargets, `${path}: tap targets under 48 px`).toEqual([]);
    expect(after.lowContrast, `${path}: text under AAA contrast`).toEqual([]);
    await screenshots(page, `elder-${name.replace(/\s+/g, '-')}`);
  });
});

/** For each group of the code on screen: how many lines it takes (1 when it never breaks). */
function groupLines(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(
    (sel) => [...document.querySelectorAll(`${sel} span`)].map((span) => span.getClientRects().length),
    selector,
  );
}

async function fillOpinion(page: Page, title: string): Promise<void> {
  await page.fill('#title', title);
  await page.fill('#content', '小区东门的路灯坏了一个多月，晚上出行很不方便，希望尽快修复。');
  await page.check('input[name=consent]');
  await page.click('form[data-opinion-form] button[type=submit]');
}

describe.skipIf(noChromium)('a tracking code on a phone', () => {
  it('with JavaScript: whole groups, a copy button, the due date and a printable receipt', async () => {
    const context = await browser.newContext({ ...visitor(), viewport: PHONE, locale: 'zh-CN' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portal.baseUrl });
    for (const elderMode of [false, true]) {
      if (elderMode) {
        const toggle = await context.newPage();
        await toggle.goto(url('/prefs/elder?on=1&back=/'));
        await toggle.close();
      }
      const page = await context.newPage();
      await page.goto(url('/opinions/new/'));
      await fillOpinion(page, elderMode ? '长辈模式下的查询码' : '手机上的查询码');
      const code = page.locator('[data-result] .pcode');
      await code.waitFor();
      const trackingCode = (await code.textContent())?.trim() ?? '';
      expect(trackingCode).toMatch(/^([0-9A-Z]{4}-){4}[0-9A-Z]$/);
      const lines = await groupLines(page, '[data-result] .pcode');
      expect(lines).toEqual([1, 1, 1, 1, 1]);
      expect(await page.locator('[data-result]').textContent()).toMatch(
        /答复期限：\d{4}年\d{1,2}月\d{1,2}日前/,
      );

      await page.getByRole('button', { name: '复制查询码' }).click();
      await expect.poll(() => page.locator('[data-result] [role=status]').textContent()).toContain('已复制');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(trackingCode);

      await page.getByRole('button', { name: '打开可打印的回执' }).click();
      await page.locator('.receipt').waitFor();
      expect((await page.locator('.receipt .code').textContent())?.replace(/\s/g, '')).toBe(trackingCode);
      expect(await groupLines(page, '.receipt .code')).toEqual([1, 1, 1, 1, 1]);
      expect(await page.locator('.receipt').textContent()).toContain('答复期限');
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('header').isVisible()).toBe(false);
      expect(await page.locator('.receipt').isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });
      await screenshots(page, `receipt${elderMode ? '-elder' : ''}`);
      await page.close();
    }
    await context.close();
  });

  it('without JavaScript: the answer page is the printable receipt', async () => {
    const context = await browser.newContext({
      ...visitor(),
      viewport: PHONE,
      locale: 'zh-CN',
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(url('/opinions/new/'));
    await fillOpinion(page, '不用脚本的查询码');
    await page.locator('.receipt').waitFor();
    const text = (await page.locator('.receipt .code').textContent())?.replace(/\s/g, '') ?? '';
    expect(text).toMatch(/^([0-9A-Z]{4}-){4}[0-9A-Z]$/);
    expect(await groupLines(page, '.receipt .code')).toEqual([1, 1, 1, 1, 1]);
    expect(await page.locator('.receipt').textContent()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日前/);
    await screenshots(page, 'receipt-no-js');
    await context.close();
  });
});

describe.skipIf(noChromium)('find my deputies by search, on a phone', () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`from the home page, part of a community's name leads to its deputies (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({
        ...visitor(),
        viewport: PHONE,
        locale: 'zh-CN',
        javaScriptEnabled,
      });
      const page = await context.newPage();
      // A community of the detailed district, found by the last two characters of its name.
      await page.goto(url('/areas/find/'));
      const item = page.locator('li[data-area^="望川区"] a.title').last();
      const name = (await item.textContent())?.trim() ?? '';
      const href = (await item.getAttribute('href')) ?? '';
      expect(name).toMatch(/(社区|村)$/);
      const part = name.replace(/(社区|村)$/, '').slice(-2);

      await page.goto(url('/'));
      await page.fill('#area-q', ` ${part} `);
      await page.getByRole('button', { name: '查找', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/areas/find/');
      expect(await page.locator('[data-area-count]').textContent()).toMatch(/^找到 \d+ 处名称含“/);
      expect(await page.inputValue('#area-q')).toBe(part);
      const results = page.locator('li[data-area]');
      expect(await results.count()).toBeGreaterThan(0);
      for (const area of await results.evaluateAll((els) =>
        els.map((e) => e.getAttribute('data-area') ?? ''),
      )) {
        expect(area).toContain(part);
      }
      await screenshots(page, `area-search-${javaScriptEnabled ? 'js' : 'no-js'}`);
      await page.locator(`li[data-area] a[href="${href}"]`).click();
      await page.waitForURL(url(href));
      expect(await page.locator('h3[id^="lv-"]:not([data-missing])').count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('#stations ~ ul a[href^="/stations/"]').count()).toBeGreaterThan(0);
      await context.close();
    });
  }

  it('says so when nothing matches, and re-shows a too-long entry with the error', async () => {
    const page = await tabIn(plain);
    await page.goto(url('/areas/'));
    await page.fill('#area-q', '不存在的地方');
    await page.getByRole('button', { name: '查找', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/areas/find/');
    expect(await page.locator('[data-area-count]').textContent()).toContain('没有找到');
    const response = await page.goto(url(`/areas/find/?q=${encodeURIComponent('长'.repeat(30))}`));
    expect(response?.status()).toBe(400);
    expect(await page.locator('[data-area-error]').textContent()).toContain('最多输入 20 个字');
    expect(await page.inputValue('#area-q')).toBe('长'.repeat(30));
  });
});

describe.skipIf(noChromium)('combined suggestion filters without JavaScript', () => {
  it('field, unit and result from the form lead to the static list of that combination', async () => {
    const context = await browser.newContext({
      ...visitor(),
      viewport: PHONE,
      locale: 'zh-CN',
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    // A combination that has items: the first narrowing link of the first field's page.
    await page.goto(url('/suggestions/'));
    const category = await page.locator('#combo-category option').nth(1).getAttribute('value');
    await page.goto(url(`/suggestions/category/${category}/`));
    const narrowed = page.locator('.rec-narrow a[href*="/combo/"]').first();
    const href = (await narrowed.getAttribute('href')) ?? '';
    const [, , , c, u, r] = href.split('/');
    await page.goto(url('/suggestions/'));
    await page.selectOption('#combo-category', c ?? '');
    if (u !== 'all') await page.selectOption('#combo-unit', u ?? '');
    if (r !== 'all') await page.selectOption('#combo-result', r ?? '');
    await page.getByRole('button', { name: '查看', exact: true }).click();
    await page.waitForURL(url(href));
    expect(await page.inputValue('#combo-category')).toBe(c);
    expect(await page.locator('h1').textContent()).toContain('领域：');

    // A combination nobody filed: the form again, choices kept, and a plain explanation.
    await page.goto(url(`/suggestions/filter/?category=${c}&unit=no-such-unit&result=C`));
    expect(await page.locator('[data-combo-empty]').isVisible()).toBe(true);
    expect(await page.inputValue('#combo-category')).toBe(c);
    await screenshots(page, 'suggestion-combo-empty');
    await context.close();
  });
});
