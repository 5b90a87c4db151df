import type { D1Database } from '@cloudflare/workers-types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bigramText, matchExpression } from '../../functions/search/grams.ts';
import type { SearchResults } from '../../functions/search/schema.ts';
import { textOf } from './helpers/built.ts';
import { openTestDatabase } from './records-helpers.ts';

/**
 * Search in the Worker (D1 FTS5 over bigrams), as a visitor uses it: a plain form, a results
 * page without JavaScript, filters as links, exact names first, and the same hits as JSON.
 * Against the running test Worker and the index its build wrote (scripts/build.ts).
 */

const siteUrl = inject('siteUrl');
let db: D1Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ db, dispose } = await openTestDatabase());
});
afterAll(async () => dispose());

async function page(path: string): Promise<{ status: number; html: string }> {
  const response = await fetch(new URL(path, siteUrl));
  return { status: response.status, html: await response.text() };
}

async function json(query: Record<string, string>): Promise<{ bytes: number; body: SearchResults }> {
  const response = await fetch(new URL(`/api/search?${new URLSearchParams(query).toString()}`, siteUrl));
  expect(response.status).toBe(200);
  const text = await response.text();
  return { bytes: new TextEncoder().encode(text).length, body: JSON.parse(text) as SearchResults };
}

/** The result links of a results page, in order. */
function resultLinks(html: string): string[] {
  const list = /<ol id="search-results"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<li>\s*<a href="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('bigrams', () => {
  it('splits Chinese into overlapping pairs and matches a query as a substring', () => {
    expect(bigramText('加装电梯')).toBe('加装 装电 电梯 梯');
    expect(bigramText('ＡＢＣ 2026年')).toBe('abc 2026 年');
    expect(matchExpression('加装电梯 A1')).toBe('"加装 装电 电梯" AND "a1"');
    expect(matchExpression('人')).toBe('"人"*');
    expect(matchExpression('"*()')).toBeNull();
  });
});

describe('the search page', () => {
  it('is a form that works without JavaScript', async () => {
    const { status, html } = await page('/search/');
    expect(status).toBe(200);
    expect(html).not.toMatch(/<script\b/);
    expect(html).toMatch(/<form[^>]+action="\/search\/"[^>]+method="get"/);
  });

  it.each([
    [
      'deputy',
      "SELECT id, name AS title FROM deputies WHERE status = 'serving' ORDER BY id LIMIT 1",
      '/deputies/',
    ],
    ['station', 'SELECT id, name AS title FROM stations ORDER BY id LIMIT 1', '/stations/'],
    ['unit', 'SELECT id, name AS title FROM handling_units ORDER BY id LIMIT 1', '/units/'],
    ['suggestion', 'SELECT id, title FROM suggestions ORDER BY id LIMIT 1', '/suggestions/'],
  ])('finds a %s by its name, first', async (_kind, sql, prefix) => {
    const row = await db.prepare(sql).first<{ id: string; title: string }>();
    if (!row) throw new Error(`no record for ${sql}`);
    const { status, html } = await page(`/search/?q=${encodeURIComponent(row.title)}`);
    expect(status).toBe(200);
    expect(textOf(html)).toMatch(/找到 \d+ 个结果/);
    expect(resultLinks(html)[0]).toBe(`${prefix}${row.id}/`);
    expect(html).not.toMatch(/<script\b/);
  });

  it('filters by type and year with links, and pages through the results', async () => {
    const all = await json({ q: '代表' });
    expect(all.body.total).toBeGreaterThan(20);
    expect(all.body.hits).toHaveLength(20);
    expect(all.body.kinds.length).toBeGreaterThan(1);
    const { html } = await page('/search/?q=代表');
    expect(html).toContain('href="/search/?q=%E4%BB%A3%E8%A1%A8&amp;kind=report"');
    const reports = await json({ q: '代表', kind: 'report' });
    expect(reports.body.hits.every((h) => h.kind === 'report')).toBe(true);
    expect(reports.body.total).toBe(all.body.kinds.find((k) => k.kind === 'report')?.count);
    const year = reports.body.years[0]?.year;
    if (year === undefined) throw new Error('reports have no years');
    const ofYear = await json({ q: '代表', kind: 'report', year: String(year) });
    expect(ofYear.body.hits.every((h) => h.year === year)).toBe(true);
    const second = await json({ q: '代表', page: '2' });
    expect(second.body.hits[0]?.url).not.toBe(all.body.hits[0]?.url);
    const paged = await page('/search/?q=代表&page=2');
    expect(paged.html).toContain('rel="prev"');
  });

  it('transfers at most 20 KB per query (the JSON, and the page compressed as served)', async () => {
    for (const q of ['代表', '交通', '教育', '养老', '加装电梯']) {
      const { bytes } = await json({ q });
      expect(bytes, q).toBeLessThanOrEqual(20 * 1024);
    }
  });

  it('answers a bad query with the form, the error and what was typed, not a 5xx', async () => {
    const long = '很'.repeat(60);
    const { status, html } = await page(`/search/?q=${encodeURIComponent(long)}`);
    expect(status).toBe(400);
    expect(html).toContain('搜索词不能超过 50 个字');
    expect(html).toContain(`value="${long}"`);
    const bad = await fetch(new URL('/api/search?q=a&kind=nope', siteUrl));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('"error"');
  });

  it('says plainly when nothing matches', async () => {
    const { html } = await page('/search/?q=qqqxyzzy');
    expect(textOf(html)).toContain('没有找到与“qqqxyzzy”相关的结果');
  });
});
