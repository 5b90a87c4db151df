import type { APIRoute } from 'astro';
import { resultClassLabels } from '#domain/suggestions.ts';
import { atomFeed, rfc3339 } from '../../lib/atom.ts';
import { excerpt } from '../../lib/records/format.ts';
import { getRecordsModel } from '../../lib/records/model.ts';

const ENTRIES = 50;

/** Atom feed of the newest replies to motions and suggestions. */
export const GET: APIRoute = async ({ site }) => {
  const model = await getRecordsModel();
  const base = site ?? new URL('http://localhost:8787');
  const replies = model.items
    .flatMap((item) => item.replies.map((reply) => ({ item, reply })))
    .sort((a, b) => b.reply.repliedOn.localeCompare(a.reply.repliedOn) || b.reply.id - a.reply.id)
    .slice(0, ENTRIES);
  const body = atomFeed({
    title: `${model.portalName}：议案建议最新答复`,
    subtitle: '承办单位对代表议案建议的最新答复，含重新办理后的再次答复。',
    selfUrl: new URL('/suggestions/replies.xml', base).href,
    pageUrl: new URL('/suggestions/', base).href,
    author: model.portalName,
    fallbackUpdated: model.builtAt,
    entries: replies.map(({ item, reply }) => {
      const link = new URL(`/suggestions/${item.id}/#reply-${reply.id}`, base).href;
      const result = reply.resultClass ? `（${resultClassLabels[reply.resultClass]}）` : '';
      return {
        id: link,
        title: `${model.unitName(reply.unitId)}${reply.round > 1 ? '再次' : ''}答复：${item.title}${result}`,
        updated: rfc3339(reply.repliedOn),
        link,
        summary: excerpt(reply.body, 200),
      };
    }),
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
