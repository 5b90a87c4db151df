import type { D1Database } from '@cloudflare/workers-types';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sitemapFiles } from '../../site/lib/sitemap.ts';
import { BUILD_CLIENT } from './build-paths.ts';
import { openTestDatabase } from './records-helpers.ts';

/** Every public page is findable: the sitemap lists the Worker's record pages too, and splits. */

let db: D1Database;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await openTestDatabase());
});
afterAll(async () => dispose());

describe('sitemap', () => {
  it('lists every page the Worker renders on request, with the prerendered ones', async () => {
    const xml = readFileSync(join(BUILD_CLIENT, 'sitemap.xml'), 'utf8');
    const locs = new Set([...xml.matchAll(/<loc>[^<]*?\/\/[^/]+(\/[^<]*)<\/loc>/g)].map((m) => m[1]));
    expect(locs.has('/')).toBe(true);
    expect(locs.has('/deputies/')).toBe(true);
    for (const [table, prefix] of [
      ['deputies', '/deputies/'],
      ['suggestions', '/suggestions/'],
      ['duty_reports', '/reports/'],
      ['stations', '/stations/'],
      ['deputy_groups', '/groups/'],
      ['handling_units', '/units/'],
    ] as const) {
      const { results } = await db.prepare(`SELECT id FROM ${table}`).all<{ id: string }>();
      expect(results.length, table).toBeGreaterThan(0);
      for (const { id } of results) expect(locs.has(`${prefix}${id}/`), `${prefix}${id}/`).toBe(true);
    }
    const candidates = await db
      .prepare('SELECT id, round_year FROM project_candidates')
      .all<{ id: string; round_year: number }>();
    expect(candidates.results.length).toBeGreaterThan(0);
    for (const { id, round_year } of candidates.results)
      expect(locs.has(`/projects/${round_year}/${id}/`), id).toBe(true);
    expect(locs.has('/search/')).toBe(false);
  });

  it('splits into a sitemap index past the URL limit of one file', () => {
    const paths = ['', 'a/', 'b/', 'c/', 'd/', 'e/'];
    expect([...sitemapFiles('https://x.test/', paths, '2026-01-01', 6).keys()]).toEqual(['sitemap.xml']);
    const split = sitemapFiles('https://x.test/', paths, '2026-01-01', 4);
    expect([...split.keys()].sort()).toEqual(['sitemap-1.xml', 'sitemap-2.xml', 'sitemap.xml']);
    expect(split.get('sitemap.xml')).toContain('<sitemapindex');
    expect(split.get('sitemap.xml')).toContain('<loc>https://x.test/sitemap-2.xml</loc>');
    expect(split.get('sitemap-1.xml')?.match(/<url>/g)).toHaveLength(4);
    expect(split.get('sitemap-2.xml')?.match(/<url>/g)).toHaveLength(2);
  });
});
