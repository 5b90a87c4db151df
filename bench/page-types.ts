/**
 * Every built HTML page belongs to exactly one page type, told by its URL. The budget test, the
 * accessibility test and the benchmark all group pages this way, so a new kind of page that
 * fits no pattern is noticed (the budget test fails on unclassified pages).
 */

/** What a page may carry: content pages no script at all; forms and live pages their own files. */
export type PageKind = 'content' | 'record' | 'form' | 'live';

export interface PageType {
  name: string;
  pattern: RegExp;
  kind: PageKind;
}

const DEPUTY_FACETS = '(?:level|status|term|expertise|unit)';

/** Checked in order; the first match wins. Site paths as served: '/', '/x/', '/404.html'. */
export const pageTypes: readonly PageType[] = [
  { name: 'home', pattern: /^\/$/, kind: 'content' },
  { name: '404', pattern: /^\/404\.html$/, kind: 'content' },
  { name: 'areas index', pattern: /^\/areas\/$/, kind: 'content' },
  { name: 'area search', pattern: /^\/areas\/find\/$/, kind: 'content' },
  { name: 'area', pattern: /^\/areas\/[^/]+\/$/, kind: 'record' },
  { name: 'directory', pattern: /^\/deputies\/$/, kind: 'content' },
  {
    name: 'directory facet',
    pattern: new RegExp(`^/deputies/${DEPUTY_FACETS}/([^/]+/(\\d+/)?)?$`),
    kind: 'content',
  },
  { name: 'profile', pattern: /^\/deputies\/[^/]+\/$/, kind: 'record' },
  { name: 'stations index', pattern: /^\/stations\/$/, kind: 'content' },
  { name: 'station', pattern: /^\/stations\/[^/]+\/$/, kind: 'record' },
  {
    name: 'reports index',
    pattern: /^\/reports\/((by-deputy|coverage)\/(\d+\/)?|year\/[^/]+\/)?$/,
    kind: 'content',
  },
  { name: 'report', pattern: /^\/reports\/[^/]+\/$/, kind: 'record' },
  { name: 'groups index', pattern: /^\/groups\/$/, kind: 'content' },
  { name: 'group', pattern: /^\/groups\/[^/]+\/$/, kind: 'record' },
  { name: 'news index', pattern: /^\/news\/$/, kind: 'content' },
  { name: 'news item', pattern: /^\/news\/[^/]+\/$/, kind: 'record' },
  { name: 'search', pattern: /^\/search\/$/, kind: 'live' },
  { name: 'suggestions index', pattern: /^\/suggestions\/$/, kind: 'content' },
  { name: 'suggestion filter', pattern: /^\/suggestions\/filter\/$/, kind: 'content' },
  { name: 'suggestions list', pattern: /^\/suggestions\/[^/]+\/.+\/$/, kind: 'content' },
  { name: 'suggestion', pattern: /^\/suggestions\/[^/]+\/$/, kind: 'record' },
  { name: 'units index', pattern: /^\/units\/$/, kind: 'content' },
  { name: 'unit', pattern: /^\/units\/[^/]+\/$/, kind: 'record' },
  { name: 'projects index', pattern: /^\/projects\/$/, kind: 'content' },
  { name: 'projects round', pattern: /^\/projects\/\d{4}\/$/, kind: 'live' },
  { name: 'project candidate', pattern: /^\/projects\/\d{4}\/[^/]+\/$/, kind: 'record' },
  { name: 'stats', pattern: /^\/stats\/(.+\/)?$/, kind: 'content' },
  { name: 'data', pattern: /^\/data\/(snapshots\/([^/]+\/)?)?$/, kind: 'content' },
  { name: 'changes', pattern: /^\/changes\/(.+\/)?$/, kind: 'content' },
  { name: 'opinion form', pattern: /^\/opinions\/new\/((deputy|station)\/[^/]+\/)?$/, kind: 'form' },
  { name: 'status form', pattern: /^\/opinions\/status\/$/, kind: 'form' },
  {
    name: 'published replies',
    pattern: /^\/opinions\/replies\/((deputy|station|category)\/[^/]+\/)?$/,
    kind: 'content',
  },
  { name: 'vote', pattern: /^\/vote\/\d{4}\/$/, kind: 'form' },
  { name: 'privacy', pattern: /^\/privacy\/$/, kind: 'content' },
  { name: 'elder mode', pattern: /^\/prefs\/elder\/$/, kind: 'content' },
];

export function pageTypeOf(sitePath: string): PageType | null {
  return pageTypes.find((t) => t.pattern.test(sitePath)) ?? null;
}

/** Groups site paths by page type; paths of no type go under `unclassified`. */
export function groupByPageType(sitePaths: readonly string[]): {
  groups: Map<string, string[]>;
  unclassified: string[];
} {
  const groups = new Map<string, string[]>(pageTypes.map((t) => [t.name, []]));
  const unclassified: string[] = [];
  for (const path of sitePaths) {
    const type = pageTypeOf(path);
    if (type) groups.get(type.name)?.push(path);
    else unclassified.push(path);
  }
  return { groups, unclassified };
}
