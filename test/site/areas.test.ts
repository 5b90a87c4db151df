/**
 * Find my deputies, complete: every area page of the demo city, checked against the database the
 * build read. A community or village page lists every serving deputy whose electoral unit or
 * constituency covers it or a place above it, shows each level that has deputies in its district
 * (the township level: in its township), and names a liaison station that serves it. The area
 * search page lists every place of the city.
 */
import type { D1Database } from '@cloudflare/workers-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { internalLinks, readBuilt } from './helpers/built.ts';
import { openTestDatabase } from './records-helpers.ts';

interface AreaRow {
  id: string;
  kind: string;
  district_id: string | null;
  township_id: string | null;
  is_leaf: number;
}

let db: D1Database;
// Unset if opening the database failed; then there is nothing to dispose of.
let dispose: (() => Promise<void>) | undefined;
let areas: AreaRow[] = [];
/** Serving deputies who represent each area (their unit covers it or an area above it). */
const representing = new Map<string, Set<string>>();
/** Levels with serving deputies elected anywhere within an area (or above it). */
const levelsWithin = new Map<string, Set<string>>();

beforeAll(async () => {
  ({ db, dispose } = await openTestDatabase());
  const { results } = await db
    .prepare(
      `WITH RECURSIVE up(area_id, ancestor_id, ancestor_kind) AS (
         SELECT id, id, kind FROM areas
         UNION ALL
         SELECT up.area_id, a.parent_id, p.kind FROM up
         JOIN areas a ON a.id = up.ancestor_id JOIN areas p ON p.id = a.parent_id
       )
       SELECT a.id, a.kind,
         (SELECT ancestor_id FROM up WHERE area_id = a.id AND ancestor_kind = 'district') AS district_id,
         (SELECT ancestor_id FROM up WHERE area_id = a.id AND ancestor_kind = 'township') AS township_id,
         NOT EXISTS (SELECT 1 FROM areas c WHERE c.parent_id = a.id) AS is_leaf
       FROM areas a WHERE a.kind <> 'city' ORDER BY a.id`,
    )
    .all<AreaRow>();
  areas = results;
  const covers = await db
    .prepare(
      `WITH RECURSIVE down(area_id, covered_id) AS (
         SELECT id, id FROM areas
         UNION ALL
         SELECT down.area_id, c.id FROM down JOIN areas c ON c.parent_id = down.covered_id
       )
       SELECT down.covered_id AS area_id, d.id AS deputy_id, c.level
       FROM deputies d
       JOIN electoral_unit_areas eua ON eua.electoral_unit_id = d.electoral_unit_id
       JOIN terms t ON t.id = d.term_id JOIN congresses c ON c.id = t.congress_id
       JOIN down ON down.area_id = eua.area_id
       WHERE d.status = 'serving'`,
    )
    .all<{ area_id: string; deputy_id: string; level: string }>();
  const ancestors = await db
    .prepare(
      `WITH RECURSIVE up(area_id, ancestor_id) AS (
         SELECT id, id FROM areas
         UNION ALL
         SELECT up.area_id, a.parent_id FROM up JOIN areas a ON a.id = up.ancestor_id WHERE a.parent_id IS NOT NULL
       ) SELECT area_id, ancestor_id FROM up`,
    )
    .all<{ area_id: string; ancestor_id: string }>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) =>
    map.set(key, (map.get(key) ?? new Set<string>()).add(value));
  for (const row of covers.results) {
    add(representing, row.area_id, row.deputy_id);
    for (const up of ancestors.results.filter((a) => a.area_id === row.area_id)) {
      add(levelsWithin, up.ancestor_id, row.level);
    }
  }
}, 60_000);
afterAll(() => dispose?.());

/** The level sections a page lists deputies under (not the ones that say why there are none). */
function listedLevels(html: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const match of html.matchAll(/<h3 id="lv-([a-z]+)">[\s\S]*?<\/section>/g)) {
    const deputies = internalLinks(match[0]).filter((h) => /^\/deputies\/[a-z0-9-]+\/$/.test(h));
    out.set(match[1] ?? '', deputies);
  }
  return out;
}

describe('every community and village page', () => {
  const leaves = () => areas.filter((a) => a.is_leaf === 1);

  it('exists for every leaf of the demo city', () => {
    expect(leaves().length).toBeGreaterThan(100);
  });

  it('lists every deputy who represents it, each level with deputies in its district, and a station', () => {
    const problems: string[] = [];
    for (const area of leaves()) {
      const html = readBuilt(`/areas/${area.id}/`);
      const listed = listedLevels(html);
      const shown = new Set([...listed.values()].flat().map((h) => h.split('/')[2]));
      for (const deputy of representing.get(area.id) ?? []) {
        if (!shown.has(deputy)) problems.push(`${area.id}: deputy ${deputy} missing`);
      }
      const expected = new Set<string>();
      for (const level of levelsWithin.get(area.district_id ?? '') ?? []) {
        if (level !== 'township') expected.add(level);
      }
      for (const level of levelsWithin.get(area.township_id ?? '') ?? []) expected.add(level);
      for (const level of expected) {
        if ((listed.get(level) ?? []).length === 0) problems.push(`${area.id}: no ${level} deputies`);
      }
      // Every one of the five levels is accounted for: listed, or a sentence saying why not.
      for (const level of ['national', 'provincial', 'municipal', 'county', 'township']) {
        if (!html.includes(`id="lv-${level}"`)) problems.push(`${area.id}: level ${level} not mentioned`);
      }
      const stations = html.slice(html.indexOf('id="stations"'), html.indexOf('id="deputies"'));
      if (!/href="\/stations\/[a-z0-9-]+\/"/.test(stations)) problems.push(`${area.id}: no station`);
    }
    expect(problems).toEqual([]);
  });

  it('lists district deputies in every district: each district has its own congress', () => {
    const districts = new Set(leaves().map((a) => a.district_id));
    expect(districts.size).toBe(8);
    const problems: string[] = [];
    for (const area of leaves()) {
      const html = readBuilt(`/areas/${area.id}/`);
      if ((listedLevels(html).get('county') ?? []).length === 0)
        problems.push(`${area.id}: no district deputies`);
      if (html.includes('本平台尚未收录')) problems.push(`${area.id}: says a congress is not recorded`);
    }
    expect(problems).toEqual([]);
  });

  it('has the township level where the demo city elects it (望川区)', () => {
    const inTownships = leaves().filter((a) => a.township_id !== null);
    expect(inTownships.length).toBeGreaterThan(3);
    for (const area of inTownships) {
      expect(listedLevels(readBuilt(`/areas/${area.id}/`)).size, area.id).toBe(5);
    }
  });
});

describe('the area search page', () => {
  it('lists every street, township, community and village, each linking to its page', () => {
    const html = readBuilt('/areas/find/');
    const items = [
      ...html.matchAll(/<li data-area="([^"]+)">\s*<a class="title" href="\/areas\/([a-z0-9-]+)\/"/g),
    ];
    expect(new Set(items.map((m) => m[2]))).toEqual(
      new Set(areas.filter((a) => a.kind !== 'district').map((a) => a.id)),
    );
    expect(html).toContain('action="/areas/find/"');
  });

  it('is offered on the home page and the areas hub', () => {
    for (const page of ['/', '/areas/']) {
      expect(readBuilt(page), page).toMatch(/<form[^>]+action="\/areas\/find\/" method="get"/);
    }
  });
});
