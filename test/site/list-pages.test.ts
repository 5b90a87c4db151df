import { describe, expect, it } from 'vitest';
import {
  LIST_PAGE_SIZE,
  listPageCount,
  listPageNumber,
  listPageParams,
  listPagePath,
  listPageSlice,
  placeGroups,
} from '../../site/components/list-pages.ts';
import { builtPages, internalLinks, readBuilt } from './helpers/built.ts';

/** Groups of made-up entries: [id, size] → items 'id-1', 'id-2'… */
const groups = (...sizes: [string, number][]) =>
  sizes.map(([id, size]) => ({
    id,
    title: id,
    items: Array.from({ length: size }, (_, i) => `${id}-${i + 1}`),
  }));

describe('long lists in pages', () => {
  it.each([
    [0, 1, [undefined]],
    [1, 1, [undefined]],
    [LIST_PAGE_SIZE, 1, [undefined]],
    [LIST_PAGE_SIZE + 1, 2, [undefined, '2']],
    [LIST_PAGE_SIZE * 3, 3, [undefined, '2', '3']],
  ])('%i entries make %i page(s)', (total, pages, params) => {
    expect(listPageCount(total)).toBe(pages);
    expect(listPageParams(total)).toEqual(params);
    expect(params.map(listPageNumber)).toEqual(Array.from({ length: pages }, (_, i) => i + 1));
  });

  it('puts page 1 at the list URL and later pages under it', () => {
    expect(listPagePath('/deputies/level/county/', 1)).toBe('/deputies/level/county/');
    expect(listPagePath('/deputies/level/county/', 3)).toBe('/deputies/level/county/3/');
  });

  it('shows every entry exactly once across the pages, in order, groups going on over pages', () => {
    const list = groups(['a', LIST_PAGE_SIZE - 10], ['b', 25], ['c', LIST_PAGE_SIZE + 5]);
    const all = list.flatMap((g) => g.items);
    const { pages } = placeGroups(list, 1);
    expect(pages).toBe(3);
    const seen: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const placed = placeGroups(list, page);
      const shown = placed.groups.flatMap((g) => g.shown);
      expect(shown).toEqual(listPageSlice(all, page));
      expect(placed.first).toBe((page - 1) * LIST_PAGE_SIZE + 1);
      expect(placed.last).toBe(placed.first + shown.length - 1);
      seen.push(...shown);
    }
    expect(seen).toEqual(all);
    // b starts on page 1 and goes on on page 2; c starts on page 2.
    const second = placeGroups(list, 2).groups;
    expect(second.map((g) => [g.id, g.shown.length, g.continued, g.firstPage])).toEqual([
      ['a', 0, true, 1],
      ['b', 15, true, 1],
      ['c', LIST_PAGE_SIZE - 15, false, 2],
    ]);
  });

  it('without paging, shows everything on one page', () => {
    const list = groups(['a', LIST_PAGE_SIZE * 2]);
    const placed = placeGroups(list, null);
    expect(placed.pages).toBe(1);
    expect(placed.groups[0]?.shown).toHaveLength(LIST_PAGE_SIZE * 2);
  });
});

describe('paged lists in the built site', () => {
  const lists = [
    '/deputies/status/serving/',
    '/deputies/level/county/',
    '/deputies/term/',
    '/reports/by-deputy/',
    '/reports/coverage/',
  ];
  const built = builtPages();

  it.each(lists)('%s: every page of the list is built, linked from the pager, and none is empty', (list) => {
    const firstPages = built.filter((p) => p.startsWith(list) && !/\/\d+\/$/.test(p));
    expect(firstPages.length, list).toBeGreaterThan(0);
    for (const first of firstPages) {
      const later = built.filter((p) => p.startsWith(first) && /^\d+\/$/.test(p.slice(first.length)));
      const html = readBuilt(first);
      // A single page has no pager; otherwise page 1 links the last page, and each page its neighbours.
      if (later.length === 0) expect(html).not.toContain('class="rec-pager"');
      else expect(internalLinks(html)).toContain(`${first}${later.length + 1}/`);
      for (const page of later) {
        const n = Number(page.slice(first.length, -1));
        const links = internalLinks(readBuilt(page));
        expect(links).toContain(n === 2 ? first : `${first}${n - 1}/`);
        expect(links.filter((h) => /^\/deputies\/[a-z0-9-]+\/$/.test(h)).length).toBeGreaterThan(0);
      }
    }
  });
});
