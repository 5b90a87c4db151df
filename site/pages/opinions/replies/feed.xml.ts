import type { APIRoute } from 'astro';
import { opinionTargetTypeLabels } from '#domain/opinions.ts';
import { atomFeed } from '../../../lib/atom.ts';
import { publishedReplies } from './_replies.ts';

const ENTRIES = 50;

/** Atom feed of the newest published replies (consent given; no sender details). */
export const GET: APIRoute = async ({ site }) => {
  const base = (site?.href ?? 'http://localhost:8787/').replace(/\/$/, '');
  const page = `${base}/opinions/replies/`;
  const replies = await publishedReplies();
  const body = atomFeed({
    id: page,
    title: '群众意见公开答复',
    selfUrl: `${page}feed.xml`,
    pageUrl: page,
    author: '人大常委会代表工作机构',
    fallbackUpdated: new Date(0).toISOString(),
    entries: replies.slice(0, ENTRIES).map((r) => ({
      id: `${page}#reply-${r.number}`,
      title: r.title,
      updated: r.repliedAt,
      link: `${page}#reply-${r.number}`,
      summary: `致${opinionTargetTypeLabels[r.targetType]}${r.targetName ? `：${r.targetName}` : ''}。答复：${r.reply}`,
    })),
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
