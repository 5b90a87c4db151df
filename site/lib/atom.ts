/** Atom (RFC 4287) feeds: one feed element with id, title, updated, author, self link and entries. */
import { xmlEscape } from './format.ts';

export interface AtomEntry {
  /** A permanent IRI, unique within the feed. */
  id: string;
  title: string;
  /** RFC 3339 time. */
  updated: string;
  link: string;
  summary: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  selfUrl: string;
  pageUrl: string;
  author: string;
  /** Used when there are no entries (RFC 4287 still requires feed/updated). */
  fallbackUpdated: string;
  entries: readonly AtomEntry[];
}

/** '2025-06-15' → '2025-06-15T00:00:00+08:00'; full times pass through. */
export function rfc3339(dateOrTime: string): string {
  return dateOrTime.length === 10 ? `${dateOrTime}T00:00:00+08:00` : dateOrTime;
}

export function atomFeed(feed: AtomFeed): string {
  const first = feed.entries[0];
  const updated = first
    ? feed.entries.reduce(
        (max, e) => (Date.parse(e.updated) > Date.parse(max) ? e.updated : max),
        first.updated,
      )
    : feed.fallbackUpdated;
  const entries = feed.entries.map(
    (e) => `<entry>
<id>${xmlEscape(e.id)}</id>
<title>${xmlEscape(e.title)}</title>
<updated>${xmlEscape(e.updated)}</updated>
<link rel="alternate" type="text/html" href="${xmlEscape(e.link)}"/>
<summary>${xmlEscape(e.summary)}</summary>
</entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
<id>${xmlEscape(feed.id)}</id>
<title>${xmlEscape(feed.title)}</title>
<updated>${xmlEscape(updated)}</updated>
<author><name>${xmlEscape(feed.author)}</name></author>
<link rel="self" type="application/atom+xml" href="${xmlEscape(feed.selfUrl)}"/>
<link rel="alternate" type="text/html" href="${xmlEscape(feed.pageUrl)}"/>
${entries.join('\n')}
</feed>
`;
}
