import { getCollection } from 'astro:content';
import { consoleNotices } from './published.ts';

/** One item of the news list: an MDX page from the repository or a notice written in the console. */
export interface NewsItem {
  href: string;
  title: string;
  /** YYYY-MM-DD */
  date: string;
  kind: 'news' | 'notice';
  summary: string;
}

/** The first sentence-ish of a notice, for lists and feeds. */
export function noticeSummary(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** MDX news and console notices together, newest first. */
export async function newsItems(): Promise<NewsItem[]> {
  const [news, notices] = await Promise.all([getCollection('news'), consoleNotices()]);
  const items: NewsItem[] = [
    ...news.map((n) => ({
      href: `/news/${n.id}/`,
      title: n.data.title,
      date: n.data.date.toISOString().slice(0, 10),
      kind: n.data.kind,
      summary: n.data.summary,
    })),
    ...notices.map((n) => ({
      href: `/news/notices/${n.id}/`,
      title: n.title,
      date: n.date,
      kind: 'notice' as const,
      summary: noticeSummary(n.body),
    })),
  ];
  return items.sort((a, b) => b.date.localeCompare(a.date) || a.href.localeCompare(b.href));
}
