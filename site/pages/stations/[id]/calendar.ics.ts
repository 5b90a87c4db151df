import type { APIRoute, GetStaticPaths } from 'astro';
import { calendarSince, portalData } from '../../../lib/data.ts';
import { receptionCalendar } from '../../../lib/ical.ts';

export const getStaticPaths = (async () => {
  const { stations } = await portalData();
  return stations.map((s) => ({ params: { id: s.id } }));
}) satisfies GetStaticPaths;

/** One station's reception days from 90 days back on (cancelled ones say so). */
export const GET: APIRoute = async ({ params, site }) => {
  const data = await portalData();
  const station = data.stationById.get(params.id ?? '');
  if (!station) return new Response('未找到该联络站。', { status: 404 });
  const siteUrl = (site?.href ?? 'http://localhost:8787/').replace(/\/$/, '');
  const since = calendarSince(data.asOf);
  const body = receptionCalendar({
    name: `${station.name}接待日`,
    host: new URL(siteUrl).hostname,
    siteUrl,
    stamp: data.builtAt,
    items: station.receptionDays
      .filter((d) => d.startsAt.slice(0, 10) >= since)
      .map((day) => ({ station, day })),
    deputyById: data.deputyById,
  });
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
