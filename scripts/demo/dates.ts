/**
 * Calendar helpers on plain 'YYYY-MM-DD' strings (Beijing calendar dates) and UTC timestamps.
 * Pure functions: Date is used only for calendar arithmetic, never to read the clock.
 */

const DAY_MS = 86_400_000;

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return formatDay(dayNumber(text)) === text;
}

/** Days since 1970-01-01 for a 'YYYY-MM-DD' date. */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.floor(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / DAY_MS);
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return formatDay(dayNumber(date) + days);
}

/** Adds calendar months, clamping the day to the month's length. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = (y ?? 1970) * 12 + ((m ?? 1) - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return formatDay(Math.floor(Date.UTC(year, month, Math.min(d ?? 1, last)) / DAY_MS));
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
}

/** The n-th (1-based) given weekday of a month, e.g. the second Thursday. */
export function nthWeekdayOfMonth(year: number, month: number, nth: number, day: number): string {
  const first = formatDay(Math.floor(Date.UTC(year, month - 1, 1) / DAY_MS));
  const offset = (day - weekday(first) + 7) % 7;
  return addDays(first, offset + (nth - 1) * 7);
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** UTC timestamp 'YYYY-MM-DDTHH:MM:SSZ' of a Beijing date and Beijing wall time given in seconds. */
export function utcFromBeijing(date: string, secondsOfDay: number): string {
  const ms = dayNumber(date) * DAY_MS + (secondsOfDay - 8 * 3600) * 1000;
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** Adds seconds to a 'YYYY-MM-DDTHH:MM:SSZ' timestamp. */
export function addSeconds(stamp: string, seconds: number): string {
  const ms = Date.parse(stamp) + seconds * 1000;
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** Beijing calendar date of a UTC timestamp. */
export function beijingDateOf(stamp: string): string {
  return new Date(Date.parse(stamp) + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** '2024-03-05T09:00:00+08:00' style local time. */
export function beijingLocal(date: string, hours: number, minutes = 0): string {
  return `${date}T${pad(hours)}:${pad(minutes)}:00+08:00`;
}
