/**
 * Feeds for the press: one Atom feed per liaison station (its reception days and the replies to
 * its deputies' motions and suggestions) and one per suggestion handling status.
 */
import type { D1Database } from '@cloudflare/workers-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestionStatuses } from '#domain/suggestions.ts';
import { hasBuilt, readBuilt } from './helpers/built.ts';
import { children, isRfc3339, parseXml, type XmlElement } from './helpers/xml.ts';
import { openTestDatabase } from './records-helpers.ts';

let db: D1Database;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await openTestDatabase());
});
afterAll(async () => dispose());

const text = (el: XmlElement, name: string): string => children(el, name)[0]?.text.trim() ?? '';

/** A well-formed Atom feed whose self link is the path; returns its entries. */
function atomEntries(path: string): XmlElement[] {
  const feed = parseXml(readBuilt(path));
  expect(feed.name).toBe('feed');
  expect(feed.attrs.xmlns).toBe('http://www.w3.org/2005/Atom');
  expect(isRfc3339(text(feed, 'updated'))).toBe(true);
  const self = children(feed, 'link').find((l) => l.attrs.rel === 'self');
  expect(new URL(self?.attrs.href ?? 'x:').pathname).toBe(path);
  const entries = children(feed, 'entry');
  const ids = new Set(entries.map((e) => text(e, 'id')));
  expect(ids.size).toBe(entries.length);
  for (const entry of entries) expect(isRfc3339(text(entry, 'updated'))).toBe(true);
  return entries;
}

describe('a feed per liaison station', () => {
  it('exists for every station, is linked from its page, and carries its reception days', async () => {
    const { results } = await db
      .prepare(
        `SELECT s.id, COUNT(r.id) AS days FROM stations s LEFT JOIN reception_days r ON r.station_id = s.id
         GROUP BY s.id ORDER BY s.id`,
      )
      .all<{ id: string; days: number }>();
    expect(results.length).toBeGreaterThan(5);
    for (const station of results) {
      const path = `/stations/${station.id}/feed.xml`;
      expect(hasBuilt(path), path).toBe(true);
      const entries = atomEntries(path);
      const days = entries.filter((e) => text(e, 'id').includes('#day-'));
      // Every reception day is in the feed unless the feed is full (its newest 40 entries).
      if (entries.length < 40) expect(days.length, path).toBe(station.days);
      else if (station.days > 0) expect(days.length, path).toBeGreaterThan(0);
      expect(readBuilt(`/stations/${station.id}/`)).toContain(`href="/stations/${station.id}/feed.xml"`);
    }
  });

  it('includes replies to motions and suggestions led by the station’s deputies', async () => {
    const row = await db
      .prepare(
        `SELECT sd.station_id, s.title FROM suggestion_replies r
         JOIN suggestions s ON s.id = r.suggestion_id
         JOIN station_deputies sd ON sd.deputy_id = s.lead_deputy_id
         ORDER BY r.replied_on DESC LIMIT 1`,
      )
      .first<{ station_id: string; title: string }>();
    expect(row).not.toBeNull();
    const titles = atomEntries(`/stations/${row?.station_id}/feed.xml`).map((e) => text(e, 'title'));
    expect(titles.some((t) => t.includes(row?.title ?? '—'))).toBe(true);
  });
});

describe('a feed per suggestion handling status', () => {
  it.each(suggestionStatuses)('%s: the items in that status, newest movement first', async (status) => {
    const path = `/suggestions/feeds/${status}.xml`;
    const entries = atomEntries(path);
    const n =
      (
        await db
          .prepare('SELECT COUNT(*) AS n FROM suggestions WHERE status = ?1')
          .bind(status)
          .first<{ n: number }>()
      )?.n ?? -1;
    expect(entries.length).toBe(Math.min(n, 50));
    const updated = entries.map((e) => Date.parse(text(e, 'updated')));
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
  });

  it('is offered on the list of that status and in the open-data page', () => {
    expect(readBuilt('/suggestions/status/closed/')).toContain('href="/suggestions/feeds/closed.xml"');
    expect(readBuilt('/data/')).toContain('href="/suggestions/feeds/replied.xml"');
  });
});
