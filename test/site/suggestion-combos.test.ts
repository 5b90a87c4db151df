/**
 * Suggestion filters that combine field, unit and result without JavaScript: a static page per
 * non-empty combination (two or three of them), each listing exactly the database's matching items,
 * their number bounded by the dimensions (not by the items), and the form on the lists.
 */
import type { D1Database } from '@cloudflare/workers-types';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultClasses, suggestionCategories } from '#domain/suggestions.ts';
import { builtPath, readBuilt } from './helpers/built.ts';
import { openTestDatabase } from './records-helpers.ts';

let db: D1Database;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await openTestDatabase());
});
afterAll(async () => dispose());

/** First pages of every combination: /suggestions/combo/<field>/<unit>/<result>/. */
function comboPages(): [string, string, string][] {
  const root = builtPath('/suggestions/combo/').replace(/index\.html$/, '');
  const out: [string, string, string][] = [];
  for (const c of readdirSync(root))
    for (const u of readdirSync(`${root}${c}`))
      for (const r of readdirSync(`${root}${c}/${u}`).filter((x) => !/^\d+$/.test(x))) out.push([c, u, r]);
  return out;
}

/** Item ids on a list page (its items link to /suggestions/<id>/). */
function listedItems(html: string): Set<string> {
  const list = html.slice(html.indexOf('</form>'));
  return new Set(
    [...list.matchAll(/href="\/suggestions\/([a-z0-9][a-z0-9-]*)\/"/g)]
      .map((m) => m[1] ?? '')
      .filter((id) => id !== 'filter'),
  );
}

describe('combined suggestion filters', () => {
  it('build one page per non-empty combination, bounded by the dimensions', async () => {
    const pages = comboPages();
    expect(pages.length).toBeGreaterThan(10);
    const units =
      (await db.prepare('SELECT COUNT(*) AS n FROM handling_units').first<{ n: number }>())?.n ?? 0;
    const bound = (suggestionCategories.length + 1) * (units + 1) * (resultClasses.length + 2);
    expect(pages.length).toBeLessThanOrEqual(bound);
    for (const [c, u, r] of pages) {
      expect([c, u, r].filter((x) => x === 'all').length, `${c}/${u}/${r}`).toBeLessThanOrEqual(1);
    }
  });

  it('list exactly the items of the database that match, field, unit (lead or co-handler) and result', async () => {
    // The suggestions and their units read once (one query per combination, over 500 of them,
    // cost seconds of round trips to the D1 proxy); the matching is done here, independently of
    // the site's own queries.
    const { results: suggestions } = await db
      .prepare(
        `SELECT s.id, s.category, COALESCE(s.result_class, 'none') AS result,
                (SELECT group_concat(a.handling_unit_id, ' ') FROM suggestion_assignments a
                 WHERE a.suggestion_id = s.id) AS units
         FROM suggestions s`,
      )
      .all<{ id: string; category: string; result: string; units: string | null }>();
    for (const [c, u, r] of comboPages()) {
      const matching = suggestions.filter(
        (s) =>
          (c === 'all' || s.category === c) &&
          (u === 'all' || (s.units ?? '').split(' ').includes(u)) &&
          (r === 'all' || s.result === r),
      );
      expect(matching.length, `${c}/${u}/${r}`).toBeGreaterThan(0);
      const html = readBuilt(`/suggestions/combo/${c}/${u}/${r}/`);
      expect(html).toContain(`共 ${matching.length} 件`);
      if (matching.length <= 100) {
        expect(listedItems(html), `${c}/${u}/${r}`).toEqual(new Set(matching.map((x) => x.id)));
      }
    }
  });

  it('offers the form, working without JavaScript, on the lists and its own page', () => {
    for (const page of ['/suggestions/', '/suggestions/status/closed/', '/suggestions/filter/']) {
      const html = readBuilt(page);
      expect(html, page).toMatch(/<form class="rec-combo" action="\/suggestions\/filter\/" method="get"/);
      for (const name of ['category', 'unit', 'result']) expect(html, page).toContain(`name="${name}"`);
    }
  });
});
