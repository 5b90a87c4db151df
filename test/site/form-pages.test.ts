import type { D1Database } from '@cloudflare/workers-types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasBuilt } from './helpers/built.ts';
import { openTestDatabase } from './records-helpers.ts';

/**
 * The opinion form pages of deputies and stations are rendered by the Worker (one per serving
 * deputy and open station would grow with the city), yet behave as the static ones did: the
 * Worker serves them with its CSP, answers 404 for a deputy who no longer takes opinions, and a
 * failed post without JavaScript shows the same rendered page again with the errors and the
 * typed text (functions/lib/form-pages.ts fetchFormPage, lib/form-errors.ts).
 */

const siteUrl = inject('siteUrl');
let db: D1Database;
let dispose: () => Promise<void>;
let serving: { id: string; name: string };
let former: { id: string } | null;
let station: { id: string; name: string };

beforeAll(async () => {
  ({ db, dispose } = await openTestDatabase());
  const d = await db
    .prepare(`SELECT id, name FROM deputies WHERE status = 'serving' ORDER BY id LIMIT 1`)
    .first<{ id: string; name: string }>();
  const s = await db
    .prepare(`SELECT id, name FROM stations WHERE is_active = 1 ORDER BY id LIMIT 1`)
    .first<{ id: string; name: string }>();
  if (!d || !s) throw new Error('the test D1 has no serving deputy or open station');
  serving = d;
  station = s;
  former = await db
    .prepare(`SELECT id FROM deputies WHERE status <> 'serving' ORDER BY id LIMIT 1`)
    .first<{ id: string }>();
});
afterAll(async () => dispose());

describe('opinion form pages rendered by the Worker', () => {
  it('are not static files, and the Worker serves them with the form CSP', async () => {
    const path = `/opinions/new/deputy/${serving.id}/`;
    expect(hasBuilt('/opinions/new/')).toBe(true);
    const response = await fetch(new URL(path, siteUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
    const html = await response.text();
    expect(html).toContain(`<h1>给${serving.name}代表写信</h1>`);
    expect(html).toContain(`name="target.id" value="${serving.id}"`);
    expect(html).toContain(`name="_page" value="${path}"`);
    // The categories come from D1, as on the static form.
    const categories = await db
      .prepare(`SELECT COUNT(*) AS n FROM opinion_categories WHERE is_active = 1`)
      .first<{ n: number }>();
    expect(html.match(/<option value="[^"]+">/g)?.length ?? 0).toBe(categories?.n ?? -1);

    const stationPage = await fetch(new URL(`/opinions/new/station/${station.id}/`, siteUrl));
    expect(stationPage.status).toBe(200);
    expect(await stationPage.text()).toContain(`<h1>给${station.name}留言</h1>`);
  });

  it('answer 404 for an unknown deputy or one no longer serving', async () => {
    expect((await fetch(new URL('/opinions/new/deputy/no-such-deputy/', siteUrl))).status).toBe(404);
    if (former)
      expect((await fetch(new URL(`/opinions/new/deputy/${former.id}/`, siteUrl))).status).toBe(404);
  });

  it('show the rendered page again after a failed post without JavaScript', async () => {
    const path = `/opinions/new/deputy/${serving.id}/`;
    const origin = new URL(siteUrl).origin;
    const response = await fetch(new URL('/api/opinions', siteUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: origin,
        Referer: new URL(path, siteUrl).href,
      },
      body: new URLSearchParams([
        ['_page', path],
        ['target.type', 'deputy'],
        ['target.id', serving.id],
        ['title', 'x'],
        ['content', '楼道灯坏了：<b>请修</b>'],
        ['homepage', ''],
      ]).toString(),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/<title>错误：给.+代表写信/);
    expect(html).toContain(`<h1>给${serving.name}代表写信</h1>`);
    expect(html).toMatch(/<div class="perrors" data-errors role="alert" tabindex="-1"><h2>/);
    expect(html).toContain('<a href="#title">标题：');
    expect(html).toContain('楼道灯坏了：&lt;b&gt;请修&lt;/b&gt;</textarea>');
  });
});
