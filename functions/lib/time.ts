/**
 * Time as the portal keeps it: the database stores UTC seconds ('2026-03-05T01:02:03Z'); people
 * read Beijing time (UTC+8, no daylight saving), and "today" is Beijing's civil date.
 */

export const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** SQLite's now in the stored form, for statements that must take the database's clock. */
export const SQL_NOW = `strftime('%Y-%m-%dT%H:%M:%SZ', 'now')`;

/** Now (or the given instant) in the stored form. */
export function nowIso(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 19) + 'Z';
}

/** Today's civil date in Beijing, YYYY-MM-DD. */
export function beijingToday(now = Date.now()): string {
  return new Date(now + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** A UTC timestamp as a Beijing date and minute, e.g. 2026-03-05 09:02; unparseable text as is. */
export function beijingDateTime(utc: string | null): string {
  if (!utc) return '';
  const ms = Date.parse(utc);
  if (Number.isNaN(ms)) return utc;
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** A stored UTC time as a datetime-local field shows it in Beijing: 2026-03-01T09:00. */
export function utcToBeijingMinute(utc: string): string {
  const ms = Date.parse(utc);
  return Number.isNaN(ms) ? '' : new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16);
}

/** A Beijing wall-clock minute (2026-03-01T09:00) as the stored UTC second; null if impossible. */
export function beijingMinuteToUtc(local: string): string | null {
  const ms = Date.parse(`${local}:00+08:00`);
  if (Number.isNaN(ms)) return null;
  const iso = nowIso(ms);
  // Reject dates the parser silently rolled over (2026-02-30).
  return utcToBeijingMinute(iso) === local ? iso : null;
}

/** Whether '2025-03-08T09:00:00+08:00' names a real Beijing moment (not a rolled-over 02-30). */
export function isRealBeijingTime(text: string): boolean {
  const ms = Date.parse(text);
  return (
    !Number.isNaN(ms) && new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19) === text.slice(0, 19)
  );
}
