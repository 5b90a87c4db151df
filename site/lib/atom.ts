/**
 * Atom 1.0 feeds (RFC 4287): news, a deputy's activity, new replies and record changes, all
 * written here.
 */
import { escapeXml } from '../../functions/lib/xml.ts';

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
  /** The feed's permanent IRI; its own URL when not given. */
  id?: string;
  title: string;
  subtitle?: string;
  selfUrl: string;
  /** The HTML page the feed follows. */
  pageUrl: string;
  author: string;
  /** Used when there are no entries (RFC 4287 still requires feed/updated). */
  fallbackUpdated: string;
  entries: readonly AtomEntry[];
}

/** A Beijing civil date ('2025-06-15') as the RFC 3339 start of that day; full times pass through. */
export function rfc3339(dateOrTime: string): string {
  return dateOrTime.length === 10 ? `${dateOrTime}T00:00:00+08:00` : dateOrTime;
}

export function atomFeed(feed: AtomFeed): string {
  const updated = feed.entries.reduce(
    (max, e) => (Date.parse(e.updated) > Date.parse(max) ? e.updated : max),
    feed.entries[0]?.updated ?? feed.fallbackUpdated,
  );
  const entries = feed.entries
    .map(
      (e) =>
        `<entry><id>${escapeXml(e.id)}</id><title>${escapeXml(e.title)}</title><updated>${escapeXml(e.updated)}</updated>` +
        `<link rel="alternate" type="text/html" href="${escapeXml(e.link)}"/><summary>${escapeXml(e.summary)}</summary></entry>`,
    )
    .join('\n');
  const subtitle = feed.subtitle === undefined ? '' : `<subtitle>${escapeXml(feed.subtitle)}</subtitle>`;
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">\n` +
    `<id>${escapeXml(feed.id ?? feed.selfUrl)}</id><title>${escapeXml(feed.title)}</title>${subtitle}` +
    `<updated>${escapeXml(updated)}</updated><link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>` +
    `<link rel="alternate" type="text/html" href="${escapeXml(feed.pageUrl)}"/><author><name>${escapeXml(feed.author)}</name></author>\n` +
    `${entries}\n</feed>\n`
  );
}
