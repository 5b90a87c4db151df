/**
 * Long lists of deputies (a level, a term, a status, the duty-report coverage) come in pages of
 * LIST_PAGE_SIZE: at ten times the demo city one page of everyone would pass the 40 KB page
 * budget. Each page is a static file linked by the pager, so paging works without JavaScript.
 * Page 1 is the list's own URL; page n is `<list URL>n/` (an Astro `[...page]` rest parameter).
 */
export const LIST_PAGE_SIZE = 200;

export function listPageCount(total: number): number {
  return Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
}

/** The `page` rest parameters of a list of `total` entries: undefined for page 1, then "2", "3"… */
export function listPageParams(total: number): (string | undefined)[] {
  return [undefined, ...Array.from({ length: listPageCount(total) - 1 }, (_, i) => String(i + 2))];
}

/** The page number of a `page` rest parameter (as listPageParams made it). */
export function listPageNumber(param: string | undefined): number {
  return param === undefined ? 1 : Number(param);
}

export function listPagePath(base: string, page: number): string {
  return page === 1 ? base : `${base}${page}/`;
}

/** The entries of one page. */
export function listPageSlice<T>(entries: readonly T[], page: number): T[] {
  return entries.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE);
}

/** " （第 n 页）" for titles of pages after the first, so that every page has its own title. */
export function listPageSuffix(page: number): string {
  return page > 1 ? `（第 ${page} 页）` : '';
}

export interface ListGroup<T> {
  /** Anchor of the group's heading ('' for a group without one). */
  id: string;
  title: string;
  items: readonly T[];
}

export interface PlacedGroup<T> extends ListGroup<T> {
  /** The group's entries on this page (none when it lies wholly on other pages). */
  shown: T[];
  /** It began on an earlier page. */
  continued: boolean;
  /** The page its first entry is on. */
  firstPage: number;
}

/**
 * A list in groups (levels, congresses…) cut into pages in reading order, so a group may go on over
 * pages. `page` null: one page with everything.
 */
export function placeGroups<T>(
  groups: readonly ListGroup<T>[],
  page: number | null,
): { groups: PlacedGroup<T>[]; pages: number; total: number; first: number; last: number } {
  const total = groups.reduce((n, g) => n + g.items.length, 0);
  const start = page === null ? 0 : (page - 1) * LIST_PAGE_SIZE;
  const end = page === null ? total : Math.min(total, start + LIST_PAGE_SIZE);
  let offset = 0;
  const placed = groups.map((g) => {
    const from = offset;
    offset += g.items.length;
    return {
      ...g,
      shown: g.items.slice(Math.max(0, start - from), Math.max(0, end - from)),
      continued: from < start,
      firstPage: page === null ? 1 : Math.floor(from / LIST_PAGE_SIZE) + 1,
    };
  });
  return {
    groups: placed,
    pages: page === null ? 1 : listPageCount(total),
    total,
    first: start + 1,
    last: end,
  };
}
