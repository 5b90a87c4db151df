import type { APIRoute } from 'astro';
import { receptionDayStatusLabels } from '#domain/places.ts';
import { resultClassLabels } from '#domain/suggestions.ts';
import { atomFeed, rfc3339, type AtomEntry } from '../../../lib/atom.ts';
import { loadStationFeed, stampNow } from '../../../lib/live/feeds.ts';
import { liveDatabase } from '../../../lib/live/database.ts';
import { recordId } from '../../../lib/live/params.ts';
import { loadContext } from '../../../lib/live/people.ts';
import { excerpt } from '../../../lib/records/format.ts';

// Rendered by the Worker from D1 on request (one file per station would grow with the city);
// cached per publish version (functions/lib/edge-cache.ts).
export const prerender = false;

/** Newest entries first; a station's feed follows its reception days and its deputies' replies. */
const MAX_ENTRIES = 40;

/**
 * Atom feed per liaison station: its reception days (scheduled, moved or cancelled) and the
 * handling units' replies to motions and suggestions led by deputies who work at the station.
 */
export const GET: APIRoute = async ({ params, site }) => {
  const id = recordId(params.id);
  const db = liveDatabase();
  const [context, feed] = await Promise.all([loadContext(db), id ? loadStationFeed(db, id, true) : null]);
  if (!feed) return new Response('未找到该联络站。', { status: 404 });
  const station = feed.station;
  const data = { settings: context.settings };
  const base = site ?? new URL('http://localhost:8787');
  const page = new URL(`/stations/${station.id}/`, base).href;
  const names = (ids: string[]) =>
    ids
      .map((deputyId) => feed.names.get(deputyId)?.name)
      .filter(Boolean)
      .join('、');
  const days: AtomEntry[] = station.receptionDays.map((day) => ({
    id: `${page}#day-${day.id}`,
    title: `接待日 ${day.startsAt.slice(0, 10)} ${day.startsAt.slice(11, 16)}（${receptionDayStatusLabels[day.status]}）${day.topic ? `：${day.topic}` : ''}`,
    // A reception day is news when it is announced: the entry dates from the day itself, so the
    // next ones sort first; a change bumps it through the station's published record.
    updated: rfc3339(day.startsAt),
    link: `${page}#reception`,
    summary: `${day.startsAt.slice(0, 16).replace('T', ' ')} 至 ${day.endsAt.slice(11, 16)}，值班代表：${names(day.deputyIds) || '待定'}。${day.statusNote}`,
  }));
  const replies: AtomEntry[] = feed.replies.map((reply) => {
    const link = new URL(`/suggestions/${reply.suggestionId}/#reply-${reply.id}`, base).href;
    const result = reply.resultClass ? `（${resultClassLabels[reply.resultClass]}）` : '';
    return {
      id: link,
      title: `${reply.unitName}答复${reply.leadDeputyName}：${reply.title}${result}`,
      updated: rfc3339(reply.repliedOn),
      link,
      summary: excerpt(reply.body, 200),
    };
  });
  const entries = [...days, ...replies]
    .sort((a, b) => Date.parse(b.updated) - Date.parse(a.updated) || a.id.localeCompare(b.id))
    .slice(0, MAX_ENTRIES);
  const body = atomFeed({
    title: `${station.name}：接待日和答复 - ${data.settings.portalName}`,
    subtitle: '该联络站的接待日安排，以及进站代表领衔的议案建议收到的答复。',
    selfUrl: `${page}feed.xml`,
    pageUrl: page,
    author: data.settings.congressName || data.settings.portalName,
    fallbackUpdated: stampNow(),
    entries,
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
