import type { APIRoute } from 'astro';
import { calendarSince, portalData } from '../../lib/data.ts';
import { receptionCalendar } from '../../lib/ical.ts';

/** Every station's reception days from 90 days back on, as one iCalendar feed. */
export const GET: APIRoute = async ({ site }) => {
  const data = await portalData();
  const siteUrl = (site?.href ?? 'http://localhost:8787/').replace(/\/$/, '');
  const since = calendarSince(data.asOf);
  const items = data.stations
    .flatMap((station) => station.receptionDays.map((day) => ({ station, day })))
    .filter((i) => i.day.startsAt.slice(0, 10) >= since)
    .sort((a, b) => a.day.startsAt.localeCompare(b.day.startsAt) || a.day.id - b.day.id);
  const body = receptionCalendar({
    name: `${data.settings.cityName}人大代表接待日`,
    host: new URL(siteUrl).hostname,
    siteUrl,
    stamp: data.builtAt,
    items,
    deputyById: data.deputyById,
  });
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
