import type { APIRoute } from 'astro';
import { loadStationFeed, stampNow } from '../../../lib/live/feeds.ts';
import { liveDatabase } from '../../../lib/live/database.ts';
import { recordId } from '../../../lib/live/params.ts';
import { loadContext } from '../../../lib/live/people.ts';
import { calendarSince } from '../../../lib/roster.ts';
import { receptionCalendar } from '../../../lib/ical.ts';

// Rendered by the Worker from D1 on request (one file per station would grow with the city);
// cached per publish version (functions/lib/edge-cache.ts).
export const prerender = false;

/** One station's reception days from 90 days back on (cancelled ones say so). */
export const GET: APIRoute = async ({ params, site }) => {
  const id = recordId(params.id);
  const db = liveDatabase();
  const [context, feed] = await Promise.all([loadContext(db), id ? loadStationFeed(db, id, false) : null]);
  if (!feed) return new Response('未找到该联络站。', { status: 404 });
  const station = feed.station;
  const siteUrl = (site?.href ?? 'http://localhost:8787/').replace(/\/$/, '');
  const since = calendarSince(context.asOf);
  const body = receptionCalendar({
    name: `${station.name}接待日`,
    host: new URL(siteUrl).hostname,
    siteUrl,
    stamp: stampNow(),
    items: station.receptionDays
      .filter((d) => d.startsAt.slice(0, 10) >= since)
      .map((day) => ({ station, day })),
    deputyById: feed.names,
  });
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
