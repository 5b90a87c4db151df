import type { APIRoute } from 'astro';
import { atomFeed, rfc3339 } from '../../lib/atom.ts';
import { portalData } from '../../lib/data.ts';
import { newsItems } from '../../lib/news.ts';

export const GET: APIRoute = async ({ site }) => {
  const data = await portalData();
  const base = (site?.href ?? 'http://localhost:8787/').replace(/\/$/, '');
  const news = await newsItems();
  const body = atomFeed({
    id: `${base}/news/`,
    title: `新闻公告 - ${data.settings.portalName}`,
    selfUrl: `${base}/news/feed.xml`,
    pageUrl: `${base}/news/`,
    author: data.settings.congressName || data.settings.portalName,
    fallbackUpdated: rfc3339(data.asOf),
    entries: news.map((n) => ({
      id: `${base}${n.href}`,
      title: n.title,
      updated: rfc3339(n.date),
      link: `${base}${n.href}`,
      summary: n.summary,
    })),
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
