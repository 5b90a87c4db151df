import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { atomFeed, rfc3339 } from '../../lib/atom.ts';
import { portalData } from '../../lib/data.ts';

export const GET: APIRoute = async ({ site }) => {
  const data = await portalData();
  const base = (site?.href ?? 'http://localhost:8787/').replace(/\/$/, '');
  const news = (await getCollection('news')).sort((a, b) => b.data.date.getTime() - a.data.date.getTime());
  const body = atomFeed({
    id: `${base}/news/`,
    title: `新闻公告 - ${data.settings.portalName}`,
    selfUrl: `${base}/news/feed.xml`,
    pageUrl: `${base}/news/`,
    author: data.settings.congressName || data.settings.portalName,
    fallbackUpdated: rfc3339(data.asOf),
    entries: news.map((n) => ({
      id: `${base}/news/${n.id}/`,
      title: n.data.title,
      updated: rfc3339(n.data.date.toISOString().slice(0, 10)),
      link: `${base}/news/${n.id}/`,
      summary: n.data.summary,
    })),
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
