/** Atom 1.0 feeds (RFC 4287) of new replies and of record changes. */
import { escapeXml } from './svg.ts';

export interface AtomEntry {
  /** A permanent, unique IRI for the entry. */
  id: string;
  title: string;
  /** RFC 3339 time. */
  updated: string;
  link: string;
  summary: string;
}

export interface AtomFeed {
  title: string;
  subtitle: string;
  selfUrl: string;
  alternateUrl: string;
  author: string;
  entries: readonly AtomEntry[];
  /** Used when there are no entries. */
  fallbackUpdated: string;
}

export function atomFeed(feed: AtomFeed): string {
  const updated = feed.entries.reduce(
    (max, e) => (Date.parse(e.updated) > Date.parse(max) ? e.updated : max),
    feed.entries[0]?.updated ?? feed.fallbackUpdated,
  );
  const entries = feed.entries
    .map(
      (e) =>
        `<entry><id>${escapeXml(e.id)}</id><title>${escapeXml(e.title)}</title><updated>${e.updated}</updated>` +
        `<link rel="alternate" type="text/html" href="${escapeXml(e.link)}"/><summary>${escapeXml(e.summary)}</summary></entry>`,
    )
    .join('\n');
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">\n` +
    `<id>${escapeXml(feed.selfUrl)}</id><title>${escapeXml(feed.title)}</title><subtitle>${escapeXml(feed.subtitle)}</subtitle>` +
    `<updated>${updated}</updated><link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>` +
    `<link rel="alternate" type="text/html" href="${escapeXml(feed.alternateUrl)}"/><author><name>${escapeXml(feed.author)}</name></author>\n` +
    `${entries}\n</feed>\n`
  );
}

/** A Beijing civil date as an RFC 3339 time at the start of that day. */
export function beijingDayStart(date: string): string {
  return `${date}T00:00:00+08:00`;
}
